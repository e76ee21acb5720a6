"""Drawings of a Value graph: the op view and the named view, as DOT and SVG.

- The **op view** shows every Value as a record ``label | data | grad`` and
  every primitive as a small ellipse between its operands and its result, like
  micrograd's ``draw_dot``. Each operand edge is drawn separately, so ``a * a``
  shows two edges from ``a``; an edge can carry its local derivative
  d result / d operand, the number backward multiplies by.
- The **named view** keeps only the output and labelled Values; an edge from
  p to c carries d c / d p summed over the folded primitive paths (see
  ``autograd.fold``), the factors a chain-rule trace multiplies.

A gradient no backward pass has reached is shown as "—", not as a zero.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from autograd.backward import topological_order
from autograd.dot import DotGraph, Escaped, record_label
from autograd.engine import Value
from autograd.fold import folded_edges
from autograd.ops import Op
from autograd.render import Drawing
from autograd.trace_names import Names, substitute

HIGHLIGHT = "#d62728"
HIGHLIGHT_FILL = "#fde0dd"
LOCAL_COLOUR = "#1f5fa8"
RANKDIRS = ("LR", "RL", "TB", "BT")
VIEWS = ("op", "named")
NOT_COMPUTED = "—"


class GraphTooLargeError(ValueError):
    """The graph has more nodes than ``max_nodes``; the message suggests smaller views."""


class HasHighlightNodes(Protocol):
    """Anything that can name the Values to highlight, such as ``autograd.Trace``."""

    def highlight_nodes(self) -> Iterable[Value]: ...


Highlight = Value | HasHighlightNodes | Iterable[Value] | None


@dataclass(frozen=True)
class Style:
    """How a drawing looks: layout direction and number formatting.

    Numbers use ``number_format`` (a format spec such as ``".8f"``) when given,
    else ``digits`` significant digits.
    """

    rankdir: str = "LR"
    digits: int = 4
    number_format: str | None = None

    def __post_init__(self) -> None:
        if self.rankdir not in RANKDIRS:
            raise ValueError(f"rankdir is {self.rankdir!r}; expected one of {RANKDIRS}")
        if not isinstance(self.digits, int) or self.digits < 1:
            raise ValueError(f"digits must be a positive int, got {self.digits!r}")
        if self.number_format is not None:
            format(1.0, self.number_format)  # a bad spec fails here, with Python's message

    def number(self, x: float) -> str:
        """``x`` as shown in a drawing (``-0`` shown as ``0``)."""
        text = format(x, self.number_format) if self.number_format else f"{x:.{self.digits}g}"
        return text[1:] if text.startswith("-") and float(text) == 0.0 else text

    @property
    def horizontal(self) -> bool:
        """True when ranks run left to right, so record fields need braces."""
        return self.rankdir in ("LR", "RL")

    def graph(self, name: str) -> DotGraph:
        """An empty DOT graph with this style's layout and fonts."""
        return DotGraph(
            name=name,
            graph_attrs={"rankdir": self.rankdir, "fontname": "Helvetica"},
            node_defaults={"fontname": "Helvetica", "fontsize": "11"},
            edge_defaults={"fontname": "Helvetica", "fontsize": "9", "arrowsize": "0.6"},
        )


def value_fields(v: Value, style: Style, grad_text: str | None = None) -> list[str]:
    """The record fields of a value node: label (if any), data, grad."""
    if grad_text is None:
        grad_text = style.number(v.grad) if v.has_grad else NOT_COMPUTED
    fields = [] if v.label is None else [v.label]
    return [*fields, f"data {style.number(v.data)}", f"grad {grad_text}"]


def op_text(op: Op) -> str:
    """The short name of a primitive in its ellipse: ``*``, ``+``, ``σ``, ``** 2``."""
    shown = op.symbol.format(*[""] * op.arity).strip()
    return shown[:-2] if shown.endswith("()") else shown


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
        return frozenset(chooser())
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


def check_size(count: int, max_nodes: int, what: str) -> None:
    """Refuse to lay out more than ``max_nodes`` nodes (Graphviz would take very long)."""
    if count > max_nodes:
        raise GraphTooLargeError(
            f"{what} has {count} nodes, more than max_nodes={max_nodes}. Draw fewer: "
            "view='named' keeps only labelled Values, nn.draw_network(model) shows a network "
            "as neurons and weights; or raise max_nodes."
        )


