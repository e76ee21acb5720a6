"""``autograd.show.steps``: the frames of a backward pass (``autograd.explain.frames``) in
words, as drawings, and as a player (a self-contained page, or inline in Jupyter).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

from autograd.engine.files import write_atomically
from autograd.engine.graph import topological_order
from autograd.engine.value import Value, as_number
from autograd.explain import frames
from autograd.show.dot import DrawingStyle
from autograd.show.draw import check_size
from autograd.show.names import Names
from autograd.show.player import frame_drawing, player_html, render_frames, steps_widget
from autograd.show.render import Drawing


class Frame(frames.Frame):
    """One frame of the backward pass, with its words and its drawing."""

    @property
    def steps(self) -> Steps:
        """The Steps this frame belongs to."""
        return cast(Steps, self.replay)

    def text(self) -> str:
        """This step in words, with the numbers (see ``Steps.describe``)."""
        return self.steps.describe(self)

    def drawing(self) -> Drawing:
        """This frame as a drawing: current node and edges highlighted, sums shown."""
        return frame_drawing(self.steps, self)

    def svg(self) -> str:
        """This frame as SVG (rendered once, then remembered by ``Steps``)."""
        return self.steps.svg(self.index)


class Steps(frames.Steps[Frame]):
    """The frames of one backward pass from ``output``, to read, draw and play.

    Render with ``frames[i].svg()``, ``to_html(path)`` for a self-contained player,
    or display in Jupyter.
    """

    def __init__(
        self,
        output: Value,
        gradient: float = 1.0,
        style: DrawingStyle | None = None,
        renderer: str | None = None,
        order: list[Value] | None = None,
    ) -> None:
        super().__init__(output, Frame, gradient, order)
        self.style = style or DrawingStyle()
        self.renderer = renderer
        self.names = Names(output, self.style.digits, self.order)
        self._svgs: dict[int, str] = {}

    def describe(self, frame: frames.Frame) -> str:
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
        wanted = [i for i in (range(len(self)) if indices is None else indices)]
        todo = [i for i in wanted if i not in self._svgs]
        self._svgs.update(zip(todo, render_frames(self, todo)))
        return [self._svgs[i] for i in wanted]

    def to_html(self, path: str | os.PathLike[str] | None = None) -> str:
        """The player as one self-contained HTML page; written to ``path`` if given.

        The first frame's SVG is stored whole and every later frame as the lines
        that changed from the one before (``autograd.show.svg_delta``): seed 003's
        43 frames take about 0.3 MB, a 227-node graph about 2 MB. Rendering
        calls the renderer once per frame (``dot`` on all cores: ~13 s for 227
        nodes on two cores), which is what ``max_nodes`` guards.
        """
        page = player_html(self, standalone=True)
        if path is not None:
            target = Path(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, page)  # an interrupted save leaves the previous file
        return page

    def _repr_html_(self) -> str:
        return player_html(self, standalone=False)

    def widget(self) -> Any:
        """The frames behind an ipywidgets slider, for a live Jupyter kernel.

        Displaying the Steps object itself gives the HTML player, which needs no
        ipywidgets and also shows on code hosts; this is the widget alternative.
        """
        return steps_widget(self)


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
    """The backward pass from ``output`` as frames (see ``autograd.explain.frames``).

    >>> x = Value(3.0, label="x")
    >>> y = (x * x).named("y")
    >>> replay = steps(y)
    >>> len(replay), replay[-1].grads[x]  # d/dx x^2 = 2x, from two edges
    (2, 6.0)
    """
    if not isinstance(output, Value):
        raise TypeError(f"steps() needs the output Value, got {type(output).__name__}")
    seed = as_number(gradient, "gradient")
    style = DrawingStyle(rankdir, digits, number_format)
    order = topological_order(output)
    check_size(len(order), max_nodes, f"the backward pass of {output.label or 'this Value'}")
    return Steps(output, seed, style, renderer, order)
