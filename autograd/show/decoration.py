"""How drawn nodes and edges are marked and explained: highlights and tooltips.

A ``Decoration`` restyles the op view node by node (the replay page has its
own); ``Explained`` marks the paths to highlighted Values and gives every
value and result a tooltip a learner can use.
"""

from __future__ import annotations

from autograd.engine.value import Value
from autograd.show.dot import Escaped, op_text
from autograd.show.names import Names

HIGHLIGHT = "#d62728"
HIGHLIGHT_FILL = "#fde0dd"
LOCAL_COLOUR = "#1f5fa8"

Attrs = dict[str, str | Escaped]


def mark(attrs: Attrs, fill: bool = False) -> None:
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
            mark(attrs, fill=not any(p in self.marked for p in v.parents))

    def op_node(self, v: Value, attrs: Attrs) -> None:
        if v in self.marked:
            mark(attrs)

    def result_edge(self, v: Value, attrs: Attrs) -> None:
        self.op_node(v, attrs)

    def operand_edge(self, v: Value, k: int, attrs: Attrs) -> None:
        if v in self.marked and v.parents[k] in self.marked:
            mark(attrs)


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


COPY_NOTE = "drawn again where it is used: one value, its grad summed over all its uses"


def as_copy(node: Attrs) -> None:
    """Mark a node as a copy of a Value drawn elsewhere: dashed (and still
    filled when highlighted as a target), its tooltip saying so."""
    node["style"] = "filled,dashed" if node.get("style") == "filled" else "dashed"
    node["tooltip"] = f"{node.get('tooltip', '')} ({COPY_NOTE})".strip()
