"""Replay frames restyle one layout; the self-contained HTML player."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from autograd import Value, steps
from autograd.show.render import dot_on_path, render_svg, wasm_available
from autograd.show.svg_delta import inline_svg
from nn import examples

SVG = "{http://www.w3.org/2000/svg}"
RENDERERS = [
    pytest.param("wasm", marks=pytest.mark.skipif(not wasm_available(), reason="no wasm")),
    pytest.param("dot", marks=pytest.mark.skipif(not dot_on_path(), reason="no dot")),
]


def small() -> Value:
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    return (a * b + a).named("y")


def classes(svg: str) -> dict[str, str]:
    return {g.get("id", ""): g.get("class", "") for g in ET.fromstring(svg).iter(f"{SVG}g")}


@pytest.mark.parametrize("renderer", RENDERERS)
def test_each_frame_marks_the_current_node_its_edges_and_the_sums(renderer: str) -> None:
    replay = steps(small(), renderer=renderer)
    ids = {v: i for i, v in enumerate(replay.order)}
    for frame in replay:
        svg = frame.svg()
        marks = classes(svg)
        i = ids[frame.node]
        assert "sg-current" in marks[f"v{i}"]
        for e in frame.edges:
            assert "sg-current" in marks[f"e{i}_{e.position}"]
        for v in frame.done - {frame.node}:
            assert "sg-done" in marks[f"v{ids[v]}"]
        shown = [el.text or "" for el in ET.fromstring(svg).iter(f"{SVG}text")]
        for v, total in frame.pending.items():
            assert f"grad {replay.style.number(total)} (partial)" in shown
            assert "sg-pending" in marks[f"v{ids[v]}"]
        for e in frame.edges:
            sign = "− " if e.contribution < 0 else "+ "
            assert sign + replay.style.number(abs(e.contribution)) in shown


def geometry(svg: str) -> list[str]:
    """Every shape's coordinates, in document order."""
    return re.findall(r'(?:points|d|cx|cy|x|y)="([^"]*)"', svg)


@pytest.mark.parametrize("view", ["op", "named", "network"])
def test_one_layout_per_page_and_nothing_moves(view: str, monkeypatch: Any) -> None:
    calls: list[str] = []
    real = render_svg

    def counting(source: str, renderer: str | None = None) -> str:
        calls.append(source)
        return real(source, renderer)

    monkeypatch.setattr("autograd.show.stage.render_svg", counting)
    monkeypatch.setattr("autograd.show.network_stage.render_svg", counting)
    ex = examples.example("mazur")
    replay = steps(ex.loss(), view=view, model=ex.model if view == "network" else None)
    replay.to_html()
    shapes = [geometry(frame.svg()) for frame in replay]
    assert len(calls) == 1  # one Graphviz run for the whole page
    assert shapes[0] and all(s == shapes[0] for s in shapes)


def _near_white(colour: str) -> bool:
    found = re.fullmatch(r"#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})", colour.lower())
    return colour.lower() in ("white", "transparent") or (
        found is not None and all(int(c, 16) > 0xE0 for c in found.groups())
    )


@pytest.mark.parametrize("renderer", RENDERERS)
@pytest.mark.parametrize("view", ["op", "named", "network"])
def test_no_near_white_text_is_drawn_over_edges(renderer: str, view: str) -> None:
    ex = examples.example("mazur")
    replay = steps(ex.loss(), view=view, model=ex.model, renderer=renderer)
    root = ET.fromstring(replay.stage.svg)
    for text in root.iter(f"{SVG}text"):
        assert not _near_white(text.get("fill", "black")), text.text
    # a contribution label exists on every operand edge of the op view, hidden by CSS
    hidden = [t for t in root.iter(f"{SVG}text") if t.get("class") == "sg-contrib"]
    assert (view == "op") == bool(hidden)


