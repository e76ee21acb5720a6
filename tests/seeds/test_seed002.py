"""Seed 002 (slides): single-layer rule, and dE/dw1 as the sum of the paths via e1 and e2."""

from __future__ import annotations

import math

import pytest

from autograd import Value, topological_order
from nn import MLP
from nn.documents.examples import slides


def test_single_layer_rule() -> None:
    # z1 = x1 w1 + x2 w2, y1 = σ(z1), ε1 = 1/2 (y1 - d1)^2:
    # dε1/dw1 = (y1 - d1) y1 (1 - y1) x1
    x1, x2, d1 = 0.5, 1.0, 0.9
    model = MLP(2, [1], "sigmoid", weights=[[[0.3, -0.2]]], bias=False)
    (y1,) = model([x1, x2])
    (0.5 * (y1 - d1) ** 2).backward()
    w1 = model.layers[0].neurons[0].w[0]
    y = 1 / (1 + math.exp(-(x1 * 0.3 + x2 * -0.2)))
    assert w1.grad == pytest.approx((y - d1) * y * (1 - y) * x1, rel=1e-12)


def nodes() -> dict[str, Value]:
    root = slides().loss()
    root.backward()
    return {v.label: v for v in topological_order(root) if v.label is not None}


def sp(v: Value) -> float:
    return v.data * (1 - v.data)


def test_second_layer_weight() -> None:
    n = nodes()
    d1 = slides().targets[0][0]
    # dε/dw5 = (y1 - d1) y1 (1 - y1) h1
    expected = (n["y1"].data - d1) * sp(n["y1"]) * n["h1"].data
    assert n["w5"].grad == pytest.approx(expected, rel=1e-12)


def test_hidden_weight_is_the_sum_of_two_paths() -> None:
    n = nodes()
    d1, d2 = slides().targets[0]
    x1 = n["x1"].data
    # dε1/dw1 = dε1/dy1 dy1/dz1 dz1/dh1 dh1/dq1 dq1/dw1, with dz1/dh1 = w5
    via_e1 = (n["y1"].data - d1) * sp(n["y1"]) * n["w5"].data * sp(n["h1"]) * x1
    # dε2/dw1 = dε2/dy2 dy2/dz2 dz2/dh1 dh1/dq1 dq1/dw1, with dz2/dh1 = w7
    via_e2 = (n["y2"].data - d2) * sp(n["y2"]) * n["w7"].data * sp(n["h1"]) * x1
    assert n["w1"].grad == pytest.approx(via_e1 + via_e2, rel=1e-12)
    assert via_e1 != pytest.approx(0.0) and via_e2 != pytest.approx(0.0)
