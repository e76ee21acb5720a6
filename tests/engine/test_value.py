"""Value, the operators and backward: semantics users rely on."""

from __future__ import annotations

import math

import pytest

from autograd import Value, topological_order, zero_grad, zero_grad_graph
from autograd.engine.ops import OPS


def test_value_holds_data_label_and_no_gradient_yet() -> None:
    x = Value(3, label="x")
    assert x.data == 3.0 and type(x.data) is float
    assert x.label == "x"
    assert x.is_leaf and x.parents == () and x.op is None
    assert x.grad == 0.0 and not x.has_grad


def test_parents_are_ordered_and_duplicates_kept() -> None:
    a, b = Value(2.0, "a"), Value(5.0, "b")
    c = a - b
    assert c.parents == (a, b)
    assert c.local_grads == (1.0, -1.0)
    square = a * a
    assert square.parents == (a, a)
    square.backward()
    assert a.grad == 4.0  # both edges contribute b = a: 2 + 2


def test_numbers_on_either_side() -> None:
    x = Value(2.0)
    assert (x + 1).data == 3.0 and (1 + x).data == 3.0
    assert (x - 1).data == 1.0 and (1 - x).data == -1.0
    assert (x * 3).data == 6.0 and (3 * x).data == 6.0
    assert (x / 4).data == 0.5 and (4 / x).data == 2.0
    assert (x**3).data == 8.0 and (2**x).data == 4.0
    assert (-x).data == -2.0


def test_number_exponent_is_one_edge() -> None:
    x = Value(3.0)
    y = x**2
    assert y.parents == (x,)
    assert y.op is not None and y.op.name == "pow"
    assert y.op.describe("x") == "x ** 2"
    assert y.local_grads == (6.0,)


def test_value_exponent_has_two_edges() -> None:
    x, n = Value(2.0), Value(3.0)
    y = x**n
    y.backward()
    assert y.data == 8.0
    assert x.grad == pytest.approx(3 * 2.0**2)
    assert n.grad == pytest.approx(8.0 * math.log(2.0))


def test_division_is_one_step() -> None:
    a, b = Value(1.0, "a"), Value(4.0, "b")
    q = a / b
    assert q.op is OPS["div"] and q.parents == (a, b)
    q.backward()
    assert a.grad == 0.25 and b.grad == -1.0 / 16.0


def test_known_trap_repeated_use_accumulates() -> None:
    a = Value(1.0)
    b = a + a
    c = b + b
    c.backward()
    assert a.grad == 4.0
    assert b.grad == 2.0


def test_two_backward_calls_double_leaf_gradients_exactly() -> None:
    x, w = Value(0.37, "x"), Value(-1.3, "w")
    y = (x * w + 0.1).tanh() * x
    y.backward()
    once = (x.grad, w.grad)
    inner = [v for v in topological_order(y) if not v.is_leaf]
    inner_grads = [v.grad for v in inner]
    y.backward()
    assert (x.grad, w.grad) == (2 * once[0], 2 * once[1])
    # Non-leaf gradients are this pass's values, not accumulated.
    assert [v.grad for v in inner] == inner_grads


def test_zero_grad_helpers() -> None:
    x, w = Value(1.5), Value(2.0)
    y = x * w
    y.backward()
    zero_grad([x])
    assert x.grad == 0.0 and w.grad == 1.5 and x.has_grad
    zero_grad_graph(y)
    assert (x.grad, w.grad, y.grad) == (0.0, 0.0, 0.0)
    with pytest.raises(TypeError, match="item 1 is int"):
        zero_grad([x, 3])  # type: ignore[list-item]


def test_backward_with_seed_gradient() -> None:
    x = Value(2.0)
    y = x * x
    y.backward(gradient=0.5)
    assert x.grad == 2.0


def test_backward_on_a_leaf() -> None:
    x = Value(2.0)
    x.backward()
    assert x.grad == 1.0


def test_topological_order_puts_parents_first() -> None:
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    e = d * c
    order = topological_order(e)
    assert len(order) == len(set(order)) == 5
    position = {v: i for i, v in enumerate(order)}
    for v in order:
        assert all(position[p] < position[v] for p in v.parents)


def test_million_node_chain_backpropagates_without_recursion() -> None:
    x = Value(1.0)
    y = x
    for _ in range(1_000_000):
        y = y + 1e-6
    y.backward()
    assert x.grad == 1.0
    assert y.data == pytest.approx(2.0)


def test_saturating_functions_reach_their_limits() -> None:
    for big, low, high in ((1000.0, 0.0, 1.0), (1e308, 0.0, 1.0)):
        lo, hi = Value(-big).sigmoid(), Value(big).sigmoid()
        assert (lo.data, hi.data) == (low, high)
        assert lo.local_grads == (0.0,) and hi.local_grads == (0.0,)
    for sign in (1.0, -1.0):
        t = Value(sign * 1000.0).tanh()
        assert t.data == sign and t.local_grads == (0.0,)


def test_relu_and_its_derivative() -> None:
    assert Value(-2.0).relu().data == 0.0
    assert math.copysign(1.0, Value(-2.0).relu().data) == 1.0  # +0.0, not -0.0
    assert Value(3.0).relu().local_grads == (1.0,)
    assert Value(0.0).relu().local_grads == (0.0,)


def test_label_and_named() -> None:
    z = (Value(1.0) * 2).named("z")
    assert z.label == "z"
    z.label = "renamed"
    assert z.label == "renamed"
    assert "label='renamed'" in repr(z)
    with pytest.raises(TypeError, match="label"):
        Value(1.0, label=3)  # type: ignore[arg-type]


def test_float_conversion_and_repr() -> None:
    x = Value(0.25, "x")
    assert float(x) == 0.25
    assert repr(x) == "Value(data=0.25, grad=0.0, label='x')"


def test_seed002_single_neuron() -> None:
    """Seed 002: y1 = sigmoid(x1 w1 + x2 w2), e1 = 1/2 (y1 - d1)^2,
    so de1/dw1 = (y1 - d1) y1 (1 - y1) x1."""
    x1, x2 = Value(0.6, "x1"), Value(-0.4, "x2")
    w1, w2 = Value(0.3, "w1"), Value(0.8, "w2")
    d1 = 0.25
    z1 = (x1 * w1 + x2 * w2).named("z1")
    y1 = z1.sigmoid().named("y1")
    e1 = (0.5 * (y1 - d1) ** 2).named("e1")
    e1.backward()
    y = y1.data
    assert w1.grad == pytest.approx((y - d1) * y * (1 - y) * x1.data, rel=1e-15)
    assert w2.grad == pytest.approx((y - d1) * y * (1 - y) * x2.data, rel=1e-15)
    assert y1.grad == pytest.approx(y - d1, rel=1e-15)
    assert z1.grad == pytest.approx((y - d1) * y * (1 - y), rel=1e-15)
