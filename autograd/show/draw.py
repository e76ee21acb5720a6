"""``draw``: a Value graph's op view or named view, as DOT and SVG.

- The **op view** (``autograd.show.op_view``) shows every Value as a record
  ``label | data | grad`` and every primitive as a small ellipse between its
  operands and its result, like micrograd's ``draw_dot``; each operand edge
  carries its local derivative d result / d operand, the number backward
  multiplies by.
- The **named view** (``autograd.show.named_view``) keeps only the output and
  labelled Values; an edge from p to c carries d c / d p summed over the
  folded primitive paths (``autograd.explain.fold``), the factors a
  chain-rule trace multiplies.

Here the view's direction, highlight, caption and size are chosen, and a loss
over several samples is stacked one sample under the other
(``autograd.show.band_layout``). A gradient no backward pass has reached is
shown as "—", not as a zero.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from autograd.engine.graph import topological_order
from autograd.engine.value import Value
from autograd.show.band_layout import StackedDrawing, titled
from autograd.show.decoration import Explained
from autograd.show.dot import (
    DrawingStyle,
)
from autograd.show.named_view import named_band_views, named_view
from autograd.show.names import Names
from autograd.show.op_view import band_views, op_view
from autograd.show.reading import (
    add_caption,
    auto_direction,
    caption,
)
from autograd.show.render import Drawing
from autograd.show.sample_bands import sample_bands
from autograd.show.size import (
    DEFAULT_MAX_NODES,
    FEWER_LABELS,
    GraphTooLargeError,
    check_size,
    layout_seconds,
)

VIEWS = ("op", "named")


class HasHighlightNodes(Protocol):
    """Anything that can name the Values to highlight, such as ``autograd.Trace``."""

    def highlight_nodes(self) -> Iterable[Value]: ...


Highlight = Value | HasHighlightNodes | Iterable[Value] | None


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
    stack_samples: bool = True,
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
    ``stack_samples``: a loss over several samples (labels ``name[i]``) is
    drawn one sample under the other, in framed bands, rather than side by
    side; a weight is drawn again, dashed, in each sample's band (see
    ``autograd.show.sample_bands``).

    >>> x = Value(2.0, label="x")
    >>> y = (x * x).named("y")
    >>> print(draw(y).source.count("->"))  # two operand edges, each through its number
    5
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
        check_size(dot_nodes, max_nodes, f"the named view of {name}", FEWER_LABELS)
    found = sample_bands(order)  # None unless at least two samples have a forward pass
    bands = found if stack_samples else None
    if rankdir == "auto":
        rankdir = auto_direction(order, frozenset(shown), with_ops=view == "op", bands=bands)
    style = DrawingStyle(rankdir, digits, number_format)
    marked = highlighted_nodes(order, highlight)
    lines = (
        caption(root, view, bool(marked), found is not None, bands is not None) if legend else []
    )
    explained = Explained(marked, Names(root, digits, order))
    if bands is not None:
        if view == "op":
            views = band_views(root, order, style, show_local, explained, bands)
        else:
            views = named_band_views(root, order, style, show_local, marked, bands)
        seconds = sum(layout_seconds(len(g.nodes)) for _, g in views)
        return StackedDrawing(titled(views), lines, renderer, expected_seconds=seconds)
    if view == "op":
        graph = op_view(root, order, style, show_local, explained, inline_locals=True)
    else:
        graph = named_view(root, order, style, show_local, marked, inline_locals=True)
    if lines:
        add_caption(graph, lines)
    return Drawing(graph.source(), renderer, expected_seconds=layout_seconds(dot_nodes))


__all__ = ["Drawing", "DrawingStyle", "GraphTooLargeError", "check_size", "draw"]
