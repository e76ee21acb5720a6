"""The table of primitive operations: every op is defined once, here.

Each entry gives, for inputs ``a`` (and ``b``) and the result ``out``:

- ``forward``: the result as a Python expression, e.g. ``a * b``;
- ``local_grads``: one expression per input for d out / d input, e.g. ``(b, a)``;
- ``symbol``: how a node reads in drawings and traces, e.g. ``{0} * {1}``;
- ``formulas``: how each local derivative reads in a trace, e.g. ``out(1 - out)``.

The expressions are compiled once into plain functions. They are written so that
the local derivatives work on floats (the ordinary backward pass) and on Values
(a backward pass that records itself, ``create_graph=True``): the names ``exp``,
``log``, ``tanh``, ``sigmoid``, ``power`` and ``heaviside`` below accept either.
Each op's ``evaluate(first, second, anomaly)`` is compiled from them once, with the
checks of ``autograd.engine.errors``; the eager operators and the tape
(``autograd.engine.tape``) both call it, so there is exactly one definition of
each op's math and one place where it is evaluated and checked.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from autograd.engine.errors import check_result, op_error

# What counts as a plain number here: a float, or an int (or bool) that a user
# assigned to ``Value.data``; anything else is a Value.
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
    PyTorch, so that x ** 0.5 at 0 has a value and an infinite slope."""
    if not isinstance(a, NUMBER):
        return a**b
    try:
        return power(a, b)
    except (ZeroDivisionError, OverflowError):
        odd = float(b).is_integer() and int(b) % 2 == 1
        return -math.inf if a < 0.0 and odd else math.inf


def log_base(a: Any, out: Any) -> Any:
    """d/db a**b = a**b · ln a. For a = 0 it is the limit 0 (b > 0); for a < 0
    it is undefined in the reals: NaN, which detect_anomaly reports."""
    if not isinstance(a, NUMBER):
        return out * a.log()
    if a > 0.0:
        return out * math.log(a)
    return 0.0 if a == 0.0 else math.nan


def heaviside(a: Any) -> Any:
    """d/da relu(a): 1 where a > 0, else 0 (the subgradient at 0 is taken as 0)."""
    if isinstance(a, NUMBER):
        return 1.0 if a > 0.0 else 0.0
    return type(a)(1.0 if a.data > 0.0 else 0.0)


# Names the compiled expressions may use.
NAMESPACE: dict[str, Any] = {
    "exp": exp,
    "log": log,
    "tanh": tanh,
    "sigmoid": sigmoid,
    "power": power,
    "slope": slope,
    "log_base": log_base,
    "heaviside": heaviside,
    # a number exponent is written into the op's source with repr(): inf, nan
    "inf": math.inf,
    "nan": math.nan,
    # what evaluate() raises and checks with
    "op_error": op_error,
    "check_result": check_result,
}


#: An op's evaluate(first, second, anomaly): (out, d out/d a, d out/d b), checked;
#: ``anomaly`` is whether detect_anomaly() is on (read once by the caller: it is per thread).
Evaluate = Callable[[Any, Any, bool], tuple[float, float, float]]

# How every op computes a node, for the eager operators (``Value``) and the tape
# (``Tape.run``) alike: the one place an op is evaluated and checked. The local
# derivatives are computed inside the ``try`` too: log's 1/a fails like log(a).
_EVALUATE = """
def evaluate(first, second, anomaly):
    a = first.data
    b = {b}
    try:
        out = {forward}
        da = {da}
        db = {db}
    except (ArithmeticError, ValueError) as exc:
        raise op_error(op, {operands}, exc) from None
    if out == inf or out == -inf or anomaly:
        check_result(op, {operands}, out, {local})
    return out, da, db
"""


