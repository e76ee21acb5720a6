"""Trace renderings: plain text, Unicode, LaTeX, Markdown and plain data.

Every form lists the same things: each path as a product of local derivatives
(``dE/dw = dE/dout * dout/dnet * dnet/dw = 0.74 * 0.19 * 0.59 = 0.082``), the
sum over paths, the whole derivative as one formula with its numbers filled in
(``dE/dw5 = (out_o1 - target_o1) * out_o1(1 - out_o1) * out_h1 = (0.75 - 0.01) * ...
= 0.082``), the factored form when paths split, and each factor's local
derivative with its formula (``Factor.formula``, SymPy, printed by
``autograd.show.formula_text``, which is imported with SymPy when first needed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from autograd.engine.value import Value
from autograd.explain.formula_book import formulas_available
from autograd.explain.trace import Chain, Factor, Path, Split, Trace
from autograd.show.names import Names, latex_text
from autograd.show.numbers import format_number, latex_number


@dataclass(frozen=True)
class Notation:
    """The symbols of one plain-text form: ``PLAIN`` (d, *) or ``UNICODE`` (∂, ·)."""

    d: str
    times: str


PLAIN = Notation("d", " * ")
UNICODE = Notation("∂", " · ")


class Writer:
    """Names and numbers of one trace in one form (text or LaTeX)."""

    def __init__(self, t: Trace, latex: bool = False, notation: Notation = PLAIN) -> None:
        self.t, self.is_latex, self.notation = t, latex, notation
        self.names = Names(t.output, t.digits)
        self.times = r" \cdot " if latex else notation.times
        # Without SymPy (the ``formulas`` extra) a trace is written without formulas.
        self.has_formulas = formulas_available()

    def name(self, v: Value) -> str:
        return self.names.latex(v) if self.is_latex else self.names.plain(v)

    def operand(self, v: Value) -> str:
        return self.names.latex_operand(v) if self.is_latex else self.names.plain_operand(v)

    def number(self, x: float) -> str:
        text = format_number(x, self.t.digits)
        return latex_number(text) if self.is_latex else text

    def d(self, top: Value, bottom: Value) -> str:
        """d top / d bottom in this form's notation."""
        if self.is_latex:
            top_name, bottom_name = self.operand(top), self.operand(bottom)
            return rf"\frac{{\partial {top_name}}}{{\partial {bottom_name}}}"
        return f"{self.notation.d}{self.operand(top)}/{self.notation.d}{self.operand(bottom)}"

    def product(self, factors: list[float], *, in_sum: bool = False) -> str:
        """Factors joined by the times sign; negative ones in parentheses (except a
        leading one, unless the product is itself a term of a sum)."""
        shown = [self.number(x) for x in factors]
        return self.times.join(
            f"({s})" if s.startswith("-") and (i > 0 or in_sum) else s for i, s in enumerate(shown)
        )

    def total(self, terms: list[float]) -> str:
        text = self.number(terms[0])
        for x in terms[1:]:
            s = self.number(x)
            text += f" - {s[1:]}" if s.startswith("-") else f" + {s}"
        return text

    def write(self, expr: Any, *, numbers: bool = False) -> str:
        """A SymPy formula in this form; with ``numbers``, each symbol's value in its place."""
        from autograd.show.formula_text import formula_latex, formula_text

        shown = None
        if numbers:
            values = self.t.symbols.values()
            shown = {s: self.number(values[s]) for s in expr.free_symbols if s in values}
        if self.is_latex:
            return formula_latex(expr, numbers=shown)
        return formula_text(expr, unicode=self.notation is UNICODE, numbers=shown)

    def formula(self, factor: Factor) -> str:
        """The factor's formula in the graph's names (``out_o1(1 - out_o1)``); "" without SymPy."""
        return self.write(factor.formula) if self.has_formulas else ""

    def formula_equation(self) -> tuple[str, str]:
        """(d out/d wrt, formula = numbers = value): the whole derivative as one equation."""
        expr = self.t.formula
        value = self.number(self.t.value)
        sides = [self.write(expr), self.write(expr, numbers=True), value]
        # A formula that is a number, or has no symbol, would repeat itself.
        shown = [x for i, x in enumerate(sides) if x not in sides[:i]]
        return self.d(self.t.output, self.t.wrt), " = ".join(shown)

    # -- the equations -----------------------------------------------------------

    def path_equation(self, path: Path) -> tuple[str, str]:
        """(symbols, numbers = product) of one path."""
        if not path.factors:
            return "1", "1"
        symbols = self.times.join(self.d(s.child, s.parent) for s in path.factors)
        if len(path.factors) == 1:
            return symbols, self.number(path.product)
        numbers = self.product([s.local for s in path.factors])
        return symbols, f"{numbers} = {self.number(path.product)}"

    def chain_equation(self, chain: Chain) -> tuple[str, str]:
        """(d out/d node, its factors = numbers = value)."""
        symbols = [self.d(s.child, s.parent) for s in chain.factors]
        factors = [s.local for s in chain.factors]
        if chain.top is not self.t.output:
            symbols.insert(0, self.d(self.t.output, chain.top))
            factors.insert(0, chain.top_grad)
        lhs, value = self.d(self.t.output, chain.node), self.number(chain.value)
        if len(symbols) == 1:  # one factor from the output: nothing to multiply
            return lhs, value
        return lhs, f"{self.times.join(symbols)} = {self.product(factors)} = {value}"

    def split_equation(self, split: Split) -> tuple[str, str]:
        """(d out/d node, sum of d out/d child * d child/d node = numbers = terms = value)."""
        out = self.t.output
        symbols = " + ".join(self._term(out, s) for _, s in split.terms)
        numbers = " + ".join(self.product([g, s.local], in_sum=True) for g, s in split.terms)
        shares = self.total([g * s.local for g, s in split.terms])
        rhs = f"{symbols} = {numbers} = {shares} = {self.number(split.value)}"
        return self.d(out, split.node), rhs

    def _term(self, out: Value, factor: Factor) -> str:
        if factor.child is out:
            return self.d(factor.child, factor.parent)
        return f"{self.d(out, factor.child)}{self.times}{self.d(factor.child, factor.parent)}"

    def factor_equation(self, factor: Factor) -> tuple[str, str]:
        """(d child/d parent, formula = value)."""
        value = self.number(factor.local)
        formula = self.formula(factor)
        rhs = value if formula in ("", value) else f"{formula} = {value}"
        if factor.paths > 1:
            rhs += r" \quad" if self.is_latex else ""
            rhs += (
                rf"\text{{(sum over {factor.paths} paths)}}"
                if self.is_latex
                else f"  (sum over {factor.paths} paths)"
            )
        return self.d(factor.child, factor.parent), rhs

    def paths_section(self) -> list[tuple[str, str]]:
        """The single path, or each path then the sum: (left side, right side) pairs."""
        t = self.t
        lhs = self.d(t.output, t.wrt)
        if t.path_count == 1:
            symbols, numbers = self.path_equation(t.paths[0])
            # A one-factor path would repeat the left side as its only factor.
            return [(lhs, numbers if symbols == lhs else f"{symbols} = {numbers}")]
        lines = []
        for k, path in enumerate(t.paths, start=1):
            symbols, numbers = self.path_equation(path)
            lines.append((self.text(f"path {k}"), f"{symbols} = {numbers}"))
        if t.truncated:
            lines.append((self.text("..."), self.text(self.truncation_note())))
            lines.append((lhs, self.number(t.value)))
        else:
            shares = self.total([p.product for p in t.paths])
            lines.append((lhs, f"{shares} = {self.number(t.value)}"))
        return lines

    def factored_section(self) -> list[tuple[str, str]]:
        """The factored form, shown when paths split (else it repeats the path)."""
        if self.t.path_count == 1:
            return []
        return [
            self.chain_equation(p) if isinstance(p, Chain) else self.split_equation(p)
            for p in self.t.factored
        ]

    def truncation_note(self) -> str:
        t = self.t
        return (
            f"{t.path_count - len(t.paths)} more paths not listed ({t.path_count} in all, "
            f"max_paths={t.max_paths}); path counts grow exponentially with depth, "
            "the factored form below covers every path"
        )

    def text(self, words: str) -> str:
        return rf"\text{{{latex_text(words)}}}" if self.is_latex else words


