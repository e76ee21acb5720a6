"""Value: a scalar that remembers how it was made, and backpropagation over it.

A Value holds ``data``, ``grad``, an optional ``label``, and the graph: its
``parents`` (an ordered tuple; ``a * a`` has two edges to ``a``), the ``op``
that made it (an entry of ``autograd.engine.ops``) and ``local_grads``, the local
derivative d self / d parent of each edge, stored as numbers when the node is
made. ``backward()`` then needs no closures: in reverse topological order,
every edge adds ``local * upstream`` to its parent's gradient (the chain rule).

Every primitive has one or two inputs, so a node keeps them in four slots,
``_a``, ``_b`` (the inputs, named as in the op table; None when absent) and
``_da``, ``_db`` (d self / d a, d self / d b), rather than in two tuples: a
node is then one object, which halves its memory and leaves the garbage
collector one object to walk instead of three.

Gradient semantics are PyTorch's: ``backward()`` recomputes every non-leaf
gradient for this pass, while leaf gradients (Values with no parents) add this
pass's gradient to what they held, so two calls give exactly twice the leaf
gradient; ``zero_grad`` resets them.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from typing import Any, SupportsFloat, TypeAlias

from autograd.engine import graph, ops
from autograd.engine.graph import grad_number
from autograd.engine.modes import MODE
from autograd.engine.ops import Op

Operand: TypeAlias = "Value | float | int"


def as_number(data: object, what: str = "Value data") -> float:
    """``data`` as a float, or a TypeError naming what was given instead."""
    if type(data) is float:
        return data
    if isinstance(data, numbers.Real) and not isinstance(data, complex):
        try:
            return float(data)
        except OverflowError:
            raise OverflowError(f"{what} {data!r} is too large for a float") from None
    raise TypeError(
        f"{what} must be a real number (int or float), got {type(data).__name__}: {data!r}"
    )


class Value:
    """A scalar in a computation graph, with the gradient backward() gives it.

    >>> x = Value(3.0, label="x")
    >>> y = x * x + 2 * x
    >>> y.backward()
    >>> x.grad  # d/dx (x^2 + 2x) = 2x + 2
    8.0
    """

    __slots__ = ("_a", "_b", "_da", "_data", "_db", "_grad", "_op", "label")

    _data: float  # read and written directly by the ops, the pass and the tape
    _grad: float | Value | None  # None until a backward pass (or zero_grad) sets it
    label: str | None
    _a: Value | None  # first input, None for a leaf
    _b: Value | None  # second input, None for a leaf or a unary op
    _da: float  # d self / d _a
    _db: float  # d self / d _b
    _op: Op | None

    def __init__(self, data: SupportsFloat, label: str | None = None) -> None:
        if label is not None and not isinstance(label, str):
            raise TypeError(f"Value label must be a str or None, got {type(label).__name__}")
        self._data = as_number(data)
        self._grad = None
        self.label = label
        self._a = self._b = None
        self._da = self._db = 0.0
        self._op = None

    @property
    def data(self) -> float:
        """The number this Value holds."""
        return self._data

    @data.setter
    def data(self, value: float) -> None:
        # checked as in the constructor: a string here would reach every op later
        self._data = as_number(value)

    # -- the graph, read-only --------------------------------------------------

    @property
    def parents(self) -> tuple[Value, ...]:
        """The inputs of the op that made this Value, in order (empty for a leaf)."""
        if self._a is None:
            return ()
        return (self._a,) if self._b is None else (self._a, self._b)

    @property
    def op(self) -> Op | None:
        """The primitive that made this Value, or None for a leaf."""
        return self._op

    @property
    def local_grads(self) -> tuple[float, ...]:
        """d self / d parent for each edge, in the order of ``parents``."""
        if self._a is None:
            return ()
        return (self._da,) if self._b is None else (self._da, self._db)

    @property
    def is_leaf(self) -> bool:
        """True for a Value made directly (an input, a weight, a constant)."""
        return self._a is None

    @property
    def grad(self) -> float:
        """d root / d self from the last backward pass (leaves: summed over passes).

        0.0 before any pass; ``has_grad`` tells the two apart.
        """
        return grad_number(self._grad)

    @grad.setter
    def grad(self, value: float) -> None:
        self._grad = as_number(value, "grad")

    @property
    def has_grad(self) -> bool:
        """False until a backward pass (or zero_grad) has given this Value a gradient."""
        return self._grad is not None

    @property
    def grad_value(self) -> Value:
        """The gradient as a Value; after ``backward(create_graph=True)`` it is
        part of a graph and can itself be differentiated."""
        g = self._grad
        return g if isinstance(g, Value) else Value(self.grad)

    def named(self, label: str) -> Value:
        """Set the label and return self, for chaining: ``(w * x).named("z")``."""
        if not isinstance(label, str):
            raise TypeError(f"Value label must be a str, got {type(label).__name__}")
        self.label = label
        return self

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label is not None else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{label})"

    def __float__(self) -> float:
        return self._data

    # -- operators: thin wrappers over the op table -----------------------------

    def __add__(self, other: Operand) -> Value:
        return _apply(ops.ADD, self, other)

    def __radd__(self, other: Operand) -> Value:
        return _apply(ops.ADD, other, self)

    def __sub__(self, other: Operand) -> Value:
        return _apply(ops.SUB, self, other)

    def __rsub__(self, other: Operand) -> Value:
        return _apply(ops.SUB, other, self)

    def __mul__(self, other: Operand) -> Value:
        return _apply(ops.MUL, self, other)

    def __rmul__(self, other: Operand) -> Value:
        return _apply(ops.MUL, other, self)

    def __truediv__(self, other: Operand) -> Value:
        return _apply(ops.DIV, self, other)

    def __rtruediv__(self, other: Operand) -> Value:
        return _apply(ops.DIV, other, self)

    def __pow__(self, exponent: Operand) -> Value:
        """``x ** n`` (a number: one edge, d/dx = n·x^(n-1)) or ``x ** y`` (a Value:
        two edges; d/dy = x^y·ln x, which is NaN for x < 0)."""
        if isinstance(exponent, Value):
            return _apply(ops.POW, self, exponent)
        return _apply(ops.power_by(as_number(exponent, "exponent")), self)

    def __rpow__(self, base: float) -> Value:
        return _apply(ops.POW, base, self)

    def __neg__(self) -> Value:
        return _apply(ops.NEG, self)

    def exp(self) -> Value:
        """e**x; d/dx = e**x."""
        return _apply(ops.EXP, self)

    def log(self) -> Value:
        """ln x for x > 0; d/dx = 1/x."""
        return _apply(ops.LOG, self)

    def tanh(self) -> Value:
        """tanh x; d/dx = 1 - tanh(x)^2."""
        return _apply(ops.TANH, self)

    def sigmoid(self) -> Value:
        """σ(x) = 1 / (1 + e**-x); d/dx = σ(x)(1 - σ(x))."""
        return _apply(ops.SIGMOID, self)

    def relu(self) -> Value:
        """max(x, 0); d/dx = 1 for x > 0, else 0 (0 at x = 0, as PyTorch)."""
        return _apply(ops.RELU, self)

    def sqrt(self) -> Value:
        """√x for x >= 0; d/dx = 1/(2√x), +inf at 0."""
        return _apply(ops.SQRT, self)

    def abs(self) -> Value:
        """|x|; d/dx = sign(x): 1, -1, and 0 at x = 0 (PyTorch's convention)."""
        return _apply(ops.ABS, self)

    def __abs__(self) -> Value:
        return _apply(ops.ABS, self)

    def sin(self) -> Value:
        """sin x; d/dx = cos x."""
        return _apply(ops.SIN, self)

    def cos(self) -> Value:
        """cos x; d/dx = -sin x."""
        return _apply(ops.COS, self)

    def softplus(self) -> Value:
        """ln(1 + e**x), computed without overflow; d/dx = σ(x)."""
        return _apply(ops.SOFTPLUS, self)

    def leaky_relu(self, negative_slope: float = 0.01) -> Value:
        """x for x > 0, else s·x; d/dx = 1 for x > 0, else s (s at x = 0, as PyTorch)."""
        return _apply(ops.leaky_relu_by(as_number(negative_slope, "negative_slope")), self)

    def maximum(self, other: Operand) -> Value:
        """The larger of x and y; the gradient goes to the larger, split evenly at a tie
        (PyTorch's ``maximum``)."""
        return _apply(ops.MAXIMUM, self, other)

    def minimum(self, other: Operand) -> Value:
        """The smaller of x and y; the gradient goes to the smaller, split evenly at a tie."""
        return _apply(ops.MINIMUM, self, other)

    def _apply_op(self, op: Op, other: Operand | None = None) -> Value:
        """``op`` applied to self (and other)."""
        return _apply(op, self, other)

    # The ops recorded local derivatives are made of (``autograd.engine.functions``).

    def _slope(self, exponent: Operand) -> Value:
        """self ** exponent with the limits of a derivative: 0 ** -0.5 is inf."""
        if isinstance(exponent, Value):
            return _apply(ops.SLOPE, self, exponent)
        return _apply(ops.slope_by(as_number(exponent, "exponent")), self)

    def _step(self, low: float) -> Value:
        """1 where self > 0, else ``low``; derivative 0."""
        return _apply(ops.step_by(low), self)

    def _sign(self) -> Value:
        """The sign of self (0 at 0); derivative 0."""
        return _apply(ops.SIGN, self)

    def _share(self, other: Operand) -> Value:
        """1, 1/2 or 0 as self >, =, < other; derivative 0."""
        return _apply(ops.SHARE, self, other)

    def _zero(self) -> Value:
        """0 with an edge to self; derivative 0."""
        return _apply(ops.ZERO, self)

    # -- backpropagation -----------------------------------------------------------

    def backward(self, gradient: float = 1.0, *, create_graph: bool = False) -> None:
        """Fill ``.grad`` of every Value this one depends on with d self / d it.

        ``gradient`` seeds d self / d self. With ``create_graph=True`` the pass
        is recorded as Values (see ``grad_value``) so it can be differentiated again.
        """
        graph.backward(self, as_number(gradient, "gradient"), create_graph=create_graph)


def _operand(x: object) -> Value:
    """A Value as is, a number as a constant leaf."""
    if isinstance(x, Value):
        return x
    if isinstance(x, (int, float, numbers.Real)):
        return Value(x)
    raise TypeError(
        f"cannot combine a Value with {type(x).__name__} {x!r}: expected a Value, int or float"
    )


def _apply(op: Op, a: Operand, b: Operand | None = None) -> Value:
    """A new node: ``op`` applied to ``a`` (and ``b``); numbers become constant leaves.

    ``op.evaluate`` computes and checks it; a failed op builds nothing.
    """
    first = a if isinstance(a, Value) else _operand(a)
    # By arity, not by b's value: a user's None must be refused, not taken as unary.
    second = None if op.arity == 1 else b if isinstance(b, Value) else _operand(b)
    # One thread-local read on the usual path: recording, no anomaly detection.
    plain = MODE.plain
    out, da, db = op.evaluate(first, second, not plain and MODE.anomaly)
    node = Value.__new__(Value)
    node._data = out
    node._grad = None
    node.label = None
    if plain or MODE.recording:
        node._a, node._b, node._da, node._db, node._op = first, second, da, db, op
    else:
        node._a = node._b = node._op = None
        node._da = node._db = 0.0
    return node


def as_values(values: Iterable[Any]) -> list[Value]:
    """Check that every item is a Value, naming the first that is not."""
    checked = list(values)
    for i, v in enumerate(checked):
        if not isinstance(v, Value):
            raise TypeError(f"item {i} is {type(v).__name__} {v!r}, not a Value")
    return checked
