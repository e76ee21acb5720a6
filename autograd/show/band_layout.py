"""Stacking the bands of an op view one under the other, each centred and framed.

Graphviz's ``dot`` cannot be asked to stack clusters: invisible edges between
them either pull the bands into a staircase (wang's op view came out 3,884 pt
wide) or, when they are few, let the bands slide beside each other. So each
band (``autograd.show.op_view.band_views``) is laid out by ``dot`` on its own,
into positions (its JSON output), and the drawing is written with every node
and every edge's spline at its place, for Graphviz's ``nop2`` layout, which
draws what it is given. The ``dot`` binary and the WebAssembly build both run
it, and SVG and PNG come out the same. Laying out the bands apart also costs
less: ``dot``'s time grows faster than the number of nodes.

``StackedDrawing.source`` is that DOT, made on first use (it needs a
renderer); with none, it is the bands as clusters of one ordinary DOT graph.
"""

from __future__ import annotations

import json
import re
from typing import Any

from autograd.show.dot import DotGraph
from autograd.show.reading import add_caption, caption_label
from autograd.show.render import Drawing, RenderError, RendererUnavailableError, render
from autograd.show.sample_bands import AFTER

GAP = 18.0  # points between one band's frame and the next
PAD = 8.0  # points between a frame and what it holds
TITLE = 18.0  # points above a band's content for its title
MARGIN = 4.0  # points around the whole drawing
FRAME: dict[str, str] = {
    "shape": "box",
    "style": "rounded",
    "color": "gray70",
    "fontcolor": "gray30",
    "fontsize": "10",
    "labelloc": "t",
}
LABEL_PLACES = ("pos", "lp", "head_lp", "tail_lp", "xlp")
CAPTION_LINE = 13.0  # points per caption line at 10 pt
_POINT = re.compile(r"(-?[\d.]+(?:e-?\d+)?),(-?[\d.]+(?:e-?\d+)?)")

Band = tuple[str, DotGraph]  # a title ("sample 2", or "" for no frame) and its graph


class StackedDrawing(Drawing):
    """A ``Drawing`` of bands laid out apart and stacked (see the module doc)."""

    def __init__(
        self,
        bands: list[Band],
        caption: list[str],
        renderer: str | None = None,
        expected_seconds: float = 0.0,
    ) -> None:
        super().__init__("", renderer, expected_seconds)
        self.bands = bands
        self.caption = caption
        self._stacked: str | None = None

    @property
    def source(self) -> str:
        """The DOT text: the stacked layout, or without a renderer the bands as clusters."""
        if self._stacked is None:
            try:
                self._stacked = stacked_source(self.bands, self.caption, self.renderer)
            except RendererUnavailableError:
                return clustered_source(self.bands, self.caption)
        return self._stacked

    def __repr__(self) -> str:
        return f"<Drawing: {len(self.bands)} bands stacked; .svg(), .save(path), .source>"


def titled(views: list[tuple[int, DotGraph]]) -> list[Band]:
    """Band graphs by sample number (``AFTER`` for the sum) as titled bands."""
    return [(f"sample {band}" if band != AFTER else "", graph) for band, graph in views]


def _layout(graph: DotGraph, renderer: str | None) -> dict[str, Any]:
    """``graph`` laid out by ``dot``: its JSON, with a route for every drawn edge."""
    try:
        laid: dict[str, Any] = json.loads(render(graph.source(), "json0", renderer))
        _check_routes(graph, laid)
    except RenderError:
        if graph.graph_attrs.get("splines") != "ortho":
            raise
        # Graphviz's orthogonal router fails an assertion on some graphs
        graph.graph_attrs["splines"] = "polyline"
        laid = json.loads(render(graph.source(), "json0", renderer))
        _check_routes(graph, laid)
    return laid


