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

import itertools
import re
from collections.abc import Iterable
from typing import Protocol

from autograd.engine.graph import topological_order
from autograd.engine.value import Value
from autograd.explain.fold import folded_edges
from autograd.show.dot import (
    DotGraph,
    DrawingStyle,
    Escaped,
    escape_text,
    op_text,
    record_label,
    value_fields,
)
from autograd.show.names import Names, substitute, typeset
from autograd.show.render import Drawing
from autograd.show.size import DEFAULT_MAX_NODES, GraphTooLargeError, check_size, layout_seconds

HIGHLIGHT = "#d62728"
HIGHLIGHT_FILL = "#fde0dd"
LOCAL_COLOUR = "#1f5fa8"
VIEWS = ("op", "named")
PAGE_WIDTH = 1400.0  # points; rankdir="auto" turns a drawing wider than this top to bottom


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


class Explained(PathHighlight):
    """``PathHighlight`` plus tooltips on values and results, for ``draw()``."""

    def __init__(self, marked: frozenset[Value], names: Names) -> None:
        super().__init__(marked)
        self.names = names

    def value_node(self, v: Value, attrs: Attrs) -> None:
        attrs["tooltip"] = value_tooltip(v, self.names)
        super().value_node(v, attrs)

    def result_edge(self, v: Value, attrs: Attrs) -> None:
        assert v.op is not None
        attrs["tooltip"] = f"{self.names.plain(v)}: the result of {op_text(v.op)}"
        super().result_edge(v, attrs)


def with_number(formula: str, number: str) -> str:
    """``formula = number``, unless the formula already ends in that number (no "= 1 = 1")."""
    return formula if formula.endswith(f"= {number}") else f"{formula} = {number}"


def value_tooltip(v: Value, names: Names) -> str:
    """A Value's name, its data and grad to all their digits (the drawing rounds them)."""
    grad = repr(v.grad) if v.has_grad else "— (no backward pass yet)"
    kind = "a constant" if v.op is None and v.label is None else names.plain(v)
    return f"{kind}: data {v.data!r}, grad {grad}"


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
    for v in sorted(order, key=lambda v: reading_key(v, ids)):  # see _named_view
        i = ids[v]
        node: Attrs = {"id": f"v{i}", "shape": "record"}
        fields = value_fields(v, style, deco.grad_text(v))
        node["label"] = record_label(fields, horizontal=not style.horizontal)
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
                "tooltip": with_number(local_formula(v, k, names), style.number(local)),
            }
            if show_local:
                edge.update(label=style.number(local), fontcolor=LOCAL_COLOUR)
            deco.operand_edge(v, k, edge)
            graph.edge(f"v{ids[parent]}", f"o{i}", **edge)
    return graph


def reading_key(v: Value, ids: dict[Value, int]) -> tuple[object, ...]:
    """Labels in the order a reader counts them: h1 before h2 before h10; a
    ``[i]`` sample suffix counts first, unlabelled Values keep the graph's order."""
    if v.label is None:
        return ((), ids[v])
    sample = re.search(r"\[(\d+)\]$", v.label)
    parts = re.split(r"(\d+)", v.label[: sample.start()] if sample else v.label)
    key = tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts if p)
    return ((int(sample[1]) if sample else 0, *key), ids[v])


def _named_view(
    root: Value, order: list[Value], style: DrawingStyle, show_local: bool, marked: frozenset[Value]
) -> DotGraph:
    ids = {v: i for i, v in enumerate(order)}
    names = Names(root, style.digits, order)
    edges = folded_edges(root)
    kept = {root, *(e.child for e in edges), *(e.parent for e in edges)}
    graph = style.graph(root.label or "graph")
    # Graphviz keeps the order nodes and edges are declared in where crossings
    # tie: declared in reading order, h1 comes out above h2 and o1 above o2.
    shown = sorted((v for v in order if v in kept), key=lambda v: reading_key(v, ids))
    edges = sorted(edges, key=lambda e: (reading_key(e.child, ids), reading_key(e.parent, ids)))
    for v in shown:
        fields = value_fields(v, style)
        node: Attrs = {
            "id": f"v{ids[v]}",
            "shape": "box",
            "tooltip": value_tooltip(v, names),
            # fields stacked, name on top: narrow, and flat edges (records refuse them)
            "label": "\n".join(fields),
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
            f"{style.number(e.local)}{paths}: the factor backward multiplies by",
        }
        if show_local:
            label = style.number(e.local) + (f" ({e.paths} paths)" if e.paths > 1 else "")
            edge.update(label=label, fontcolor=LOCAL_COLOUR)
        if e.child in marked and e.parent in marked:
            _mark(edge)
        graph.edge(f"v{p}", f"v{c}", **edge)
    for group in same_rank_groups(root, shown):
        graph.same_rank(f"v{ids[v]}" for v in group)
        for upper, lower in itertools.pairwise(group):
            graph.edge(f"v{ids[upper]}", f"v{ids[lower]}", style="invis")
    return graph


def same_rank_groups(root: Value, shown: list[Value]) -> list[list[Value]]:
    """Labelled Values that differ only in their numbers (net_h1, net_h2) and lie
    equally far from ``root``: each group, in reading order, is held in one rank
    in that order by invisible flat edges, since crossing reduction may swap them."""
    distance = {root: 0}
    keep = set(shown)
    for v in reversed(topological_order(root)):
        for p in v.parents:
            if v in distance:
                distance[p] = max(distance.get(p, 0), distance[v] + 1)
    groups: dict[tuple[str, int], list[Value]] = {}
    for v in shown:
        if v.label is not None and v in keep and re.search(r"\d", v.label):
            groups.setdefault((re.sub(r"\d+", "#", v.label), distance.get(v, 0)), []).append(v)
    return [g for g in groups.values() if len(g) > 1]


