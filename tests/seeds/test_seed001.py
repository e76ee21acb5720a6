"""Seed 001 (Punnen ch. 4): equations (A) and (B) for a^0 -> a^1 -> a^2, quadratic cost."""

from __future__ import annotations

import math

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


def test_terms_11_to_13_and_21_to_232(example: Example) -> None:
    # Each term is a factor of the engine's trace, in Punnen's order (weight first).
    loss = example.loss()
    loss.backward()
    p = parts(example)
    w1, _, w2, _ = example.weights()
    a = [f.local for f in example.trace(loss, w2).paths[0].factors]
    assert a == pytest.approx([p["a1"], p["s2"], p["a2"] - p["y"]], rel=1e-15)  # (1.1)-(1.3)
    b = [f.local for f in example.trace(loss, w1).paths[0].factors]
    # (2.1) a^0, (2.2) σ'(z^1), then (2.3.2) as its two steps dz^2/da^1 = w^2 and
    # da^2/dz^2 = σ'(z^2), and (2.3.1) dC/da^2 = a^2 - y.
    expected = [p["a0"], p["s1"], p["w2"], p["s2"], p["a2"] - p["y"]]
    assert b == pytest.approx(expected, rel=1e-15)
    # dC/da^1 = dC/da^2 . da^2/da^1, with da^2/da^1 = σ'(z^2) w^2 (2.3.2)
    (n1,) = example.model.layers[0].neurons
    assert n1.a is not None
    assert n1.a.grad == pytest.approx((p["a2"] - p["y"]) * p["s2"] * p["w2"], rel=1e-12)


def test_equation_a_takes_sigma_prime_of_z_not_of_a(example: Example) -> None:
    # Slip: (a) writes da^l/dz^l = σ'(a^l). The derivative is σ'(z^l) = a^l(1 - a^l)
    # (as (1.2) and (2.2) write it); σ'(a^l) = σ(a^l)(1 - σ(a^l)) is another number.
    (n2,) = example.model.layers[1].neurons
    assert n2.a is not None and n2.z is not None
    a2 = n2.a.data
    sigma_of_a = 1 / (1 + math.exp(-a2))
    assert n2.a.local_grads[0] == pytest.approx(a2 * (1 - a2), rel=1e-15)
    assert n2.a.local_grads[0] != pytest.approx(sigma_of_a * (1 - sigma_of_a), rel=1e-3)


def test_the_output_is_a_of_the_last_layer_not_its_input(example: Example) -> None:
    # Slip: "We take a^l as the input at layer l". a^l is layer l's output: a^2 = σ(z^2)
    # with z^2 = w^2 a^1 + b^2, so a^1 is the input of layer 2 and a^2 its output.
    (n1,), (n2,) = (layer.neurons for layer in example.model.layers)
    assert n1.a is not None and n2.z is not None and n2.a is not None
    assert n1.a in n2.z.parents[0].parents or n1.a in n2.z.parents
    assert n2.a.data == pytest.approx(1 / (1 + math.exp(-n2.z.data)), rel=1e-15)
