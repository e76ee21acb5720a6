"""The named view: only the output and the labelled Values, as the documents draw them.

An edge from p to c carries d c / d p summed over the folded primitive paths
between them (``autograd.explain.fold``): the factors a chain-rule trace
multiplies. Each box stacks its name, data and grad (narrow, and boxes allow
the flat edges that hold h1 above h2; records refuse them).

A loss over several samples can be drawn as one band per sample
(``named_band_views``), stacked by ``autograd.show.band_layout``: the weights
every sample uses are drawn again, dashed, in each band, and each sample's
outputs again where the loss sums them, so no edge runs from band to band.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from autograd.engine.value import Value
from autograd.explain.fold import FoldedEdge, folded_edges
from autograd.show.decoration import LOCAL_COLOUR, Attrs, as_copy, mark, value_tooltip
from autograd.show.dot import DotGraph, DrawingStyle, value_fields
from autograd.show.names import Names
from autograd.show.op_view import edge_through_number
from autograd.show.reading import reading_key, same_rank_groups
from autograd.show.sample_bands import AFTER, Bands, drawn_id, settle

NodeId = Callable[[Value], str]


def named_view(
    root: Value,
    order: list[Value],
    style: DrawingStyle,
    show_local: bool,
    marked: frozenset[Value],
    inline_locals: bool = False,
) -> DotGraph:
    """The named view of ``root`` as a DOT graph: Value ``order[i]`` is node
    ``v{i}``, the edge from parent p to child c ``n{c}_{p}``; with
    ``inline_locals`` its number is node ``ln{c}_{p}`` that it runs through
    (see ``autograd.show.op_view``)."""
    view = _NamedView(root, order, style, show_local, marked, inline_locals)
    graph = view.graph(root.label or "graph")
    view.draw(graph, view.shown, view.edges, lambda v: f"v{view.ids[v]}")
    return graph


def named_band_views(
    root: Value,
    order: list[Value],
    style: DrawingStyle,
    show_local: bool,
    marked: frozenset[Value],
    bands: Bands,
) -> list[tuple[int, DotGraph]]:
    """The named view as one graph per band (see the module doc): each sample's
    (``band`` its number), then the loss over them (``band`` AFTER). A Value
    drawn in a band other than its own is the dashed copy ``v{i}s{band}``
    (``v{i}sum`` in the loss's band)."""
    view = _NamedView(root, order, style, show_local, marked, True)
    ids = view.ids
    # A computed Value is drawn in its band; a leaf beside its first user in this
    # view (a target only the loss uses, with the loss); either again wherever
    # else one of its edges goes.
    users: dict[Value, set[int]] = {}
    for e in view.edges:
        users.setdefault(e.parent, set()).add(bands.home[e.child])
    home: dict[Value, int] = {}
    copies: dict[Value, list[int]] = {}
    for v in view.shown:  # every shown leaf is the parent of an edge, so it has a user
        computed = bands.home[v] if v.op is not None else None
        home[v], copies[v] = settle(users.get(v, ()), computed)
    graphs = []
    for band in [*bands.samples, AFTER]:
        edges = [e for e in view.edges if bands.home[e.child] == band]
        shown = [v for v in view.shown if home[v] == band or band in copies[v]]

        def node_id(v: Value, band: int = band) -> str:
            return drawn_id(ids[v], home[v], band)

        graph = view.graph(f"{root.label or 'graph'} {band}")
        if band == AFTER:
            # every sample's outputs and targets meet in the loss: polyline edges
            # fanning into it cut through their neighbours' numbers (wang: 13 with
            # the WebAssembly Graphviz); right-angled ones run in parallel
            graph.graph_attrs["splines"] = "ortho"
        view.draw(graph, shown, edges, node_id, bands.of_sample)
        graphs.append((band, graph))
    return graphs


class _NamedView:
    """What drawing a named view needs, shared by ``named_view`` and ``named_band_views``."""

    def __init__(
        self,
        root: Value,
        order: list[Value],
        style: DrawingStyle,
        show_local: bool,
        marked: frozenset[Value],
        inline_locals: bool,
    ) -> None:
        self.root, self.order, self.style, self.marked = root, order, style, marked
        self.show_local, self.inline = show_local, inline_locals
        self.ids = ids = {v: i for i, v in enumerate(order)}
        self.names = Names(root, style.digits, order)
        edges = folded_edges(root)
        kept = {root, *(e.child for e in edges), *(e.parent for e in edges)}
        # Graphviz keeps the order nodes and edges are declared in where crossings
        # tie: declared in reading order, h1 comes out above h2 and o1 above o2.
        self.shown = sorted((v for v in order if v in kept), key=lambda v: reading_key(v, ids))
        self.edges = sorted(
            edges, key=lambda e: (reading_key(e.child, ids), reading_key(e.parent, ids))
        )

    def graph(self, name: str) -> DotGraph:
        graph = self.style.graph(name)
        if self.inline:
            # the numbers stand between the ranks and keep them apart: wang's view is
            # 1,313 pt wide at 0.2 in, 1,632 pt at Graphviz's default 0.5 in
            graph.graph_attrs["ranksep"] = "0.2"
        return graph

    def draw(
        self,
        graph: DotGraph,
        shown: list[Value],
        edges: list[FoldedEdge],
        node_id: NodeId,
        sampled: dict[Value, int] | None = None,
    ) -> None:
        """Add ``shown`` and ``edges`` to ``graph``; a Value whose ``node_id`` is
        not ``v{i}`` is a dashed copy, which says which sample it was computed
        from (``sampled``) if any."""
        ids, style, marked, names = self.ids, self.style, self.marked, self.names
        for v in shown:
            fields = value_fields(v, style)
            shown_id = node_id(v)
            copy = shown_id != f"v{ids[v]}"
            if copy and sampled is not None and v in sampled:
                fields.insert(0, f"from sample {sampled[v]}")
            node: Attrs = {
                "id": shown_id,
                "shape": "box",
                "tooltip": value_tooltip(v, names),
                "label": "\n".join(fields),
            }
            if v in marked:  # a target (filled) has no marked parent in the whole view
                mark(node, fill=not any(e.child is v and e.parent in marked for e in self.edges))
            if copy:
                as_copy(node)
            graph.node(shown_id, **node)
        for e in edges:
            c, p = ids[e.child], ids[e.parent]
            paths = f", summed over {e.paths} paths" if e.paths > 1 else ""
            edge: Attrs = {
                "id": f"n{c}_{p}",
                "tooltip": f"∂{names.plain_operand(e.child)}/∂{names.plain_operand(e.parent)}"
                f" = {style.number(e.local)}{paths}: the factor backward multiplies by",
            }
            if e.child in marked and e.parent in marked:
                mark(edge)
            label = style.number(e.local) + (f" ({e.paths} paths)" if e.paths > 1 else "")
            tail, head = node_id(e.parent), node_id(e.child)
            if self.show_local and self.inline:
                edge_through_number(graph, tail, head, label, edge, f"ln{c}_{p}")
                continue
            if self.show_local:
                edge.update(label=label, fontcolor=LOCAL_COLOUR)
            graph.edge(tail, head, **edge)
        at_home = [v for v in shown if node_id(v) == f"v{ids[v]}"]
        for group in same_rank_groups(self.order, at_home):
            graph.same_rank(f"v{ids[v]}" for v in group)
            for upper, lower in itertools.pairwise(group):
                graph.edge(f"v{ids[upper]}", f"v{ids[lower]}", style="invis")