def draw(
    root: Value,
    *,
    view: str = "op",
    highlight: Highlight = None,
    rankdir: str = "auto",
    digits: int = 4,
    number_format: str | None = None,
    show_local: bool = True,
    max_nodes: int = DEFAULT_MAX_NODES,
    renderer: str | None = None,
    legend: bool = True,
) -> Drawing:
    """Draw the graph that ``root`` was computed from (see the module doc for the views).

    ``highlight`` (a Value, several, or a Trace) marks every path from ``root``
    to it. ``show_local`` puts each edge's local derivative on it.
    ``rankdir`` is "LR" (inputs on the left), "TB" (inputs on top), or "auto":
    LR unless that would be wider than a page and TB narrower.
    A graph of more than ``max_nodes`` Values, or (with the default limit) one
    whose layout is estimated to take over 5 s, is refused at once (see
    ``autograd.show.size``). ``renderer`` forces ``"dot"`` or ``"wasm"``.
    ``legend=False`` leaves out the caption saying what the numbers are.

    >>> x = Value(2.0, label="x")
    >>> y = (x * x).named("y")
    >>> print(draw(y).source.count("->"))  # two operand edges and the result edge
    3
    """
    if not isinstance(root, Value):
        raise TypeError(f"draw() needs a Value to draw, got {type(root).__name__}")
    if view not in VIEWS:
        raise ValueError(f"view is {view!r}; expected one of {VIEWS}")
    DrawingStyle("LR" if rankdir == "auto" else rankdir, digits, number_format)  # validates
    order = topological_order(root)
    name = root.label or "this Value"
    if view == "op":
        dot_nodes = len(order) + sum(1 for v in order if v.op is not None)
        check_size(len(order), max_nodes, f"the graph of {name}", dot_nodes=dot_nodes)
        shown = order
    else:
        shown = [v for v in order if v.label is not None or v is root]
        dot_nodes = len(shown)
        check_size(dot_nodes, max_nodes, f"the named view of {name}")
    if rankdir == "auto":
        rankdir = auto_direction(order, frozenset(shown), with_ops=view == "op")
    style = DrawingStyle(rankdir, digits, number_format)
    marked = highlighted_nodes(order, highlight)
    if view == "op":
        explained = Explained(marked, Names(root, digits, order))
        graph = op_view(root, order, style, show_local, explained)
    else:
        graph = _named_view(root, order, style, show_local, marked)
    if legend:
        samples = any(v.label and re.search(r"\[\d+\]$", v.label) for v in shown)
        add_caption(graph, caption(root, view, bool(marked), samples))
    return Drawing(graph.source(), renderer, expected_seconds=layout_seconds(dot_nodes))


def caption(root: Value, view: str, highlighted: bool, samples: bool = False) -> list[str]:
    """What the numbers of an op or named view mean, one line each."""
    of = typeset(root.label) if root.label else "the output"
    lines = [
        f"Each box: a value's name (if any), data = its value, grad = ∂{of}/∂ that value.",
        "Blue edge numbers: the local derivative ∂child/∂parent, which backward multiplies by."
        if view == "op"
        else "Blue edge numbers: ∂child/∂parent through the unnamed steps between them.",
    ]
    if view == "op":
        lines.append(
            "Ellipses: the primitive operations; a box without a name is unnamed or a constant."
        )
    if samples:
        lines.append("name[i]: that value in sample i; a weight's grad is of the loss over all.")
    if highlighted:
        lines.append("Red: the paths from the output to the highlighted values.")
    return lines


def add_caption(graph: DotGraph, lines: list[str]) -> None:
    """``lines`` left-aligned under the drawing, as the graph's label."""
    text = "".join(escape_text(line) + "\\l" for line in lines)
    graph.graph_attrs.update(label=Escaped(text), labelloc="b", labeljust="l", fontsize="10")


def auto_direction(order: list[Value], shown: frozenset[Value], with_ops: bool) -> str:
    """ "LR" unless its estimated width passes ``PAGE_WIDTH`` and "TB" would be narrower.

    Level = longest path from a leaf; LR is one column per level (two with the
    op ellipses), TB one row per level, as wide as its most crowded level.
    """
    level: dict[Value, int] = {}
    for v in order:
        level[v] = max((level[p] + 1 for p in v.parents), default=0)
    # dot puts a leaf (weight, input, constant) just before its first use, not all on top
    first_use: dict[Value, int] = {}
    for v in order:
        for p in v.parents:
            if p.op is None:
                first_use[p] = min(first_use.get(p, level[v]), level[v])
    level.update({leaf: used - 1 for leaf, used in first_use.items()})
    crowd: dict[int, int] = {}
    for v in shown:
        crowd[level[v]] = crowd.get(level[v], 0) + 1
    node_width = 100.0  # a stacked record "grad -0.02274" at 11 pt, with margins
    columns = len(crowd)
    lr = columns * (node_width + 36) + (columns * 66 if with_ops else 0)
    tb = max(crowd.values(), default=1) * (node_width + 18)
    return "TB" if lr > PAGE_WIDTH and tb < lr else "LR"


__all__ = ["Drawing", "DrawingStyle", "GraphTooLargeError", "check_size", "draw"]
