"""Seed 002 (back propagation explained): a hidden weight's gradient is a sum over two paths.

q1 = x1 w1 + x2 w2, h = σ(q), z1 = h1 w5 + h2 w6, y = σ(z), e = 1/2 (y - d)^2,
E = e1 + e2. The slides give formulas, not numbers, so the numbers here are chosen
and every trace is checked against the slides' closed forms.
"""

from __future__ import annotations

import pytest

from autograd import Value
from autograd.show.traces import trace


def network(
    x1: float = 0.6, x2: float = -0.4, d1: float = 0.2, d2: float = 0.9
) -> dict[str, Value]:
    v = {"x1": Value(x1, "x1"), "x2": Value(x2, "x2")}
    for k, data in enumerate([0.3, -0.2, 0.5, 0.1, -0.6, 0.4, 0.7, -0.3], start=1):
        v[f"w{k}"] = Value(data, f"w{k}")
    v["q1"] = (v["x1"] * v["w1"] + v["x2"] * v["w2"]).named("q1")
    v["q2"] = (v["x1"] * v["w3"] + v["x2"] * v["w4"]).named("q2")
    v["h1"], v["h2"] = v["q1"].sigmoid().named("h1"), v["q2"].sigmoid().named("h2")
    v["z1"] = (v["h1"] * v["w5"] + v["h2"] * v["w6"]).named("z1")
    v["z2"] = (v["h1"] * v["w7"] + v["h2"] * v["w8"]).named("z2")
    v["y1"], v["y2"] = v["z1"].sigmoid().named("y1"), v["z2"].sigmoid().named("y2")
    v["e1"] = (0.5 * (v["y1"] - d1) ** 2).named("e1")
    v["e2"] = (0.5 * (v["y2"] - d2) ** 2).named("e2")
    v["E"] = (v["e1"] + v["e2"]).named("E")
    v["E"].backward()
    return v


def test_w5_is_one_path_with_the_slides_formula() -> None:
    v = network()
    t = trace(v["E"], v["w5"])
    assert t.path_count == 1
    y1, d1, h1 = v["y1"].data, 0.2, v["h1"].data
    assert t.value == pytest.approx((y1 - d1) * y1 * (1 - y1) * h1, rel=1e-12)
    text = str(t)
    assert "dy1/dz1 = y1(1 - y1)" in text and "dz1/dw5 = h1" in text


def test_w1_has_two_paths_through_e1_and_e2() -> None:
    v = network()
    t = trace(v["E"], v["w1"])
    assert t.path_count == 2
    chains = [[s.parent.label for s in p.factors] for p in t.paths]
    assert chains == [["e1", "y1", "z1", "h1", "q1", "w1"], ["e2", "y2", "z2", "h1", "q1", "w1"]]
    y1, y2, h1, x1 = v["y1"].data, v["y2"].data, v["h1"].data, 0.6
    shared = h1 * (1 - h1) * x1  # dh1/dq1 * dq1/dw1
    # de1/dw1 = (y1 - d1) y1 (1 - y1) w5 h1 (1 - h1) x1, and the same through y2 and w7.
    assert t.paths[0].product == pytest.approx((y1 - 0.2) * y1 * (1 - y1) * -0.6 * shared)
    assert t.paths[1].product == pytest.approx((y2 - 0.9) * y2 * (1 - y2) * 0.7 * shared)
    assert t.value == pytest.approx(v["w1"].grad, rel=1e-12)
    assert "dq1/dw1 = x1 = 0.6" in str(t)
    assert "dE/dw1 = dE/dh1 * dh1/dq1 * dq1/dw1" in str(t)
