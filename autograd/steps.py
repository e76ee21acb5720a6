"""The backward pass as frames, one per node, to step through.

``steps(output)`` replays what ``backward()`` does, in the same order and with
the same stored local derivatives: visit the nodes children-first (reverse
topological order); at node n with upstream gradient g = d output / d n, add
``local * g`` to each parent's running sum. A parent's gradient is *final* once
every edge into it from the nodes that use it has been added; until then its
sum is *pending*. The sums live in a dict, so the user's ``.grad`` values are
never touched, and the last frame's gradients equal what ``backward()`` gives.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from autograd.backward import topological_order
from autograd.dot import Style
from autograd.draw import check_size
from autograd.engine import Value, as_number
from autograd.trace_names import Names

if TYPE_CHECKING:
    from autograd.render import Drawing


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
    replay: Steps = field(repr=False)

    @property
    def pending(self) -> dict[Value, float]:
        """Partial sums of gradients still waiting for contributions."""
        return {v: g for v, g in self.grads.items() if v not in self.final}

    def text(self) -> str:
        """This step in words, with the numbers (see ``autograd.player`` for the page)."""
        return self.replay.describe(self)

    def drawing(self) -> Drawing:
        """This frame as a drawing: current node and edges highlighted, sums shown."""
        from autograd.player import frame_drawing

        return frame_drawing(self.replay, self)

    def svg(self) -> str:
        """This frame as SVG (rendered once, then remembered by ``Steps``)."""
        return self.replay.svg(self.index)


class Steps(Sequence[Frame]):
    """The frames of one backward pass from ``output`` (see the module doc).

    Frame i processes ``order[-1 - i]``; there is one frame per node. Render
    with ``frames[i].svg()``, ``to_html(path)`` for a self-contained player, or
    display in Jupyter.
    """

    def __init__(
        self,
        output: Value,
        gradient: float = 1.0,
        style: Style | None = None,
        renderer: str | None = None,
        order: list[Value] | None = None,
    ) -> None:
        self.output = output
        self.gradient = gradient
        self.style = style or Style()
        self.renderer = renderer
        self.order = topological_order(output) if order is None else order
        self.names = Names(output, self.style.digits, self.order)
        self.frames = self._replay()
        self._svgs: dict[int, str] = {}

    def _replay(self) -> list[Frame]:
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
                Frame(
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
    def __getitem__(self, i: int) -> Frame: ...
    @overload
    def __getitem__(self, i: slice) -> list[Frame]: ...
    def __getitem__(self, i: int | slice) -> Frame | list[Frame]:
        return self.frames[i]

    def __iter__(self) -> Iterator[Frame]:
        return iter(self.frames)

    def describe(self, frame: Frame) -> str:
        """The text of one step: which node, its gradient, what each edge adds."""
        n = self.style.number
        name, out = self.names.plain, self.names.plain_operand(self.output)
        node = frame.node
        what = f"the constant {name(node)}" if node.is_leaf and node.label is None else name(node)
        head = f"Step {frame.index + 1} of {len(self)}: {what}"
        if node.op is not None and node.label is not None:
            head += f" = {node.op.describe(*map(self.names.plain_operand, node.parents))}"
        grad = f"∂{out}/∂{self.names.plain_operand(node)} = {n(frame.upstream)}"
        if node is self.output:
            lines = [head, f"The output: the backward pass starts from {grad}."]
        else:
            lines = [head, f"Its gradient is final: {grad}."]
        if not frame.edges:
            lines.append("A leaf: nothing to pass on.")
        for e in frame.edges:
            status = "final" if e.final else "pending: more to come"
            lines.append(
                f"→ {name(e.parent)}: local derivative {n(e.local)}, adds "
                f"{n(e.local)} × {n(frame.upstream)} = {n(e.contribution)}; "
                f"sum {n(e.total)} ({status})"
            )
        return "\n".join(lines)

    def svg(self, index: int) -> str:
        """Frame ``index`` as SVG."""
        if index not in self._svgs:
            self.render_all([index])
        return self._svgs[index]

    def render_all(self, indices: Sequence[int] | None = None) -> list[str]:
        """Render the frames (all by default); each is one renderer call, run in parallel
        when the renderer is the ``dot`` binary."""
        from autograd.player import render_frames

        wanted = [i for i in (range(len(self)) if indices is None else indices)]
        todo = [i for i in wanted if i not in self._svgs]
        self._svgs.update(zip(todo, render_frames(self, todo)))
        return [self._svgs[i] for i in wanted]

    def to_html(self, path: str | os.PathLike[str] | None = None) -> str:
        """The player as one self-contained HTML page; written to ``path`` if given.

        The first frame's SVG is stored whole and every later frame as the lines
        that changed from the one before (``autograd.svg_delta``): seed 003's
        43 frames take about 0.3 MB, a 227-node graph about 2 MB. Rendering
        calls the renderer once per frame (``dot`` on all cores: ~13 s for 227
        nodes on two cores), which is what ``max_nodes`` guards.
        """
        from autograd.player import player_html

        page = player_html(self, standalone=True)
        if path is not None:
            target = Path(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page, encoding="utf-8")
        return page

    def _repr_html_(self) -> str:
        from autograd.player import player_html

        return player_html(self, standalone=False)

    def widget(self) -> Any:
        """The frames behind an ipywidgets slider, for a live Jupyter kernel.

        Displaying the Steps object itself gives the HTML player, which needs no
        ipywidgets and also shows on code hosts; this is the widget alternative.
        """
        from autograd.player import steps_widget

        return steps_widget(self)

    def __repr__(self) -> str:
        label = self.output.label or "output"
        return f"<Steps: backward pass of {label} in {len(self)} frames>"


def steps(
    output: Value,
    gradient: float = 1.0,
    *,
    rankdir: str = "LR",
    digits: int = 4,
    number_format: str | None = None,
    max_nodes: int = 200,
    renderer: str | None = None,
) -> Steps:
    """The backward pass from ``output`` as frames (see the module doc).

    >>> x = Value(3.0, label="x")
    >>> y = (x * x).named("y")
    >>> replay = steps(y)
    >>> len(replay), replay[-1].grads[x]  # d/dx x^2 = 2x, from two edges
    (2, 6.0)
    """
    if not isinstance(output, Value):
        raise TypeError(f"steps() needs the output Value, got {type(output).__name__}")
    seed = as_number(gradient, "gradient")
    style = Style(rankdir, digits, number_format)
    order = topological_order(output)
    check_size(len(order), max_nodes, f"the backward pass of {output.label or 'this Value'}")
    return Steps(output, seed, style, renderer, order)