def page_data(page: str) -> dict[str, Any]:
    """The frame data embedded in a player page."""
    found = re.search(r'<script type="application/json" class="sg-data">(.*?)</script>', page, re.S)
    assert found is not None
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def test_html_player_is_self_contained_with_one_frame_per_step(tmp_path: Path) -> None:
    replay = steps(small())
    path = tmp_path / "replay" / "steps.html"
    page = replay.to_html(path)
    assert path.read_text(encoding="utf-8") == page
    frames = page_data(page)["frames"]
    assert [f["t"] for f in frames] == [frame.text() for frame in replay]
    outside = re.compile(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""")
    assert not outside.search(page)
    assert "<link" not in page and "<script src" not in page and "@import" not in page
    for control in ("sg-prev", "sg-next", "sg-play", "sg-speed", "sg-whole", 'type="range"'):
        assert control in page
    for key in ("ArrowLeft", "ArrowRight", "step=", "viewBox"):
        assert key in page


def test_frames_are_small_changes_and_the_camera_knows_where_to_look() -> None:
    ex = examples.example("mazur")
    replay = steps(ex.loss(), model=ex.model)
    data = page_data(replay.to_html())
    frames = data["frames"]
    assert len(frames) == len(replay)
    svg = replay.stage.svg
    for frame, f in zip(replay, frames):
        ids = [c[0] for c in f["c"]] + [g[0] for g in f["g"]] + f["f"]
        assert all(f'id="{i}"' in svg for i in ids)
        assert len(f["c"]) + len(f["g"]) < 40
        assert f["f"][0] in replay.stage.nodes[frame.node]
    out_o1 = next(i for i, fr in enumerate(replay) if fr.node.label == "out_o1")
    assert frames[out_o1]["f"][0] == "n2_1"
    assert "w2_1_1" in frames[out_o1]["f"]  # w5, the edge being used


def test_jupyter_gets_the_same_player_as_a_fragment() -> None:
    replay = steps(small())
    fragment = replay._repr_html_()
    assert "<!DOCTYPE" not in fragment
    assert len(page_data(fragment)["frames"]) == len(replay)
    assert "<script>" in fragment and "height:560px" in fragment


def test_inline_svg_drops_the_xml_prolog() -> None:
    assert inline_svg('<?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg a="1"></svg>') == (
        '<svg a="1"></svg>'
    )


def test_player_ids_are_deterministic_and_distinct_on_one_page() -> None:
    first = steps(small())._repr_html_()
    second = steps(small())._repr_html_()
    ids = [re.search(r'id="(sg-steps-[0-9a-f]+)-(\d+)"', page) for page in (first, second)]
    assert ids[0] is not None and ids[1] is not None
    # The same pass gives the same content part (re-running a notebook changes
    # nothing), while the running number keeps two players apart.
    assert ids[0][1] == ids[1][1]
    assert int(ids[1][2]) == int(ids[0][2]) + 1


def test_the_widget_shows_the_same_player() -> None:
    pytest.importorskip("ipywidgets")
    replay = steps(small())
    box = replay.widget()
    (output,) = box.outputs
    shown = output["data"]["text/html"]
    assert len(page_data(shown)["frames"]) == len(replay)


def test_steps_refuses_a_network_view_without_a_model() -> None:
    with pytest.raises(ValueError, match="needs the model"):
        steps(small(), view="network")
    with pytest.raises(TypeError, match=r"model must be an nn\.MLP, got list"):
        steps(small(), model=[1, 2])
    with pytest.raises(ValueError, match="order is 'random'"):
        steps(small(), order="random")


def test_the_naive_page_marks_what_went_wrong_and_by_how_much() -> None:
    a = Value(1.0, label="a")
    b = (a + a).named("b")
    c = (b + b).named("c")
    replay = steps(c, order="naive")
    frames = page_data(replay.to_html())["frames"]
    ids = {v: i for i, v in enumerate(replay.order)}
    early = next(i for i, f in enumerate(replay) if b in f.premature)
    assert [f"v{ids[b]}", "current premature"] in frames[early]["c"]
    late = [c for c in frames[-1]["c"] if c[1] == "late"]
    assert late  # the contribution that reached b after b was passed on
    assert any(c[0] == f"v{ids[a]}" and "wrong" in c[1].split() for c in frames[-1]["c"])
    assert [f"v{ids[a]}-g0", "grad 2 ≠ 4"] in frames[-1]["g"]
    assert f"v{ids[a]}" in frames[-1]["f"]  # the camera shows it
    # the output's gradient is written from the first frame on
    assert [f"v{ids[c]}-g0", "grad 1"] in frames[0]["g"]


def test_a_frame_displays_as_a_drawing_of_the_one_layout() -> None:
    replay = steps(small())
    drawing = replay[1].drawing()
    assert drawing.svg() == replay[1].svg() == drawing._repr_svg_()
    assert "sg-current" in drawing.svg() and drawing.source == replay.stage.source


def test_named_records_are_laid_out_for_their_widest_number() -> None:
    ex = examples.example("mazur")
    replay = steps(ex.loss(), view="named")  # no backward yet: the drawing would say "—"
    b2 = next(v for v in replay.graph if v.label == "b2")
    partial = next(e.total for f in replay for e in f.edges if e.parent is b2 and not e.final)
    assert f"grad {replay.style.number(partial)} (partial)" in replay.stage.source


def test_network_weight_labels_show_a_gradient_only_once_it_is_computed() -> None:
    """The weights' labels (nodes lw{l}_{j}_{k} of the network view) start at "—" and show
    each gradient from the frame of the weight's neuron on."""
    import re as regex

    from autograd.show.player import frame_svg

    ex = examples.example("mazur")
    loss = ex.loss()
    loss.backward()
    replay = steps(loss, model=ex.model)

    def weight_grads(index: int) -> list[str]:
        svg = frame_svg(replay, index)
        groups = regex.findall(r'<g id="lw[^"]*" class="node[^"]*">(.*?)</g>', svg, regex.S)
        return [t for g in groups for t in regex.findall(r">(grad [^<]*)</text>", g)]

    first, last = weight_grads(0), weight_grads(len(replay) - 1)
    assert len(first) == 8 and set(first) == {"grad —"}
    assert "grad —" not in last and "grad 0.08217" in last  # w5's, once out_o1 is done
