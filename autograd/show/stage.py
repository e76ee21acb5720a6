"""One layout for a whole replay: the view drawn and laid out once, and where each Value is in it.

A replay page restyles one SVG frame after frame (``autograd.show.player``), so
nothing moves and a page costs one Graphviz run. ``stage(replay)`` draws the
replay's view (op, named or network), renders it, and marks in the SVG what
frames change:

- every text that shows a gradient ("grad ...") gets the id ``{element}-g{n}``
  (the n-th such text of that node or edge), so the page can rewrite it;
- in the op view, each operand edge carries its contribution ``+local × upstream``
  as a tail label of class ``sg-contrib``, drawn in a normal colour and hidden by
  the page's CSS except while its node is processed: nothing near-white is ever
  painted over an edge, with either Graphviz build.

``Stage.nodes`` maps each Value to the ids of the elements that show it, and
``Stage.edges`` each edge of the replay's graph, (child, position), to the ids
of the drawn edges that carry it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from autograd.engine.value import Value
from autograd.show.band_layout import stacked_source, titled
from autograd.show.decoration import Attrs, Decoration
from autograd.show.dot import NOT_COMPUTED, escape_text, value_fields
from autograd.show.named_view import named_view
from autograd.show.op_view import band_views, op_view
from autograd.show.render import render_svg
from autograd.show.sample_bands import Bands, drawn_id, sample_bands
from autograd.show.svg_delta import inline_svg

if TYPE_CHECKING:
    from autograd.show.steps import Steps

# Generous per-character and per-field widths (points, 11pt Helvetica) so that
# the widest text a node ever shows fits in the width fixed for it.
_CHAR_PT = 7.0
_FIELD_PT = 16.0
_SAMPLE = re.compile(r"\[\d+\]$")


@dataclass
class Stage:
    """The laid-out view of a replay (see the module doc)."""

    svg: str
    source: str = ""
    nodes: dict[Value, list[str]] = field(default_factory=dict)
    edges: dict[tuple[Value, int], list[str]] = field(default_factory=dict)
    grad_texts: dict[Value, list[str]] = field(default_factory=dict)
    # drawn again in another sample's band: restyled with the Value, never framed
    copies: dict[Value, list[str]] = field(default_factory=dict)
    # the element an edge starts at, where that is not the parent's own (a copy)
    tails: dict[tuple[Value, int], str] = field(default_factory=dict)


def base_label(label: str | None) -> str | None:
    """A label without its sample suffix: ``z^1_2[3]`` -> ``z^1_2``."""
    return None if label is None else _SAMPLE.sub("", label)


def grad_text(replay: Steps, v: Value, total: float | None, final: bool) -> str:
    """What the grad text of ``v`` says: its sum so far, "(partial)" while pending
    (records only: in the network view the fill colour says it)."""
    if total is None:
        return f"grad {NOT_COMPUTED}"
    shown = replay.style.number(total)
    partial = "" if final or replay.view == "network" else " (partial)"
    return f"grad {shown}{partial}"


def contribution_text(replay: Steps, contribution: float) -> str:
    """What an edge adds to its parent's sum, with its sign: "+ 0.5", "− 0.25"."""
    shown = replay.style.number(abs(contribution))
    return f"− {shown}" if contribution < 0 else f"+ {shown}"


def widest_grads(replay: Steps) -> dict[Value, str]:
    """For each Value, the longest text its grad field shows in any frame."""
    widest: dict[Value, str] = {}
    for frame in replay.frames:
        for e in frame.edges:
            text = grad_text(replay, e.parent, e.total, e.final)
            if len(text) > len(widest.get(e.parent, "")):
                widest[e.parent] = text
    return widest


class _OpBase(Decoration):
    """The op view as every frame shares it: fixed widths, contribution tail labels."""

    def __init__(self, replay: Steps) -> None:
        self.replay = replay
        self.widest = widest_grads(replay)
        self.contributions = {
            (e.child, e.position): e.contribution for f in replay for e in f.edges
        }

    def grad_text(self, v: Value) -> str | None:
        return NOT_COMPUTED

    def value_node(self, v: Value, attrs: Attrs) -> None:
        text = self.widest.get(v, f"grad {NOT_COMPUTED}")[len("grad ") :]
        fields = value_fields(v, self.replay.style, text)
        # the fields stand one above the other (see record_label): the widest sets it
        points = max(len(f) * _CHAR_PT + _FIELD_PT for f in fields)
        attrs["width"] = f"{points / 72:.2f}"

    def result_edge(self, v: Value, attrs: Attrs) -> None:
        # Keep each op beside its result, so that the camera can frame both.
        attrs["weight"] = "10"

    def operand_edge(self, v: Value, k: int, attrs: Attrs) -> None:
        contribution = self.contributions.get((v, k))
        if contribution is not None:
            attrs.update(
                taillabel=contribution_text(self.replay, contribution),
                labelfontcolor="#b45f06",
            )


def widen(source: str, widths: dict[str, float]) -> str:
    """Give nodes of a DOT source a minimum width (inches), so that longer numbers fit."""
    for node_id, inches in widths.items():
        source = source.replace(f'  "{node_id}" [', f'  "{node_id}" [width="{inches:.2f}" ', 1)
    return source