@dataclass(frozen=True)
class Op:
    """One primitive: its forward and local derivatives as expressions (see module doc)."""

    name: str
    symbol: str
    forward: str
    local_grads: tuple[str, ...]
    formulas: tuple[str, ...]
    # evaluate(first, second, anomaly) -> (out, d out/d a, d out/d b) from the operands'
    # data, checked (see ``_EVALUATE``); second is None (d out/d b 0.0) for a unary op.
    evaluate: Evaluate = field(init=False, repr=False)
    # grads(a[, b], out) -> local derivatives; works on Values for create_graph.
    grads: Callable[..., tuple[Any, ...]] = field(init=False, repr=False)
    # how many inputs the op takes
    arity: int = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "arity", len(self.local_grads))
        params = ("a", "b")[: self.arity]
        args = ", ".join(params)
        grads = ", ".join(self.local_grads)
        grads_fn = f"lambda {args}, out: ({grads},)"
        binary = self.arity == 2
        evaluate = _EVALUATE.format(
            b="second.data" if binary else "0.0",
            forward=self.forward,
            da=self.local_grads[0],
            db=self.local_grads[1] if binary else "0.0",
            operands="(first, second)" if binary else "(first,)",
            local="(da, db)" if binary else "(da,)",
        )
        # Compiling our own fixed strings; no user text ever reaches exec or eval.
        namespace = dict(NAMESPACE, op=self)
        exec(evaluate, namespace)
        object.__setattr__(self, "evaluate", namespace["evaluate"])
        object.__setattr__(self, "grads", eval(grads_fn, dict(NAMESPACE)))

    def describe(self, *operands: str) -> str:
        """The op applied to operand names, e.g. ``describe("x", "y") == "x * y"``."""
        return self.symbol.format(*operands)


ADD = Op("add", "{0} + {1}", "a + b", ("1.0", "1.0"), ("1", "1"))
SUB = Op("sub", "{0} - {1}", "a - b", ("1.0", "-1.0"), ("1", "-1"))
MUL = Op("mul", "{0} * {1}", "a * b", ("b", "a"), ("b", "a"))
DIV = Op("div", "{0} / {1}", "a / b", ("1.0 / b", "-out / b"), ("1/b", "-a/b²"))
NEG = Op("neg", "-{0}", "-a", ("-1.0",), ("-1",))
POW = Op(
    "pow",
    "{0} ** {1}",
    "power(a, b)",
    ("b * slope(a, b - 1.0)", "log_base(a, out)"),
    ("b·a^(b-1)", "a^b·ln(a)"),
)
EXP = Op("exp", "exp({0})", "exp(a)", ("out",), ("exp(a) = out",))
LOG = Op("log", "log({0})", "log(a)", ("1.0 / a",), ("1/a",))
TANH = Op("tanh", "tanh({0})", "tanh(a)", ("1.0 - out * out",), ("1 - out²",))
SIGMOID = Op("sigmoid", "σ({0})", "sigmoid(a)", ("out * (1.0 - out)",), ("out(1 - out)",))
RELU = Op("relu", "relu({0})", "0.0 if a <= 0.0 else a", ("heaviside(a)",), ("1 if a > 0 else 0",))


def _number_text(x: float) -> str:
    """Short where exact (2, 0.5, -1), the full repr otherwise: formulas never round."""
    short = f"{x:g}"
    return short if float(short) == x else repr(x)


@lru_cache(maxsize=256)
def power_by(exponent: float) -> Op:
    """The op ``a ** n`` for a fixed number n: one input, d/da = n·a^(n-1).

    A number exponent is part of the op, not an input, so ``x ** 2`` has one
    edge and no derivative with respect to the 2 is computed.
    """
    n = repr(exponent)
    shown = _number_text(exponent)
    # a**0 is the constant 1: its derivative is 0 everywhere, even at a = 0.
    derivative = f"{n} * slope(a, {exponent - 1.0!r})" if exponent != 0.0 else "0.0"
    return Op(
        "pow",
        f"{{0}} ** {shown}",
        f"power(a, {n})",
        (derivative,),
        (f"{shown}·a^{_number_text(exponent - 1.0)}",),
    )


#: Every fixed op by name; ``power_by(n)`` makes the number-exponent family.
OPS: dict[str, Op] = {
    op.name: op for op in (ADD, SUB, MUL, DIV, NEG, POW, EXP, LOG, TANH, SIGMOID, RELU)
}
