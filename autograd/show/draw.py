"""Drawings of a Value graph: the op view and the named view, as DOT and SVG.

- The **op view** shows every Value as a record ``label | data | grad`` and
  every primitive as a small ellipse between its operands and its result, like
  micrograd's ``draw_dot``. Each operand edge is drawn separately, so ``a * a``
  shows two edges from ``a``; an edge can carry its local derivative
  d result / d operand, the number backward multiplies by.
- The **named view** keeps only the output and labelled Values; an edge from
  p to c carries d c / d p summed over the folded primitive paths (see
  ``autograd.explain.fold``), the factors a chain-rule trace multiplies.

A gradient no backward pass has reached is shown as "—", not as a zero.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from autograd.engine.graph import topological_order
from autograd.engine.value import Value
from autograd.explain.fold import folded_edges
from autograd.show.dot import DotGraph, DrawingStyle, Escaped, op_text, record_label, value_fields
from autograd.show.names import Names, substitute
from autograd.show.render import Drawing

HIGHLIGHT = "#d62728"
HIGHLIGHT_FILL = "#fde0dd"
LOCAL_COLOUR = "#1f5fa8"
VIEWS = ("op", "named")


class GraphTooLargeError(ValueError):
    """The graph has more nodes than ``max_nodes``; the message suggests smaller views."""


class HasHighlightNodes(Protocol):
    """Anything that can name the Values to highlight, such as ``autograd.Trace``."""

    def highlight_nodes(self) -> Iterable[Value]: ...


Highlight = Value | HasHighlightNodes | Iterable[Value] | None


def local_formula(v: Value, k: int, names: Names) -> str:
    """``∂child/∂parent = formula = `` for operand ``k`` of ``v``, in the trace's names."""
    assert v.op is not None
    operands = {"out": names.plain_operand(v), "a": names.plain_operand(v.parents[0])}
    if len(v.parents) > 1:
        operands["b"] = names.plain_operand(v.parents[1])
    formula = substitute(v.op.formulas[k], operands)
    return f"∂{names.plain_operand(v)}/∂{names.plain_operand(v.parents[k])} = {formula}"


def highlighted_nodes(order: list[Value], highlight: Highlight) -> frozenset[Value]:
    """The Values on some path from the output (last in ``order``) to the target(s).

    A node is on such a path when it is a target or one of its parents is.
    """
    if highlight is None:
        return frozenset()
    chooser = getattr(highlight, "highlight_nodes", None)
    if callable(chooser):
        marked = frozenset(chooser())
        if marked.isdisjoint(order):
            raise ValueError("highlight: that trace is of another graph than the one being drawn")
        return marked
    targets = [highlight] if isinstance(highlight, Value) else list(highlight)  # type: ignore[arg-type]
    in_graph = set(order)
    for t in targets:
        if not isinstance(t, Value):
            raise TypeError(f"highlight must be a Value, a Trace or Values, got {t!r}")
        if t not in in_graph:
            raise ValueError(f"highlight: {t!r} is not part of the graph being drawn")
    on_path = set(targets)
    for v in order:
        if v not in on_path and any(p in on_path for p in v.parents):
            on_path.add(v)
    return frozenset(on_path)


_SMALLER_VIEWS = (
    "Draw fewer: view='named' keeps only labelled Values, nn.draw_network(model) shows a "
    "network as neurons and weights; or raise max_nodes."
)
# Each refusal suggests only what the refusing call can do.
_FEWER_LABELS = (
    "The named view draws every labelled Value: label fewer, draw a Value nearer the "
    "inputs, or, for a network, nn.draw_network(model) (neurons and weights); "
    "or raise max_nodes."
)
SMALLER_REPLAY = (
    "Each frame draws the whole graph: replay a Value nearer the inputs (a smaller "
    "graph), or raise max_nodes."
)


def check_size(count: int, max_nodes: int, what: str, advice: str = _SMALLER_VIEWS) -> None:
    """Refuse to lay out more than ``max_nodes`` nodes (Graphviz would take very long)."""
    if count > max_nodes:
        raise GraphTooLargeError(
            f"{what} has {count} nodes, more than max_nodes={max_nodes}. {advice}"
        )


Attrs = dict[str, str | Escaped]


def _mark(attrs: Attrs, fill: bool = False) -> None:
    attrs.update({"color": HIGHLIGHT, "penwidth": "2", "class": "highlight"})
    if fill:
        attrs.update({"style": "filled", "fillcolor": HIGHLIGHT_FILL})


class Decoration:
    """Hooks that restyle the op view node by node; this base draws it plainly.

    Each hook may change the attributes of one node or edge in place.
    ``grad_text`` replaces what the grad field says (None: the Value's grad).
    """

    def grad_text(self, v: Value) -> str | None:
        return None

    def value_node(self, v: Value, attrs: Attrs) -> None:
        pass

    def op_node(self, v: Value, attrs: Attrs) -> None:
        pass

    def result_edge(self, v: Value, attrs: Attrs) -> None:
        pass

    def operand_edge(self, v: Value, k: int, attrs: Attrs) -> None:
        pass


