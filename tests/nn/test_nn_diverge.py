"""A step that would make a parameter NaN or infinite is refused, and fit stops there."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pytest

from autograd import Value
from nn import MLP, SGD, NonFiniteStepError, fit, make_moons, mse


def test_an_overflowing_step_is_refused_and_changes_nothing() -> None:
    a, b = Value(1.0, label="a"), Value(-2.0, label="b")
    opt = SGD([a, b], lr=1e308, momentum=0.9)
    ((a - 3.0) ** 2 + b * 0.5).backward()  # a's gradient -4 overflows, b's 0.5 does not
    with pytest.raises(
        NonFiniteStepError, match=r"parameter a would become inf .lr=1e\+308"
    ) as caught:
        opt.step()
    assert caught.value.parameter is a and caught.value.index == 0
    assert (a.data, b.data) == (1.0, -2.0)  # b, which would have stayed finite, did not move
    opt.lr = 0.1
    opt.step()  # the velocity was not touched by the refused step: this is a first step
    assert a.data == pytest.approx(1.0 + 0.1 * 4) and b.data == pytest.approx(-2.0 - 0.05)


def test_a_nan_gradient_is_refused_with_the_parameter_index() -> None:
    p = Value(1.0)
    p.grad = math.nan
    with pytest.raises(NonFiniteStepError, match=r"parameter params\[0\] would become nan"):
        SGD([p], lr=0.1).step()
    assert p.data == 1.0


def test_fit_stops_instead_of_returning_a_model_of_nans() -> None:
    inputs, labels = make_moons(20, seed=1)
    targets = [[1000.0 * y] for y in labels]  # far targets: gradients in the hundreds
    model = MLP(2, [4, 1], "tanh", "linear", seed=2)
    before = model.state_dict()

    def loss(outputs: list[list[Value]], wanted: Sequence[list[float]]) -> Value:
        return mse([o[0] for o in outputs], [t[0] for t in wanted])

    with pytest.raises(NonFiniteStepError) as caught:
        fit(model, inputs, targets, loss, epochs=5, lr=1e308, quiet=True)
    message = str(caught.value)
    assert message.startswith("fit stopped at epoch 1/5 (loss 499596.88")
    assert "parameter layers." in message and "smaller lr" in message
    assert model.state_dict() == before  # the very first step overflowed: nothing moved
    assert caught.value.name.startswith("layers.")
