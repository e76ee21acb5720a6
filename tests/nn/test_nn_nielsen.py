"""Nielsen's BP1-BP4 against the engine, and the error terms delta^l_j."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

import pytest

from autograd import Value
from nn import MLP, binary_cross_entropy, check_nielsen, error_terms, mse
from nn.documents.nielsen import activation_derivative


def test_bp1_to_bp4_on_a_random_3_4_2_network() -> None:
    model = MLP(3, [4, 2], "sigmoid", seed=11)
    check = check_nielsen(model, [0.4, -0.7, 1.2], [0.1, 0.9])
    assert len(check.equation("BP1")) == 2
    assert len(check.equation("BP2")) == 4
    assert len(check.equation("BP3")) == 6
    assert len(check.equation("BP4")) == 3 * 4 + 4 * 2
    for comparison in check.comparisons:
        assert comparison.engine == pytest.approx(comparison.formula, rel=1e-12, abs=1e-15)
    assert any(abs(c.engine) > 1e-3 for c in check.comparisons)  # not all trivially zero


def test_the_formula_side_is_independent_of_the_engine_gradients() -> None:
    # Recompute the vector formulas by hand from the forward values only.
    model = MLP(3, [4, 2], "sigmoid", seed=5)
    x, y = [0.2, 0.5, -0.3], [1.0, 0.0]
    check = check_nielsen(model, x, y)
    hidden, out = model.layers
    a1 = [n.a.data for n in hidden.neurons if n.a is not None]
    a2 = [n.a.data for n in out.neurons if n.a is not None]
    delta2 = [(a - t) * a * (1 - a) for a, t in zip(a2, y)]  # BP1 for C = 1/2 |a - y|^2
    delta1 = [
        sum(out.neurons[j].w[k].data * delta2[j] for j in range(2)) * a1[k] * (1 - a1[k])
        for k in range(4)
    ]  # BP2
    assert [c.formula for c in check.equation("BP1")] == pytest.approx(delta2)
    assert [c.formula for c in check.equation("BP2")] == pytest.approx(delta1)
    assert error_terms(model) == [pytest.approx(delta1), pytest.approx(delta2)]
    bp4 = {c.quantity: c.engine for c in check.equation("BP4")}
    assert bp4["dC/dw^2_13"] == pytest.approx(a1[2] * delta2[0])
    assert bp4["dC/dw^1_42"] == pytest.approx(x[1] * delta1[3])


@pytest.mark.parametrize(("activation", "last"), [("tanh", "linear"), ("relu", "sigmoid")])
def test_other_activations_and_losses(activation: str, last: str) -> None:
    rng = random.Random(3)
    model = MLP(3, [5, 4, 2], activation, last, seed=7)
    x = [rng.uniform(-1, 1) for _ in range(3)]
    check = check_nielsen(model, x, [0.3, -0.2], loss=mse)
    assert check.max_difference < 1e-12
    assert {c.equation for c in check.comparisons} == {"BP1", "BP2", "BP3", "BP4"}
    assert "BP4" in str(check)


def test_cross_entropy_output_error_is_a_minus_y() -> None:
    model = MLP(2, [3, 2], "sigmoid", seed=2)

    def cost(outputs: list[Value], targets: Sequence[float]) -> Value:
        return binary_cross_entropy([outputs], [targets])

    y = [1.0, 0.0]
    check = check_nielsen(model, [0.5, -0.5], y, loss=cost)
    outputs = [n.a.data for n in model.layers[-1].neurons if n.a is not None]
    assert [c.engine for c in check.equation("BP1")] == pytest.approx(
        [a - t for a, t in zip(outputs, y)]
    )
    assert check.max_difference < 1e-12


def test_activation_derivatives() -> None:
    model = MLP(1, [1], "tanh", weights=[[[1.0]]], biases=[[0.0]])
    model([0.5])
    neuron = model.layers[0].neurons[0]
    assert activation_derivative(neuron) == pytest.approx(1 - math.tanh(0.5) ** 2)


def test_error_terms_need_a_backward_pass() -> None:
    model = MLP(2, [2, 1], seed=0)
    with pytest.raises(ValueError, match="run a forward pass and backward"):
        error_terms(model)
    model([1.0, 2.0])
    with pytest.raises(ValueError, match="z\\^1_1"):
        error_terms(model)
