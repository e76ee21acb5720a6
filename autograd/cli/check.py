"""Check a derivation: ``check(output, wrt, answer)`` says whether a learner's formula for
d output / d wrt is right, and if not, which factor is wrong.

The answer is text over the graph's names (``"(out_o1 - target_o1) * out_o1 * (1 - out_o1) *
out_h1"``), read by the same safe parser as ``backprop expr`` (``autograd.cli.expr``): numbers,
names, ``+ - * / **`` and the engine's functions; nothing is ever passed to ``eval``. A name
that is not a Python identifier is typed without its ``^`` and with ``_`` for brackets and
other signs: ``w^2_11`` is ``w2_11``, ``y_hat[2]`` is ``y_hat_2``.

**When is an answer correct?** When it equals the true derivative as a function, not only as
a number: when SymPy finds it equal to the trace's formula (``autograd.cli.check_symbolic``),
or, where SymPy cannot decide, at the graph's values and at several random perturbations of
every named input and parameter (the graph is recomputed on a ``Tape`` there; a coincidence
at one point is not "correct"). A numeric answer (``"0.0822"``) is compared with the
engine's value within a relative tolerance (``rtol``, 3 significant digits by default),
and the feedback says how many digits agree.

**Feedback when wrong.** The answer's product is split into its factors and each is compared
with the chain rule's factors (``autograd.trace``): a factor that matches one is confirmed,
one that matches none is named with the factor it should be; a flipped sign and a missing
path (a hidden weight whose gradient sums over two outputs) are said as such.

Nothing of the learner's graph changes: every node's data, local derivatives and gradient are
as they were after a check.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from autograd.cli.check_feedback import Feedback, identifier, same, typed_names
from autograd.cli.expr import ExpressionError, parse
from autograd.engine import Tape, Value, no_grad, topological_order
from autograd.engine.graph import restore_state, save_state
from autograd.explain.trace import Trace, TraceError
from autograd.show.names import Names
from autograd.show.numbers import format_number
from autograd.show.traces import trace

#: Relative tolerance of a numeric answer: agreeing to 3 significant digits.
NUMERIC_RTOL = 5e-3
# Relative tolerance of a formula's value against the engine's (rounding only).
_FORMULA_RTOL = 1e-9
_PERTURBATIONS = 4


class CheckError(ValueError):
    """The answer cannot be checked: unknown names, bad syntax, a value that fails."""


@dataclass(frozen=True)
class CheckResult:
    """The verdict on one answer: ``correct``, the engine's and the answer's values, and
    ``feedback``, one line per finding (printed by ``str()``)."""

    correct: bool
    expected: float
    given: float
    feedback: tuple[str, ...] = field(default=())
    digits: int = 0  # significant digits in which a numeric answer agrees

    def __str__(self) -> str:
        head = "correct" if self.correct else "not correct"
        return "\n".join(
            [f"{head}: {self.feedback[0]}" if self.feedback else head, *self.feedback[1:]]
        )


def check(
    output: Value,
    wrt: Value,
    answer: str | float,
    *,
    rtol: float = NUMERIC_RTOL,
    keep: Sequence[Value] | None = None,
) -> CheckResult:
    """Is ``answer`` d output / d wrt? (see the module doc). Call ``output.backward()`` first.

    ``rtol`` is the relative tolerance of a numeric answer; ``keep`` chooses the chain
    rule's steps that feedback names, as for ``autograd.trace`` (default: every named Value).

    >>> from autograd import Value
    >>> x, w = Value(0.5, label="x"), Value(0.3, label="w")
    >>> z = (w * x).named("z")
    >>> y = z.tanh().named("y")
    >>> y.backward()
    >>> check(y, w, "(1 - y**2) * x").correct
    True
    >>> print(check(y, w, "y * x"))
    not correct: y * x is not ∂y/∂w
    y should be 1 - y², that is ∂y/∂z
    x is ∂z/∂w ✓
    """
    if not isinstance(output, Value) or not isinstance(wrt, Value):
        raise TypeError("check(output, wrt, answer) takes two Values and the answer")
    if not (isinstance(rtol, float | int) and 0 < rtol < 1):
        raise ValueError(f"rtol must be a number between 0 and 1, got {rtol!r}")
    try:
        chain = trace(output, wrt, max_paths=16, keep=keep)
    except TraceError as error:
        raise CheckError(str(error)) from None
    expected = chain.value
    if isinstance(answer, bool) or not isinstance(answer, str | float | int):
        raise TypeError(f"the answer must be text or a number, got {type(answer).__name__}")
    text = str(answer).strip()
    number = _number(text)
    if number is not None:
        return _check_number(expected, number, rtol)
    return _Checker(output, wrt, chain, text).run()


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _check_number(expected: float, given: float, rtol: float) -> CheckResult:
    close = math.isclose(given, expected, rel_tol=rtol, abs_tol=1e-300)
    digits = _agreeing_digits(expected, given)
    shown = format_number(expected, 9)
    if close:
        line = f"{format_number(given, 9)} agrees with the engine's {shown} to {_digits(digits)}"
    elif math.isclose(given, -expected, rel_tol=rtol):
        line = f"the sign is flipped: the engine gives {shown}"
    else:
        line = f"{format_number(given, 9)} is not {shown}; they agree to {_digits(digits)}"
    return CheckResult(close, expected, given, (line,), digits)


def _digits(n: int) -> str:
    return "1 digit" if n == 1 else f"{n} digits"


def _agreeing_digits(expected: float, given: float) -> int:
    """Significant digits in which two numbers agree (0 when not even the first)."""
    if expected == given:
        return 17
    for digits in range(1, 17):
        if format(expected, f".{digits}e") != format(given, f".{digits}e"):
            return max(0, digits)
    return 17


class _Checker(Feedback):
    """One check of a formula answer over ``output``'s graph."""

    def __init__(self, output: Value, wrt: Value, chain: Trace, text: str) -> None:
        self.output, self.wrt, self.chain, self.text = output, wrt, chain, text
        self.order = topological_order(output)
        self.names = Names(output, 6, self.order)
        self.by_name = typed_names(self.order)
        try:
            self.expression = parse(text)
        except ExpressionError as error:
            raise CheckError(_located(error)) from None
        unknown = [v for v in self.expression.variables if v not in self.by_name]
        if unknown:
            known = ", ".join(sorted(self.by_name)) or "none"
            raise CheckError(
                f"{', '.join(unknown)}: not a name in the graph of {self.names.plain(output)} "
                f"(its names are {known})"
            )

    def evaluate(self, text: str | None = None) -> float:
        """The answer (or a part of it) at the graph's current data."""
        expression = self.expression if text is None else parse(text)
        values = {name: self.by_name[name].data for name in expression.variables}
        with no_grad():
            try:
                return expression.evaluate(values).data
            except ExpressionError as error:
                raise CheckError(f"the answer cannot be evaluated here: {error}") from None

    def run(self) -> CheckResult:
        expected, given = self.chain.value, self.evaluate()
        agree_here = same(given, expected)
        symbolic = self._symbolic() if agree_here else None
        agree_everywhere = symbolic is True or (
            agree_here and symbolic is None and all(same(g, e) for g, e in self._elsewhere())
        )
        if agree_everywhere:
            line = f"{self.text} is {self._d(self.output, self.wrt)} = {self._n(expected)}"
            return CheckResult(True, expected, given, (line,), 17)
        feedback = [f"{self.text} is not {self._d(self.output, self.wrt)}"]
        if agree_here:
            feedback.append(
                f"it has the right value here ({self._n(expected)}) but not at other values of "
                "the inputs and parameters: it is not the derivative as a function (where you "
                "typed a number for a named value, write its name)"
            )
        elif same(given, -expected):
            feedback.append(f"the sign is flipped: the engine gives {self._n(expected)}")
        else:
            feedback += self._scaled(given) or self._missing_paths(given) or self._factors()
        return CheckResult(
            False, expected, given, tuple(feedback), _agreeing_digits(expected, given)
        )

    def _symbolic(self) -> bool | None:
        """Whether the answer equals the trace's formula as SymPy sees it (None: SymPy is not
        installed, or cannot decide, or the answer uses a function it has no formula for)."""
        try:
            from autograd.cli.check_symbolic import answer_expression, equal

            expression = answer_expression(self.text, self.by_name, self.chain)
            return None if expression is None else equal(expression, self.chain.formula)
        except ImportError:
            return None

    def _elsewhere(self) -> list[tuple[float, float]]:
        """(answer, derivative) at random perturbations of the leaves; the graph restored."""
        saved = save_state(self.order)
        rng = random.Random(len(self.order))
        tape = Tape(self.output)
        leaves = save_state(tape.leaves)
        # Named leaves only: an unnamed constant (the 0.5 of 1/2 (t - o)^2) is typed as a
        # number in the answer, so it must keep its value. So does a named constant the
        # answer types by its value instead of its name (0.01 for target_o1).
        # Small whole numbers and 1/2 are the structure of a formula (1 - out, 1/2 e^2), not
        # a value typed for a name: an input that happens to be 1 is still perturbed.
        typed = [x for x in _numbers_in(self.text) if x not in (0.0, 0.5, 1.0, 2.0)]
        mentioned = {self.by_name[name] for name in self.expression.variables}
        named_leaves = [
            leaf
            for leaf in tape.leaves
            if leaf.label is not None
            and (leaf in mentioned or not any(math.isclose(leaf.data, x) for x in typed))
        ]
        pairs = []
        try:
            for _ in range(_PERTURBATIONS):
                for leaf in named_leaves:
                    shift = rng.uniform(-0.05, 0.05)
                    leaf.data = leaf.data * (1.0 + shift) + rng.uniform(-0.01, 0.01)
                try:
                    tape.run()
                    pairs.append((self.evaluate(), self.wrt.grad))
                except (ArithmeticError, ValueError):
                    continue  # a point outside some op's domain proves nothing
                finally:
                    restore_state(leaves)
        finally:
            restore_state(saved)
        return pairs


def _numbers_in(text: str) -> list[float]:
    """The numbers written in an answer (``0.01`` in ``out_o1 - 0.01``), not those inside
    names (the 1 of ``out_o1``)."""
    found = re.findall(r"(?<![\w.])(\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+)", text)
    return [float(x) for x in found]


def _located(error: ExpressionError) -> str:
    pointer = error.pointer()
    return f"{error}\n{pointer}" if pointer else str(error)


__all__ = ["NUMERIC_RTOL", "CheckError", "CheckResult", "check", "identifier"]
