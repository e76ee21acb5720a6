"""Seed 000 (geoscience ch. 9): the chain-rule formulas (65)-(72) against the engine.

The document's cost is binary cross-entropy averaged over m samples (56), so the
gradient of the cost is (1/m) times the sum over samples of the per-sample
formulas. Equations (56)-(58) and (65) write "-dC/dw" on the left: the minus
belongs to the definition of C (C = -(1/m) sum [...]); the right-hand side of
(65), built from (61)-(64), is +dC/dw, which is what the engine gives.
"""

from __future__ import annotations

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


def sample_values(ex: Example, i: int) -> dict[str, float]:
    """Forward values of sample i (1-based) as the document names them."""
    root = ex.loss()
    found = {v.label: v.data for v in topological_order(root) if v.label is not None}
    return {
        "y_hat": found[f"y_hat[{i}]"],
        "s1": found[f"σ(h1)[{i}]"],
        "x1": ex.inputs[i - 1][0],
        "y": ex.targets[i - 1][0],
    }


def sigma_prime(s: float) -> float:
    return s * (1 - s)  # (62): σ'(h) = σ(h)[1 - σ(h)]


def weight(ex: Example, label: str) -> Value:
    return next(w for w in ex.weights() if w.label == label)


def test_equation_67_hidden_to_output(example: Example) -> None:
    m = len(example.inputs)
    total = 0.0
    for i in range(1, m + 1):
        v = sample_values(example, i)
        dc_dyhat = (1 - v["y"]) / (1 - v["y_hat"]) - v["y"] / v["y_hat"]  # (61)
        total += dc_dyhat * sigma_prime(v["y_hat"]) * v["s1"]  # (67)
    assert weight(example, "w^(2)_11").grad == pytest.approx(total / m, rel=1e-12)


def test_equation_65_input_to_hidden(example: Example) -> None:
    m = len(example.inputs)
    w2_11 = weight(example, "w^(2)_11").data
    total = 0.0
    for i in range(1, m + 1):
        v = sample_values(example, i)
        dc_dyhat = (1 - v["y"]) / (1 - v["y_hat"]) - v["y"] / v["y_hat"]
        total += dc_dyhat * sigma_prime(v["y_hat"]) * w2_11 * sigma_prime(v["s1"]) * v["x1"]
    assert weight(example, "w^(1)_11").grad == pytest.approx(total / m, rel=1e-12)


def test_error_terms_68_to_72(example: Example) -> None:
    # delta^{n-1} = dC/dh2 (68), delta^1 = delta^{n-1} w^(2)_11 σ'(h1) (71), and
    # dC/dw^(1)_11 = delta^1 x1 (72), summed over the samples.
    m = len(example.inputs)
    root = example.loss()
    example.model.zero_grad()  # the fixture's backward pass already filled the weights
    root.backward()
    nodes = {v.label: v for v in topological_order(root) if v.label is not None}
    w2_11 = weight(example, "w^(2)_11").data
    total = 0.0
    for i in range(1, m + 1):
        delta_out = nodes[f"h2[{i}]"].grad
        s1 = nodes[f"σ(h1)[{i}]"].data
        delta_hidden = delta_out * w2_11 * sigma_prime(s1)
        assert nodes[f"h1[{i}]"].grad == pytest.approx(delta_hidden, rel=1e-12)  # (71)
        total += delta_hidden * example.inputs[i - 1][0]  # (72)
    assert weight(example, "w^(1)_11").grad == pytest.approx(total, rel=1e-12)


def test_sigmoid_with_cross_entropy_gives_y_hat_minus_y(example: Example) -> None:
    # (68) simplifies: (dC/dy_hat) σ'(h2) = y_hat - y per sample (times 1/m for the average).
    m = len(example.inputs)
    for i in range(1, m + 1):
        v = sample_values(example, i)
        assert node(example, f"h2[{i}]").grad == pytest.approx((v["y_hat"] - v["y"]) / m)


def test_update_73(example: Example) -> None:
    w = weight(example, "w^(2)_11")
    before, eta = w.data, 0.1
    w.data -= eta * w.grad  # w' = w - η dC/dw
    assert w.data == pytest.approx(before - eta * w.grad)
    assert geoscience().loss().data > example.loss().data  # one step lowers the cost
