"""The op view: every Value a record ``label | data | grad``, every primitive an ellipse.

Like micrograd's ``draw_dot``, each operand edge is drawn separately, so ``a * a``
shows two edges from ``a``. The number on an operand edge is its local
derivative d result / d operand, the number backward multiplies by. In
``draw()`` that number is a small node the edge runs through (``inline_locals``):
Graphviz never lets one node overlap another, so no number grazes an edge or
runs into its neighbour, as edge labels beside converging edges do.

A loss over several samples is drawn as bands, one per sample
(``band_views``, ``autograd.show.sample_bands``), which
``autograd.show.band_layout`` stacks one under the other.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from autograd.engine.value import Value
from autograd.show.decoration import LOCAL_COLOUR, Attrs, Decoration, as_copy, with_number
from autograd.show.dot import DotGraph, DrawingStyle, op_text, record_label, value_fields
from autograd.show.names import Names, substitute
from autograd.show.reading import reading_key, same_rank_groups
from autograd.show.sample_bands import AFTER, Bands, drawn_id

# Between neighbours in a rank (Graphviz's default is 0.25 in): the numbers on
# the edges are nodes too and keep their own gaps, so records can stand closer;
# wang's op view, 12 records wide, fits a page (1,416 pt instead of 1,483 pt).
NODESEP = {"nodesep": "0.18"}

NodeId = Callable[[Value], str]


def local_formula(v: Value, k: int, names: Names) -> str:
    """``∂child/∂parent = formula`` for operand ``k`` of ``v``, in the trace's names."""
    assert v.op is not None
    operands = {"out": names.plain_operand(v), "a": names.plain_operand(v.parents[0])}
    if len(v.parents) > 1:
        operands["b"] = names.plain_operand(v.parents[1])
    formula = substitute(v.op.formulas[k], operands)
    return f"∂{names.plain_operand(v)}/∂{names.plain_operand(v.parents[k])} = {formula}"


def _op_tooltip(v: Value, names: Names) -> str:
    assert v.op is not None
    expression = v.op.describe(*map(names.plain_operand, v.parents))
    return expression if v.label is None else f"{v.label} = {expression}"


def op_view(
    root: Value,
    order: list[Value],
    style: DrawingStyle,
    show_local: bool = True,
    decoration: Decoration | None = None,
    *,
    inline_locals: bool = False,
) -> DotGraph:
    """The op view of ``root`` (``order`` its topological order) as a DOT graph.

    Value ``order[i]`` is node ``v{i}``, its op ``o{i}``; operand edge k of it is
    ``e{i}_{k}`` and the edge from its op to it ``r{i}`` (also the SVG ids).
    With ``inline_locals`` the local derivative is node ``l{i}_{k}`` and the
    edge's second half ``e{i}_{k}h`` (see the module doc).
    """
    ids = {v: i for i, v in enumerate(order)}
    view = _View(root, order, ids, style, show_local, decoration or Decoration(), inline_locals)
    graph = style.graph(root.label or "graph")
    graph.graph_attrs.update(NODESEP)
    reading = sorted(order, key=lambda v: reading_key(v, ids))  # see named_view
    view.draw(graph, reading, lambda v: f"v{ids[v]}")
    return graph


def band_views(
    root: Value,
    order: list[Value],
    style: DrawingStyle,
    show_local: bool,
    decoration: Decoration,
    bands: Bands,
) -> list[tuple[int, DotGraph]]:
    """The op view of a loss over several samples as one graph per band: each
    sample's (``band`` its number), then the sum over them (``band`` AFTER).

    A Value drawn again in a band other than its own (a weight every sample
    uses, a sample's loss term in the sum) is a dashed copy ``v{i}s{band}``
    (``v{i}sum`` in the sum), so no edge runs from one band to another.
    """
    ids = {v: i for i, v in enumerate(order)}
    view = _View(root, order, ids, style, show_local, decoration, True)
    reading = sorted(order, key=lambda v: reading_key(v, ids))
    graphs = []
    for band in [*bands.samples, AFTER]:

        def node_id(v: Value, band: int = band) -> str:
            return drawn_id(ids[v], bands.home[v], band)

        drawn = set(bands.members(band))
        graph = style.graph(f"{root.label or 'graph'} {band}")
        graph.graph_attrs.update(NODESEP)
        view.draw(graph, [v for v in reading if v in drawn], node_id, bands.of_sample)
        graphs.append((band, graph))
    return graphs


