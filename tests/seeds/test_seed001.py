"""Seed 001 (Punnen ch. 4): equations (A) and (B) for a^0 -> a^1 -> a^2, quadratic cost."""

from __future__ import annotations

import pytest

from nn import check_nielsen
from nn.documents.examples import Example, punnen


@pytest.fixture
def example() -> Example:
    ex = punnen()
    ex.loss().backward()
    return ex


def parts(ex: Example) -> dict[str, float]:
    (n1,), (n2,) = (layer.neurons for layer in ex.model.layers)
    assert n1.a is not None and n2.a is not None
    return {
        "a0": ex.inputs[0][0],
        "a1": n1.a.data,
        "a2": n2.a.data,
        "y": ex.targets[0][0],
        "w2": n2.w[0].data,
        "s1": n1.a.data * (1 - n1.a.data),  # σ'(z^1), written σ'(a^1) in (a)
        "s2": n2.a.data * (1 - n2.a.data),
    }


def test_equation_a_output_layer(example: Example) -> None:
    p = parts(example)
    w2 = example.model.layers[1].neurons[0].w[0]
    assert w2.grad == pytest.approx(p["a1"] * p["s2"] * (p["a2"] - p["y"]), rel=1e-12)


def test_equation_b_inner_layer(example: Example) -> None:
    p = parts(example)
    w1 = example.model.layers[0].neurons[0].w[0]
    expected = p["a0"] * p["s1"] * (p["a2"] - p["y"]) * p["s2"] * p["w2"]
    assert w1.grad == pytest.approx(expected, rel=1e-12)


def test_dc_da2_is_a2_minus_y(example: Example) -> None:
    # (1.3): dC/da^2 = 1/2 * 2 * (a^2 - y)
    (neuron,) = example.model.layers[1].neurons
    assert neuron.a is not None
    p = parts(example)
    assert neuron.a.grad == pytest.approx(p["a2"] - p["y"])


def test_nielsen_equations(example: Example) -> None:
    check = check_nielsen(example.model, example.inputs[0], example.targets[0])
    assert check.max_difference < 1e-15
