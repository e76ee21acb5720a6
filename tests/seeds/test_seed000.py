"""Seed 000 (geoscience ch. 9): the chain-rule formulas (55)-(74) against the engine.

The document's cost is binary cross-entropy averaged over m samples (56), so the
gradient of the cost is (1/m) times the sum over samples of the per-sample
formulas. Equations (56)-(58) and (65) write "-dC/dw" on the left: the minus
belongs to the definition of C (C = -(1/m) sum [...]); the right-hand side of
(65), built from (61)-(64), is +dC/dw, which is what the engine gives.

``forward`` recomputes every sample in plain Python from the example's weights,
so the sums over m samples below never read a gradient from the engine.
"""

from __future__ import annotations

import math

import pytest

from autograd import Value, topological_order
from nn.documents.examples import Example, geoscience


@pytest.fixture
def example() -> Example:
    ex = geoscience()
    ex.loss().backward()
    return ex


def node(ex: Example, label: str) -> Value:
    root = ex.loss()
    root.backward()
    return next(v for v in topological_order(root) if v.label == label)


def sigmoid(h: float) -> float:
    return 1 / (1 + math.exp(-h))


def sigma_prime(s: float) -> float:
    return s * (1 - s)  # (62): σ'(h) = σ(h)[1 - σ(h)]


def weights_of(ex: Example) -> dict[str, float]:
    return {w.label: w.data for w in ex.weights() if w.label is not None}


def forward(w: dict[str, float], x: list[float]) -> dict[str, float]:
    """One sample's forward pass by (59) and (60), with neuron 2's input called h1_2."""
    h1 = sum(w[f"w^(1)_{k}1"] * x[k - 1] for k in (1, 2, 3)) + w["w^(1)_41"]  # (60)
    h1_2 = sum(w[f"w^(1)_{k}2"] * x[k - 1] for k in (1, 2, 3)) + w["w^(1)_42"]
    s1, s2 = sigmoid(h1), sigmoid(h1_2)
    h2 = s1 * w["w^(2)_11"] + s2 * w["w^(2)_21"] + w["w^(2)_31"]  # (59), with σ(h1_2)
    return {"x1": x[0], "x2": x[1], "s1": s1, "s2": s2, "y_hat": sigmoid(h2)}


def cost(w: dict[str, float], ex: Example) -> float:
    """(56) with its brackets closed as meant:
    C = -(1/m) Σ_i [y_i ln ŷ_i + (1 - y_i) ln(1 - ŷ_i)]."""
    total = 0.0
    for x, (y,) in zip(ex.inputs, ex.targets):
        y_hat = forward(w, x)["y_hat"]
        total += y * math.log(y_hat) + (1 - y) * math.log(1 - y_hat)
    return -total / len(ex.inputs)


def deltas(w: dict[str, float], ex: Example) -> list[tuple[dict[str, float], float, float]]:
    """Per sample: its forward values, δ^2 by (68) and δ^1 by (71)."""
    found = []
    for x, (y,) in zip(ex.inputs, ex.targets):
        v = forward(w, x)
        dc_dyhat = (1 - y) / (1 - v["y_hat"]) - y / v["y_hat"]  # (61)
        delta2 = dc_dyhat * sigma_prime(v["y_hat"])  # (68)
        delta1 = delta2 * w["w^(2)_11"] * sigma_prime(v["s1"])  # (71)
        found.append((v, delta2, delta1))
    return found


def weight(ex: Example, label: str) -> Value:
    return next(w for w in ex.weights() if w.label == label)


def test_cost_56_with_its_brackets_closed(example: Example) -> None:
    # Slip: (56) prints [Σ [y_i ln(σ(h2)] + (1 - y_i) ln(1 - σ(h2))], which leaves the
    # second term outside the sum; the cost the chapter then differentiates has both
    # terms inside it, per sample, and the engine's C is that one.
    assert example.loss().data == pytest.approx(cost(weights_of(example), example), rel=1e-12)


def test_equation_67_hidden_to_output(example: Example) -> None:
    per_sample = deltas(weights_of(example), example)
    total = sum(delta2 * v["s1"] for v, delta2, _ in per_sample)  # (67) = (69): δ^2 σ(h1)
    assert weight(example, "w^(2)_11").grad == pytest.approx(total / len(per_sample), rel=1e-12)


