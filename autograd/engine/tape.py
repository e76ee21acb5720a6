"""The tape: build a graph once, then recompute it for new data, step after step.

A training loop builds the same graph shape at every step: same ops, same
edges, only the numbers change. ``Tape(loss)`` keeps the graph and its
topological order, and ``run()`` then

1. recomputes, in topological order, every non-leaf node's ``data`` and local
   derivatives from its inputs' current ``data`` with ``Op.evaluate``, the same
   function (and checks) the eager operators use, so the numbers are bit for
   bit those of a fresh build;
2. backpropagates along the cached order (``autograd.engine.graph.propagate``).

No node is created and no topological sort is repeated, which is most of an
eager step's cost. Set new numbers on the leaves between runs (``x.data = 0.3``,
or an optimizer updating parameters in place); everything else follows.
Data-dependent ops such as relu are recomputed too, so their local derivatives
(1 or 0) follow the new data; what cannot change is the graph's shape.

Gradients: each run is ``zero_grad`` plus ``backward``. Every node's ``.grad``,
leaves included, is this run's d loss / d node; a run does not add to what the
leaves held, unlike calling ``backward()`` twice.

Why a loop and not generated code: compiling the graph into one straight-line
function from the op table's expression strings was measured on the 66,000-node
moons step: 8 s to compile, then 14 to 20 ms a step against 13 ms for this
loop, since a function that large runs out of cache. The loop is 3 to 4 times
the time of the same step written by hand in floats (tests/benchmarks).

``Tape(loss, backend="numpy")`` runs the same graph as numpy arrays, a whole
topological level of like nodes per operation: far faster on wide graphs (a
batch of samples through an MLP), with the same forward values and gradients
within a few ulp; see ``autograd.engine.tape_numpy``. numpy is imported then
only, and needed then only.

Errors are those of the eager ops: an op with no real value for the new data
(log of a negative number, say) raises naming the op and operands, and an
overflow raises OverflowError. The graph then holds the partial recomputation
until the next successful ``run()``; the leaves are never changed.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import TYPE_CHECKING

from autograd.engine.graph import GRADIENTS_LOCK, check_gradients, propagate, topological_order
from autograd.engine.modes import MODE
from autograd.engine.ops import Evaluate
from autograd.engine.value import Value

if TYPE_CHECKING:
    from autograd.engine.tape_numpy import NumpyTape

BACKENDS = ("python", "numpy")


class Tape:
    """A graph kept for reuse: ``run()`` recomputes it for the leaves' current data.

    >>> x, w = Value(2.0, "x"), Value(3.0, "w")
    >>> tape = Tape((w * x).relu())
    >>> tape.run().data, w.grad
    (6.0, 2.0)
    >>> x.data = -1.0
    >>> tape.run().data, w.grad  # relu is now off: no gradient flows
    (0.0, 0.0)
    """

    def __init__(self, root: Value, backend: str = "python") -> None:
        if not isinstance(root, Value):
            what = type(root).__name__
            raise TypeError(
                f"{type(self).__name__} needs the Value at the root of a graph, got {what}"
            )
        if backend not in BACKENDS:
            raise ValueError(f"Tape backend must be one of {BACKENDS}, got {backend!r}")
        self.root = root
        #: "python" (node by node) or "numpy" (level by level, ``tape_numpy``).
        self.backend = backend
        #: Every node, each after its inputs; the root is last.
        self.order = topological_order(root)
        self._instructions: list[tuple[Value, Evaluate, Value, Value | None]] = []
        self._arrays: NumpyTape | None = None
        if backend == "numpy":
            from autograd.engine.tape_numpy import NumpyTape  # numpy only when asked for

            self._arrays = NumpyTape(self.order)
            self.order = self._arrays.nodes  # also topological: by level
        else:
            # Each op node with its op's evaluate and its inputs, looked up once, not every run.
            self._instructions = [
                (node, node._op.evaluate, node._a, node._b)
                for node in self.order
                if node._a is not None and node._op is not None
            ]
        #: The nodes with no inputs (inputs, parameters, constants), in ``order``.
        self.leaves = [node for node in self.order if node._a is None]

    def __len__(self) -> int:
        """The number of nodes in the graph."""
        return len(self.order)

    def forward(self) -> Value:
        """Recompute every node's data and local derivatives; return the root."""
        if self._arrays is not None:
            self._arrays.forward()
            return self.root
        anomaly = MODE.anomaly  # per thread, so read once per run, not once per node
        for node, evaluate, a, b in self._instructions:
            node._data, node._da, node._db = evaluate(a, b, anomaly)
        return self.root

    def backward(self, gradient: float = 1.0) -> None:
        """Set every node's ``.grad`` to d root / d node for the current data.

        With the numpy backend: the root's and the leaves' (``sync()`` sets the rest).
        """
        if self._arrays is not None:
            self._arrays.backward(gradient)
            return
        with GRADIENTS_LOCK:  # the leaves may be shared with other threads' graphs
            propagate(self.order, gradient)
        if MODE.anomaly:
            check_gradients(self.order)

    def run(self) -> Value:
        """``forward()`` then ``backward()``: one training step's gradients. Returns the root."""
        self.forward()
        self.backward()
        return self.root

    def sync(self, nodes: Iterable[Value] | None = None) -> None:
        """Write the numpy backend's numbers (data, local derivatives, gradient) onto
        every node's Value, or onto ``nodes`` only (the scores of a batch, say).

        The python backend keeps them on the Values already: nothing to do.
        """
        if self._arrays is not None:
            self._arrays.sync(nodes)


class Replay(Tape):
    """The former name of ``Tape``; deprecated, kept for one release."""

    def __init__(self, root: Value) -> None:
        warnings.warn(
            "autograd.Replay is now autograd.Tape (the step-by-step replay of a backward "
            "pass is autograd.steps); Replay will be removed in the next release",
            DeprecationWarning,
            stacklevel=2,
        )
        super().__init__(root)
