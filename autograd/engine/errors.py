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


def describe_operands(inputs: Iterable[Value]) -> str:
    """``x = 1.0, b = 0.0``: each operand's label (or its position) and value."""
    names = ("a", "b")
    return ", ".join(
        f"{v.label if v.label is not None else names[i]} = {v.data!r}" for i, v in enumerate(inputs)
    )


def _formula(op: Op, inputs: tuple[Value, ...]) -> str:
    return op.describe(*(v.label or ("a", "b")[i] for i, v in enumerate(inputs)))


def op_error(op: Op, inputs: tuple[Value, ...], exc: Exception) -> Exception:
    """The exception ``exc`` of a failed op, reworded to name the op and its operands."""
    reason = _REASONS.get(str(exc), str(exc))
    message = (
        f"{op.name} failed on {_formula(op, inputs)} with {describe_operands(inputs)}: {reason}"
    )
    return type(exc)(message)


def check_result(op: Op, inputs: tuple[Value, ...], out: float, local: tuple[float, ...]) -> None:
    """Overflow raises (except in a recorded backward pass, where ±inf is the
    derivative's limit); under detect_anomaly any NaN or infinity does."""
    inputs_finite = all(math.isfinite(v._data) for v in inputs)
    if math.isinf(out) and inputs_finite and not MODE.limits:
        raise OverflowError(
            f"{op.name} overflowed: {_formula(op, inputs)} with {describe_operands(inputs)} "
            "is too large for a float"
        )
    if MODE.anomaly and not (math.isfinite(out) and all(math.isfinite(d) for d in local)):
        raise FloatingPointError(
            f"detect_anomaly: {op.name} gave {_formula(op, inputs)} = {out!r} with local "
            f"derivatives {local!r} from {describe_operands(inputs)}"
        )
