"""``autograd.show.steps``: the frames of a backward pass (``autograd.explain.frames``) in
words, as drawings, and as a player (a self-contained page, or inline in Jupyter).

Three views: the **op view** (every primitive; frames follow the engine by
default), the **named view** (labelled Values, edges carry folded local
derivatives) and the **network view** (neurons and weights of an ``nn`` model, one
frame per neuron; frames follow the document's order by default).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any, cast

from autograd.engine.graph import topological_order
from autograd.engine.value import Value, as_number
from autograd.explain import frames
from autograd.explain.fold import primitive_path
from autograd.show.dot import DrawingStyle
from autograd.show.draw import check_size
from autograd.show.names import Names, substitute
from autograd.show.render import Drawing
from autograd.show.stage import base_label

VIEWS = ("op", "named", "network")
_POWER_ONE = re.compile(r"\^1(?![\w.])")


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
        drawing = Drawing(self.steps.stage.source, self.steps.renderer)
        drawing._svg = self.svg()
        return drawing

    def svg(self) -> str:
        """This frame as one SVG: the replay's single layout with this frame's styles."""
        from autograd.show.player import frame_svg

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
        self.view = view
        self.model = model
        units = None
        if view == "network":
            from autograd.show.stage import network_units

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
            from autograd.show import stage

            if self.view == "op":
                self._stage = stage.op_stage(self)
            elif self.view == "named":
                self._stage = stage.named_stage(self)
            else:
                self._stage = stage.network_stage(self, self.model)
        return self._stage

    def formula(self, child: Value, position: int) -> str | None:
        """The local derivative of edge ``position`` of ``child`` as a formula in names:
        the product of the primitive formulas along it, its numbers multiplied into one
        coefficient. None where it folds several paths (the number says it all)."""
        names = self.names
        if self.paths.get((child, position), 1) != 1:
            return None
        if self.edges_kind == "op":
            path = [(child, position)]
        else:
            parent = self.graph[child][position][0]
            path = primitive_path(child, parent, lambda v: v is self.output or v.label is not None)
        if not path:
            return None
        coefficient = Fraction(1)
        factors = []
        for node, k in path:
            if node.op is None:
                return None
            operands = {"out": names.plain_operand(node), "a": names.plain_operand(node.parents[0])}
            if len(node.parents) > 1:
                operands["b"] = names.plain_operand(node.parents[1])
            text = substitute(node.op.formulas[k], operands).split(" = ")[-1]
            text = _POWER_ONE.sub("", text)
            try:
                coefficient *= Fraction(text)
            except (ValueError, ZeroDivisionError):
                factors.append(text if len(path) == 1 or " " not in text else f"({text})")
        if coefficient == 0:
            return "0"
        if coefficient.denominator > 12:
            shown = self.style.number(float(coefficient))
        else:
            shown = str(coefficient)
        if not factors:
            return shown
        lead = "" if coefficient == 1 else "-" if coefficient == -1 else f"{shown} · "
        return lead + " · ".join(factors)

    def describe(self, frame: frames.Frame) -> str:
        """The text of one step: what arrives, what each edge adds, which sums are final."""
        n = self.style.number
        name, out = self.names.plain, self.names.plain_operand(self.output)
        node = frame.node
        what = f"the constant {name(node)}" if node.is_leaf and node.label is None else name(node)
        if self.view == "network" and len(frame.nodes) > 1:
            samples = len({m for m in frame.nodes if m.label and m.label.endswith("]")}) // 2
            what = f"neuron {base_label(node.label) or name(node)}"
            what += f" ({samples} samples, processed together)" if samples > 1 else ""
        head = f"Step {frame.index + 1} of {len(self)}: {what}"
        if self.view == "op" and node.op is not None and node.label is not None:
            head += f" = {node.op.describe(*map(self.names.plain_operand, node.parents))}"
        lines = [head]
        for member, upstream in zip(frame.nodes, frame.upstreams):
            grad = f"∂{out}/∂{self.names.plain_operand(member)} = {n(upstream)}"
            if member is self.output:
                lines.append(f"The output: the backward pass starts from {grad}.")
            elif member in frame.premature:
                right = (self.reference or {}).get(member, upstream)
                lines.append(
                    f"Arrives: {grad}, NOT final: it is passed on before every use of "
                    f"{name(member)} has added to it (the full sum is {n(right)})."
                )
            elif member is not frame.node and member in self._inside(frame):
                lines.append(f"Then: {grad} (final: that was its last contribution).")
            else:
                lines.append(f"Arrives: {grad} (final: every use has added to it).")
            mine = [e for e in frame.edges if e.child is member]
            if not mine and member.is_leaf:
                lines.append("A leaf: nothing to pass on.")
            for e in mine:
                lines.append(self._edge_line(e, upstream))
        completed = [e for e in frame.edges if e.final and not e.late]
        if self.view != "op" and completed:
            summary = (
                "Now final: "
                + ", ".join(
                    f"∂{out}/∂{self.names.plain_operand(e.parent)} = {n(e.total)}"
                    for e in completed
                )
                + "."
            )
            # A neuron over several samples reads long: say the outcome first.
            if len(frame.nodes) > 2:
                lines.insert(1, summary + " In detail, sample by sample:")
            else:
                lines.append(summary)
        if self.reference is not None and frame.index == len(self) - 1:
            lines.append(self._verdict())
        return "\n".join(lines)

    @staticmethod
    def _inside(frame: frames.Frame) -> set[Value]:
        """The members whose gradient was completed within this frame."""
        return {e.parent for e in frame.edges if e.final}

    def _edge_line(self, e: frames.EdgeStep, upstream: float) -> str:
        n = self.style.number
        ops = self.names.plain_operand
        formula = self.formula(e.child, e.position)
        local = f"∂{ops(e.child)}/∂{ops(e.parent)} = "
        if formula is not None and formula != n(e.local):
            local += f"{formula} = "
        local += n(e.local)
        if e.late:
            status = "LATE: it was already passed on, so this never reaches what it feeds"
        elif e.final:
            status = "final"
        else:
            status = "partial: more to come"
        total = f"∂{self.names.plain_operand(self.output)}/∂{ops(e.parent)}"
        return (
            f"→ {self.names.plain(e.parent)}: local {local}; adds {n(e.local)} × {n(upstream)} = "
            f"{n(e.contribution)}; sum {total} = {n(e.total)} ({status})"
        )

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

    def _verdict(self) -> str:
        n = self.style.number
        wrong = self.wrong()
        if not wrong:
            return "Every gradient came out right this time."
        got = self.final_grads()
        out = self.names.plain_operand(self.output)
        parts = [
            f"∂{out}/∂{self.names.plain_operand(v)} = {n(got.get(v, 0.0))}, should be {n(r)} "
            f"(off by {n(got.get(v, 0.0) - r)})"
            for v, r in wrong.items()
        ]
        return "WRONG, because nodes were passed on too early: " + "; ".join(parts)

    def to_html(self, path: str | os.PathLike[str] | None = None) -> str:
        """The player as one self-contained HTML page; written to ``path`` if given.

        The view is laid out once (one Graphviz run); every frame is the list of
        classes and numbers it changes in that one SVG.
        """
        from autograd.show.player import player_html

        page = player_html(self, standalone=True)
        if path is not None:
            target = Path(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page, encoding="utf-8")
        return page

    def _repr_html_(self) -> str:
        from autograd.show.player import player_html

        return player_html(self, standalone=False)

    def widget(self) -> Any:
        """The player in an ipywidgets box (same page, same camera), for a live kernel."""
        from autograd.show.player import steps_widget

        return steps_widget(self)


def steps(
    output: Value,
    gradient: float = 1.0,
    *,
    view: str | None = None,
    order: str | None = None,
    model: Any = None,
    constants: bool = False,
    rankdir: str = "LR",
    digits: int = 4,
    number_format: str | None = None,
    max_nodes: int = 300,
    renderer: str | None = None,
) -> Steps:
    """The backward pass from ``output`` as frames (see ``autograd.explain.frames``).

    ``view``: "op", "named" or "network" (needs ``model``, an ``nn.MLP``; the default
    when a model is given). ``order``: "engine" (default for the op view),
    "document" (layer by layer from the output back; default otherwise) or "naive"
    (a wrong order, to show why the topological order matters). ``constants=True``
    gives unlabelled leaves frames of their own.

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
    style = DrawingStyle(rankdir, digits, number_format)
    topo = topological_order(output)
    if chosen == "op":
        check_size(len(topo), max_nodes, f"the backward pass of {output.label or 'this Value'}")
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
