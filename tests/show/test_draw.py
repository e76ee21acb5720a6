"""The op view and the named view: contents, highlighting, options, the size limit."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from autograd import Value, draw, topological_order, trace
from autograd.explain.fold import folded_edges
from autograd.show.draw import GraphTooLargeError
from nn import examples

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> list[str]:
    return [el.text or "" for el in ET.fromstring(svg).iter(f"{SVG}text")]


def svg_classes(svg: str) -> dict[str, str]:
    """SVG group id -> class, for every node and edge."""
    return {g.get("id", ""): g.get("class", "") for g in ET.fromstring(svg).iter(f"{SVG}g")}


def highlighted_ids(source: str) -> set[str]:
    return set(re.findall(r'\[id="(\w+)"[^\]]*class="highlight"', source))


def test_a_times_a_draws_two_edges_from_a() -> None:
    a = Value(3.0, label="a")
    y = (a * a).named("y")
    plain = draw(y, show_local=False)
    assert plain.source.count('"v0" -> "o1"') == 2
    titles = [el.text for el in ET.fromstring(plain.svg()).iter(f"{SVG}title")]
    assert titles.count("v0&#45;&gt;o1") + titles.count("v0->o1") == 2
    # with its local derivative, each edge runs through a node showing it: 3 and 3
    drawing = draw(y)
    for k in (0, 1):
        assert f'"v0" -> "l1_{k}"' in drawing.source and f'"l1_{k}" -> "o1"' in drawing.source
    numbers = [t for t in texts(drawing.svg()) if t == "3"]
    assert len(numbers) == 2


def test_grads_show_not_yet_computed_until_backward_then_the_numbers() -> None:
    ex = examples.example("mazur")
    loss = ex.loss()
    before = texts(draw(loss, view="named").svg())
    assert "grad —" in before
    assert not any(t.startswith("grad 0") for t in before)
    loss.backward()
    after = texts(draw(loss, view="named", number_format=".8f").svg())
    w5 = ex.weights()[4]
    assert w5.label == "w5"
    # seed 003: dE_total/dw5 = 0.082167041, w5 = 0.40
    assert {"w₅", "data 0.40000000", "grad 0.08216704"} <= set(after)  # typeset name
    assert "grad —" not in after


def test_drawing_reads_the_graph_without_changing_it() -> None:
    x = Value(0.5, label="x")
    y = (x.tanh() * 2).named("y")
    draw(y).svg()
    assert not x.has_grad and not y.has_grad
    y.backward()
    grads = [v.grad for v in topological_order(y)]
    draw(y, view="named").svg()
    assert [v.grad for v in topological_order(y)] == grads


def test_op_view_edges_carry_the_stored_local_derivatives() -> None:
    x = Value(0.7, label="x")
    y = x.sigmoid().named("y")
    source = draw(y, digits=6).source
    (local,) = y.local_grads
    assert f'label="{local:.6g}"' in source
    assert "label=" not in draw(y, show_local=False).source.split("->")[1]


def test_named_view_keeps_labelled_values_and_folds_the_rest() -> None:
    x = Value(3.0, label="x")
    y = (x * x + 1).named("y")
    source = draw(y, view="named").source
    assert source.count('shape="box"') == 2  # x and y only
    assert source.count('shape="plaintext"') == 1  # and the number on the edge between
    assert 'label="6 (2 paths)"' in source  # d(x*x+1)/dx = 2x over the two edges of x*x
    ex = examples.example("mazur")
    loss = ex.loss()
    named = draw(loss, view="named", digits=8).source
    for edge in folded_edges(loss):
        assert f'label="{edge.local:.8g}' in named


def test_highlight_a_value_marks_every_path_from_the_output_to_it() -> None:
    ex = examples.example("mazur")
    loss = ex.loss()
    order = topological_order(loss)
    w5 = ex.weights()[4]
    drawing = draw(loss, highlight=w5)
    marked = highlighted_ids(drawing.source)
    ids = {v: i for i, v in enumerate(order)}
    depends_on_w5 = {v for v in order if v is w5 or w5 in topological_order(v)}
    assert {f"v{ids[v]}" for v in depends_on_w5} <= marked
    assert {f"v{ids[v]}" for v in order if v not in depends_on_w5}.isdisjoint(marked)
    classes = svg_classes(drawing.svg())
    assert "highlight" in classes[f"v{ids[w5]}"]
    assert "highlight" in classes[f"v{ids[loss]}"]
    assert "highlight" not in classes[f"v{ids[ex.weights()[0]]}"]


def test_highlight_a_trace_marks_the_nodes_the_trace_names() -> None:
    ex = examples.example("mazur")
    loss = ex.loss()
    loss.backward()
    w1 = ex.weights()[0]
    t = trace(loss, w1)
    order = topological_order(loss)
    ids = {v: i for i, v in enumerate(order)}
    marked = highlighted_ids(draw(loss, highlight=t).source)
    values = {m for m in marked if m.startswith("v")}
    assert values == {f"v{ids[v]}" for v in t.highlight_nodes()}
    named = highlighted_ids(draw(loss, view="named", highlight=t).source)
    # both hidden neurons' paths: w1 -> net_h1 -> out_h1 -> net_o1 and net_o2 ...
    assert {f"v{ids[v]}" for v in order if v.label in ("w1", "net_h1", "E_total")} <= named


def test_highlight_outside_the_graph_is_refused() -> None:
    y = Value(1.0, label="y") * 2
    with pytest.raises(ValueError, match="not part of the graph"):
        draw(y, highlight=Value(5.0, label="stranger"))


def test_too_large_graph_is_refused_with_the_smaller_views_named() -> None:
    x = Value(0.1, label="x")
    y = x
    for _ in range(5000):
        y = y * 1.0001
    y.label = "y"
    with pytest.raises(GraphTooLargeError) as info:
        draw(y)
    assert "view='named'" in str(info.value) and "draw_network" in str(info.value)
    assert "y" in draw(y, view="named").source  # only x and y are labelled


def test_layout_and_number_options() -> None:
    x = Value(0.123456, label="x")
    y = (x * 2).named("y")
    assert 'rankdir="TB"' in draw(y, rankdir="TB").source
    assert "data 0.12" in draw(y, digits=2).source
    assert "data 0.123" in draw(y, number_format=".3f").source
    with pytest.raises(ValueError, match="rankdir"):
        draw(y, rankdir="sideways")
    with pytest.raises(ValueError, match="view"):
        draw(y, view="network")
    with pytest.raises(TypeError, match="needs a Value"):
        draw(3.0)  # type: ignore[arg-type]


def test_labels_with_special_characters_reach_the_svg_intact() -> None:
    label = 'a "b" <c> & {d|e}\\n'
    x = Value(1.0, label=label)
    y = (x + 1).named("line one\nline two")
    svg = draw(y, view="op").svg()
    shown = texts(svg)
    assert label in shown
    assert {"line one", "line two"} <= set(shown)


def test_a_trace_of_another_graph_is_refused_as_highlight() -> None:
    from autograd import trace

    x = Value(1.0, label="x")
    y = (x * 2).named("y")
    y.backward()
    other = (Value(3.0, label="z") * 2).named("u")
    with pytest.raises(ValueError, match="trace is of another graph"):
        draw(other, highlight=trace(y, x))
