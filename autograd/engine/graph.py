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
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING

from autograd.engine.errors import describe_operands
from autograd.engine.modes import MODE, derivative_limits, enable_grad

if TYPE_CHECKING:
    from autograd.engine.value import Value


def grad_number(g: float | Value | None) -> float:
    """A stored gradient as a number: 0.0 for none yet, a recorded Value's data."""
    if type(g) is float:
        return g
    return 0.0 if g is None else g._data  # type: ignore[union-attr]


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


#: Held while a pass writes gradients into Values that other threads' graphs may
#: share (their leaves): without it, two concurrent passes lose contributions.
#: One acquire per pass; the GIL runs Python one thread at a time anyway.
GRADIENTS_LOCK = threading.Lock()


def backward(root: Value, gradient: float = 1.0, *, create_graph: bool = False) -> None:
    """Set ``.grad`` on everything ``root`` depends on (see ``Value.backward``)."""
    order = topological_order(root)
    if create_graph:
        with enable_grad():  # recording is the point, even inside no_grad (as PyTorch)
            seed = type(root)(gradient)  # a Value, made without importing the class
            grads = recorded_gradients([root], seed, order)
        with GRADIENTS_LOCK:
            _store_recorded(order, grads)
        return
    leaves = [node for node in order if node._a is None]
    with GRADIENTS_LOCK:
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


def depends_on(order: list[Value], inputs: Iterable[Value]) -> set[Value]:
    """The nodes of ``order`` (a topological order) that depend on any of ``inputs``,
    the inputs included: the only nodes a derivative with respect to them passes through."""
    needed = set(inputs)
    for node in order:
        a = node._a
        if a is not None and (a in needed or (node._b is not None and node._b in needed)):
            needed.add(node)
    return needed


def recorded_gradients(
    roots: list[Value], seed: Value, order: list[Value], needed: set[Value] | None = None
) -> dict[Value, Value]:
    """d roots / d node as Values built by ops (so, as a graph when recording is on):
    the sum over ``roots`` of each one's derivative, ``seed`` for each root.

    Local derivatives come from the op table's formulas applied to the nodes
    themselves, so they too are differentiable; they are built only along edges
    into ``needed`` (every node when None), and an edge whose local derivative is
    the number 0 is not built at all. Derivatives that overflow are ±inf, the
    limits the float pass gives (``derivative_limits``).
    """
    grads: dict[Value, Value] = {}
    for root in roots:
        grads[root] = seed if root not in grads else grads[root] + seed
    with derivative_limits():
        for node in reversed(order):
            upstream = grads.get(node)
            op = node._op
            if upstream is None or op is None:
                continue
            operands = node.parents
            for parent, local_grad in zip(operands, op.grad_fns):
                if needed is not None and parent not in needed:
                    continue
                local = local_grad(*operands, node)
                if isinstance(local, float):
                    if local == 0.0:
                        continue
                    term = upstream if local == 1.0 else local * upstream
                else:
                    term = local * upstream
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


NodeState = tuple["Value", float, float, float, "float | Value | None"]


def save_state(nodes: list[Value]) -> list[NodeState]:
    """Each node's data, local derivatives and gradient, for ``restore_state``: what a
    rerun on a Tape changes, so that a look at other data can leave the graph as it was."""
    return [(v, v._data, v._da, v._db, v._grad) for v in nodes]


def restore_state(saved: list[NodeState]) -> None:
    """Put back what ``save_state`` saved."""
    for v, data, da, db, g in saved:
        v._data, v._da, v._db, v._grad = data, da, db, g
