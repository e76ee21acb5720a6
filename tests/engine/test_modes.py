"""no_grad, enable_grad and higher-order gradients."""

from __future__ import annotations

import math

import pytest

import autograd
from autograd import Value, enable_grad, grad, no_grad


def test_no_grad_records_no_graph() -> None:
    x = Value(2.0)
    with no_grad():
        y = x * x + 1
        with enable_grad():
            z = x * 3
    assert y.data == 5.0 and y.is_leaf and y.op is None
    assert z.parents == (x, z.parents[1])
    w = x * x
    assert w.parents == (x, x)


def test_no_grad_restores_on_error() -> None:
    with pytest.raises(ZeroDivisionError), no_grad():
        Value(1.0) / 0
    assert not (Value(1.0) + 1).is_leaf


def test_grad_leaves_dot_grad_untouched() -> None:
    x = Value(0.5)
    y = x.tanh()
    (g,) = grad(y, [x])
    assert g.data == pytest.approx(1 - math.tanh(0.5) ** 2)
    assert g.is_leaf
    assert not x.has_grad


def test_grad_rejects_unused_inputs_and_non_values() -> None:
    x, unused = Value(1.0), Value(2.0, "u")
    with pytest.raises(ValueError, match=r"inputs\[1\] \(u\) is not used"):
        grad(x * 2, [x, unused])
    with pytest.raises(TypeError, match="item 0 is float"):
        grad(x * 2, [1.0])  # type: ignore[list-item]


def derivatives(f, x0: float, order: int) -> list[float]:  # type: ignore[no-untyped-def]
    """f(x0), f'(x0), ... by repeated autograd.grad with create_graph."""
    x = Value(x0)
    current = f(x)
    out = [current.data]
    for _ in range(order):
        (current,) = grad(current, [x], create_graph=True)
        out.append(current.data)
    return out


@pytest.mark.parametrize("x0", [-1.7, -0.3, 0.0, 0.4, 2.2])
def test_third_derivatives_match_analytic(x0: float) -> None:
    t = math.tanh(x0)
    tanh_d = [t, 1 - t**2, -2 * t * (1 - t**2), -2 * (1 - t**2) * (1 - 3 * t**2)]
    s = 1 / (1 + math.exp(-x0))
    sig_d = [s, s * (1 - s), s * (1 - s) * (1 - 2 * s), s * (1 - s) * (1 - 6 * s + 6 * s**2)]
    e = math.exp(x0)
    cube_d = [x0**3, 3 * x0**2, 6 * x0, 6.0]
    for f, expected in (
        (lambda v: v.tanh(), tanh_d),
        (lambda v: v.sigmoid(), sig_d),
        (lambda v: v.exp(), [e, e, e, e]),
        (lambda v: v**3, cube_d),
    ):
        assert derivatives(f, x0, 3) == pytest.approx(expected, rel=1e-12, abs=1e-12)


def test_backward_create_graph_gives_differentiable_grads() -> None:
    x = Value(0.3)
    y = x**3
    y.backward(create_graph=True)
    assert x.grad == pytest.approx(3 * 0.3**2)
    first = x.grad_value
    assert not first.is_leaf
    (second,) = grad(first, [x])
    assert second.data == pytest.approx(6 * 0.3)
    # PyTorch semantics: backward through the gradient accumulates into the leaf.
    first.backward()
    assert x.grad == pytest.approx(3 * 0.3**2 + 6 * 0.3)


def test_mixed_second_derivative() -> None:
    x, y = Value(1.5), Value(-0.5)
    f = (x * y).exp() * x
    (dfdx,) = autograd.grad(f, [x], create_graph=True)
    (d2,) = autograd.grad(dfdx, [y])
    # f = x e^{xy}; df/dx = e^{xy}(1 + xy); d2f/dxdy = e^{xy}(x(1 + xy) + x)
    expected = math.exp(1.5 * -0.5) * (1.5 * (1 + 1.5 * -0.5) + 1.5)
    assert d2.data == pytest.approx(expected, rel=1e-12)


def test_backward_create_graph_records_even_inside_no_grad() -> None:
    x = Value(0.5)
    y = x * x * x
    with no_grad():
        y.backward(create_graph=True)
    (second,) = grad(x.grad_value, [x])
    assert second.data == pytest.approx(6 * 0.5)


def test_no_grad_is_per_thread() -> None:
    import threading

    built: list[bool] = []

    def elsewhere() -> None:
        built.append((Value(1.0) * Value(2.0)).is_leaf)

    with no_grad():
        thread = threading.Thread(target=elsewhere)
        thread.start()
        thread.join()
        assert (Value(1.0) * 2).is_leaf
    assert built == [False]  # the other thread kept recording
