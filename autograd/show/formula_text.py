"""SymPy formulas written as the documents write them: plain text, Unicode and LaTeX.

``autograd.explain.formulas`` makes the expressions; this module only prints
them (it is imported, with SymPy, when a trace is written out):

- a product reads in the order it was built (``Trace.formula`` keeps the
  document's order) and a name followed by a parenthesis is juxtaposed, as the
  documents write it: ``out_o1(1 - out_o1)``;
- a sum that SymPy built puts its positive terms first (``out_o1 - target_o1``,
  ``(1 - y)/(1 - y_hat) - y/y_hat``); a sum the trace built keeps its order;
- ``numbers`` replaces each symbol by a number's text, for the line
  ``= formula = numbers = value``;
- numbers are shown by ``autograd.show.numbers``; σ is the sigmoid.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sympy as sp
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE, precedence
from sympy.printing.str import StrPrinter

from autograd.explain.formulas import Sigmoid
from autograd.show.names import label_to_latex
from autograd.show.numbers import format_number, latex_number

_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _as_built(expr: Any) -> bool:
    """True when ``expr`` is a sum or product the trace built unevaluated (its
    order is meaningful), False for one SymPy built (its order is SymPy's)."""
    return bool(expr.func(*expr.args) != expr)


def _reading_order(expr: Any) -> list[Any]:
    """The terms of a sum in the order to write them: as built, or SymPy's printing
    order (``a*b + c``) with positive terms first."""
    if _as_built(expr):
        return list(expr.args)
    terms = list(expr.as_ordered_terms())
    negative = [t.could_extract_minus_sign() for t in terms]
    return [t for t, n in zip(terms, negative) if not n] + [t for t, n in zip(terms, negative) if n]


def _number(x: Any) -> str:
    """A constant of a formula: short where exact, else to 8 digits."""
    value = float(x)
    short = f"{value:g}"
    return short if float(short) == value else format_number(value, 8)


class _Text(StrPrinter):  # type: ignore[misc]
    """Plain text (``*``, ``^``) or Unicode (``·``, superscripts)."""

    def __init__(self, unicode: bool, numbers: Mapping[Any, str] | None) -> None:
        super().__init__({"order": "none"})
        self.unicode = unicode
        self.times = " · " if unicode else " * "
        self.numbers = numbers or {}

    def _print_Symbol(self, s: Any) -> str:
        text = self.numbers.get(s)
        if text is None:
            return str(s.name)
        return f"({text})" if text.startswith("-") else text

    def _print_Float(self, x: Any) -> str:
        return _number(x)

    def _print_Add(self, expr: Any, order: Any = None) -> str:
        return _sum(self, expr, "({})")

    def _print_Mul(self, expr: Any) -> str:
        factors = list(expr.args) if _as_built(expr) else list(expr.as_ordered_factors())
        sign = ""
        numerator: list[Any] = []
        denominator: list[Any] = []
        for f in factors:
            if f.is_Number and f < 0 and not sign and not numerator:
                sign, f = "-", -f
            if f.is_Rational and not f.is_Integer:
                if f.p != 1:
                    numerator.append(sp.Integer(f.p))
                denominator.append(sp.Integer(f.q))
            elif f.is_Pow and f.exp.is_Number and f.exp < 0:
                denominator.append(f.base if f.exp == -1 else f.base ** (-f.exp))
            elif f != 1:
                numerator.append(f)
        text = self._join(numerator) if numerator else "1"
        if denominator:
            below = self._join(denominator)
            single = denominator[0]
            if len(denominator) > 1 or (
                precedence(single) < PRECEDENCE["Atom"] and not single.is_Add
            ):
                below = f"({below})"
            if len(numerator) > 1:
                text = f"({text})"
            text = f"{text}/{below}"
        return sign + text

    def _join(self, factors: list[Any]) -> str:
        text, previous = "", None
        for f in factors:
            t = self._print(f)
            if f.is_Add or (f.is_Number and f < 0):
                t = f"({t})"
            if previous is None:
                text = t
            elif f.is_Add and (previous.is_Symbol or previous.is_Function):
                text += t
            else:
                text += self.times + t
            previous = f
        return text

    def _print_Pow(self, expr: Any, rational: bool = False) -> str:
        base, exponent = expr.base, expr.exp
        if exponent.is_Number and exponent < 0:
            return f"1/{self._operand(base ** (-exponent))}"
        if exponent == sp.Rational(1, 2):
            return f"sqrt({self._print(base)})"
        shown = self._operand(base)
        if self.unicode and exponent.is_Integer:
            return shown + str(exponent).translate(_SUPERSCRIPT)
        power = str(self._print(exponent))
        if not exponent.is_Atom or power.startswith("-"):
            power = f"({power})"
        return f"{shown}^{power}"

    def _operand(self, x: Any) -> str:
        t = self._print(x)
        return t if x.is_Atom or x.is_Function else f"({t})"

    def _print_Sigmoid(self, expr: Any) -> str:
        return f"σ({self._print(expr.args[0])})"

    def _print_Tanh(self, expr: Any) -> str:
        return f"tanh({self._print(expr.args[0])})"

    def _print_log(self, expr: Any) -> str:
        return f"{'ln' if self.unicode else 'log'}({self._print(expr.args[0])})"

    def _print_Piecewise(self, expr: Any) -> str:
        """(x if cond else y), as the op table writes relu and max."""
        text = self._print(expr.args[-1].expr)
        for piece in reversed(expr.args[:-1]):
            text = f"{self._print(piece.expr)} if {self._print(piece.cond)} else {text}"
        return f"({text})"

    def _print_Heaviside(self, expr: Any) -> str:
        """The step as the op table writes it: (1 if x > y, 1/2 if x = y, else 0)."""
        arg = expr.args[0]
        at_zero = expr.args[1] if len(expr.args) > 1 else sp.Integer(0)
        a, b = self._print(arg), "0"
        if arg.is_Add and len(arg.args) == 2 and arg.args[0].could_extract_minus_sign():
            a, b = self._print(arg.args[1]), self._print(-arg.args[0])
        elif arg.is_Add and len(arg.args) == 2 and arg.args[1].could_extract_minus_sign():
            a, b = self._print(arg.args[0]), self._print(-arg.args[1])
        if at_zero == 0:
            return f"(1 if {a} > {b} else 0)"
        return f"(1 if {a} > {b}, {self._print(at_zero)} if {a} = {b}, else 0)"


def _sum(printer: Any, expr: Any, group: str) -> str:
    """The terms of a sum in reading order, a subtraction written as one: ``a - b``, not
    ``a + (-b)``; a term that is itself a sum goes in ``group``'s brackets."""
    text = ""
    for k, term in enumerate(_reading_order(expr)):
        t = printer._print(term)
        if term.is_Add:
            t = group.format(t)
        if k == 0:
            text = t
        elif t.startswith("-"):
            text += f" - {t[1:].lstrip()}"
        elif t.startswith("(-") and term.is_Symbol:  # a negative number in a name's place
            text += f" - {t[2:-1]}"
        else:
            text += f" + {t}"
    return text


class _Latex(LatexPrinter):  # type: ignore[misc]
    """LaTeX with the project's names (``out_{o1}``, ``w^{(1)}_{11}``) and numbers."""

    def __init__(self, names: Mapping[Any, str]) -> None:
        # parenthesize_super=False: w^{1}_{23} squared is {w^{1}_{23}}^{2}, as ``Names`` writes it.
        super().__init__(
            {"order": "none", "symbol_names": dict(names), "parenthesize_super": False}
        )

    def _print_Float(self, x: Any) -> str:
        return latex_number(_number(x))

    def _print_Add(self, expr: Any, order: Any = None) -> str:
        return _sum(self, expr, r"\left({}\right)")

    def _print_Sigmoid(self, expr: Any, exp: Any = None) -> str:
        text = rf"\sigma\left({self._print(expr.args[0])}\right)"
        return text if exp is None else rf"{text}^{{{exp}}}"

    def _print_Tanh(self, expr: Any, exp: Any = None) -> str:
        text = rf"\tanh\left({self._print(expr.args[0])}\right)"
        return text if exp is None else rf"{text}^{{{exp}}}"


def formula_text(
    expr: Any, *, unicode: bool = False, numbers: Mapping[Any, str] | None = None
) -> str:
    """``expr`` in plain text or Unicode; ``numbers`` maps symbols to the text
    shown in their place (a number's, for the numbers line)."""
    return str(_Text(unicode, numbers).doprint(expr))


def formula_latex(expr: Any, *, numbers: Mapping[Any, str] | None = None) -> str:
    """``expr`` in LaTeX, every symbol by its label's LaTeX (``label_to_latex``)
    or, with ``numbers``, by that text (negative numbers in parentheses)."""
    names: dict[Any, str] = {}
    for s in expr.free_symbols:
        if numbers is not None and s in numbers:
            text = numbers[s]
            names[s] = rf"\left({text}\right)" if text.startswith("-") else text
        else:
            names[s] = label_to_latex(s.name)
    printer = _Latex(names)
    if numbers is not None:
        printer._settings["mul_symbol_latex"] = r" \cdot "
    return str(printer.doprint(expr))


__all__ = ["Sigmoid", "formula_latex", "formula_text"]