def _mark(attrs: dict[str, str | Escaped], fill: bool = False) -> None:
    attrs.update({"color": HIGHLIGHT, "penwidth": "2", "class": "highlight"})
    if fill:
        attrs.update({"style": "filled", "fillcolor": HIGHLIGHT_FILL})


def _op_tooltip(v: Value, names: Names) -> str:
    assert v.op is not None
    expression = v.op.describe(*map(names.plain_operand, v.parents))
    return expression if v.label is None else f"{v.label} = {expression}"


def _op_view(
    root: Value, order: list[Value], style: Style, show_local: bool, marked: frozenset[Value]
) -> DotGraph:
    ids = {v: i for i, v in enumerate(order)}
    names = Names(root, style.digits)
    graph = style.graph(root.label or "graph")
    for v in order:
        i = ids[v]
        node: dict[str, str | Escaped] = {
            "id": f"v{i}",
            "shape": "record",
            "label": record_label(value_fields(v, style), horizontal=style.horizontal),
        }
        if v in marked:
            _mark(node, fill=not any(p in marked for p in v.parents))
        graph.node(f"v{i}", **node)
        if v.op is None:
            continue
        op_node: dict[str, str | Escaped] = {
            "id": f"o{i}",
            "label": op_text(v.op),
            "shape": "ellipse",
            "width": "0",
            "height": "0",
            "margin": "0.04",
            "ordering": "in",
            "tooltip": _op_tooltip(v, names),
        }
        if v in marked:
            _mark(op_node)
        graph.node(f"o{i}", **op_node)
        out_edge: dict[str, str | Escaped] = {"id": f"r{i}"}
        if v in marked:
            _mark(out_edge)
        graph.edge(f"o{i}", f"v{i}", **out_edge)
        for k, (parent, local) in enumerate(zip(v.parents, v.local_grads)):
            edge: dict[str, str | Escaped] = {
                "id": f"e{i}_{k}",
                "tooltip": f"{local_formula(v, k, names)} = {style.number(local)}",
            }
            if show_local:
                edge.update(label=style.number(local), fontcolor=LOCAL_COLOUR)
            if parent in marked and v in marked:
                _mark(edge)
            graph.edge(f"v{ids[parent]}", f"o{i}", **edge)
    return graph


def _named_view(
    root: Value, order: list[Value], style: Style, show_local: bool, marked: frozenset[Value]
) -> DotGraph:
    ids = {v: i for i, v in enumerate(order)}
    names = Names(root, style.digits)
    edges = folded_edges(root)
    kept = {root, *(e.child for e in edges), *(e.parent for e in edges)}
    graph = style.graph(root.label or "graph")
    for v in order:
        if v not in kept:
            continue
        node: dict[str, str | Escaped] = {
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
        edge: dict[str, str | Escaped] = {
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
    ``renderer`` forces ``"dot"`` or ``"wasm"`` (see ``autograd.render``).

    >>> x = Value(2.0, label="x")
    >>> y = (x * x).named("y")
    >>> print(draw(y).source.count("->"))  # two operand edges and the result edge
    3
    """
    if not isinstance(root, Value):
        raise TypeError(f"draw() needs a Value to draw, got {type(root).__name__}")
    if view not in VIEWS:
        raise ValueError(f"view is {view!r}; expected one of {VIEWS}")
    style = Style(rankdir, digits, number_format)
    order = topological_order(root)
    what = f"the graph of {root.label or 'this Value'}"
    if view == "op":
        check_size(len(order), max_nodes, what)
    else:
        kept = sum(1 for v in order if v.label is not None or v is root)
        check_size(kept, max_nodes, f"the named view of {root.label or 'this Value'}")
    marked = highlighted_nodes(order, highlight)
    build = _op_view if view == "op" else _named_view
    return Drawing(build(root, order, style, show_local, marked).source(), renderer)


__all__ = ["Drawing", "GraphTooLargeError", "Style", "draw"]
