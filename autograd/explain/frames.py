"""The backward pass as frames, one per node, to step through.

``Steps(output)`` replays what ``backward()`` does, in the same order and with
the same stored local derivatives: visit the nodes children-first (reverse
topological order); at node n with upstream gradient g = d output / d n, add
``local * g`` to each parent's running sum. A parent's gradient is *final* once
every edge into it from the nodes that use it has been added; until then its
sum is *pending*. The sums live in a dict, so the user's ``.grad`` values are
never touched, and the last frame's gradients equal what ``backward()`` gives.

This module is data only; ``autograd.show.steps`` gives the frames their words,
drawings and the player page.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, overload

from autograd.engine.graph import topological_order
from autograd.engine.value import Value


@dataclass(frozen=True, eq=False)
class EdgeStep:
    """What one edge of the current node passes to its parent.

    ``contribution = local * upstream``; ``total`` is the parent's sum after
    adding it; ``final`` is True when this was the parent's last contribution.
    """

    parent: Value
    position: int
    local: float
    contribution: float
    total: float
    final: bool


@dataclass(frozen=True, eq=False)
class Frame:
    """The backward pass right after node ``node`` (frame ``index``) was processed.

    ``upstream`` is d output / d node; ``grads`` holds every sum known so far
    (final or pending), ``final`` the Values whose gradient is complete, and
    ``done`` the nodes processed up to and including this one.
    """

    index: int
    node: Value
    upstream: float
    edges: tuple[EdgeStep, ...]
    grads: Mapping[Value, float]
    final: frozenset[Value]
    done: frozenset[Value]
    replay: Steps[Any] = field(repr=False)

    @property
    def pending(self) -> dict[Value, float]:
        """Partial sums of gradients still waiting for contributions."""
        return {v: g for v, g in self.grads.items() if v not in self.final}


FrameT = TypeVar("FrameT", bound=Frame)


class Steps(Sequence[FrameT], Generic[FrameT]):
    """The frames of one backward pass from ``output`` (see the module doc).

    Frame i processes ``order[-1 - i]``; there is one frame per node. Each frame is
    made as ``frame_type`` (``Frame``, or a subclass that adds words and drawings).
    """

    def __init__(
        self,
        output: Value,
        frame_type: type[FrameT],
        gradient: float = 1.0,
        order: list[Value] | None = None,
    ) -> None:
        self.frame_type = frame_type
        self.output = output
        self.gradient = gradient
        self.order = topological_order(output) if order is None else order
        self.frames = self._replay()

    def _replay(self) -> list[FrameT]:
        # Edges into each node from the nodes that use it: when all have
        # delivered their contribution, the node's gradient is final.
        waiting = dict.fromkeys(self.order, 0)
        for v in self.order:
            for p in v.parents:
                waiting[p] += 1
        grads: dict[Value, float] = {self.output: self.gradient}
        final = {self.output}
        done: set[Value] = set()
        frames = []
        for index, node in enumerate(reversed(self.order)):
            upstream = grads[node]
            edges = []
            for k, (parent, local) in enumerate(zip(node.parents, node.local_grads)):
                contribution = local * upstream
                grads[parent] = grads.get(parent, 0.0) + contribution
                waiting[parent] -= 1
                if waiting[parent] == 0:
                    final.add(parent)
                edges.append(
                    EdgeStep(parent, k, local, contribution, grads[parent], waiting[parent] == 0)
                )
            done.add(node)
            frames.append(
                self.frame_type(
                    index,
                    node,
                    upstream,
                    tuple(edges),
                    dict(grads),
                    frozenset(final),
                    frozenset(done),
                    self,
                )
            )
        return frames

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


__all__ = ["EdgeStep", "Frame", "Steps"]
