"""The public functions of backpropagation: ``backward``, ``grad``, ``zero_grad``.

The pass itself is ``autograd.engine.graph``; this module adds the checks of
what users pass in, and ``grad``, which returns derivatives without touching
any ``.grad``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, overload

from autograd.engine.graph import (
    backward,
    depends_on,
    recorded_gradients,
    topological_order,
)
from autograd.engine.modes import enable_grad, no_grad
from autograd.engine.value import Value, as_values

__all__ = ["backward", "grad", "topological_order", "zero_grad", "zero_grad_graph"]

Values = Value | Iterable[Value]


def _listed(values: Values, what: str) -> list[Value]:
    """A single Value as a list of one, as PyTorch accepts a tensor for a sequence."""
    if isinstance(values, Value):
        return [values]
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise TypeError(f"{what} must be a Value or a list of Values, got {type(values).__name__}")
    return as_values(values)


@overload
def grad(
    outputs: Values,
    inputs: Values,
    *,
    create_graph: bool = False,
    allow_unused: Literal[False] = False,
) -> list[Value]: ...


@overload
def grad(
    outputs: Values, inputs: Values, *, create_graph: bool = False, allow_unused: bool
) -> list[Value | None]: ...


def grad(
    outputs: Values, inputs: Values, *, create_graph: bool = False, allow_unused: bool = False
) -> list[Value] | list[Value | None]:
    """d outputs / d x for each x in ``inputs``, without touching any ``.grad``.

    ``outputs`` is a Value, or a list of Values whose derivatives add up (PyTorch's
    meaning with no ``grad_outputs``); ``inputs`` a Value or a list of them. With
    ``create_graph=True`` the results are part of a graph and can be differentiated
    again (second, third ... derivatives); otherwise they are plain leaves. Only the
    derivatives on the way from the outputs to the inputs are computed.

    An input the outputs do not depend on raises ValueError; with
    ``allow_unused=True`` its result is None instead. An input they depend on only
    through steps whose derivative is 0 (relu's slope) gets the Value 0.
    """
    roots = _listed(outputs, "outputs")
    if not roots:
        raise ValueError("outputs is empty: there is nothing to differentiate")
    wanted = _listed(inputs, "inputs")
    order = _joint_order(roots)
    in_graph = set(order)
    for i, x in enumerate(wanted):
        if x not in in_graph and not allow_unused:
            name = f" ({x.label})" if x.label else ""
            raise ValueError(
                f"inputs[{i}]{name} is not used to compute the outputs "
                "(pass allow_unused=True to get None for it)"
            )
    needed = depends_on(order, wanted)
    with enable_grad() if create_graph else no_grad():
        grads = recorded_gradients(roots, Value(1.0), order, needed)
    return [
        grads.get(x, Value(0.0)) if x in in_graph else None
        for x in wanted  # every node in order reaches an output
    ]


def _joint_order(roots: list[Value]) -> list[Value]:
    """One topological order of everything the roots depend on (each node once)."""
    if len(roots) == 1:
        return topological_order(roots[0])
    seen: set[Value] = set()
    order: list[Value] = []
    for root in roots:
        for node in topological_order(root):
            if node not in seen:
                seen.add(node)
                order.append(node)
    return order


def zero_grad(values: Values) -> None:
    """Set ``.grad`` of each Value (or of the one Value given) to 0."""
    for v in _listed(values, "values"):
        v._grad = 0.0


def zero_grad_graph(root: Value) -> None:
    """Set ``.grad`` of ``root`` and everything it depends on to 0."""
    zero_grad(topological_order(root))