class _View:
    """What drawing an op view needs, shared by ``op_view`` and ``band_views``."""

    def __init__(
        self,
        root: Value,
        order: list[Value],
        ids: dict[Value, int],
        style: DrawingStyle,
        show_local: bool,
        decoration: Decoration,
        inline_locals: bool,
    ) -> None:
        self.root, self.order, self.ids, self.style = root, order, ids, style
        self.show_local, self.deco, self.inline = show_local, decoration, inline_locals
        self.names = Names(root, style.digits, order)

    def draw(
        self,
        graph: DotGraph,
        values: list[Value],
        node_id: NodeId,
        sampled: dict[Value, int] | None = None,
    ) -> None:
        """Add ``values`` (in reading order) to ``graph``: a Value whose ``node_id``
        is not ``v{i}`` is a copy, drawn without its op and operands, and says
        which sample it was computed from (``sampled``) if any."""
        ids, style, deco = self.ids, self.style, self.deco
        for v in values:
            i = ids[v]
            shown = node_id(v)
            copy = shown != f"v{i}"
            fields = value_fields(v, style, deco.grad_text(v))
            if copy and sampled is not None and v in sampled:
                fields.insert(0, f"from sample {sampled[v]}")
            node: Attrs = {"id": shown, "shape": "record", "tooltip": self.names.plain(v)}
            node["label"] = record_label(fields, horizontal=not style.horizontal)
            deco.value_node(v, node)
            if copy:
                as_copy(node)
            graph.node(shown, **node)
            if v.op is None or copy:
                continue
            _op_node(graph, v, i, self.names, deco)
            for k, (parent, local) in enumerate(zip(v.parents, v.local_grads)):
                number = style.number(local)
                edge: Attrs = {
                    "id": f"e{i}_{k}",
                    "tooltip": with_number(local_formula(v, k, self.names), number),
                }
                deco.operand_edge(v, k, edge)
                if self.show_local and self.inline:
                    edge_through_number(graph, node_id(parent), f"o{i}", number, edge, f"l{i}_{k}")
                    continue
                if self.show_local:
                    edge.update(label=number, fontcolor=LOCAL_COLOUR)
                graph.edge(node_id(parent), f"o{i}", **edge)
        own = [v for v in values if node_id(v) == f"v{ids[v]}"]
        _hold_in_reading_order(graph, self.order, own, ids)


def _hold_in_reading_order(
    graph: DotGraph, order: list[Value], values: list[Value], ids: dict[Value, int]
) -> None:
    """net_h1 left of net_h2 (top to bottom) or above it (left to right): one rank
    and invisible flat edges, between their op ellipses since records refuse
    flat edges."""
    for group in same_rank_groups(order, values):
        if all(v.op is not None for v in group):
            graph.same_rank(f"o{ids[v]}" for v in group)
            for left, right in itertools.pairwise(group):
                graph.edge(f"o{ids[left]}", f"o{ids[right]}", style="invis")
            # and each Value straight under its op, where the order holds
            for v in group:
                graph.node(f"o{ids[v]}", group=f"g{ids[v]}")
                graph.node(f"v{ids[v]}", group=f"g{ids[v]}")


def _op_node(graph: DotGraph, v: Value, i: int, names: Names, deco: Decoration) -> None:
    """The ellipse of ``v``'s primitive and the edge from it to ``v``."""
    assert v.op is not None
    op_node: Attrs = {
        "id": f"o{i}",
        "label": op_text(v.op),
        "shape": "ellipse",
        "width": "0",
        "height": "0",
        "margin": "0.04",
        "ordering": "in",
        "tooltip": _op_tooltip(v, names),
    }
    deco.op_node(v, op_node)
    graph.node(f"o{i}", **op_node)
    out_edge: Attrs = {"id": f"r{i}"}
    deco.result_edge(v, out_edge)
    graph.edge(f"o{i}", f"v{i}", **out_edge)


def edge_through_number(
    graph: DotGraph, tail: str, head: str, number: str, edge: Attrs, node_id: str
) -> None:
    """The edge ``tail -> head`` drawn through node ``node_id`` showing ``number``:
    its first half keeps the edge's id, its second half adds "h" to it."""
    graph.node(
        node_id,
        id=node_id,
        shape="plaintext",
        label=number,
        fontcolor=LOCAL_COLOUR,
        fontsize="9",
        width="0",
        height="0",
        margin="0.02",
        tooltip=edge["tooltip"],
    )
    graph.edge(tail, node_id, **{**edge, "arrowhead": "none"})
    # a tail label (a replay's contribution) belongs at the parent's end only
    second = {k: a for k, a in edge.items() if k not in ("taillabel", "labelfontcolor")}
    graph.edge(node_id, head, **{**second, "id": f"{edge['id']}h"})