def annotate(svg: str, contributions: bool) -> str:
    """Ids on grad texts, the class ``sg-contrib`` on contribution labels (module doc)."""
    out: list[str] = []
    group = ""
    counts: dict[str, int] = {}
    for line in inline_svg(svg).split("\n"):
        opened = re.match(r'<g id="([^"]+)" class="(node|edge)"', line)
        if opened:
            group = opened[1]
        elif line.startswith("<text ") and group:
            content = html.unescape(re.sub(r"<[^>]*>", "", line))
            if content.startswith("grad"):
                n = counts.get(group, 0)
                counts[group] = n + 1
                line = line.replace("<text ", f'<text id="{group}-g{n}" ', 1)
            elif contributions and content[:2] in ("+ ", "− "):
                line = line.replace("<text ", '<text class="sg-contrib" ', 1)
        out.append(line)
    return "\n".join(out)


def _texts(svg: str) -> set[str]:
    return set(re.findall(r'<text id="([^"]+)"', svg))


def link_grads(stage: Stage, shown: dict[str, list[Value]]) -> None:
    """Map each Value to the ids of the grad texts that show it (element -> Values in order)."""
    ids = _texts(stage.svg)
    for element, values in shown.items():
        for n, v in enumerate(values):
            if f"{element}-g{n}" in ids:
                stage.grad_texts.setdefault(v, []).append(f"{element}-g{n}")


def op_stage(replay: Steps) -> Stage:
    """The op view: ``v{i}`` a Value, ``o{i}``/``r{i}`` its op, ``e{i}_{k}`` operand edge k;
    a loss over several samples in bands, as ``draw`` stacks it."""
    bands = sample_bands(replay.order)
    if bands is not None:
        return _banded_op_stage(replay, bands)
    graph = op_view(replay.output, replay.order, replay.style, True, _OpBase(replay))
    source = graph.source()
    stage = Stage(annotate(render_svg(source, replay.renderer), True), source)
    for i, v in enumerate(replay.order):
        stage.nodes[v] = [f"v{i}"] if v.op is None else [f"v{i}", f"o{i}", f"r{i}"]
        for k in range(len(v.parents)):
            stage.edges[(v, k)] = [f"e{i}_{k}"]
    link_grads(stage, {f"v{i}": [v] for i, v in enumerate(replay.order)})
    return stage


def _banded_op_stage(replay: Steps, bands: Bands) -> Stage:
    """The op view in sample bands (``autograd.show.band_layout``): each operand edge
    runs through its number ``l{i}_{k}`` (second half ``e{i}_{k}h``), and a Value
    drawn again in another band is a copy ``v{i}s{band}`` or ``v{i}sum``."""
    views = band_views(replay.output, replay.order, replay.style, True, _OpBase(replay), bands)
    source = stacked_source(titled(views), [], replay.renderer)
    stage = Stage(annotate(render_svg(source, replay.renderer), True), source)
    shown: dict[str, list[Value]] = {}
    home = bands.home
    ids = {v: i for i, v in enumerate(replay.order)}
    for i, v in enumerate(replay.order):
        stage.nodes[v] = [f"v{i}"] if v.op is None else [f"v{i}", f"o{i}", f"r{i}"]
        stage.copies[v] = [drawn_id(i, home[v], band) for band in bands.copies.get(v, [])]
        for element in [f"v{i}", *stage.copies[v]]:
            shown[element] = [v]
        for k, parent in enumerate(v.parents):
            stage.edges[(v, k)] = [f"e{i}_{k}", f"l{i}_{k}", f"e{i}_{k}h"]
            if home[parent] != home[v]:  # the edge starts at the parent's copy in v's band
                stage.tails[(v, k)] = drawn_id(ids[parent], home[parent], home[v])
    link_grads(stage, shown)
    return stage


def named_stage(replay: Steps) -> Stage:
    """The named view: ``v{i}`` a kept Value, ``n{c}_{p}`` the folded edge from c to p."""
    ids = {v: i for i, v in enumerate(replay.order)}
    graph = named_view(replay.output, replay.order, replay.style, True, frozenset())
    widest = widest_grads(replay)
    source = graph.source()
    # Lay each box out with the widest grad text it will show, so that it fits: the
    # label's last line ("name\ndata ...\ngrad ...") is that text while laying out.
    texts = {f"v{ids[v]}": escape_text(widest.get(v, f"grad {NOT_COMPUTED}")) for v in replay.graph}
    source = re.sub(
        r'^(  ")(v\d+)(" \[.*?label="(?:[^"\\]|\\.)*?\\n)grad (?:[^"\\]|\\.)*(")',
        lambda m: m[1] + m[2] + m[3] + texts[m[2]] + m[4] if m[2] in texts else m[0],
        source,
        flags=re.M,
    )
    stage = Stage(annotate(render_svg(source, replay.renderer), False), source)
    for v, edges in replay.graph.items():
        stage.nodes[v] = [f"v{ids[v]}"]
        for k, (p, _) in enumerate(edges):
            stage.edges[(v, k)] = [f"n{ids[v]}_{ids[p]}"]
    link_grads(stage, {f"v{ids[v]}": [v] for v in replay.graph})
    return stage


__all__ = ["Stage", "base_label", "grad_text", "named_stage", "op_stage"]
