"""Each document's equations, written here as the document writes them, are equal
(checked by SymPy) to the engine's formula for the same derivative (``Trace.formula``).

A document's σ'(z) is written with the activation a = σ(z) as a(1 - a), which is
what σ'(z) is; everything else is transcribed symbol for symbol.
"""

from __future__ import annotations

import sympy as sp

from autograd import Value
from autograd.explain.trace import Trace
from autograd.show.traces import trace
from nn.documents.examples import Example, example

S = sp.Symbol


def sigma_prime(a: str) -> sp.Expr:
    """σ'(z) written with the activation a = σ(z)."""
    return S(a) * (1 - S(a))


def traced(name: str, weight: str) -> Trace:
    ex: Example = example(name)
    loss = ex.loss()
    loss.backward()
    [w] = [w for w in ex.weights() if w.label == weight]
    return ex.trace(loss, w)


def same(document: sp.Expr, t: Trace) -> bool:
    return bool(sp.simplify(document - t.formula) == 0)


def test_mazur_w5_and_w1() -> None:
    # dE_total/dw5 = -(target_o1 - out_o1) * out_o1(1 - out_o1) * out_h1
    w5 = -(S("target_o1") - S("out_o1")) * sigma_prime("out_o1") * S("out_h1")
    assert same(w5, traced("mazur", "w5"))
    # dE_total/dw1 = (dE_o1/dout_h1 + dE_o2/dout_h1) * out_h1(1 - out_h1) * i1, with
    # dE_o1/dout_h1 = dE_o1/dnet_o1 * w5, dE_o1/dnet_o1 = -(target_o1 - out_o1) out_o1(1 - out_o1)
    e_o1 = -(S("target_o1") - S("out_o1")) * sigma_prime("out_o1") * S("w5")
    e_o2 = -(S("target_o2") - S("out_o2")) * sigma_prime("out_o2") * S("w7")
    w1 = (e_o1 + e_o2) * sigma_prime("out_h1") * S("i1")
    assert same(w1, traced("mazur", "w1"))
    assert not same(e_o1 * sigma_prime("out_h1") * S("i1"), traced("mazur", "w1"))


def test_punnen_a_and_b() -> None:
    # (A) dC/dw^2 = a^1 σ'(z^2) (a^2 - y)
    a = S("a^1") * sigma_prime("a^2") * (S("a^2") - S("y"))
    assert same(a, traced("punnen", "w^2"))
    # (B) dC/dw^1 = a^0 σ'(z^1) (a^2 - y) σ'(z^2) w^2
    b = S("a^0") * sigma_prime("a^1") * (S("a^2") - S("y")) * sigma_prime("a^2") * S("w^2")
    assert same(b, traced("punnen", "w^2")) is False
    assert same(b, traced("punnen", "w^1"))


def test_geoscience_65_and_67() -> None:
    # Per sample i, (61) dC/dy_hat = (1 - y)/(1 - y_hat) - y/y_hat, and C averages over
    # the m samples (56), so the engine's derivative is (1/m) times the sum over samples of
    # (65) ((1 - y)/(1 - y_hat) - y/y_hat) σ'(h2) w^(2)_11 σ'(h1) x1 and
    # (67) ((1 - y)/(1 - y_hat) - y/y_hat) σ'(h2) σ(h1).
    # The document writes the left side of (65) as -dC/dw: a sign slip, since its (61)
    # already is dC/dy_hat; the equality below is with +dC/dw.
    def dc_dy_hat(i: int) -> sp.Expr:
        y, y_hat = S(f"y[{i}]"), S(f"ŷ[{i}]")
        return (1 - y) / (1 - y_hat) - y / y_hat

    m = S("m")
    eq65 = sum(
        dc_dy_hat(i)
        * sigma_prime(f"ŷ[{i}]")
        * S("w^(2)_11")
        * sigma_prime(f"σ(h1)[{i}]")
        * S(f"x1[{i}]")
        for i in (1, 2, 3)
    )
    assert same(eq65 / m, traced("geoscience", "w^(1)_11"))
    eq67 = sum(dc_dy_hat(i) * sigma_prime(f"ŷ[{i}]") * S(f"σ(h1)[{i}]") for i in (1, 2, 3))
    assert same(eq67 / m, traced("geoscience", "w^(2)_11"))


def test_slides_epsilon_1_and_the_two_paths_of_w1() -> None:
    # The single-layer example: z1 = x1 w1 + x2 w2, y1 = σ(z1), ε1 = 1/2 (y1 - d1)^2,
    # dε1/dw1 = (y1 - d1) y1 (1 - y1) x1.
    x1, x2, w1, w2, d1 = (
        Value(v, label=n)
        for v, n in ((0.5, "x1"), (1.0, "x2"), (0.1, "w1"), (0.2, "w2"), (0.9, "d1"))
    )
    y1 = (x1 * w1 + x2 * w2).named("z1").sigmoid().named("y1")
    e1 = (0.5 * (y1 - d1) ** 2).named("ε1")
    e1.backward()
    t = trace(e1, w1)
    assert sp.simplify((S("y1") - S("d1")) * sigma_prime("y1") * S("x1") - t.formula) == 0
    # The two-layer network: dε/dw5 = (y1 - d1) y1 (1 - y1) h1, and
    # dε/dw1 = dε1/dw1 + dε2/dw1, each a five-factor chain through h1.
    w5 = (S("y1") - S("d1")) * sigma_prime("y1") * S("h1")
    assert same(w5, traced("slides", "w5"))
    through = sigma_prime("h1") * S("x1")
    path1 = (S("y1") - S("d1")) * sigma_prime("y1") * S("w5") * through
    path2 = (S("y2") - S("d2")) * sigma_prime("y2") * S("w7") * through
    assert same(path1 + path2, traced("slides", "w1"))
    assert not same(path1, traced("slides", "w1"))
