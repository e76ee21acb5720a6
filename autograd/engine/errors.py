"""The errors of an op, worded for the user: what ``Op.evaluate`` raises.

An op with no real value raises the error Python gave, reworded to name the op,
its formula in the operands' labels and their values
(``log failed on log(v) with v = -1.0: ...``). A result of ±inf from finite
operands is an overflow and raises; inside ``detect_anomaly()`` any NaN or
infinity, in the result or a local derivative, raises FloatingPointError.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

from autograd.engine.modes import MODE

if TYPE_CHECKING:
    from autograd.engine.ops import Op
    from autograd.engine.value import Value

# Friendlier words for what Python says when an op has no real value.
_REASONS = {
    "math domain error": "the argument is outside the function's domain",
    "float division by zero": "division by zero",
    "math range error": "the result is too large for a float",
    "(34, 'Numerical result out of range')": "the result is too large for a float",
}


def operands(a: Value, b: Value | None) -> tuple[Value, ...]:
    """The one or two operands as a tuple."""
    return (a,) if b is None else (a, b)


def name_of(v: Value) -> str:
    """How a message calls an operand: its label; a constant by its value; an unlabelled
    op node by its expression over its own operands (``40.0 * a``), one level deep, so
    that no name is made up that the user never wrote."""
    if v.label is not None:
        return v.label
    if v._op is None:
        return number_text(v._data)
    parts = []
    for p in operands(v._a, v._b) if v._a is not None else ():
        shown = p.label if p.label is not None else number_text(p._data) if p._op is None else "(…)"
        parts.append(shown if " " not in shown else f"({shown})")
    return v._op.describe(*parts)


def number_text(x: float) -> str:
    """A number as the user would have typed it: short where exact (2, 0.5, -1, 1e+300), the
    full repr otherwise, so a message or formula never rounds."""
    short = format(x, "g")
    return short if float(short) == x else repr(x)


def describe_operands(inputs: Iterable[Value]) -> str:
    """``x = 1.0, 40.0 * a = -40.0``: each operand that is not a constant, by its name, and
    its value (constants are in the formula already)."""
    return ", ".join(f"{name_of(v)} = {v._data!r}" for v in inputs if v.label or v._op)


def _formula(op: Op, inputs: tuple[Value, ...]) -> str:
    """``op`` over its operands' names, compound ones in parentheses where it is infix."""
    call = "({0}" in op.symbol  # log(...), sqrt(...): the call's own parentheses suffice

    def shown(v: Value) -> str:
        name = name_of(v)
        plain = call or name.isidentifier() or _is_number(name)
        return name if plain else f"({name})"

    return op.describe(*map(shown, inputs))


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _with(inputs: tuple[Value, ...]) -> str:
    described = describe_operands(inputs)
    return f" with {described}" if described else ""


def op_error(op: Op, inputs: tuple[Value, ...], exc: Exception) -> Exception:
    """The exception ``exc`` of a failed op, reworded to name the op and its operands."""
    reason = _REASONS.get(str(exc), str(exc))
    message = f"{op.name} failed on {_formula(op, inputs)}{_with(inputs)}: {reason}"
    return type(exc)(message)


def check_result(op: Op, inputs: tuple[Value, ...], out: float, local: tuple[float, ...]) -> None:
    """Overflow raises (except in a recorded backward pass, where ±inf is the
    derivative's limit); under detect_anomaly any NaN or infinity does."""
    inputs_finite = all(math.isfinite(v._data) for v in inputs)
    if math.isinf(out) and inputs_finite and not MODE.limits:
        raise OverflowError(
            f"{op.name} overflowed: {_formula(op, inputs)}{_with(inputs)} is too large for a float"
        )
    if MODE.anomaly and not (math.isfinite(out) and all(math.isfinite(d) for d in local)):
        raise FloatingPointError(
            f"detect_anomaly: {op.name} gave {_formula(op, inputs)} = {out!r} with local "
            f"derivatives {local!r}" + (f" from {d}" if (d := describe_operands(inputs)) else "")
        )
