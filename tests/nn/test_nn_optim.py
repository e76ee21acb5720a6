"""SGD: plain steps, momentum and weight decay as PyTorch defines them."""

from __future__ import annotations

import pytest

from autograd import Value
from nn import SGD


def quadratic(p: Value) -> Value:
    return (p - 3.0) ** 2  # gradient 2 (p - 3)


def test_plain_step_is_minus_lr_times_grad() -> None:
    p = Value(1.0)
    opt = SGD([p], lr=0.1)
    quadratic(p).backward()
    opt.step()
    assert p.data == pytest.approx(1.0 - 0.1 * 2 * (1.0 - 3.0))


def test_zero_grad_and_repeated_steps_converge() -> None:
    p = Value(0.0)
    opt = SGD([p], lr=0.25)
    for _ in range(50):
        opt.zero_grad()
        quadratic(p).backward()
        opt.step()
    assert p.data == pytest.approx(3.0)
    opt.zero_grad()
    assert p.grad == 0.0


def test_momentum_follows_the_pytorch_recurrence() -> None:
    p = Value(1.0)
    opt = SGD([p], lr=0.1, momentum=0.9)
    expected, velocity = 1.0, None
    for _ in range(5):
        opt.zero_grad()
        quadratic(p).backward()
        g = 2 * (expected - 3.0)
        velocity = g if velocity is None else 0.9 * velocity + g
        expected -= 0.1 * velocity
        opt.step()
        assert p.data == pytest.approx(expected)


def test_weight_decay_adds_decay_times_p() -> None:
    p = Value(2.0)
    opt = SGD([p], lr=0.5, weight_decay=0.1)
    p.grad = 1.0
    opt.step()
    assert p.data == pytest.approx(2.0 - 0.5 * (1.0 + 0.1 * 2.0))


def test_a_parameter_listed_twice_moves_once() -> None:
    p = Value(1.0)
    opt = SGD([p, p], lr=1.0)
    p.grad = 1.0
    opt.step()
    assert p.data == 0.0


def test_the_learning_rate_can_change_between_steps() -> None:
    p = Value(0.0)
    opt = SGD([p], lr=1.0)
    p.grad = 1.0
    opt.step()
    opt.lr = 0.5
    opt.step()
    assert p.data == -1.5


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"lr": -1.0}, "lr"), ({"lr": 0.1, "momentum": float("nan")}, "momentum")],
)
def test_bad_settings(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SGD([Value(1.0)], **kwargs)


def test_bad_parameters() -> None:
    with pytest.raises(TypeError, match="item 1 is float"):
        SGD([Value(1.0), 2.0], lr=0.1)  # type: ignore[list-item]
    with pytest.raises(ValueError, match="empty"):
        SGD([], lr=0.1)


def test_a_schedule_cannot_set_a_bad_learning_rate() -> None:
    opt = SGD([Value(1.0)], lr=0.1)
    opt.lr = 0.05
    assert opt.lr == 0.05
    for bad in (-0.1, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="SGD lr must be a finite number >= 0"):
            opt.lr = bad
    assert opt.lr == 0.05
