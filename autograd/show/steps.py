"""``autograd.show.steps``: the frames of a backward pass (``autograd.explain.frames``) in
words, as drawings, and as a player (a self-contained page, or inline in Jupyter).

Three views: the **op view** (every primitive; frames follow the engine by
default), the **named view** (labelled Values, edges carry folded local
derivatives) and the **network view** (neurons and weights of an ``nn`` model, one
frame per neuron; frames follow the document's order by default).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from autograd.engine.files import write_atomically
from autograd.engine.graph import topological_order
from autograd.engine.value import Value, as_number
from autograd.explain import frames
from autograd.show import network_stage, stage, step_text
from autograd.show.dot import DrawingStyle
from autograd.show.names import Names
from autograd.show.network_stage import network_units
from autograd.show.player import frame_svg, player_html, steps_widget
from autograd.show.reading import auto_direction
from autograd.show.render import Drawing
from autograd.show.sample_bands import sample_bands
from autograd.show.size import DEFAULT_MAX_NODES, SMALLER_REPLAY, check_size

VIEWS = ("op", "named", "network")


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
        """This frame as a drawing: its SVG is the page's one layout restyled for this frame
        (``source`` is that layout's DOT, without the frame's marks)."""
        return Drawing(self.steps.stage.source, self.steps.renderer, svg=self.svg())

    def svg(self) -> str:
        """This frame as one SVG: the replay's single layout with this frame's styles."""
        return frame_svg(self.steps, self.index)


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
        topo: list[Value] | None = None,
        *,
        view: str = "op",
        order: str | None = None,
        model: Any = None,
        constants: bool = False,
    ) -> None:
        if view not in VIEWS:
            raise ValueError(f"view is {view!r}; expected one of {VIEWS}")
        if view == "network" and model is None:
            raise ValueError("view='network' needs the model: steps(loss, model=mlp)")
        if model is not None and not all(hasattr(model, a) for a in ("nin", "layers")):
            raise TypeError(f"model must be an nn.MLP, got {type(model).__name__}")
        self.view = view
        self.model = model
        units = None
        if view == "network":
            units = network_units(model)
        chosen = order or ("engine" if view == "op" else "document")
        super().__init__(
            output,
            Frame,
            gradient,
            topo,
            edges="op" if view == "op" else "named",
            order=chosen,
            units=units,
            constants=constants,
        )
        self.style = style or DrawingStyle()
        self.renderer = renderer
        self.names = Names(output, self.style.digits, self.order)
        self._stage: Any = None
        self.reference: Mapping[Value, float] | None = None
        if chosen == "naive":
            right = frames.Steps(
                output, frames.Frame, gradient, self.order, edges=self.edges_kind, units=units
            )
            self.reference = right.final_grads()

    @property
    def stage(self) -> Any:
        """The one layout of this replay (``autograd.show.stage``), made when first needed."""
        if self._stage is None:
            if self.view == "op":
                self._stage = stage.op_stage(self)
            elif self.view == "named":
                self._stage = stage.named_stage(self)
            else:
                self._stage = network_stage.network_stage(self, self.model)
        return self._stage

    def formula(self, child: Value, position: int) -> str | None:
        """The local derivative of an edge as a formula (see ``autograd.show.step_text``)."""
        return step_text.formula(self, child, position)

    def describe(self, frame: frames.Frame) -> str:
        """The text of one step: what arrives, what each edge adds, which sums are final."""
        return step_text.describe(self, frame)

    def wrong(self) -> dict[Value, float]:
        """After a naive replay: each Value whose gradient came out wrong, with the right one
        (empty for the other orders)."""
        if self.reference is None:
            return {}
        got = self.final_grads()
        return {
            v: right
            for v, right in self.reference.items()
            if abs(got.get(v, 0.0) - right) > 1e-12 * max(1.0, abs(right))
        }

    def to_html(self, path: str | os.PathLike[str] | None = None, *, quiz: bool = False) -> str:
        """The player as one self-contained HTML page; written to ``path`` if given.

        The view is laid out once (one Graphviz run); every frame is the list of
        classes and numbers it changes in that one SVG. ``quiz=True`` asks the learner
        for each gradient before showing it (``autograd.show.quiz``).
        """
        page = player_html(self, standalone=True, quiz=quiz)
        if path is not None:
            target = Path(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, page)  # an interrupted save leaves the previous file
        return page

    def _repr_html_(self) -> str:
        return player_html(self, standalone=False)

    def widget(self) -> Any:
        """The player in an ipywidgets box (same page, same camera), for a live kernel."""
        return steps_widget(self)


def steps(
    output: Value,
    gradient: float = 1.0,
    *,
    view: str | None = None,
    order: str | None = None,
    model: Any = None,
    constants: bool = False,
    rankdir: str = "auto",
    digits: int = 4,
    number_format: str | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
    renderer: str | None = None,
) -> Steps:
    """The backward pass from ``output`` as frames (see ``autograd.explain.frames``).

    ``view``: "op", "named" or "network" (needs ``model``, an ``nn.MLP``; the default
    when a model is given). ``order``: "engine" (default for the op view),
    "document" (layer by layer from the output back; default otherwise) or "naive"
    (a wrong order, to show why the topological order matters). ``constants=True``
    gives unlabelled leaves frames of their own. ``rankdir`` as in ``draw``: "auto"
    lays the op and named views top to bottom where left to right would be wider
    than a page; the op view of a loss over several samples stacks them in bands.

    >>> x = Value(3.0, label="x")
    >>> y = (x * x).named("y")
    >>> replay = steps(y)
    >>> len(replay), replay[-1].grads[x]  # d/dx x^2 = 2x, from two edges
    (2, 6.0)
    """
    if not isinstance(output, Value):
        raise TypeError(f"steps() needs the output Value, got {type(output).__name__}")
    seed = as_number(gradient, "gradient")
    chosen = view or ("network" if model is not None else "op")
    DrawingStyle("LR" if rankdir == "auto" else rankdir, digits, number_format)  # validates
    topo = topological_order(output)
    if rankdir == "auto" and chosen == "network":
        rankdir = "LR"  # layers in columns, as the documents draw them
    elif rankdir == "auto":  # as draw() chooses: left to right unless that is too wide
        op = chosen == "op"
        shown = topo if op else [v for v in topo if v.label is not None or v is output]
        rankdir = auto_direction(topo, frozenset(shown), op, sample_bands(topo) if op else None)
    style = DrawingStyle(rankdir, digits, number_format)
    if chosen == "op":
        what = f"the backward pass of {output.label or 'this Value'}"
        check_size(len(topo), max_nodes, what, SMALLER_REPLAY)
    return Steps(
        output,
        seed,
        style,
        renderer,
        topo,
        view=chosen,
        order=order,
        model=model,
        constants=constants,
    )
