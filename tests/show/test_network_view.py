"""The network view of an MLP: neurons, weights, biases, values and gradients."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from autograd import Value
from autograd.show.draw import GraphTooLargeError
from autograd.show.names import typeset
from nn import MLP, draw_network, examples

SVG = "{http://www.w3.org/2000/svg}"

# seed 003 (Mazur) states these two gradients of E_total; the rest are checked
# against the engine's own .grad
DOCUMENT_GRADS = {"w1": "0.00043857", "w5": "0.08216704"}
WEIGHTS = {
    "w1": 0.15,
    "w2": 0.20,
    "w3": 0.25,
    "w4": 0.30,
    "w5": 0.40,
    "w6": 0.45,
    "w7": 0.50,
    "w8": 0.55,
}


def shown(svg: str) -> list[str]:
    return [el.text or "" for el in ET.fromstring(svg).iter(f"{SVG}text")]


def test_seed_003_network_shows_every_weight_with_value_and_gradient() -> None:
    ex = examples.example("mazur")
    loss = ex.loss()
    loss.backward()
    texts = shown(draw_network(ex.model, loss=loss, number_format=".8f").svg())
    for w in ex.weights()[:8]:
        assert w.label is not None
        assert f"{typeset(w.label)} = {WEIGHTS[w.label]:.8f}" in texts
        assert f"grad {w.grad:.8f}" in texts
    for grad in DOCUMENT_GRADS.values():
        assert f"grad {grad}" in texts
    assert "netₕ₁ = 0.37750000" in texts and "outₒ₁ = 0.75136507" in texts
    assert "Eₜₒₜₐₗ = 0.29837111" in texts
    assert "b₁ = 0.35000000" in texts
    # the document's per-output errors and targets sit between the outputs and E_total
    assert {
        "Eₒ₁ = 0.27481108",
        "Eₒ₂ = 0.02356003",
        "target 0.01000000",
        "target 0.99000000",
    } <= set(texts)


def test_before_backward_gradients_read_not_yet_computed() -> None:
    ex = examples.example("mazur")
    ex.loss()
    texts = shown(draw_network(ex.model).svg())
    assert "grad —" in texts
    assert not any(t.startswith("grad 0") for t in texts)


def test_layers_weights_and_shared_biases_are_laid_out() -> None:
    ex = examples.example("mazur")
    ex.loss()
    source = draw_network(ex.model).source
    assert source.count('shape="circle"') == 2 + 2 + 2  # inputs, hidden, outputs
    # seed 003 shares b1 between the hidden neurons and b2 between the outputs
    assert source.count('shape="box"') == 2
    assert source.count('"b1_1" -> ') == 2 and source.count('"b2_1" -> ') == 2
    # every node is pinned where the view's own layout put it
    assert 'layout="neato"' in source and source.count('!"') == source.count('shape="')


def test_a_fresh_model_before_any_forward_pass_shows_its_structure() -> None:
    model = MLP(3, [4, 1], "tanh", seed=0)
    source = draw_network(model, show_grads=False, legend=False).source
    assert source.count("->") == 3 * 4 + 4 * 1  # each neuron's own bias is inside it
    assert "tanh" in source and "grad" not in source.split("->", 1)[1]


def test_bad_input_and_size_limit() -> None:
    with pytest.raises(TypeError, match=r"nn\.MLP"):
        draw_network(Value(1.0))  # type: ignore[arg-type]
    with pytest.raises(GraphTooLargeError, match="Raise max_nodes") as info:
        draw_network(MLP(50, [50, 50, 50, 10]), max_nodes=100)
    assert "draw_network" not in str(info.value)  # no advice to call what just failed


def test_a_large_network_is_drawn_compact() -> None:
    model = MLP(2, [16, 16, 1], "relu", "linear", seed=0)
    (out,) = model([0.4, -0.2])
    out.backward()
    compact = draw_network(model).source
    # 2*16 + 16*16 + 16 = 304 weights: no edge labels, numbers in tooltips,
    # sign as colour; each neuron's own bias inside its circle, no bias boxes.
    assert "label=" not in "".join(line for line in compact.splitlines() if "->" in line)
    assert sum("tooltip=" in line for line in compact.splitlines() if "->" in line) == 304
    assert 'color="#2b6cb0"' in compact and 'color="#c53030"' in compact
    assert 'shape="box"' not in compact
    assert "b¹₁ = " in compact
    labelled = draw_network(model, weight_labels=True).source
    assert labelled.count('shape="plaintext"') == 304 + 1  # a label per weight, and the caption


def test_a_small_network_keeps_its_labels_and_shared_bias_box() -> None:
    ex = examples.example("mazur")
    loss = ex.loss()
    loss.backward()
    source = draw_network(ex.model, loss=loss).source
    assert "w₅ = 0.4\\ngrad 0.08217" in source
    # b1 and b2, each shared by a layer; E_o1 and E_o2 with their targets
    assert source.count('shape="box"') == 6
    assert "∂Eₜₒₜₐₗ/∂w₅ = δₒ₁ · outₕ₁ = 0.1385 × 0.5933 = 0.08217" in source
