"""The table of primitive operations: every op is defined once, here.

Each entry gives, for inputs ``a`` (and ``b``) and the result ``out``:

- ``forward``: the result as a Python expression, e.g. ``a * b``;
- ``local_grads``: one expression per input for d out / d input, e.g. ``(b, a)``;
- ``symbol``: how a node reads in drawings and traces, e.g. ``{0} * {1}``;
- ``formulas``: how each local derivative reads in a trace, e.g. ``out(1 - out)``.

The expressions are compiled once into plain functions. They are written so that
the local derivatives work on floats (the ordinary backward pass) and on Values
(a backward pass that records itself, ``create_graph=True``): the names they use
(``NAMESPACE`` of ``autograd.engine.functions``) accept either.
Each op's ``evaluate(first, second, anomaly)`` is compiled from them once, with the
checks of ``autograd.engine.errors``; the eager operators and the tape
(``autograd.engine.tape``) both call it, so there is exactly one definition of
each op's math and one place where it is evaluated and checked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from autograd.engine.errors import number_text
from autograd.engine.functions import NAMESPACE

#: An op's evaluate(first, second, anomaly): (out, d out/d a, d out/d b), checked;
#: ``anomaly`` is whether detect_anomaly() is on (read once by the caller: it is per thread).
Evaluate = Callable[[Any, Any, bool], tuple[float, float, float]]

# How every op computes a node, for the eager operators (``Value``) and the tape
# (``Tape.run``) alike: the one place an op is evaluated and checked. The local
# derivatives are computed inside the ``try`` too: log's 1/a fails like log(a).
# An op of derivatives (``limits``) gives ±inf at its boundaries by design: only
# detect_anomaly checks it.
_EVALUATE = """
def evaluate(first, second, anomaly):
    a = first._data
    b = {b}
    try:
        out = {forward}
        da = {da}
        db = {db}
    except (ArithmeticError, ValueError) as exc:
        raise op_error(op, {operands}, exc) from None
    if {check}:
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
    #: True for the ops local derivatives are made of on Values (``slope``, ``step``, ...):
    #: their infinities are limits (1/(2√x) at 0), not overflows.
    limits: bool = False
    # evaluate(first, second, anomaly) -> (out, d out/d a, d out/d b) from the operands'
    # data, checked (see ``_EVALUATE``); second is None (d out/d b 0.0) for a unary op.
    evaluate: Evaluate = field(init=False, repr=False)
    # grads(a[, b], out) -> local derivatives; works on Values for create_graph.
    grads: Callable[..., tuple[Any, ...]] = field(init=False, repr=False)
    # one function (a[, b], out) -> d out / d input per input, so that a recorded
    # pass builds only the derivatives it needs
    grad_fns: tuple[Callable[..., Any], ...] = field(init=False, repr=False)
    # how many inputs the op takes
    arity: int = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "arity", len(self.local_grads))
        params = ("a", "b")[: self.arity]
        args = ", ".join(params)
        grads = ", ".join(self.local_grads)
        binary = self.arity == 2
        evaluate = _EVALUATE.format(
            b="second._data" if binary else "0.0",
            forward=self.forward,
            da=self.local_grads[0],
            db=self.local_grads[1] if binary else "0.0",
            operands="(first, second)" if binary else "(first,)",
            check="anomaly" if self.limits else "out == inf or out == -inf or anomaly",
            local="(da, db)" if binary else "(da,)",
        )
        # Compiling our own fixed strings; no user text ever reaches exec or eval.
        namespace = dict(NAMESPACE, op=self)
        exec(evaluate, namespace)
        object.__setattr__(self, "evaluate", namespace["evaluate"])
        object.__setattr__(self, "grads", eval(f"lambda {args}, out: ({grads},)", NAMESPACE))
        fns = tuple(eval(f"lambda {args}, out: {g}", NAMESPACE) for g in self.local_grads)
        object.__setattr__(self, "grad_fns", fns)

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
    ("pow_slope(a, b)", "log_base(a, out)"),
    ("b·a^(b-1)", "a^b·ln(a)"),
)
EXP = Op("exp", "exp({0})", "exp(a)", ("out",), ("exp(a) = out",))
LOG = Op("log", "log({0})", "log(a)", ("1.0 / a",), ("1/a",))
TANH = Op("tanh", "tanh({0})", "tanh(a)", ("1.0 - out * out",), ("1 - out²",))
SIGMOID = Op("sigmoid", "σ({0})", "sigmoid(a)", ("out * (1.0 - out)",), ("out(1 - out)",))
RELU = Op("relu", "relu({0})", "0.0 if a <= 0.0 else a", ("heaviside(a)",), ("1 if a > 0 else 0",))
# 1/(2√a) is written as a power of a, so that at 0 it is the limit inf, not 1/0.
SQRT = Op("sqrt", "sqrt({0})", "sqrt(a)", ("0.5 * slope(a, -0.5)",), ("1/(2·sqrt(a))",))
ABS = Op("abs", "abs({0})", "abs(a)", ("sign(a)",), ("sign(a)",))
SIN = Op("sin", "sin({0})", "sin(a)", ("cos(a)",), ("cos(a)",))
COS = Op("cos", "cos({0})", "cos(a)", ("-sin(a)",), ("-sin(a)",))
SOFTPLUS = Op("softplus", "softplus({0})", "softplus(a)", ("sigmoid(a)",), ("σ(a)",))
# Ties split the gradient evenly between the two inputs, as PyTorch's maximum does.
MAXIMUM = Op(
    "maximum",
    "maximum({0}, {1})",
    "a if a >= b else b",
    ("share(a, b)", "share(b, a)"),
    ("1 if a > b, 1/2 if a = b, else 0", "1 if b > a, 1/2 if a = b, else 0"),
)
MINIMUM = Op(
    "minimum",
    "minimum({0}, {1})",
    "a if a <= b else b",
    ("share(b, a)", "share(a, b)"),
    ("1 if a < b, 1/2 if a = b, else 0", "1 if b < a, 1/2 if a = b, else 0"),
)

