"""The numpy tape's narrow stretches, run node by node on the Values as the plain tape does.

Where a topological level holds only a few nodes (the serial sum of an L2 term,
say), one numpy call per group would cost more than the arithmetic it does.
``Segment`` runs consecutive narrow groups with ``Op.evaluate`` on the Values
themselves, reading from the tape's arrays only the inputs that array groups
computed, and adds the gradients it gives its inputs outside the stretch into the
tape's gradient array.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from autograd.engine.ops import Evaluate
from autograd.engine.value import Value

if TYPE_CHECKING:
    from autograd.engine.tape_numpy import NumpyTape


class Segment:
    """Consecutive narrow groups, run node by node on the Values, as the plain tape."""

    __slots__ = ("edges", "inputs", "instructions", "nodes", "outside", "read", "start", "stop")
    # edges: per node, last first, the positions its two inputs' gradients have in
    # backward's list (-1: no second input); an int32 array, not tuples, to stay small.

    def __init__(self, tape: NumpyTape, start: int, stop: int) -> None:
        self.start, self.stop = start, stop
        self.nodes = tape.nodes[start:stop]
        self.instructions: list[tuple[Value, Evaluate, Value, Value | None]] = []
        slot: dict[int, int] = {}  # an input's position in the gradient list of backward
        outside: list[int] = []
        edges: list[tuple[int, int]] = []
        a_all, b_all = tape.a[start:stop].tolist(), tape.b[start:stop].tolist()
        for node, ia, ib in zip(self.nodes, a_all, b_all):
            assert node._op is not None and node._a is not None
            self.instructions.append((node, node._op.evaluate, node._a, node._b))
            positions = []
            for i in (ia, ib) if node._b is not None else (ia,):
                if i >= start:
                    positions.append(i - start)
                    continue
                if i not in slot:
                    slot[i] = len(self.nodes) + len(outside)
                    outside.append(i)
                positions.append(slot[i])
            edges.append((positions[0], positions[1] if len(positions) > 1 else -1))
        self.edges = np.array(edges[::-1], dtype=np.int32).reshape(-1, 2).T.copy()
        self.outside = np.array(outside, dtype=np.intp)
        # Inputs computed by array groups: their Values get their data before this runs.
        computed = [i for i in outside if i >= tape.n_leaves]
        self.inputs = (np.array(computed, dtype=np.intp), [tape.nodes[i] for i in computed])
        self.read = False  # whether an array group reads these nodes' data (set by the tape)

    def forward(self, tape: NumpyTape, anomaly: bool) -> None:
        positions, values = self.inputs
        for value, x in zip(values, tape.data[positions].tolist()):
            value._data = x
        for node, evaluate, a, b in self.instructions:
            node._data, node._da, node._db = evaluate(a, b, anomaly)
        if self.read:  # the numbers stay on the Values (sync() leaves them there)
            tape.data[self.start : self.stop] = [node._data for node in self.nodes]

    def backward(self, tape: NumpyTape) -> None:
        span = slice(self.start, self.stop)
        grads = tape.grad[span].tolist()
        grads.extend([0.0] * len(self.outside))
        nodes = self.nodes
        k = len(nodes)
        # zip over two flat lists allocates no container per node (which would wake the
        # garbage collector, and it would walk the whole graph).
        for pa, pb in zip(self.edges[0].tolist(), self.edges[1].tolist()):
            k -= 1
            node = nodes[k]
            upstream = grads[k]
            grads[pa] += node._da * upstream
            if pb >= 0:
                grads[pb] += node._db * upstream
        n = self.stop - self.start
        tape.grad[span] = grads[:n]
        tape.grad[self.outside] += grads[n:]  # distinct positions: a plain add is exact
