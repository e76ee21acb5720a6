"""The whole backward pass as one table of data: every node, its value, gradient and
local derivatives.

One row per Value in topological order (inputs first, the output last; the
backward pass reads it bottom up). A row holds the node, the op that made it,
``data``, ``grad`` = d output / d node, and one edge per operand with the local
derivative d node / d parent, so that

    grad(parent) = sum over rows r that use parent of  grad(r) * (d r / d parent)

can be checked by hand. ``autograd.show.ledger`` writes it as text, Markdown,
LaTeX, HTML and CSV.
"""

from __future__ import annotations

from dataclasses import dataclass

from autograd.engine.graph import topological_order
from autograd.engine.value import Value


@dataclass(frozen=True)
class LedgerEdge:
    """d child / d parent along operand ``position`` of ``child`` (``a * a`` has two)."""

    child: Value
    parent: Value
    position: int
    local: float


@dataclass(frozen=True)
class Row:
    """One node of the graph; ``grad`` is None until a backward pass reached it.

    ``op`` is the op's name, or "leaf" (a labelled input) or "constant" (an unlabelled one).
    """

    index: int
    node: Value
    op: str
    data: float
    grad: float | None
    edges: tuple[LedgerEdge, ...]


def ledger_rows(output: Value, order: list[Value] | None = None) -> tuple[Row, ...]:
    """One Row per node of ``output``'s graph, in topological order (``order`` if given)."""
    return tuple(_row(i, v) for i, v in enumerate(order or topological_order(output), 1))


def _row(index: int, v: Value) -> Row:
    edges = tuple(
        LedgerEdge(v, parent, i, local)
        for i, (parent, local) in enumerate(zip(v.parents, v.local_grads))
    )
    op = v.op.name if v.op is not None else ("leaf" if v.label is not None else "constant")
    grad = v.grad if v.has_grad else None
    return Row(index, v, op, v.data, grad, edges)