# -- the ops local derivatives are made of, on Values (a recorded pass) ----------
# Each has the limits of the float formula it stands for, and its own derivative,
# so a derivative of any order is defined wherever the float pass is.

#: a**b with a Value exponent, with the limits of ``slope`` (inf for 0 to a negative power)
SLOPE = Op(
    "slope",
    "{0} ** {1}",
    "slope(a, b)",
    ("pow_slope(a, b)", "log_base(a, out)"),
    ("b·a^(b-1)", "a^b·ln(a)"),
    limits=True,
)
#: sign(a) = d|a|/da, a step: its derivative is 0
SIGN = Op("sign", "sign({0})", "sign(a)", ("0.0",), ("0",), limits=True)
#: the share of a max's (min's) gradient that goes to a: 1, 1/2 or 0; its derivative is 0
SHARE = Op("share", "share({0}, {1})", "share(a, b)", ("0.0", "0.0"), ("0", "0"), limits=True)
#: 0 whatever a is (d/da a**0 where b·a^(b-1) would be 0·inf), still an edge to a
ZERO = Op("zero", "0·{0}", "0.0", ("0.0",), ("0",), limits=True)


@lru_cache(maxsize=256)
def power_by(exponent: float, limits: bool = False) -> Op:
    """The op ``a ** n`` for a fixed number n: one input, d/da = n·a^(n-1).

    A number exponent is part of the op, not an input, so ``x ** 2`` has one
    edge and no derivative with respect to the 2 is computed. With ``limits``
    it is ``slope_by(n)``: 0 to a negative power is inf instead of an error.
    """
    n = repr(exponent)
    shown = number_text(exponent)
    # a**0 is the constant 1: its derivative is 0 everywhere, even at a = 0.
    derivative = f"{n} * slope(a, {exponent - 1.0!r})" if exponent != 0.0 else "0.0"
    return Op(
        "slope" if limits else "pow",
        f"{{0}} ** {shown}",
        f"slope(a, {n})" if limits else f"power(a, {n})",
        (derivative,),
        (f"{shown}·a^{number_text(exponent - 1.0)}",),
        limits=limits,
    )


def slope_by(exponent: float) -> Op:
    """``a ** n`` inside a recorded derivative: the limits of ``slope`` (see power_by)."""
    return power_by(exponent, True)


@lru_cache(maxsize=256)
def leaky_relu_by(negative_slope: float) -> Op:
    """leaky_relu(a) = a for a > 0, else s·a; d/da = 1 for a > 0, else s (at 0: s,
    as in PyTorch)."""
    s = repr(float(negative_slope))
    shown = number_text(negative_slope)
    return Op(
        "leaky_relu",
        f"leaky_relu({{0}}, {shown})",
        f"a if a > 0.0 else {s} * a",
        (f"heaviside(a, {s})",),
        (f"1 if a > 0 else {shown}",),
    )


@lru_cache(maxsize=256)
def step_by(low: float) -> Op:
    """heaviside(a, low) on a Value: 1 for a > 0, else ``low``; its derivative is 0."""
    shown = number_text(low)
    return Op(
        "step",
        f"step({{0}}, {shown})" if low else "step({0})",
        f"heaviside(a, {low!r})",
        ("0.0",),
        ("0",),
        limits=True,
    )


#: Every fixed op by name; ``power_by(n)``, ``leaky_relu_by(s)``, ``slope_by(n)`` and
#: ``step_by(low)`` make the families with a number in them.
OPS: dict[str, Op] = {
    op.name: op
    for op in (
        *(ADD, SUB, MUL, DIV, NEG, POW, EXP, LOG, TANH, SIGMOID, RELU),
        *(SQRT, ABS, SIN, COS, SOFTPLUS, MAXIMUM, MINIMUM),
        *(SLOPE, SIGN, SHARE, ZERO),
    )
}
