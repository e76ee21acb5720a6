"""The words of a replay's frames: what arrives, what each edge passes on, what is final.

``describe(replay, frame)`` writes one frame; ``formula(replay, child, k)`` writes
the local derivative of an edge as a formula in the trace's names.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import TYPE_CHECKING

from autograd.engine.value import Value
from autograd.explain.fold import primitive_path
from autograd.explain.frames import EdgeStep, Frame
from autograd.show.names import substitute
from autograd.show.stage import base_label

if TYPE_CHECKING:
    from autograd.show.steps import Steps

_POWER_ONE = re.compile(r"\^1(?![\w.])")


def formula(replay: Steps, child: Value, position: int) -> str | None:
    """The local derivative of edge ``position`` of ``child`` as a formula in names:
    the product of the primitive formulas along it, its numbers multiplied into one
    coefficient. None where it folds several paths (the number says it all)."""
    names = replay.names
    if replay.paths.get((child, position), 1) != 1:
        return None
    if replay.edges_kind == "op":
        path = [(child, position)]
    else:
        parent = replay.graph[child][position][0]
        path = primitive_path(child, parent, lambda v: v is replay.output or v.label is not None)
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
        shown = replay.style.number(float(coefficient))
    else:
        shown = str(coefficient)
    if not factors:
        return shown
    lead = "" if coefficient == 1 else "-" if coefficient == -1 else f"{shown} · "
    return lead + " · ".join(factors)


def describe(replay: Steps, frame: Frame) -> str:
    """The text of one step: what arrives, what each edge adds, which sums are final."""
    n = replay.style.number
    name, out = replay.names.plain, replay.names.plain_operand(replay.output)
    node = frame.node
    what = f"the constant {name(node)}" if node.is_leaf and node.label is None else name(node)
    if replay.view == "network" and len(frame.nodes) > 1:
        samples = len({m for m in frame.nodes if m.label and m.label.endswith("]")}) // 2
        what = f"neuron {base_label(node.label) or name(node)}"
        what += f" ({samples} samples, processed together)" if samples > 1 else ""
    head = f"Step {frame.index + 1} of {len(replay)}: {what}"
    if replay.view == "op" and node.op is not None and node.label is not None:
        head += f" = {node.op.describe(*map(replay.names.plain_operand, node.parents))}"
    lines = [head]
    for member, upstream in zip(frame.nodes, frame.upstreams):
        grad = f"∂{out}/∂{replay.names.plain_operand(member)} = {n(upstream)}"
        if member is replay.output:
            lines.append(f"The output: the backward pass starts from {grad}.")
        elif member in frame.premature:
            right = (replay.reference or {}).get(member, upstream)
            lines.append(
                f"Arrives: {grad}, NOT final: it is passed on before every use of "
                f"{name(member)} has added to it (the full sum is {n(right)})."
            )
        elif member is not frame.node and member in _inside(frame):
            lines.append(f"Then: {grad} (final: that was its last contribution).")
        else:
            lines.append(f"Arrives: {grad} (final: every use has added to it).")
        mine = [e for e in frame.edges if e.child is member]
        if not mine and member.is_leaf:
            lines.append("A leaf: nothing to pass on.")
        for e in mine:
            lines.append(_edge_line(replay, e, upstream))
    completed = [e for e in frame.edges if e.final and not e.late]
    if replay.view != "op" and completed:
        summary = (
            "Now final: "
            + ", ".join(
                f"∂{out}/∂{replay.names.plain_operand(e.parent)} = {n(e.total)}" for e in completed
            )
            + "."
        )
        # A neuron over several samples reads long: say the outcome first.
        if len(frame.nodes) > 2:
            lines.insert(1, summary + " In detail, sample by sample:")
        else:
            lines.append(summary)
    if replay.reference is not None and frame.index == len(replay) - 1:
        lines.append(_verdict(replay))
    return "\n".join(lines)


def _inside(frame: Frame) -> set[Value]:
    """The members whose gradient was completed within this frame."""
    return {e.parent for e in frame.edges if e.final}


def _edge_line(replay: Steps, e: EdgeStep, upstream: float) -> str:
    n = replay.style.number
    ops = replay.names.plain_operand
    written = formula(replay, e.child, e.position)
    local = f"∂{ops(e.child)}/∂{ops(e.parent)} = "
    if written is not None and written != n(e.local):
        local += f"{written} = "
    local += n(e.local)
    if e.late:
        status = "LATE: it was already passed on, so this never reaches what it feeds"
    elif e.final:
        status = "final"
    else:
        status = "partial: more to come"
    total = f"∂{replay.names.plain_operand(replay.output)}/∂{ops(e.parent)}"
    return (
        f"→ {replay.names.plain(e.parent)}: local {local}; adds {n(e.local)} × {n(upstream)} = "
        f"{n(e.contribution)}; sum {total} = {n(e.total)} ({status})"
    )


def _verdict(replay: Steps) -> str:
    n = replay.style.number
    wrong = replay.wrong()
    if not wrong:
        return "Every gradient came out right this time."
    got = replay.final_grads()
    out = replay.names.plain_operand(replay.output)
    parts = [
        f"∂{out}/∂{replay.names.plain_operand(v)} = {n(got.get(v, 0.0))}, should be {n(r)} "
        f"(off by {n(got.get(v, 0.0) - r)})"
        for v, r in wrong.items()
    ]
    return "WRONG, because nodes were passed on too early: " + "; ".join(parts)
