"""The tape on numpy arrays: a wide graph run one group of like nodes at a time.

``Tape(loss, backend="numpy")`` keeps the graph as arrays, one entry per node:
its data, gradient, two local derivatives and the positions of its two inputs
(40 bytes, plus the list of nodes). Nodes are numbered by topological level (a
leaf is at level 0, any other node one above its highest input) and, within a
level, by op, so that each (level, op) group is one slice of every array and no
node in it uses another. A run then does, group by group:

- forward, in rising level: gather the inputs' data, evaluate the op's own
  expressions on the arrays (``autograd.engine.ops_numpy``), store the results;
- backward, in falling level: every node's gradient is final once the levels
  above are done, so ``contribution = local derivative * gradient`` for the whole
  group, added into the inputs' gradients (``np.add.at`` where an input repeats).

Groups narrower than ``NARROW`` nodes (the tail of a long serial sum) run as the
plain tape does, node by node on the Values, where numpy's fixed cost per call
would exceed the work (``autograd.engine.tape_segment``).

Numbers. Forward values and local derivatives are bit for bit those of the eager
graph: the same expressions on the same inputs, with the transcendental helpers
applied per element (see ``ops_numpy``). Gradients sum the same products
``local * upstream`` as ``autograd.engine.graph.propagate``, but a node used by k
others adds its k contributions in another order (by level, not in reverse
topological order), and floating-point addition is not associative. Tested bound,
per node v: |tape - eager| <= 2 m_v u G_v, where u = 2**-53, G_v is the sum over
paths from the root to v of |product of local derivatives| (the gradient of the
graph with every local derivative replaced by its absolute value) and m_v the
largest number of roundings along one such path (one per product, k - 1 per sum
of k terms). A node whose gradient comes along one path only is exact.

Errors. A group whose results hold any NaN or infinity, or whose helper raised,
is rerun node by node with ``Op.evaluate``, which raises exactly as the eager
op does (``log failed on log(v) with v = -1.0``), or confirms a non-finite value
that the eager graph would hold too; the same holds inside ``detect_anomaly()``.

What a run updates on the Values: the root's data and gradient and every leaf's
gradient (what a training step reads). The other nodes' numbers stay in the
arrays until ``sync()`` writes them all back, for a trace or a drawing.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

import numpy as np

from autograd.engine.graph import check_gradients
from autograd.engine.modes import MODE
from autograd.engine.ops import Op
from autograd.engine.ops_numpy import Kernel, constant, kernel
from autograd.engine.tape_segment import Segment
from autograd.engine.value import Value

#: Groups with fewer nodes than this run node by node (numpy's cost per call is
#: about that of 30 scalar ops: measured on the moons graphs, tests/benchmarks).
NARROW = 32

Array = Any  # a numpy array (numpy's own types are not required for mypy here)


class _Group:
    """One (level, op) slice, run as array operations."""

    __slots__ = ("a", "b", "binary", "constants", "kernel", "op", "start", "stop", "unique")

    def __init__(self, op: Op, start: int, stop: int, a: Array, b: Array) -> None:
        self.op, self.start, self.stop = op, start, stop
        self.kernel: Kernel = kernel(op)
        self.binary = op.arity == 2
        self.a, self.b = a[start:stop], b[start:stop]
        # A local derivative that is a number (add's 1.0) is not stored per node.
        grads = (*op.local_grads, "0.0")[:2]
        self.constants = tuple(constant(g) for g in grads)
        # Where no input repeats, a plain fancy-index add is exact and faster than add.at.
        self.unique = (
            len(np.unique(self.a)) == len(self.a),
            self.binary and len(np.unique(self.b)) == len(self.b),
        )


class NumpyTape:
    """The arrays and the schedule of one graph (see module doc); made by ``Tape``."""

    def __init__(self, order: list[Value], narrow: int | None = None) -> None:
        narrow = NARROW if narrow is None else narrow
        n = len(order)
        position = {node: i for i, node in enumerate(order)}
        level = [0] * n
        a_in, b_in, code = [0] * n, [0] * n, [0] * n
        codes: dict[int, int] = {}
        for i, node in enumerate(order):
            a, b = node._a, node._b
            if a is None or node._op is None:
                continue
            a_in[i] = ia = position[a]
            top = level[ia]
            if b is not None:
                b_in[i] = ib = position[b]
                top = max(top, level[ib])
            level[i] = top + 1
            code[i] = codes.setdefault(id(node._op), len(codes) + 1)
            if code[i] == len(codes):  # a new op: refused now, whatever the width it runs at
                kernel(node._op)
        del position
        keys = np.array(level, dtype=np.int64) * (len(codes) + 1) + np.array(code)
        numbering = np.argsort(keys, kind="stable")  # new position -> old position
        renumber = np.empty(n, dtype=np.int64)
        renumber[numbering] = np.arange(n)
        self.nodes = [order[i] for i in numbering.tolist()]
        #: input positions, in the new numbering (a leaf's entries are unused)
        self.a = renumber[np.array(a_in)[numbering]].astype(np.intp)
        self.b = renumber[np.array(b_in)[numbering]].astype(np.intp)
        keys = keys[numbering]
        bounds = [0, *(np.flatnonzero(np.diff(keys)) + 1).tolist(), n]
        self.n_leaves = bounds[1] if n and keys[0] == 0 else 0
        self.leaves = self.nodes[: self.n_leaves]
        self.data = np.zeros(n)
        self.grad = np.zeros(n)
        self.da = np.zeros(n)
        self.db = np.zeros(n)
        self.steps: list[_Group | Segment] = []
        self._synced: tuple[tuple[int, ...], list[int]] = ((), [])
        narrow_from: int | None = None
        for start, stop in itertools.pairwise(bounds):
            if start < self.n_leaves:
                continue
            if stop - start < narrow:
                narrow_from = start if narrow_from is None else narrow_from
                continue
            if narrow_from is not None:
                self.steps.append(Segment(self, narrow_from, start))
                narrow_from = None
            op = self.nodes[start]._op
            assert op is not None
            group = _Group(op, start, stop, self.a, self.b)
            for array, number in zip((self.da, self.db), group.constants):
                if number is not None:
                    array[start:stop] = number
            self.steps.append(group)
        if narrow_from is not None:
            self.steps.append(Segment(self, narrow_from, n))
        # Which nodes keep their numbers on the Values, and which of those groups read.
        self.on_values = np.zeros(n, dtype=bool)
        read = np.zeros(n, dtype=bool)
        for step in self.steps:
            if isinstance(step, Segment):
                self.on_values[step.start : step.stop] = True
            else:
                read[step.a] = True
                if step.binary:
                    read[step.b] = True
        for step in self.steps:
            if isinstance(step, Segment):
                step.read = bool(read[step.start : step.stop].any())
                # Inputs from an earlier segment are on their Values already.
                positions, values = step.inputs
                keep = ~self.on_values[positions]
                step.inputs = (positions[keep], [v for v, k in zip(values, keep) if k])

    def forward(self) -> None:
        """Recompute every node's data and local derivatives in the arrays; set the root's."""
        anomaly = MODE.anomaly
        self.data[: self.n_leaves] = [leaf._data for leaf in self.leaves]
        with np.errstate(all="ignore"):  # a NaN or inf is dealt with below, per group
            for step in self.steps:
                if isinstance(step, Segment):
                    step.forward(self, anomaly)
                else:
                    self._forward_group(step, anomaly)
        root = self.nodes[-1]
        if root._a is not None and not self.on_values[-1]:
            root._data = self.data.item(len(self.nodes) - 1)

    def _forward_group(self, group: _Group, anomaly: bool) -> None:
        span = slice(group.start, group.stop)
        data = self.data
        try:
            out, da, db = group.kernel(data[group.a], data[group.b] if group.binary else 0.0)
        except (ArithmeticError, ValueError):
            self._node_by_node(group, anomaly)
            return
        finite = np.isfinite(out).all()
        if anomaly and finite:
            finite = np.isfinite(da).all() and np.isfinite(db).all()
        if not finite:
            self._node_by_node(group, anomaly)
            return
        data[span] = out
        if group.constants[0] is None:
            self.da[span] = da
        if group.constants[1] is None:
            self.db[span] = db

    def _node_by_node(self, group: _Group, anomaly: bool) -> None:
        """The group on the Values with ``Op.evaluate``: it raises as the eager op would."""
        inputs = np.concatenate((group.a, group.b if group.binary else group.a[:0]))
        for i in np.unique(inputs).tolist():
            if i >= self.n_leaves:  # a leaf's data is the user's; never rewrite it
                self.nodes[i]._data = self.data.item(i)
        for i in range(group.start, group.stop):
            node = self.nodes[i]
            assert node._op is not None
            out, da, db = node._op.evaluate(node._a, node._b, anomaly)
            node._data, node._da, node._db = out, da, db
            self.data[i], self.da[i], self.db[i] = out, da, db

    def backward(self, gradient: float = 1.0) -> None:
        """Every gradient for the current arrays; set on the root and every leaf."""
        grad = self.grad
        grad.fill(0.0)
        grad[-1] = gradient
        with np.errstate(all="ignore"):  # inf * 0 is NaN here as in Python floats, silently
            for step in reversed(self.steps):
                if isinstance(step, Segment):
                    step.backward(self)
                    continue
                upstream = grad[step.start : step.stop]
                self._scatter(step, step.a, 0, self.da, upstream)
                if step.binary:
                    self._scatter(step, step.b, 1, self.db, upstream)
        if MODE.anomaly and not np.isfinite(grad).all():
            self.sync()
            check_gradients(self.nodes)
        for leaf, g in zip(self.leaves, grad[: self.n_leaves].tolist()):
            leaf._grad = g
        self.nodes[-1]._grad = grad.item(len(self.nodes) - 1)

    def _scatter(self, group: _Group, inputs: Array, which: int, local: Array, up: Array) -> None:
        """Add ``local * upstream`` of each node in the group to its input's gradient."""
        number = group.constants[which]
        if number is None:
            contribution = local[group.start : group.stop] * up
        else:
            contribution = up if number == 1.0 else up * number
        if group.unique[which]:
            self.grad[inputs] += contribution
        else:
            np.add.at(self.grad, inputs, contribution)

    def sync(self, nodes: Iterable[Value] | None = None) -> None:
        """Write data, local derivatives and gradient from the arrays onto the Values:
        every node's, or those of ``nodes`` only (found in one pass, remembered for
        the next call with the same nodes)."""
        if nodes is None:
            positions: range | list[int] = range(len(self.nodes))
        else:
            wanted = tuple(id(node) for node in nodes)
            if self._synced[0] != wanted:
                ids = set(wanted)
                found = [i for i, node in enumerate(self.nodes) if id(node) in ids]
                self._synced = (wanted, found)
            positions = self._synced[1]
        index = np.asarray(positions, dtype=np.intp)
        rows = zip(
            index.tolist(),
            self.data[index].tolist(),
            self.da[index].tolist(),
            self.db[index].tolist(),
            self.grad[index].tolist(),
        )
        on_values = self.on_values
        for i, data, da, db, grad in rows:
            node = self.nodes[i]
            if i >= self.n_leaves and not on_values[i]:
                node._data, node._da, node._db = data, da, db
            node._grad = grad
