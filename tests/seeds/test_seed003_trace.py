"""Seed 003 (Mazur's worked example): the traces reproduce the document's chain rule.

The network is built by hand from Values, named as the document names it:
net_h1 = w1 i1 + w2 i2 + b1, out_h1 = σ(net_h1), ..., E_o1 = 1/2 (target_o1 - out_o1)^2,
E_total = E_o1 + E_o2. Document numbers are given to 8-9 significant digits and
were computed from rounded intermediates, so they are compared to 1e-9.
"""

from __future__ import annotations

import pytest
from trace_graphs import mazur

from autograd import Value
from autograd.explain.trace import Chain, Split
from autograd.show.traces import trace

DOC = 1e-9  # the document's rounding


def doc(x: float) -> object:
    return pytest.approx(x, abs=DOC, rel=0)


def network() -> dict[str, Value]:
    """The hand-built network of tests/trace_graphs.py, after backward."""
    net = mazur()
    net.loss.backward()
    return net.values


@pytest.fixture
def net() -> dict[str, Value]:
    return network()


def test_forward_pass_matches_the_document(net: dict[str, Value]) -> None:
    assert net["out_h1"].data == doc(0.593269992)
    assert net["out_h2"].data == doc(0.596884378)
    assert net["out_o1"].data == doc(0.75136507)
    assert net["out_o2"].data == doc(0.772928465)
    assert net["E_total"].data == doc(0.298371109)


def test_w5_has_the_documents_three_factors(net: dict[str, Value]) -> None:
    # The document's chain dE_total/dout_o1 * dout_o1/dnet_o1 * dnet_o1/dw5 keeps out_o1
    # and net_o1 only (it reads E_total = E_o1 + E_o2 straight through to out_o1).
    t = trace(net["E_total"], net["w5"], keep=[net["out_o1"], net["net_o1"]])
    [path] = t.paths
    assert [s.local for s in path.factors] == [doc(0.74136507), doc(0.186815602), doc(0.593269992)]
    assert path.product == doc(0.082167041)
    assert t.value == net["w5"].grad
    assert str(t).splitlines()[0] == (
        "dE_total/dw5 = dE_total/dout_o1 * dout_o1/dnet_o1 * dnet_o1/dw5"
        " = 0.74136507 * 0.18681560 * 0.59326999 = 0.082167041"
    )
    assert "dout_o1/dnet_o1 = out_o1(1 - out_o1) = 0.18681560" in str(t)
    assert "dnet_o1/dw5 = out_h1 = 0.59326999" in str(t)


def test_w5_by_default_steps_through_every_named_node(net: dict[str, Value]) -> None:
    t = trace(net["E_total"], net["w5"])
    [path] = t.paths
    # dE_total/dE_o1 = 1 (a sum), then the document's factors.
    assert [s.local for s in path.factors] == [
        1.0, doc(0.74136507), doc(0.186815602), doc(0.593269992)
    ]  # fmt: skip
    assert path.product == doc(0.082167041)


def test_w1_sums_two_paths_through_out_h1(net: dict[str, Value]) -> None:
    t = trace(net["E_total"], net["w1"])
    assert t.path_count == 2
    through = [[s.child.label for s in p.factors] for p in t.paths]
    assert [labels[1] for labels in through] == ["E_o1", "E_o2"]
    chain, split = t.factored[0], t.factored[1]
    # dE_total/dw1 = dE_total/dout_h1 * dout_h1/dnet_h1 * dnet_h1/dw1
    assert isinstance(chain, Chain) and chain.top is net["out_h1"]
    assert [s.local for s in chain.factors] == [doc(0.241300709), doc(0.05)]
    # The document prints 0.36350306 for this sum: a slip for 0.036350306, the value
    # it then uses in 0.036350306 * 0.241300709 * 0.05.
    assert chain.top_grad == doc(0.036350306)
    assert chain.value == doc(0.000438568)
    # dE_total/dout_h1 = dE_o1/dout_h1 + dE_o2/dout_h1 = 0.055399425 - 0.019049119
    assert isinstance(split, Split) and split.node is net["out_h1"]
    assert [g * s.local for g, s in split.terms] == [doc(0.055399425), doc(-0.019049119)]
    grad_net_o1, step_w5 = split.terms[0]
    assert (grad_net_o1, step_w5.local) == (doc(0.138498562), 0.40)
    assert sum(p.product for p in t.paths) == doc(0.000438568)
    text = str(t)
    assert "dE_total/dw1 = dE_total/dout_h1 * dout_h1/dnet_h1 * dnet_h1/dw1 = 0.036350306" in text
    assert (
        "dE_total/dout_h1 = dE_total/dnet_o1 * dnet_o1/dout_h1 + dE_total/dnet_o2 * dnet_o2/dout_h1"
        in text
    )


def test_every_trace_is_the_engines_gradient_and_gives_the_documents_updates(
    net: dict[str, Value],
) -> None:
    updated = {
        "w1": 0.149780716, "w2": 0.19956143, "w3": 0.24975114, "w4": 0.29950229,
        "w5": 0.35891648, "w6": 0.408666186, "w7": 0.511301270, "w8": 0.561370121,
    }  # fmt: skip
    for name in (*updated, "b1", "b2"):
        t = trace(net["E_total"], net[name])
        assert t.value == pytest.approx(net[name].grad, rel=1e-12, abs=1e-15)
        if name in updated:  # learning rate 0.5
            assert net[name].data - 0.5 * t.value == pytest.approx(updated[name], abs=1e-8)