class PathHighlight(Decoration):
    """Marks the Values in ``marked`` and the edges between them; fills the targets."""

    def __init__(self, marked: frozenset[Value]) -> None:
        self.marked = marked

    def value_node(self, v: Value, attrs: Attrs) -> None:
        if v in self.marked:
            _mark(attrs, fill=not any(p in self.marked for p in v.parents))

    def op_node(self, v: Value, attrs: Attrs) -> None:
        if v in self.marked:
            _mark(attrs)

    def result_edge(self, v: Value, attrs: Attrs) -> None:
        self.op_node(v, attrs)

    def operand_edge(self, v: Value, k: int, attrs: Attrs) -> None:
        if v in self.marked and v.parents[k] in self.marked:
            _mark(attrs)


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
) -> DotGraph:
    """The op view of ``root`` (``order`` its topological order) as a DOT graph.

    Value ``order[i]`` is node ``v{i}``, its op ``o{i}``; operand edge k of it is
    ``e{i}_{k}`` and the edge from its op to it ``r{i}`` (also the SVG ids).
    """
    deco = decoration or Decoration()
    ids = {v: i for i, v in enumerate(order)}
    names = Names(root, style.digits, order)
    graph = style.graph(root.label or "graph")
    for v in order:
        i = ids[v]
        node: Attrs = {"id": f"v{i}", "shape": "record"}
        fields = value_fields(v, style, deco.grad_text(v))
        node["label"] = record_label(fields, horizontal=style.horizontal)
        deco.value_node(v, node)
        graph.node(f"v{i}", **node)
        if v.op is None:
            continue
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
        for k, (parent, local) in enumerate(zip(v.parents, v.local_grads)):
            edge: Attrs = {
                "id": f"e{i}_{k}",
                "tooltip": f"{local_formula(v, k, names)} = {style.number(local)}",
            }
            if show_local:
                edge.update(label=style.number(local), fontcolor=LOCAL_COLOUR)
            deco.operand_edge(v, k, edge)
            graph.edge(f"v{ids[parent]}", f"o{i}", **edge)
    return graph


def _named_view(
    root: Value, order: list[Value], style: DrawingStyle, show_local: bool, marked: frozenset[Value]
) -> DotGraph:
    ids = {v: i for i, v in enumerate(order)}
    names = Names(root, style.digits, order)
    edges = folded_edges(root)
    kept = {root, *(e.child for e in edges), *(e.parent for e in edges)}
    graph = style.graph(root.label or "graph")
    for v in order:
        if v not in kept:
            continue
        node: Attrs = {
            "id": f"v{ids[v]}",
            "shape": "record",
            "label": record_label(value_fields(v, style), horizontal=style.horizontal),
        }
        if v in marked:
            _mark(node, fill=not any(e.child is v and e.parent in marked for e in edges))
        graph.node(f"v{ids[v]}", **node)
    for e in edges:
        c, p = ids[e.child], ids[e.parent]
        paths = f", summed over {e.paths} paths" if e.paths > 1 else ""
        edge: Attrs = {
            "id": f"n{c}_{p}",
            "tooltip": f"∂{names.plain_operand(e.child)}/∂{names.plain_operand(e.parent)} = "
            f"{style.number(e.local)}{paths}",
        }
        if show_local:
            label = style.number(e.local) + (f" ({e.paths} paths)" if e.paths > 1 else "")
            edge.update(label=label, fontcolor=LOCAL_COLOUR)
        if e.child in marked and e.parent in marked:
            _mark(edge)
        graph.edge(f"v{p}", f"v{c}", **edge)
    return graph


def draw(
    root: Value,
    *,
    view: str = "op",
    highlight: Highlight = None,
    rankdir: str = "LR",
    digits: int = 4,
    number_format: str | None = None,
    show_local: bool = True,
    max_nodes: int = 200,
    renderer: str | None = None,
) -> Drawing:
    """Draw the graph that ``root`` was computed from (see the module doc for the views).

    ``highlight`` (a Value, several, or a Trace) marks every path from ``root``
    to it. ``show_local`` puts each edge's local derivative on it. A graph of
    more than ``max_nodes`` Values is refused before any layout starts.
    ``renderer`` forces ``"dot"`` or ``"wasm"`` (see ``autograd.show.render``).

    >>> x = Value(2.0, label="x")
    >>> y = (x * x).named("y")
    >>> print(draw(y).source.count("->"))  # two operand edges and the result edge
    3
    """
    if not isinstance(root, Value):
        raise TypeError(f"draw() needs a Value to draw, got {type(root).__name__}")
    if view not in VIEWS:
        raise ValueError(f"view is {view!r}; expected one of {VIEWS}")
    style = DrawingStyle(rankdir, digits, number_format)
    order = topological_order(root)
    what = f"the graph of {root.label or 'this Value'}"
    if view == "op":
        check_size(len(order), max_nodes, what)
    else:
        kept = sum(1 for v in order if v.label is not None or v is root)
        named = f"the named view of {root.label or 'this Value'}"
        check_size(kept, max_nodes, named, _FEWER_LABELS)
    marked = highlighted_nodes(order, highlight)
    if view == "op":
        graph = op_view(root, order, style, show_local, PathHighlight(marked))
    else:
        graph = _named_view(root, order, style, show_local, marked)
    return Drawing(graph.source(), renderer)


__all__ = ["Drawing", "DrawingStyle", "GraphTooLargeError", "draw"]
