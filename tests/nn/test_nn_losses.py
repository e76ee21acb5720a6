"""Losses: values from their definitions, derivatives as the docstrings state them."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import Value
from nn import binary_cross_entropy, half_squared_error, hinge, l2, mse, softmax_cross_entropy

floats = st.floats(-4, 4, allow_nan=False)
probabilities = st.floats(0.01, 0.99)


def leaves(numbers: list[float]) -> list[Value]:
    return [Value(x) for x in numbers]


def numeric_gradient(f: Callable[[list[float]], float], xs: list[float]) -> list[float]:
    h = 1e-6
    grads = []
    for i in range(len(xs)):
        up, down = list(xs), list(xs)
        up[i] += h
        down[i] -= h
        grads.append((f(up) - f(down)) / (2 * h))
    return grads


@given(st.lists(st.tuples(floats, floats), min_size=1, max_size=5))
def test_half_squared_error(pairs: list[tuple[float, float]]) -> None:
    outputs = leaves([o for o, _ in pairs])
    targets = [t for _, t in pairs]
    loss = half_squared_error(outputs, targets)
    assert loss.data == pytest.approx(sum(0.5 * (t - o) ** 2 for o, t in pairs))
    loss.backward()
    for o, t in zip(outputs, targets):
        assert o.grad == pytest.approx(o.data - t)  # dE/do = -(t - o)


@given(st.lists(st.tuples(floats, floats), min_size=1, max_size=5))
def test_mse(pairs: list[tuple[float, float]]) -> None:
    outputs = leaves([o for o, _ in pairs])
    targets = [t for _, t in pairs]
    loss = mse(outputs, targets)
    n = len(pairs)
    assert loss.data == pytest.approx(sum((t - o) ** 2 for o, t in pairs) / n)
    loss.backward()
    for o, t in zip(outputs, targets):
        assert o.grad == pytest.approx(2 / n * (o.data - t))


@given(st.lists(st.tuples(probabilities, st.sampled_from([0.0, 1.0, 0.3])), min_size=1, max_size=4))
def test_binary_cross_entropy(pairs: list[tuple[float, float]]) -> None:
    ps = leaves([p for p, _ in pairs])
    ys = [y for _, y in pairs]
    m = len(pairs)
    loss = binary_cross_entropy(ps, ys)
    expected = -sum(y * math.log(p) + (1 - y) * math.log(1 - p) for p, y in pairs) / m
    assert loss.data == pytest.approx(expected)
    loss.backward()
    for p, y in zip(ps, ys):
        assert p.grad == pytest.approx(((1 - y) / (1 - p.data) - y / p.data) / m)


def test_binary_cross_entropy_through_a_sigmoid_is_p_minus_y() -> None:
    zs = leaves([0.3, -1.2, 2.0])
    ys = [1.0, 0.0, 1.0]
    loss = binary_cross_entropy([z.sigmoid() for z in zs], ys)
    loss.backward()
    for z, y in zip(zs, ys):
        p = 1 / (1 + math.exp(-z.data))
        assert z.grad == pytest.approx((p - y) / 3)


def test_binary_cross_entropy_sums_over_outputs_and_averages_over_samples() -> None:
    samples = [[0.9, 0.2], [0.4, 0.7]]
    targets = [[1.0, 0.0], [0.0, 1.0]]
    loss = binary_cross_entropy([leaves(s) for s in samples], targets)
    expected = -sum(
        y * math.log(p) + (1 - y) * math.log(1 - p)
        for s, t in zip(samples, targets)
        for p, y in zip(s, t)
    )
    assert loss.data == pytest.approx(expected / 2)


@pytest.mark.parametrize(("p", "y"), [(0.0, 1.0), (1.0, 0.0), (0.0, 0.25), (1.0, 0.75)])
def test_binary_cross_entropy_infinite_at_zero_or_one_raises(p: float, y: float) -> None:
    with pytest.raises(ValueError, match=f"sample 1: probability is exactly {p}.*clamp=eps"):
        binary_cross_entropy([Value(0.5), Value(p)], [1.0, y])


@pytest.mark.parametrize("p", [0.0, 1.0])
def test_binary_cross_entropy_exactly_right_is_zero(p: float) -> None:
    """p == y in {0, 1}: the infinite log has coefficient 0 and its limit 0 · ln 0 = 0."""
    q = Value(p)
    loss = binary_cross_entropy([q], [p])
    loss.backward()
    assert loss.data == 0.0
    # dC/dp = (1 - y)/(1 - p) - y/p with the zero-coefficient part left out
    assert q.grad == (-1.0 if p == 1.0 else 1.0)


def test_binary_cross_entropy_clamp_is_explicit() -> None:
    saturated = Value(40.0).sigmoid()  # exactly 1.0 in floating point
    assert saturated.data == 1.0
    loss = binary_cross_entropy([saturated], [0.0], clamp=1e-7)
    assert loss.data == pytest.approx(-math.log(1e-7))
    assert math.isfinite(loss.data)
    with pytest.raises(ValueError, match="clamp must be in"):
        binary_cross_entropy([Value(0.5)], [1.0], clamp=0.7)
    # 1 - 1e-17 rounds to 1: such a clamp would turn a certain, wrong p = 1 into no loss.
    with pytest.raises(ValueError, match="1 - clamp < 1"):
        binary_cross_entropy([Value(1.0)], [0.0], clamp=1e-17)


@pytest.mark.parametrize(
    ("ps", "ys", "message"),
    [
        ([1.5], [1.0], "not a probability"),
        ([0.5], [2.0], "target 2.0 is not in"),
        ([0.5, 0.5], [1.0], "2 samples but 1 targets"),
    ],
)
def test_binary_cross_entropy_bad_input(ps: list[float], ys: list[float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        binary_cross_entropy(leaves(ps), ys)


@given(st.lists(floats, min_size=1, max_size=5), st.data())
def test_softmax_cross_entropy(logits: list[float], data: st.DataObject) -> None:
    target = data.draw(st.integers(0, len(logits) - 1))
    zs = leaves(logits)
    loss = softmax_cross_entropy(zs, target)
    total = sum(math.exp(z) for z in logits)
    assert loss.data == pytest.approx(math.log(total) - logits[target])
    loss.backward()
    for k, z in enumerate(zs):
        assert z.grad == pytest.approx(math.exp(logits[k]) / total - (k == target))


def test_softmax_cross_entropy_large_logits_and_bad_target() -> None:
    assert softmax_cross_entropy([1000.0, 0.0], 0).data == pytest.approx(0.0, abs=1e-12)
    with pytest.raises(ValueError, match=r"class index in 0\.\.1"):
        softmax_cross_entropy([0.0, 1.0], 2)


@given(st.lists(st.tuples(floats, st.sampled_from([-1, 1])), min_size=1, max_size=5))
def test_hinge(pairs: list[tuple[float, int]]) -> None:
    scores = leaves([s for s, _ in pairs])
    labels = [y for _, y in pairs]
    loss = hinge(scores, labels)
    n = len(pairs)
    assert loss.data == pytest.approx(sum(max(0.0, 1 - y * s) for s, y in pairs) / n)
    loss.backward()
    for s, y in zip(scores, labels):
        assert s.grad == pytest.approx(-y / n if y * s.data < 1 else 0.0)


def test_hinge_rejects_zero_one_labels() -> None:
    with pytest.raises(ValueError, match="label 0 is 0"):
        hinge([Value(0.5)], [0])


def test_l2_and_finite_differences() -> None:
    xs = [0.3, -1.1, 2.0]

    def f(values: list[float]) -> float:
        return l2(leaves(values)).data

    params = leaves(xs)
    l2(params).backward()
    assert [p.grad for p in params] == pytest.approx(numeric_gradient(f, xs))
    assert [p.grad for p in params] == pytest.approx([2 * x for x in xs])
