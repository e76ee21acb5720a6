"""Expressions typed as text, turned into Value graphs by a parser that runs nothing.

``parse("sigmoid(w1*x1 + w2*x2 + b)")`` reads the text with Python's ``ast`` module
and accepts only a small arithmetic language:

- numbers (int or float literals), variable names;
- the binary operators ``+ - * / **`` and unary ``-`` and ``+``;
- calls with positional arguments to the engine's functions ``exp``, ``log``,
  ``tanh``, ``sigmoid``, ``relu``, ``sqrt``, ``abs``, ``sin``, ``cos``, ``softplus``,
  ``leaky_relu`` (slope 0.01) and the two-argument ``maximum`` and ``minimum``.

Everything else (attribute access, other calls, subscripts, comprehensions,
lambdas, comparisons, strings, ...) is refused with an ``ExpressionError`` that
names the construct and its position. The text is never passed to ``eval``: the
accepted tree is compiled into a list of instructions for a small stack machine
whose only actions are the engine's operators.

Numbers combine as Python would combine them with floats: ``2 * 3 * x`` makes
the constant 6 before multiplying by ``x``, and ``x ** -1`` has a number
exponent, so it is one ``pow`` edge. Each variable is a single labelled leaf:
``x * x`` has two edges to the same Value, so d/dx x*x = x + x.
"""

from __future__ import annotations

import numbers
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from autograd.cli.expr_syntax import ARITY, FUNCTIONS, ExpressionError, Instruction, compile_text
from autograd.engine.modes import no_grad
from autograd.engine.value import Value

__all__ = ["FUNCTIONS", "Expression", "ExpressionError", "parse"]

Operand = Value | float


@dataclass(frozen=True)
class Expression:
    """A parsed expression: its text, its variables and the program that evaluates it."""

    text: str
    variables: tuple[str, ...]
    program: tuple[Instruction, ...]

    @property
    def output_label(self) -> str:
        """The result's label: ``f``, or ``f_`` (``f__``, ...) when a variable is called f."""
        label = "f"
        while label in self.variables:
            label += "_"
        return label

    def evaluate(self, values: Mapping[str, float | Value]) -> Value:
        """The expression as a Value graph over one leaf per variable.

        A number becomes a new leaf labelled with the variable's name; a Value
        is used as it is (so an expression can extend an existing graph).
        The result is labelled ``output_label`` unless it already has a label.
        """
        return self.evaluate_with_inputs(values)[0]

    def evaluate_with_inputs(
        self, values: Mapping[str, float | Value]
    ) -> tuple[Value, dict[str, Value]]:
        """The result and the Value of each variable (to read their gradients)."""
        inputs = self._inputs(values)
        stack: list[Operand] = []
        for step in self.program:
            try:
                stack.append(_execute(step, stack, inputs))
            except (ArithmeticError, ValueError) as exc:
                raise ExpressionError(
                    f"{step.source!r} cannot be evaluated ({exc})",
                    self.text,
                    step.line,
                    step.column,
                ) from None
        result = stack.pop()
        if not isinstance(result, Value):
            result = Value(result)
        if result.label is None:
            result.label = self.output_label
        return result, inputs

    def _inputs(self, values: Mapping[str, float | Value]) -> dict[str, Value]:
        """One Value per variable; an ExpressionError naming what is missing, extra or wrong.

        Names are compared as Python compares identifiers (NFKC-normalized): the
        parser reads "µ" (micro sign) as "μ" (mu), so a value given for either fits.
        """
        given_names = [str(name) for name in values]
        values = {unicodedata.normalize("NFKC", str(k)): v for k, v in values.items()}
        if len(values) < len(given_names):
            raise ExpressionError(
                f"{_names(given_names)} name the same variable twice (as Python reads names)"
            )
        missing = [name for name in self.variables if name not in values]
        if missing:
            raise ExpressionError(
                f"missing value for {_names(missing)} (the expression's variables are "
                f"{_names(self.variables)})"
            )
        extra = sorted(str(name) for name in values if name not in self.variables)
        if extra:
            raise ExpressionError(
                f"{_names(extra)} {'is' if len(extra) == 1 else 'are'} not in the expression "
                f"(its variables are {_names(self.variables)})"
            )
        inputs = {}
        for name in self.variables:
            given = values[name]
            if isinstance(given, Value):
                inputs[name] = given
                continue
            if isinstance(given, bool) or not isinstance(given, numbers.Real):
                raise ExpressionError(
                    f"the value of {name} must be a number, got {type(given).__name__} {given!r}"
                )
            try:
                inputs[name] = Value(float(given), label=name)
            except OverflowError:
                raise ExpressionError(f"the value of {name} is too large for a float") from None
        return inputs


def _names(names: Sequence[str]) -> str:
    return ", ".join(names) if names else "none"


def _execute(step: Instruction, stack: list[Operand], inputs: dict[str, Value]) -> Operand:
    """Run one instruction, popping its operands from the stack; return its result."""
    if step.kind == "number":
        return float(step.argument)
    if step.kind == "variable":
        return inputs[str(step.argument)]
    if step.kind == "binary":
        right, left = stack.pop(), stack.pop()
        apply = _BINARY[str(step.argument)]
        return _fold_or_build(lambda a: apply(a, right), left, not isinstance(right, Value))
    if step.kind == "negate":
        return _fold_or_build(Value.__neg__, stack.pop())
    name = str(step.argument)
    if ARITY.get(name, 1) == 2:  # maximum(a, b), minimum(a, b)
        method: Callable[[Value, Operand], Value] = getattr(Value, name)
        second, first = stack.pop(), stack.pop()
        return _fold_or_build(lambda a: method(a, second), first, not isinstance(second, Value))
    function: Callable[[Value], Value] = getattr(Value, name)
    return _fold_or_build(function, stack.pop())


def _pow(a: Value, b: Operand) -> Value:
    return a**b


_BINARY: dict[str, Callable[[Value, Operand], Value]] = {
    "+": Value.__add__,
    "-": Value.__sub__,
    "*": Value.__mul__,
    "/": Value.__truediv__,
    "**": _pow,  # a number exponent stays a number: x ** 2 is one edge
}


def _fold_or_build(
    function: Callable[[Value], Value], operand: Operand, others_constant: bool = True
) -> Operand:
    """``function`` of ``operand`` as a graph node, or as a float when all inputs are numbers.

    Numbers alone go through the engine too (under no_grad, then back to a
    float), so constants follow exactly the engine's math and error messages.
    A number meeting a Value becomes a constant leaf, as in ``2 * x``.
    """
    if isinstance(operand, float) and others_constant:
        with no_grad():
            return function(Value(operand)).data
    return function(operand if isinstance(operand, Value) else Value(operand))


def parse(text: str) -> Expression:
    """Parse ``text`` into an Expression, refusing anything outside the arithmetic language.

    >>> f = parse("x * y + exp(x)")
    >>> f.variables
    ('x', 'y')
    >>> round(f.evaluate({"x": 0.0, "y": 2.0}).data, 6)
    1.0
    """
    if not isinstance(text, str):
        raise TypeError(f"the expression must be a str, got {type(text).__name__}")
    if not text.strip():
        raise ExpressionError("the expression is empty")
    program, variables = compile_text(text)
    return Expression(text, tuple(variables), tuple(program))
