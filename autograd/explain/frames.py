"""The backward pass as frames, one per node (or per group of nodes), to step through.

``Steps(output)`` replays what ``backward()`` does with the same stored local
derivatives: at node n with upstream gradient g = d output / d n, add
``local * g`` to each parent's running sum. A parent's gradient is *final* once
every edge into it from the nodes that use it has been added; until then its
sum is *pending*. The sums live in the replay, so the user's ``.grad`` values
are never touched, and the last frame's gradients equal what ``backward()`` gives.

Which graph (``edges``):

- ``"op"``: every primitive, each operand edge with its stored local derivative;
- ``"named"``: the root and labelled Values only; an edge from child c to parent p
  carries d c / d p summed over the folded primitive paths (``autograd.explain.fold``).
  By the chain rule the pass over it gives every named Value its engine gradient
  (up to the rounding of a different summation order).

``units`` groups nodes into one frame (a neuron: its z and a over every sample);
the members are processed children first. Which order (``order``; the plans are
made in ``autograd.explain.orders``):

- ``"engine"``: reverse topological order, what ``backward()`` does;
- ``"document"``: layer by layer from the output back (a unit's layer is its longest
  distance from the output), within a layer in index order (labels compared with
  their numbers as numbers: out_o1 before out_o2, w2 before w10);
- ``"naive"``: a depth-first walk that passes one edge at a time and walks into a
  parent at once, before its other users have added to it. It shows why backward
  needs a topological order: a node passed on with a partial sum loses what
  arrives later (``EdgeStep.late``), and the final gradients come out wrong.

Constants (unlabelled leaves) get no frames unless ``constants=True``; in the named
graph no leaf has a frame of its own (nothing leaves it), their sums become final in
the frames of their users. A frame stores only its own edges; the sums known at a
frame (``Frame.grads``, ``final``, ``done``) are replayed when asked, so the memory
of a replay grows linearly with the graph.

This module is data only; ``autograd.show.steps`` gives the frames their words,
drawings and the player page.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, overload

from autograd.engine.graph import topological_order
from autograd.engine.value import Value
from autograd.explain.fold import fold_from
from autograd.explain.orders import Graph, Plan, Unit, index_key, naive_plan, unit_plan

EDGES = ("op", "named")
ORDERS = ("engine", "document", "naive")


@dataclass(frozen=True, eq=False)
class EdgeStep:
    """What one edge passes from ``child`` to its ``parent``.

    ``contribution = local * upstream`` (the child's gradient when it passed it on);
    ``total`` is the parent's sum after adding it; ``final`` is True when this was
    the parent's last contribution. ``position`` is the operand index in the op
    graph, the index among the child's folded edges in the named graph. ``late``:
    the parent had already been passed on (only in the naive order), so this
    contribution never reaches the nodes below it.
    """

    parent: Value
    position: int
    local: float
    contribution: float
    total: float
    final: bool
    child: Value
    late: bool = False


@dataclass(frozen=True, eq=False)
class Frame:
    """The backward pass right after frame ``index`` processed ``nodes`` (``node`` first).

    ``upstream`` is d output / d node as the frame used it; ``upstreams`` the same for
    each member of ``nodes``; ``premature`` the members passed on before their sum was
    complete (only in the naive order).
    """

    index: int
    node: Value
    upstream: float
    edges: tuple[EdgeStep, ...]
    replay: Steps[Any] = field(repr=False)
    nodes: tuple[Value, ...] = ()
    upstreams: tuple[float, ...] = ()
    premature: frozenset[Value] = frozenset()

    @property
    def grads(self) -> dict[Value, float]:
        """Every sum known after this frame (final or pending)."""
        return self.replay.state(self.index)[0]

    @property
    def final(self) -> frozenset[Value]:
        """The Values whose gradient is complete after this frame."""
        return self.replay.state(self.index)[1]

    @property
    def done(self) -> frozenset[Value]:
        """The nodes processed up to and including this frame."""
        return self.replay.state(self.index)[2]

    @property
    def pending(self) -> dict[Value, float]:
        """Partial sums of gradients still waiting for contributions."""
        final = self.final
        return {v: g for v, g in self.grads.items() if v not in final}


FrameT = TypeVar("FrameT", bound=Frame)


class Steps(Sequence[FrameT], Generic[FrameT]):
    """The frames of one backward pass from ``output`` (see the module doc).

    ``order`` here is the topological order of the graph (``topo``); ``order_name``
    the order the frames follow. Each frame is made as ``frame_type``.
    """

    def __init__(
        self,
        output: Value,
        frame_type: type[FrameT],
        gradient: float = 1.0,
        topo: list[Value] | None = None,
        *,
        edges: str = "op",
        order: str = "engine",
        units: Unit | None = None,
        constants: bool = False,
    ) -> None:
        if edges not in EDGES:
            raise ValueError(f"edges is {edges!r}; expected one of {EDGES}")
        if order not in ORDERS:
            raise ValueError(f"order is {order!r}; expected one of {ORDERS}")
        self.frame_type = frame_type
        self.output = output
        self.gradient = gradient
        self.edges_kind = edges
        self.order_name = order
        self.order = topological_order(output) if topo is None else topo
        # primitive paths folded into each edge of the named graph (1 in the op graph)
        self.paths: dict[tuple[Value, int], int] = {}
        self.graph = self._graph()
        self.frames = self._replay(self._schedule(units, constants))
        self._state: tuple[int, tuple[dict[Value, float], frozenset[Value], frozenset[Value]]]
        self._state = (-2, ({}, frozenset(), frozenset()))

    # The graph the pass runs over: node -> its edges (parent, local), children first.
    def _graph(self) -> Graph:
        if self.edges_kind == "op":
            return {v: tuple(zip(v.parents, v.local_grads)) for v in reversed(self.order)}
        root = self.output

        def kept(v: Value) -> bool:
            return v is root or v.label is not None

        graph: Graph = {}
        for v in reversed(self.order):
            if kept(v):
                folded = {} if v.is_leaf else fold_from(v, kept)
                graph[v] = tuple((p, local) for p, (local, _) in folded.items())
                for k, (_, paths) in enumerate(folded.values()):
                    self.paths[(v, k)] = paths
        return graph

    def _has_frame(self, v: Value, constants: bool) -> bool:
        if not v.is_leaf:
            return True
        return self.edges_kind == "op" and (constants or v.label is not None)

    def _schedule(self, units: Unit | None, constants: bool) -> Plan:
        """What each frame processes: (first node, members, edge indices or all)."""
        if self.order_name == "naive":
            return naive_plan(self.graph, self.output)
        nodes = [v for v in self.graph if self._has_frame(v, constants)]
        return unit_plan(self.graph, nodes, self.order_name, units)

    def _replay(self, plan: Plan) -> list[FrameT]:
        waiting = dict.fromkeys(self.graph, 0)
        for edges in self.graph.values():
            for p, _ in edges:
                waiting[p] += 1
        grads: dict[Value, float] = {self.output: self.gradient}
        passed: set[Value] = set()
        frames = []
        for index, (node, members, chosen) in enumerate(plan):
            steps: list[EdgeStep] = []
            upstreams = []
            premature = set()
            for member in members:
                upstream = grads.get(member, 0.0)
                upstreams.append(upstream)
                if waiting[member] > 0:
                    premature.add(member)
                edges = self.graph[member]
                for k in range(len(edges)) if chosen is None else chosen:
                    parent, local = edges[k]
                    contribution = local * upstream
                    grads[parent] = grads.get(parent, 0.0) + contribution
                    waiting[parent] -= 1
                    steps.append(
                        EdgeStep(
                            parent,
                            k,
                            local,
                            contribution,
                            grads[parent],
                            waiting[parent] == 0,
                            member,
                            parent in passed,
                        )
                    )
                passed.add(member)
            frames.append(
                self.frame_type(
                    index,
                    node,
                    upstreams[0],
                    tuple(steps),
                    self,
                    members,
                    tuple(upstreams),
                    frozenset(premature),
                )
            )
        return frames

    def states(self) -> Iterator[tuple[dict[Value, float], set[Value], set[Value]]]:
        """The sums, final set and done set after each frame in turn (live objects that
        change as the iteration goes on: copy what must be kept)."""
        grads: dict[Value, float] = {self.output: self.gradient}
        final = {self.output}
        done: set[Value] = set()
        for frame in self.frames:
            for e in frame.edges:
                grads[e.parent] = e.total
                if e.final:
                    final.add(e.parent)
            done.update(frame.nodes)
            yield grads, final, done

    def state(self, index: int) -> tuple[dict[Value, float], frozenset[Value], frozenset[Value]]:
        """(sums, final, done) after frame ``index``: replayed from the frames' edges, the
        last one asked for remembered."""
        if self._state[0] != index:
            for i, (grads, final, done) in enumerate(self.states()):
                if i == index:
                    self._state = (index, (dict(grads), frozenset(final), frozenset(done)))
                    break
        return self._state[1]

    def final_grads(self) -> Mapping[Value, float]:
        """Every gradient the replay ends with."""
        return self.state(len(self.frames) - 1)[0] if self.frames else {self.output: self.gradient}

    def __len__(self) -> int:
        return len(self.frames)

    @overload
    def __getitem__(self, i: int) -> FrameT: ...
    @overload
    def __getitem__(self, i: slice) -> list[FrameT]: ...
    def __getitem__(self, i: int | slice) -> FrameT | list[FrameT]:
        return self.frames[i]

    def __iter__(self) -> Iterator[FrameT]:
        return iter(self.frames)

    def __repr__(self) -> str:
        label = self.output.label or "output"
        return f"<Steps: backward pass of {label} in {len(self)} frames>"


__all__ = ["EdgeStep", "Frame", "Steps", "index_key"]
