"""Seed 004 (Wang): δ^L = a^L - y, the recursion (22) and dC/dw (23), over m samples.

Wang numbers the input layer 1 (its activations a^1_k are the inputs), so the
hidden layer is 2 and the output layer L = 3.
"""

from __future__ import annotations

import pytest

from autograd import Value, topological_order
from nn.documents.examples import Example, wang


@pytest.fixture
def example() -> Example:
    return wang()


def backprop(ex: Example) -> dict[str, Value]:
    root = ex.loss()
    ex.model.zero_grad()
    root.backward()
    return {v.label: v for v in topological_order(root) if v.label is not None}


def test_output_delta_is_a_minus_y(example: Example) -> None:
    n = backprop(example)
    m = len(example.inputs)
    for i, targets in enumerate(example.targets, 1):
        for j, y in enumerate(targets, 1):
            a = n[f"a^3_{j}[{i}]"].data
            # (15): δ^L_j = a^L_j - y_j, divided by m because the cost is averaged
            assert n[f"z^3_{j}[{i}]"].grad == pytest.approx((a - y) / m, rel=1e-12)


def test_hidden_delta_recursion_22(example: Example) -> None:
    n = backprop(example)
    out = example.model.layers[1].neurons
    for i in range(1, len(example.inputs) + 1):
        for k in range(1, 4):
            a = n[f"a^2_{k}[{i}]"].data
            back = sum(out[j - 1].w[k - 1].data * n[f"z^3_{j}[{i}]"].grad for j in range(1, 4))
            assert n[f"z^2_{k}[{i}]"].grad == pytest.approx(back * a * (1 - a), rel=1e-12)


def test_weight_gradient_23_sums_over_samples(example: Example) -> None:
    n = backprop(example)
    for layer in example.model.layers:
        for j, neuron in enumerate(layer.neurons, 1):
            for k, w in enumerate(neuron.w, 1):
                expected = 0.0
                for i, x in enumerate(example.inputs, 1):
                    below = n[f"a^{layer.index - 1}_{k}[{i}]"].data  # a^1_k is the input x_k
                    assert layer.index > 2 or below == x[k - 1]
                    expected += below * n[f"z^{layer.index}_{j}[{i}]"].grad
                assert w.grad == pytest.approx(expected, rel=1e-12), w.label


def test_check_nielsen_names_the_layers_as_wang_numbers_them(example: Example) -> None:
    from nn import check_nielsen

    check = check_nielsen(example.model, example.inputs[0], example.targets[0])
    deltas = [c.quantity for c in check.comparisons if c.equation in ("BP1", "BP2")]
    assert deltas[:3] == ["delta^2_1", "delta^2_2", "delta^2_3"]  # the hidden layer is 2
    assert deltas[3:] == ["delta^3_1", "delta^3_2", "delta^3_3"]  # the output layer L = 3
    assert check.max_difference < 1e-15
