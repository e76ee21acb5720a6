"""What the benchmark (tests/benchmarks/bench.py) runs computes what it claims.

No timings here: these check that the eager, taped and hand-written moons
steps agree, that the references compute the same loss, and the chain, sum,
memory and depth workloads' results.
"""

from __future__ import annotations

import gc
import math
import sys
import tracemalloc
from pathlib import Path

import pytest

from autograd import Value

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

# workloads is found through the path above.
from workloads import (
    FloatStep,
    SeegradStep,
    TapeStep,
    Weights,
    chain,
    float_step,
    initial_weights,
    long_sum,
    moons,
)


def grads_of(eager: SeegradStep) -> list[float]:
    return [p.grad for p in eager.params]


def flat(weights: Weights) -> list[float]:
    """Parameters in nn.MLP's order: layer by layer, neuron by neuron, weights then bias."""
    return [x for layer in weights for w, b in layer for x in (*w, b)]


@pytest.fixture
def data() -> tuple[list[list[float]], list[float]]:
    return moons()


def test_moons_labels_and_points(data: tuple[list[list[float]], list[float]]) -> None:
    points, labels = data
    assert len(points) == 100 and sorted(set(labels)) == [-1.0, 1.0]
    assert labels.count(1.0) == 50 and all(len(p) == 2 for p in points)


def test_eager_uses_the_weights_it_is_given(data: tuple[list[list[float]], list[float]]) -> None:
    weights = initial_weights()
    eager = SeegradStep(weights, *data)
    assert [p.data for p in eager.params] == flat(weights)


def test_taped_steps_equal_eager_steps_bit_for_bit(
    data: tuple[list[list[float]], list[float]],
) -> None:
    weights = initial_weights()
    eager = SeegradStep(weights, *data)
    taped = TapeStep(SeegradStep(weights, *data))
    for _ in range(4):  # the parameters move, and some relus switch on or off
        assert taped() == eager()
        assert [p.grad for p in taped.params] == grads_of(eager)
        assert [p.data for p in taped.params] == [p.data for p in eager.params]


def test_hand_written_step_agrees_with_the_engine(
    data: tuple[list[list[float]], list[float]],
) -> None:
    weights = initial_weights()
    eager = SeegradStep(weights, *data)
    by_hand = FloatStep(weights, *data)
    for _ in range(3):
        expected_loss, grads = float_step(by_hand.weights, *data)
        loss = eager()
        assert loss == pytest.approx(expected_loss, rel=1e-12)
        assert grads_of(eager) == pytest.approx(flat(grads), rel=1e-9, abs=1e-15)
        assert by_hand() == expected_loss


def test_hand_written_gradient_matches_finite_differences(
    data: tuple[list[list[float]], list[float]],
) -> None:
    weights = initial_weights(seed=3)
    _, grads = float_step(weights, *data)
    h = 1e-6
    for layer, j, k in ((0, 3, 1), (1, 5, 7), (2, 0, 12)):
        w = weights[layer][j][0]
        saved = w[k]
        w[k] = saved + h
        up, _ = float_step(weights, *data)
        w[k] = saved - h
        down, _ = float_step(weights, *data)
        w[k] = saved
        assert grads[layer][j][0][k] == pytest.approx((up - down) / (2 * h), rel=1e-5, abs=1e-9)


def test_micrograd_computes_the_same_loss(data: tuple[list[list[float]], list[float]]) -> None:
    pytest.importorskip("micrograd")
    from bench import micrograd_step

    weights = initial_weights()
    step = micrograd_step(weights, *data)
    assert step is not None
    # micrograd adds the bias first, so the sums round differently.
    assert step() == pytest.approx(SeegradStep(weights, *data)(), rel=1e-12)


def test_torch_computes_the_same_loss(data: tuple[list[list[float]], list[float]]) -> None:
    pytest.importorskip("torch")
    from bench import torch_step

    weights = initial_weights()
    step = torch_step(weights, *data)
    assert step is not None
    assert step() == pytest.approx(SeegradStep(weights, *data)(), rel=1e-12)


def test_chain_gradient_by_hand_and_on_the_tape() -> None:
    from bench import float_chain

    root, y = chain(1_000, Value)
    root.backward()
    expected_root, expected_dy = float_chain(1_000)
    assert root.data == expected_root
    assert y.grad == pytest.approx(expected_dy, rel=1e-12)
    # d/dy of ((0.5 y + y) y + y) ...: 500 multiplications and 500 additions.
    assert 1_000 < y.grad < 1e6


def test_long_sum_gradients_are_ones() -> None:
    from bench import float_sum

    root, leaves = long_sum(10_000, Value)
    root.backward()
    expected, ones = float_sum(10_000)
    assert root.data == expected
    assert [x.grad for x in leaves] == ones


def test_a_deep_chain_backpropagates_at_the_default_recursion_limit() -> None:
    assert sys.getrecursionlimit() <= 10_000
    root, y = chain(200_000, Value)
    root.backward()
    assert math.isfinite(y.grad) and y.grad > 0.0


@pytest.mark.parametrize("link", ["add", "mul"])
def test_a_chain_node_stays_under_200_bytes(link: str) -> None:
    """One object per node: 64 B of slots + 16 B GC header + 16 B object header,
    data and grad floats of 24 B each = 144 B; backward's order and visited set
    come on top while it runs (how much depends on the set's growth steps)."""
    n = 100_000
    gc.collect()
    tracemalloc.start()
    x, y = Value(0.5), Value(1.0000001)
    for _ in range(n):
        x = x + y if link == "add" else x * y
    x.backward()
    graph, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert graph / n <= 150
    assert peak / n <= 200
