"""Replay frames as SVG and the self-contained HTML player."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from autograd import Value, steps
from autograd.player import inline_svg
from autograd.render import dot_on_path
from nn import examples

SVG = "{http://www.w3.org/2000/svg}"


def small() -> Value:
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    return (a * b + a).named("y")


def classes(svg: str) -> dict[str, str]:
    return {g.get("id", ""): g.get("class", "") for g in ET.fromstring(svg).iter(f"{SVG}g")}


@pytest.mark.parametrize(
    "renderer",
    ["wasm", pytest.param("dot", marks=pytest.mark.skipif(not dot_on_path(), reason="no dot"))],
)
def test_each_frame_marks_the_current_node_its_edges_and_the_sums(renderer: str) -> None:
    replay = steps(small(), renderer=renderer)
    ids = {v: i for i, v in enumerate(replay.order)}
    for frame in replay:
        svg = frame.svg()
        marks = classes(svg)
        i = ids[frame.node]
        assert "current" in marks[f"v{i}"]
        for e in frame.edges:
            assert "current" in marks[f"e{i}_{e.position}"]
        for v in frame.done - {frame.node}:
            assert "done" in marks[f"v{ids[v]}"]
        shown = [el.text or "" for el in ET.fromstring(svg).iter(f"{SVG}text")]
        for v, total in frame.pending.items():
            assert f"grad {replay.style.number(total)} (partial)" in shown
            assert "pending" in marks[f"v{ids[v]}"]
        for e in frame.edges:
            assert f"+{replay.style.number(e.contribution)}" in shown


@pytest.mark.skipif(not dot_on_path(), reason="the Graphviz dot binary is not on PATH")
def test_layout_holds_still_from_frame_to_frame() -> None:
    replay = steps(examples.example("mazur").loss())
    shapes = [
        re.findall(
            r'<g id="(v\d+)" class="node[^"]*">\s*<title>[^<]*</title>\s*'
            r'<polygon[^>]*points="([^"]*)"',
            svg,
        )
        for svg in replay.render_all()
    ]
    assert len(shapes[0]) == len(replay.order)
    assert all(s == shapes[0] for s in shapes)


def test_html_player_is_self_contained_with_one_frame_per_step(tmp_path: Path) -> None:
    replay = steps(small())
    path = tmp_path / "replay" / "steps.html"
    page = replay.to_html(path)
    assert path.read_text(encoding="utf-8") == page
    assert page.count('class="sg-frame"') == len(replay)
    assert page.count("<svg") == len(replay)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page)
    assert "<link" not in page and "<script src" not in page and "@import" not in page
    for control in ("sg-prev", "sg-next", 'type="range"', "ArrowLeft", "ArrowRight"):
        assert control in page
    for frame in replay:
        assert frame.text().splitlines()[0] in page
    for svg in re.findall(r"<svg.*?</svg>", page, re.S):
        ET.fromstring(svg)


def test_jupyter_gets_the_same_player_as_a_fragment() -> None:
    replay = steps(small())
    fragment = replay._repr_html_()
    assert "<!DOCTYPE" not in fragment
    assert fragment.count('class="sg-frame"') == len(replay)
    assert "<script>" in fragment


def test_inline_svg_drops_the_xml_prolog() -> None:
    assert inline_svg('<?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg a="1"></svg>') == (
        '<svg a="1"></svg>'
    )
