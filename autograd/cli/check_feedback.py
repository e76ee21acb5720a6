"""The feedback of ``check`` on a wrong formula: which factor of the chain rule it misses or
gets wrong, a missing path, a missing constant factor such as 1/m.

A mixin of ``autograd.cli.check``'s checker: it reads the checker's trace (``chain``),
names, graph and answer, and evaluates parts of the answer with its ``evaluate``.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Sequence

from autograd.engine import Value
from autograd.explain.trace import Chain, Factor, Split, Trace
from autograd.show.names import Names
from autograd.show.numbers import format_number
from autograd.show.trace_text import UNICODE, Writer

# Relative tolerance of a formula's value against the engine's (rounding only).
FORMULA_RTOL = 1e-9


def same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=FORMULA_RTOL, abs_tol=1e-15)


def identifier(label: str) -> str:
    """How a label is typed in an answer: ``w^2_11`` -> ``w2_11``, ``y_hat[2]`` -> ``y_hat_2``."""
    if label.isidentifier():
        return label
    text = re.sub(r"\W+", "_", label.replace("^", "")).strip("_")
    text = re.sub(r"_+", "_", text)
    return text if text.isidentifier() else f"_{text}"


def typed_names(order: list[Value]) -> dict[str, Value]:
    """Each labelled Value of a graph by the name an answer types for it (``identifier``);
    where two labels type alike, the first in ``order`` keeps the name."""
    named: dict[str, Value] = {}
    for v in order:
        if v.label is not None:
            named.setdefault(identifier(v.label), v)
    return named


class Feedback:
    """What a wrong answer gets told (see the module doc)."""

    output: Value
    wrt: Value
    chain: Trace
    text: str
    order: list[Value]
    names: Names

    def evaluate(self, text: str | None = None) -> float:
        raise NotImplementedError

    def _scaled(self, given: float) -> list[str]:
        """When the answer is the gradient times a whole number or its inverse: a constant
        factor (1/m, 1/2, 2) is missing or extra; names a named leaf of that value."""
        expected = self.chain.value
        if expected == 0.0 or given == 0.0:
            return []
        for ratio, too_big in ((given / expected, True), (expected / given, False)):
            k = round(ratio)
            if 2 <= abs(k) <= 16 and math.isclose(ratio, k, rel_tol=1e-9):
                named = [
                    v.label
                    for v in self.order
                    if v.is_leaf and v.label is not None and v.data == abs(k)
                ]
                sign = " with the sign flipped" if k < 0 else ""
                if too_big:
                    which = f" (1/{named[0]}, {named[0]} = {abs(k)}?)" if named else ""
                    line = f"it is {abs(k)} times the gradient{sign}: a factor 1/{abs(k)}{which}"
                else:
                    which = f" ({named[0]} = {abs(k)}?)" if named else ""
                    line = f"it is the gradient divided by {abs(k)}{sign}: a factor {abs(k)}{which}"
                return [line + " is missing"]
        return []

    def _missing_paths(self, given: float) -> list[str]:
        """When the answer is a part of the sum over paths: which paths it leaves out."""
        paths = self.chain.paths
        if self.chain.path_count < 2 or self.chain.truncated:
            return []
        for k, path in enumerate(paths):
            if len(paths) > 2 and same(given, self.chain.value - path.product):
                return [
                    f"it leaves out the path {self._path_text(path)}: "
                    f"{self.names.plain(self.wrt)} reaches {self.names.plain(self.output)} "
                    f"through {self.chain.path_count} paths, and the gradient is their sum"
                ]
            if same(given, path.product):
                others = [p for i, p in enumerate(paths) if i != k]
                via = "; ".join(self._path_text(p) for p in others)
                return [
                    f"it is the path {self._path_text(path)} alone: "
                    f"{self.names.plain(self.wrt)} reaches {self.names.plain(self.output)} through "
                    f"{self.chain.path_count} paths, and the gradient is their sum; add {via}"
                ]
        return []

    def _path_text(self, path: object) -> str:
        factors: Sequence[Factor] = getattr(path, "factors", ())
        inner = [self.names.plain(f.parent) for f in factors[:-1]]
        return "through " + ", ".join(inner) if inner else "direct"

    def _factors(self) -> list[str]:
        """Compare the answer's factors with the chain rule's (one path, or the chain at wrt)."""
        wanted = self._chain_factors()
        found = _product_factors(self.text)
        if not wanted or not found:
            return [f"the engine gives {self._n(self.chain.value)}"]
        values = []
        for part in found:
            try:
                values.append(self.evaluate(part))
            except ValueError:  # CheckError or ExpressionError: a part with no value here
                values.append(math.nan)
        # Each part of the answer, in its order: a factor it matches, or the one it should be.
        lines: list[str] = [""] * len(found)
        left = list(wanted)
        unmatched = []
        for k, value in enumerate(values):
            match = next((f for f in left if same(value, f[1])), None)
            if match is None:
                unmatched.append(k)
            else:
                left.remove(match)
                lines[k] = f"{found[k]} is {match[0]} ✓"
        # A factor written as a product of neighbours (σ' as out_o1 * (1 - out_o1)).
        for size in (2, 3):
            for start in range(len(found) - size + 1):
                run = list(range(start, start + size))
                if not all(k in unmatched for k in run):
                    continue
                product = math.prod(values[k] for k in run)
                match = next((f for f in left if same(product, f[1])), None)
                if match is not None:
                    left.remove(match)
                    unmatched = [k for k in unmatched if k not in run]
                    together = " * ".join(_wrapped(found[k]) for k in run)
                    lines[run[0]] = f"{together} is {match[0]} ✓"
        for k, (symbol, local, formula) in zip(unmatched, left):
            lines[k] = f"{found[k]} should be {formula or self._n(local)}, that is {symbol}"
        for k in unmatched[len(left) :]:
            lines[k] = f"{found[k]} = {self._n(values[k])} is no factor of the chain rule here"
        for symbol, local, formula in left[len(unmatched) :]:
            lines.append(
                f"missing: {symbol} = {formula + ' = ' if formula else ''}{self._n(local)}"
            )
        return [line for line in lines if line]

    def _chain_factors(self) -> list[tuple[str, float, str | None]]:
        """(∂a/∂b, value, formula) of the chain rule's factors for wrt."""
        writer = Writer(self.chain, notation=UNICODE)
        if self.chain.path_count == 1:
            factors = self.chain.paths[0].factors
            # A factor of exactly 1 (dE_total/dE_o1) is one a learner may rightly leave out.
            return [
                (writer.d(f.child, f.parent), f.local, writer.formula(f))
                for f in factors
                if not (f.local == 1.0 and writer.formula(f) in (None, "1"))
            ]
        at_wrt = [p for p in self.chain.factored if p.node is self.wrt]
        if not at_wrt or isinstance(at_wrt[0], Split):
            return []
        part: Chain = at_wrt[0]
        top = (writer.d(self.output, part.top), part.top_grad, None)
        return [
            top,
            *((writer.d(f.child, f.parent), f.local, writer.formula(f)) for f in part.factors),
        ]

    def _d(self, top: Value, bottom: Value) -> str:
        return f"∂{self.names.plain_operand(top)}/∂{self.names.plain_operand(bottom)}"

    def _n(self, x: float) -> str:
        return format_number(x, 6)


def _product_factors(text: str) -> list[str]:
    """The factors of the answer's top-level product, as source text: ``(a - b) * c / d``
    gives ``a - b``, ``c`` and ``1 / d``. The text was already checked by the parser."""
    body = text.strip()
    tree = ast.parse(body, mode="eval").body
    factors: list[str] = []
    todo: list[tuple[ast.expr, bool]] = [(tree, False)]
    while todo:
        node, inverted = todo.pop()
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult | ast.Div):
            todo.append((node.right, inverted ^ isinstance(node.op, ast.Div)))
            todo.append((node.left, inverted))
            continue
        source = ast.get_source_segment(body, node) or ""
        if isinstance(node, ast.BinOp):
            source = f"({source})" if inverted else source
        factors.append(f"1 / {source}" if inverted else source)
    return factors


def _wrapped(part: str) -> str:
    """A factor's text inside a product: parenthesized unless it is a name or a call."""
    return part if re.fullmatch(r"[\w.]+(\(.*\))?", part) else f"({part})"