def test_equation_65_input_to_hidden(example: Example) -> None:
    w = weights_of(example)
    total = 0.0
    for x, (y,) in zip(example.inputs, example.targets):
        v = forward(w, x)
        dc_dyhat = (1 - y) / (1 - v["y_hat"]) - y / v["y_hat"]
        total += dc_dyhat * sigma_prime(v["y_hat"]) * w["w^(2)_11"] * sigma_prime(v["s1"]) * x[0]
    assert weight(example, "w^(1)_11").grad == pytest.approx(total / len(example.inputs), rel=1e-12)


def test_error_terms_68_to_72(example: Example) -> None:
    # δ^{n-1} = dC/dh2 (68), δ^1 = δ^{n-1} w^(2)_11 σ'(h1) (71), and
    # dC/dw^(1)_11 = δ^1 x1 (72), per sample; C is a mean, so each δ carries 1/m.
    m = len(example.inputs)
    root = example.loss()
    example.model.zero_grad()  # the fixture's backward pass already filled the weights
    root.backward()
    nodes = {v.label: v for v in topological_order(root) if v.label is not None}
    for i, (_, delta2, delta1) in enumerate(deltas(weights_of(example), example), 1):
        assert nodes[f"h2[{i}]"].grad == pytest.approx(delta2 / m, rel=1e-12)  # (68)
        assert nodes[f"h1[{i}]"].grad == pytest.approx(delta1 / m, rel=1e-12)  # (71)


def test_sigmoid_with_cross_entropy_gives_y_hat_minus_y(example: Example) -> None:
    # (68) simplifies: (dC/dŷ) σ'(h2) = ŷ - y per sample (times 1/m for the average).
    m = len(example.inputs)
    for i, (x, (y,)) in enumerate(zip(example.inputs, example.targets), 1):
        y_hat = forward(weights_of(example), x)["y_hat"]
        assert node(example, f"h2[{i}]").grad == pytest.approx((y_hat - y) / m)


def test_update_73_74_sums_over_the_m_samples(example: Example) -> None:
    # (73) w^(2)' = w^(2) - η Σ_i δ^2 σ(h1) and (74) w^(1)' = w^(1) - η Σ_i δ^1 x1, each
    # sum over the m samples computed here from the forward pass alone. They are the
    # gradient of the *summed* cost, m times that of (56)'s mean C: the engine's
    # w.grad times m. (Slip: (73) and (74) write the sum equal to dC/dw_i, dropping
    # (56)'s 1/m.)
    eta, m = 0.5, len(example.inputs)
    w = weights_of(example)
    per_sample = deltas(w, example)
    sum_73 = sum(delta2 * v["s1"] for v, delta2, _ in per_sample)
    sum_74 = sum(delta1 * v["x1"] for v, _, delta1 in per_sample)
    expected = {
        "w^(2)_11": w["w^(2)_11"] - eta * sum_73,
        "w^(1)_11": w["w^(1)_11"] - eta * sum_74,
    }
    for v in example.weights():  # the engine's step on the summed cost
        v.data -= eta * m * v.grad
    for label, value in expected.items():
        assert weight(example, label).data == pytest.approx(value, rel=1e-12), label
    assert weight(example, "w^(2)_11").data != pytest.approx(w["w^(2)_11"] - eta * sum_73 / m)
    # One step down the gradient lowers the cost (56), computed without the engine.
    assert cost(weights_of(example), example) < cost(w, example)


def test_update_74_uses_each_weights_own_input(example: Example) -> None:
    # Slip: (74) writes "δ^1 x_1" for every w_i^(1), and (73) "δ^2 σ(h1)" for every
    # w_i^(2). Each weight's gradient takes the input that weight multiplies:
    # w^(1)_21 takes x2, and w^(2)_21 takes hidden unit 2's activation.
    m = len(example.inputs)
    per_sample = deltas(weights_of(example), example)
    with_x2 = sum(delta1 * v["x2"] for v, _, delta1 in per_sample) / m
    with_x1 = sum(delta1 * v["x1"] for v, _, delta1 in per_sample) / m
    assert weight(example, "w^(1)_21").grad == pytest.approx(with_x2, rel=1e-12)
    assert weight(example, "w^(1)_21").grad != pytest.approx(with_x1, rel=1e-3)
    with_s2 = sum(delta2 * v["s2"] for v, delta2, _ in per_sample) / m
    assert weight(example, "w^(2)_21").grad == pytest.approx(with_s2, rel=1e-12)