def _routes(layout: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The laid-out edges that have an id and a spline, by id."""
    return {e["id"]: e for e in layout.get("edges", []) if "id" in e and "pos" in e}


def _check_routes(graph: DotGraph, layout: dict[str, Any]) -> None:
    routed = _routes(layout)
    missing = [a["id"] for _, _, a in graph.edges if "id" in a and a["id"] not in routed]
    if missing:
        raise RenderError(f"Graphviz gave no route for edge(s) {', '.join(map(str, missing[:5]))}")


def _shift(spline: str, dx: float, dy: float) -> str:
    """Every ``x,y`` point of a Graphviz spline or position moved by (dx, dy)."""
    return _POINT.sub(lambda m: f"{float(m[1]) + dx:.2f},{float(m[2]) + dy:.2f}", spline)


def stacked_source(bands: list[Band], caption: list[str], renderer: str | None) -> str:
    """The DOT of ``bands`` stacked top to bottom, centred, every position fixed."""
    laid = [(title, graph, _layout(graph, renderer)) for title, graph in bands]
    sizes = [tuple(float(x) for x in layout["bb"].split(","))[2:] for _, _, layout in laid]
    width = max(w for w, _ in sizes) + 2 * PAD
    framed = [bool(title) for title, _, _ in laid]
    heights = [h + (2 * PAD + TITLE if f else 0) for (_, h), f in zip(sizes, framed)]
    below = CAPTION_LINE * len(caption) + (PAD if caption else 0)
    total = sum(heights) + GAP * (len(laid) - 1) + below
    out = _empty_like(laid[0][1])
    out.graph_attrs.update(
        layout="nop2",
        bb=f"{-MARGIN},{-MARGIN},{width + MARGIN:.2f},{total + MARGIN:.2f}",
    )
    top = total
    for k, ((title, graph, layout), (w, _), frame, height) in enumerate(
        zip(laid, sizes, framed, heights)
    ):
        left = (width - w) / 2
        bottom = top - height + (PAD if frame else 0)
        if frame:
            out.node(
                f"band{k + 1}",
                id=f"band{k + 1}",
                label=title,
                tooltip=title,
                pos=f"{width / 2:.2f},{top - height / 2:.2f}",
                width=f"{width / 72:.4f}",
                height=f"{height / 72:.4f}",
                **FRAME,
            )
        _place(out, graph, layout, left, bottom)
        top -= height + GAP
    if caption:
        _caption(out, caption, below)
    return out.source()


def _place(out: DotGraph, graph: DotGraph, layout: dict[str, Any], dx: float, dy: float) -> None:
    """``graph``'s nodes and visible edges into ``out``, where ``layout`` put them, moved."""
    placed = {o["name"]: o for o in layout.get("objects", []) if "pos" in o and "nodes" not in o}
    routes = _routes(layout)
    for name, attrs in graph.nodes.items():
        where = placed[name]
        extra = {"pos": _shift(where["pos"], dx, dy)}
        extra.update(width=where["width"], height=where["height"])
        out.node(name, **{**attrs, **extra})
    for tail, head, attrs in graph.edges:
        edge_id = attrs.get("id")
        if isinstance(edge_id, str):  # every drawn edge has an id; invisible ones have none
            route = routes[edge_id]
            # the spline, and where its labels went (a replay's contributions are tail labels)
            where = {key: _shift(route[key], dx, dy) for key in LABEL_PLACES if key in route}
            out.edge(tail, head, **{**attrs, **where})


def _caption(out: DotGraph, lines: list[str], height: float) -> None:
    """The caption as a left-aligned text block at the bottom left."""
    text = caption_label(lines)
    width = max(len(line) for line in lines) * 5.5  # 10 pt Helvetica, generous
    out.node(
        "caption",
        id="caption",
        shape="plaintext",
        label=text,
        fontsize="10",
        tooltip="what the numbers of this drawing are",
        pos=f"{width / 2:.2f},{height / 2:.2f}",
        width=f"{width / 72:.4f}",
        height=f"{height / 72:.4f}",
    )


def clustered_source(bands: list[Band], caption: list[str]) -> str:
    """The bands as clusters of one DOT graph, for ``dot`` to lay out (side by side)."""
    out = _empty_like(bands[0][1])
    for k, (title, graph) in enumerate(bands):
        if title:
            frame = {key: value for key, value in FRAME.items() if key != "shape"}
            out.begin_cluster(f"band{k + 1}", label=title, **frame)
        out.extend(graph.body())  # with the ranks and invisible edges that keep the order
        if title:
            out.end_cluster()
    if caption:
        add_caption(out, caption)
    return out.source()


def _empty_like(band: DotGraph) -> DotGraph:
    """A graph with a band's name (less its number) and its attributes, empty."""
    name = band.name.rsplit(" ", 1)[0]
    return DotGraph(
        name, dict(band.graph_attrs), dict(band.node_defaults), dict(band.edge_defaults)
    )
