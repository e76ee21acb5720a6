"""The functions op expressions are written in, for numbers and Values alike.

The op table (``autograd.engine.ops``) writes each op's forward and local
derivatives as expressions over these names (``NAMESPACE``). On floats they are
the ordinary math, with the limits a derivative has at its edges (``slope``:
±inf for 0 to a negative power). On Values (a backward pass that records
itself, ``create_graph=True``) each is the matching op, reached through a
method of the Value so that this module needs neither the table nor Value:
the recorded derivative then has the same numbers and limits, and is itself
differentiable.
"""

from __future__ import annotations

import math
from typing import Any

from autograd.engine.errors import check_result, op_error

# What counts as a plain number here (an op's operands' data are floats); anything
# else is a Value.
NUMBER = (float, int)


def exp(a: Any) -> Any:
    """e**a for a number or a Value."""
    return math.exp(a) if isinstance(a, NUMBER) else a.exp()


def log(a: Any) -> Any:
    """Natural log for a number (a > 0) or a Value."""
    return math.log(a) if isinstance(a, NUMBER) else a.log()


def tanh(a: Any) -> Any:
    """Hyperbolic tangent; math.tanh saturates to +-1 without overflow."""
    return math.tanh(a) if isinstance(a, NUMBER) else a.tanh()


def sqrt(a: Any) -> Any:
    """Square root for a number (a >= 0) or a Value."""
    return math.sqrt(a) if isinstance(a, NUMBER) else a.sqrt()


def sin(a: Any) -> Any:
    """Sine for a number or a Value."""
    return math.sin(a) if isinstance(a, NUMBER) else a.sin()


def cos(a: Any) -> Any:
    """Cosine for a number or a Value."""
    return math.cos(a) if isinstance(a, NUMBER) else a.cos()


def sigmoid(a: Any) -> Any:
    """1 / (1 + e**-a), evaluated so that no exponential can overflow.

    For a >= 0, e**-a <= 1; for a < 0 the equal form e**a / (1 + e**a) is used.
    """
    if not isinstance(a, NUMBER):
        return a.sigmoid()
    if a >= 0.0:
        return 1.0 / (1.0 + math.exp(-a))
    e = math.exp(a)
    return e / (1.0 + e)


def softplus(a: float) -> float:
    """ln(1 + e**a) = max(a, 0) + ln(1 + e**-|a|): no exponential can overflow."""
    return max(a, 0.0) + math.log1p(math.exp(-abs(a)))


def power(a: Any, b: Any) -> Any:
    """a**b, refusing what has no real value (a negative base, fractional exponent)."""
    if isinstance(a, NUMBER) and isinstance(b, NUMBER):
        if a < 0.0 and not float(b).is_integer():
            raise ValueError("a negative base needs an integer exponent")
        return float(a) ** b
    return a**b


def slope(a: Any, b: Any) -> Any:
    """a**b inside a local derivative (n·a^(n-1)): where it diverges (0 to a
    negative power, or past the largest float) it is the limit ±inf, as in
    PyTorch, so that x ** 0.5 at 0 has a value and an infinite slope.

    On Values it is the op ``slope`` (a power with these limits), so a
    recorded derivative has the same limits at every order."""
    if isinstance(a, NUMBER) and isinstance(b, NUMBER):
        try:
            return power(a, b)
        except (ZeroDivisionError, OverflowError):
            odd = float(b).is_integer() and int(b) % 2 == 1
            return -math.inf if a < 0.0 and odd else math.inf
    if isinstance(b, NUMBER):
        return a._slope(float(b))
    return _as_operand(a, b)._slope(b)


def pow_slope(a: Any, b: Any) -> Any:
    """d/da a**b = b·a^(b-1); 0 where b = 0 (a**0 is the constant 1), even at
    a = 0 where the formula would be 0·inf: x**0 and PyTorch agree."""
    if isinstance(b, NUMBER):
        return 0.0 if b == 0.0 else b * slope(a, b - 1.0)
    if b._data == 0.0 and math.isinf(slope(_data(a), -1.0)):
        return _as_operand(a, b)._zero()
    return b * slope(a, b - 1.0)


def log_base(a: Any, out: Any) -> Any:
    """d/db a**b = a**b · ln a. For a = 0 it is the limit 0 (b > 0); for a < 0
    it is undefined in the reals: NaN, which detect_anomaly reports."""
    if isinstance(a, NUMBER):
        if a > 0.0:
            return out * math.log(a)
        return 0.0 if a == 0.0 else math.nan
    if a._data > 0.0:
        return out * a.log()
    # the same limits as numbers; a node on a, so that a recorded pass stays connected
    return a._zero() if a._data == 0.0 else a._zero() + math.nan


def heaviside(a: Any, low: float = 0.0) -> Any:
    """d/da relu(a): 1 where a > 0, else ``low`` (0 for relu: its subgradient at 0
    is taken as 0, as in PyTorch; leaky_relu's slope for leaky_relu).

    On a Value it is the op ``step``, whose own derivative is 0: a recorded
    relu'(x) depends on x, so relu''(x) is 0, not "x is not used"."""
    if isinstance(a, NUMBER):
        return 1.0 if a > 0.0 else low
    return a._step(low)


def sign(a: Any) -> Any:
    """d/da |a|: 1 for a > 0, -1 for a < 0 and 0 at 0 (PyTorch's sgn)."""
    if isinstance(a, NUMBER):
        return 1.0 if a > 0.0 else -1.0 if a < 0.0 else 0.0
    return a._sign()


def share(a: Any, b: Any) -> Any:
    """d/da max(a, b): 1 where a > b, 0 where a < b, and 1/2 at a tie, where the
    gradient is split evenly between the two inputs (PyTorch's maximum). Also
    d/db min(a, b), by symmetry."""
    if isinstance(a, NUMBER) and isinstance(b, NUMBER):
        return 1.0 if a > b else 0.0 if a < b else 0.5
    return _as_operand(a, b)._share(b)


def _data(x: Any) -> float:
    return float(x) if isinstance(x, NUMBER) else float(x._data)


def _as_operand(a: Any, like: Any) -> Any:
    """``a`` as a Value of ``like``'s class when it is a number (to apply an op to it)."""
    return type(like)(a) if isinstance(a, NUMBER) else a


# Names the compiled expressions may use.
NAMESPACE: dict[str, Any] = {
    "exp": exp,
    "log": log,
    "tanh": tanh,
    "sqrt": sqrt,
    "sin": sin,
    "cos": cos,
    "sigmoid": sigmoid,
    "softplus": softplus,
    "power": power,
    "slope": slope,
    "pow_slope": pow_slope,
    "log_base": log_base,
    "heaviside": heaviside,
    "sign": sign,
    "share": share,
    # a number exponent is written into the op's source with repr(): inf, nan
    "inf": math.inf,
    "nan": math.nan,
    # what evaluate() raises and checks with
    "op_error": op_error,
    "check_result": check_result,
}
