"""Backward-pass frames as SVG and the self-contained HTML player."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Value, steps
from autograd.show.render import dot_on_path
from autograd.show.svg_delta import Delta, frame_deltas, inline_svg, rebuild
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


def page_frames(page: str) -> list[dict[str, Any]]:
    """The frame data embedded in a player page."""
    found = re.search(r'<script type="application/json" class="sg-data">(.*?)</script>', page, re.S)
    assert found is not None
    frames: list[dict[str, Any]] = json.loads(found.group(1))
    return frames


def test_html_player_is_self_contained_with_one_frame_per_step(tmp_path: Path) -> None:
    replay = steps(small())
    path = tmp_path / "replay" / "steps.html"
    page = replay.to_html(path)
    assert path.read_text(encoding="utf-8") == page
    frames = page_frames(page)
    assert [f["text"] for f in frames] == [frame.text() for frame in replay]
    deltas = cast(list[Delta], frames)
    svgs = [rebuild(deltas, i) for i in range(len(frames))]
    for frame, svg in zip(replay, svgs):
        assert svg == inline_svg(frame.svg())
        ET.fromstring(svg)
    outside = re.compile(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""")
    for text in (page, *svgs):
        assert not outside.search(text)
        assert "<link" not in text and "<script src" not in text and "@import" not in text
    for control in ("sg-prev", "sg-next", 'type="range"', "ArrowLeft", "ArrowRight"):
        assert control in page


def test_later_frames_are_stored_as_their_changed_lines() -> None:
    replay = steps(examples.example("mazur").loss())
    frames = page_frames(replay.to_html())
    assert len(frames) == len(replay)
    assert "svg" in frames[0] and all("lines" in f and "svg" not in f for f in frames[1:])
    whole = len(frames[0]["svg"].split("\n"))
    assert all(len(f["lines"]) < whole / 10 for f in frames[1:])


def test_a_frame_with_other_lines_is_kept_whole(tmp_path: Path) -> None:
    replay = steps(small())
    svgs = replay.render_all()
    replay._svgs[1] = svgs[1].replace("</svg>", '<g id="extra"/>\n</svg>')
    frames = page_frames(replay.to_html())
    assert frames[1]["svg"] == inline_svg(replay.svg(1)) and "lines" not in frames[1]
    assert "svg" in frames[2]  # it has fewer lines than frame 1, so it is whole too
    assert "lines" in frames[3]
    deltas = cast(list[Delta], frames)
    for i in range(len(replay)):
        assert rebuild(deltas, i) == inline_svg(replay.svg(i))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["<g>", "</g>", "<text>1</text>", ""]), max_size=5)))
def test_deltas_rebuild_every_frame(documents: list[list[str]]) -> None:
    svgs = ["\n".join(lines) for lines in documents]
    deltas = frame_deltas(svgs)
    assert [rebuild(deltas, i) for i in range(len(svgs))] == svgs


# A minimal stand-in for the browser: just what the player's script touches.
_HARNESS = """
const fs = require('fs');
const page = fs.readFileSync(process.argv[2], 'utf8');
const data = page.match(/class="sg-data">([\\s\\S]*?)<\\/script>/)[1];
const code = page.match(/<script>([\\s\\S]*?)<\\/script>/)[1];
const classes = new Set();
const el = () => ({textContent: '', innerHTML: '', value: 0, classList: {
  toggle: (c) => (classes.has(c) ? (classes.delete(c), false) : (classes.add(c), true))}});
const parts = {'.sg-data': {textContent: data}, '.sg-view': el(), '.sg-text': el(),
  'input[type=range]': el(), '.sg-counter': el(), '.sg-prev': el(), '.sg-next': el(),
  '.sg-zoom': el()};
let onKey = null;
const root = {querySelector: (s) => parts[s]};
global.document = {getElementById: () => root,
  addEventListener: (type, f) => { onKey = f; }};
eval(code);
const view = page.match(/class="sg-view">([\\s\\S]*?)<\\/div>/)[1];
const text = page.match(/class="sg-text">([\\s\\S]*?)<\\/pre>/)[1];
const seen = [[view, text]];  // as the page shows it before any step
const frames = JSON.parse(data).length;
for (let i = 1; i < frames + 1; i++) {  // one step past the end: stays on the last frame
  onKey({key: 'ArrowRight', preventDefault: () => {}});
  seen.push([parts['.sg-view'].innerHTML, parts['.sg-text'].textContent]);
}
parts['input[type=range]'].value = '1';
parts['input[type=range]'].oninput();
seen.push([parts['.sg-view'].innerHTML, parts['.sg-text'].textContent]);
parts['.sg-prev'].onclick();
seen.push([parts['.sg-view'].innerHTML, parts['.sg-text'].textContent]);
const zoom = parts['.sg-zoom'];
zoom.onclick.call(zoom);
const zoomed = [zoom.textContent, classes.has('sg-actual')];
zoom.onclick.call(zoom);
console.log(JSON.stringify({seen, zoom: [zoomed, [zoom.textContent, classes.has('sg-actual')]]}));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_the_script_steps_through_every_frame(tmp_path: Path) -> None:
    replay = steps(small())
    replay.to_html(tmp_path / "steps.html")
    (tmp_path / "harness.js").write_text(_HARNESS, encoding="utf-8")
    run = subprocess.run(
        ["node", str(tmp_path / "harness.js"), str(tmp_path / "steps.html")],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    expected = [(inline_svg(f.svg()), f.text()) for f in replay]
    initial = (expected[0][0], html.escape(expected[0][1]))  # the page's own markup
    steps_taken = [*range(1, len(replay)), len(replay) - 1, 1, 0]
    result = json.loads(run.stdout)
    shown = [tuple(s) for s in result["seen"]]
    assert shown == [initial, *(expected[i] for i in steps_taken)]
    # The size toggle switches to 1:1 and back, saying what the next click does.
    assert result["zoom"] == [["fit width", True], ["actual size", False]]


def test_jupyter_gets_the_same_player_as_a_fragment() -> None:
    replay = steps(small())
    fragment = replay._repr_html_()
    assert "<!DOCTYPE" not in fragment
    assert len(page_frames(fragment)) == len(replay)
    assert "<script>" in fragment


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


def test_the_widget_steps_with_an_ipywidgets_slider() -> None:
    pytest.importorskip("ipywidgets")
    replay = steps(small())
    box = replay.widget()
    slider, text, view = box.children
    assert (slider.min, slider.max, slider.value) == (0, len(replay) - 1, 0)
    assert view.value == inline_svg(replay.svg(0))
    slider.value = len(replay) - 1
    assert view.value == inline_svg(replay.svg(len(replay) - 1))
    assert html.escape(replay[-1].text()) in text.value