def render_text(t: Trace, unicode: bool = False) -> str:
    """One line per path (or the single path), the sum, the factored form, the factors."""
    w = Writer(t, notation=UNICODE if unicode else PLAIN)
    lines = [
        f"{lhs}: {rhs}" if lhs.startswith("path") or lhs == "..." else f"{lhs} = {rhs}"
        for lhs, rhs in w.paths_section()
    ]
    if w.has_formulas:
        lines.append("{} = {}".format(*w.formula_equation()))
    factored = w.factored_section()
    if factored:
        lines.append("factored:")
        lines.extend(f"  {lhs} = {rhs}" for lhs, rhs in factored)
    lines.append("local derivatives:")
    lines.extend(f"  {lhs} = {rhs}" for lhs, rhs in map(w.factor_equation, t.factors))
    return "\n".join(lines)


def render_latex(t: Trace) -> str:
    """The equations in an ``aligned`` block."""
    w = Writer(t, latex=True)
    rows = [f"{lhs} &= {rhs}" for lhs, rhs in w.paths_section()]
    if w.has_formulas:
        rows.append("{} &= {}".format(*w.formula_equation()))
    factored = w.factored_section()
    if factored:
        rows.append(r"&\text{factored:}")
        rows.extend(f"{lhs} &= {rhs}" for lhs, rhs in factored)
    rows.append(r"&\text{local derivatives:}")
    rows.extend(f"{lhs} &= {rhs}" for lhs, rhs in map(w.factor_equation, t.factors))
    return "\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}"


