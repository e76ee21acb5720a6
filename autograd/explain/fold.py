"""The graph reduced to the Values a reader cares about: folding unnamed nodes away.

Keep some nodes (by default the root and every labelled Value) and fold the rest
into the edges between kept ones. By the chain rule, the folded edge from a kept
child c to a kept parent p carries

    d c / d p  =  sum over primitive paths c -> ... -> p whose inner nodes are
                  all folded, of the product of the local derivatives on the path,

so backpropagating over the folded edges gives every kept node the same gradient
as backpropagating over the primitive graph. The numbers are the engine's stored
``local_grads``; nothing is recomputed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from autograd.engine.graph import topological_order
from autograd.engine.value import Value

Keep = Iterable[Value] | Callable[[Value], bool] | None


@dataclass(frozen=True)
class FoldedEdge:
    """A step from ``child`` to ``parent`` between two kept nodes.

    ``local`` is d child / d parent summed over the folded primitive paths, and
    ``paths`` counts those paths (``a * a`` gives 2; a chain of ops gives 1).
    """

    child: Value
    parent: Value
    local: float
    paths: int


def keep_predicate(root: Value, keep: Keep = None) -> Callable[[Value], bool]:
    """Which nodes survive folding: ``keep`` as a predicate, always true for ``root``.

    ``None`` keeps labelled Values; an iterable keeps exactly those Values.
    """
    if keep is None:
        return lambda v: v is root or v.label is not None
    if callable(keep):
        chosen = keep
        return lambda v: v is root or chosen(v)
    kept = {id(v) for v in keep}
    kept.add(id(root))
    return lambda v: id(v) in kept


def fold_from(child: Value, is_kept: Callable[[Value], bool]) -> dict[Value, tuple[float, int]]:
    """For one node: each kept Value reached through folded nodes only, with the
    summed local derivative d child / d it and the number of primitive paths.

    Kept Values are listed in the order a left-to-right reading of the
    expression meets them (``w5 * out_h1 + w6 * out_h2`` gives w5, out_h1, w6, out_h2).
    """
    # Preorder walk over folded nodes: finds the region to sum over and the
    # reading order of the kept nodes at its border.
    region: list[Value] = []
    visited: set[Value] = set()
    border: dict[Value, None] = {}
    stack = [child]
    while stack:
        node = stack.pop()
        if node is not child and is_kept(node):
            border.setdefault(node)
        elif node not in visited:
            visited.add(node)
            region.append(node)
            stack.extend(reversed(node.parents))

    # Sum over paths in topological order of the region, children first: a
    # node's coefficient (d child / d node) is complete once every edge into it
    # from the region has been added, which is when its pending count hits 0.
    pending = dict.fromkeys(region, 0)
    for node in region:
        for parent in node.parents:
            if parent in pending:
                pending[parent] += 1
    coefficient: dict[Value, float] = {child: 1.0}
    count: dict[Value, int] = {child: 1}
    folded: dict[Value, tuple[float, int]] = {}
    ready = [child]
    while ready:
        node = ready.pop()
        c, k = coefficient[node], count[node]
        for parent, local in zip(node.parents, node.local_grads):
            if parent in pending:
                coefficient[parent] = coefficient.get(parent, 0.0) + c * local
                count[parent] = count.get(parent, 0) + k
                pending[parent] -= 1
                if pending[parent] == 0:
                    ready.append(parent)
            else:
                total, paths = folded.get(parent, (0.0, 0))
                folded[parent] = (total + c * local, paths + k)
    return {parent: folded[parent] for parent in border}


def folded_edges(root: Value, keep: Keep = None) -> list[FoldedEdge]:
    """The graph of ``root`` reduced to kept nodes (see the module doc).

    ``keep``: ``None`` keeps the root and every labelled Value (unlabelled
    leaves, such as the constants of ``0.5 * x``, are dropped); an iterable of
    Values or a predicate chooses instead. Edges come child by child from the
    root down (reverse topological order), each child's parents in reading order.

    >>> x = Value(3.0, label="x")
    >>> y = (x * x + 1).named("y")
    >>> [(e.child.label, e.parent.label, e.local, e.paths) for e in folded_edges(y)]
    [('y', 'x', 6.0, 2)]
    """
    is_kept = keep_predicate(root, keep)
    edges: list[FoldedEdge] = []
    for child in reversed(topological_order(root)):
        if child.is_leaf or not is_kept(child):
            continue
        for parent, (local, paths) in fold_from(child, is_kept).items():
            edges.append(FoldedEdge(child, parent, local, paths))
    return edges


def primitive_path(
    child: Value, parent: Value, is_kept: Callable[[Value], bool]
) -> list[tuple[Value, int]]:
    """The edges (node, parent index) of the one primitive path from child to parent
    whose inner nodes are all folded. With a single path, the first way a search
    reaches a node is the only one, so remembering it is enough."""
    came_from: dict[Value, tuple[Value, int]] = {}
    stack = [child]
    while stack:
        node = stack.pop()
        for i, p in enumerate(node.parents):
            if p is parent:
                edges = [(node, i)]
                while edges[-1][0] is not child:
                    edges.append(came_from[edges[-1][0]])
                return edges[::-1]
            if p not in came_from and not is_kept(p):
                came_from[p] = (node, i)
                stack.append(p)
    return []
