"""Reverse-mode differentiation over a graph of Values, with no recursion.

For a root r and every node v it depends on, backpropagation computes
dr/dv = sum over the edges v -> u of (du/dv) * (dr/du): visit nodes so that
each comes after every node that uses it (reverse topological order) and add
``local * upstream`` along each edge.

These functions read and write the node slots of ``autograd.engine.value`` and
build nothing but what a recorded pass (``create_graph=True``) needs, through
the root's own class, so this module sits below ``Value`` (which calls it).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from autograd.engine.errors import describe_operands
from autograd.engine.modes import MODE, enable_grad

if TYPE_CHECKING:
    from autograd.engine.value import Value


def grad_number(g: float | Value | None) -> float:
    """A stored gradient as a number: 0.0 for none yet, a recorded Value's data."""
    if type(g) is float:
        return g
    return 0.0 if g is None else g.data  # type: ignore[union-attr]


def topological_order(root: Value) -> list[Value]:
    """Every Value ``root`` depends on, each listed after all of its parents.

    Depth-first with an explicit stack, so a graph of any depth works at
    Python's default recursion limit. The stack holds the path from the root
    to the node on top: go down to an input not yet seen (second input
    first), and list the node once all its inputs are listed.
    """
    order: list[Value] = []
    seen = {root}
    stack = [root]
    while stack:
        node = stack[-1]
        b = node._b
        if b is not None and b not in seen:
            seen.add(b)
            stack.append(b)
            continue
        a = node._a
        if a is not None and a not in seen:
            seen.add(a)
            stack.append(a)
            continue
        order.append(stack.pop())
    return order


def backward(root: Value, gradient: float = 1.0, *, create_graph: bool = False) -> None:
    """Set ``.grad`` on everything ``root`` depends on (see ``Value.backward``)."""
    order = topological_order(root)
    if create_graph:
        with enable_grad():  # recording is the point, even inside no_grad (as PyTorch)
            seed = type(root)(gradient)  # a Value, made without importing the class
            _store_recorded(order, recorded_gradients(root, seed, order))
        return
    leaves = [node for node in order if node._a is None]
    held = [leaf._grad for leaf in leaves]
    propagate(order, gradient)
    if MODE.anomaly:
        try:
            check_gradients(order)
        except FloatingPointError:
            for leaf, before in zip(leaves, held):  # leave the user's leaves as they were
                leaf._grad = before
            raise
    # Leaves add this pass to what they held: accumulating the pass's own sum
    # first keeps two identical passes exactly twice one pass.
    for leaf, before in zip(leaves, held):
        if before is not None:
            leaf._grad = grad_number(before) + leaf._grad  # type: ignore[operator]


def propagate(order: list[Value], gradient: float = 1.0) -> None:
    """Set every node's ``_grad`` to d root / d node for this pass alone.

    ``order`` is a topological order ending with the root (as
    ``topological_order`` gives it); ``gradient`` seeds d root / d root.
    """
    for node in order:
        node._grad = 0.0
    order[-1]._grad = gradient
    # Every _grad in this pass is a float (all were just set); mypy sees the union.
    for node in reversed(order):
        a = node._a
        if a is not None:
            upstream = node._grad
            a._grad += node._da * upstream  # type: ignore[operator]
            b = node._b
            if b is not None:
                b._grad += node._db * upstream  # type: ignore[operator]


def recorded_gradients(root: Value, seed: Value, order: list[Value]) -> dict[Value, Value]:
    """d root / d node for every node, as Values built by ops (so, as a graph
    when recording is on). Local derivatives come from the op table's formulas
    applied to the nodes themselves, so they too are differentiable."""
    grads: dict[Value, Value] = {root: seed}
    for node in reversed(order):
        upstream = grads.get(node)
        if upstream is None or node._op is None:
            continue
        parents = node.parents
        for parent, local in zip(parents, node._op.grads(*parents, node)):
            term = upstream if isinstance(local, float) and local == 1.0 else local * upstream
            before = grads.get(parent)
            grads[parent] = term if before is None else before + term
    return grads


def _store_recorded(order: list[Value], grads: dict[Value, Value]) -> None:
    for node in order:
        g: float | Value = grads.get(node, 0.0)
        before = node._grad
        if node._a is not None or before is None or before == 0.0:
            node._grad = g
        else:
            node._grad = before + g


def check_gradients(order: list[Value]) -> None:
    for node in reversed(order):
        if not math.isfinite(node.grad):
            where = node.label or (node._op.name if node._op else "a leaf")
            raise FloatingPointError(
                f"detect_anomaly: backward gave gradient {node.grad!r} at {where} "
                f"(data {node.data!r}; inputs {describe_operands(node.parents) or 'none'})"
            )