def render_markdown(t: Trace) -> str:
    """A heading with the value, the LaTeX equations, and a table of local derivatives."""
    w = Writer(t, notation=UNICODE)
    head = f"**{w.d(t.output, t.wrt)} = {w.number(t.value)}**"
    count = f"{t.path_count} path" + ("s" if t.path_count != 1 else "")
    rows = ["| factor | formula | value |", "|---|---|---|"]
    for factor in t.factors:
        formula = w.formula(factor).replace("|", r"\|")
        factor_name = w.d(factor.child, factor.parent).replace("|", r"\|")
        rows.append(f"| {factor_name} | {formula} | {w.number(factor.local)} |")
    return f"{head} ({count})\n\n$$\n{render_latex(t)}\n$$\n\n" + "\n".join(rows) + "\n"


def trace_to_dict(t: Trace) -> dict[str, object]:
    """Plain data: names, numbers (full precision), formulas with names substituted."""
    w = Writer(t)
    latex = Writer(t, latex=True)

    def factor(s: Factor) -> dict[str, object]:
        return {
            "child": w.name(s.child),
            "parent": w.name(s.parent),
            "local": s.local,
            "paths": s.paths,
            "formula": w.formula(s) or None,
            "formula_latex": latex.formula(s) or None,
        }

    def part(p: Chain | Split) -> dict[str, object]:
        if isinstance(p, Chain):
            return {
                "kind": "chain",
                "node": w.name(p.node),
                "top": w.name(p.top),
                "top_grad": p.top_grad,
                "factors": [factor(s) for s in p.factors],
                "value": p.value,
            }
        terms = [{"child": w.name(s.child), "grad": g, "factor": factor(s)} for g, s in p.terms]
        return {"kind": "split", "node": w.name(p.node), "terms": terms, "value": p.value}

    return {
        "output": w.name(t.output),
        "wrt": w.name(t.wrt),
        "value": t.value,
        "engine_grad": t.wrt.grad,
        "digits": t.digits,
        "path_count": t.path_count,
        "truncated": t.truncated,
        "paths": [
            {"factors": [factor(s) for s in p.factors], "product": p.product} for p in t.paths
        ],
        "factored": [part(p) for p in t.factored],
        "factors": [factor(s) for s in t.factors],
        "formula": w.write(t.formula) if w.has_formulas else None,
        "formula_numbers": w.write(t.formula, numbers=True) if w.has_formulas else None,
        "formula_latex": latex.write(t.formula) if w.has_formulas else None,
        "order": t.book.order,
    }
