"""The public functions of backpropagation: ``backward``, ``grad``, ``zero_grad``.

The pass itself is ``autograd.engine.graph``; this module adds the checks of
what users pass in, and ``grad``, which returns derivatives without touching
any ``.grad``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from autograd.engine.graph import backward, recorded_gradients, topological_order
from autograd.engine.modes import enable_grad, no_grad
from autograd.engine.value import Value, as_values

__all__ = ["backward", "grad", "topological_order", "zero_grad", "zero_grad_graph"]


def grad(output: Value, inputs: Sequence[Value], *, create_graph: bool = False) -> list[Value]:
    """d output / d x for each x in ``inputs``, without touching any ``.grad``.

    With ``create_graph=True`` the results are part of a graph and can be
    differentiated again (second, third ... derivatives); otherwise they are
    plain leaves. Raises ValueError for an input that ``output`` does not use.
    """
    if not isinstance(output, Value):
        raise TypeError(f"output must be a Value, got {type(output).__name__}")
    wanted = as_values(inputs)
    order = topological_order(output)
    in_graph = set(order)
    for i, x in enumerate(wanted):
        if x not in in_graph:
            name = f" ({x.label})" if x.label else ""
            raise ValueError(f"inputs[{i}]{name} is not used to compute output")
    with enable_grad() if create_graph else no_grad():
        grads = recorded_gradients(output, Value(1.0), order)
    return [grads[x] for x in wanted]  # every node in order reaches output


def zero_grad(values: Iterable[Value]) -> None:
    """Set ``.grad`` of each Value to 0."""
    for v in as_values(values):
        v._grad = 0.0


def zero_grad_graph(root: Value) -> None:
    """Set ``.grad`` of ``root`` and everything it depends on to 0."""
    zero_grad(topological_order(root))
