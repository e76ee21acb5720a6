"""Making the op and named views read like the documents: reading order, direction, caption.

Graphviz keeps the order nodes are declared in where crossings tie, so the
views declare them in reading order (h1 before h2 before h10); Values whose
labels differ only in their numbers are also held in one rank in that order.
``rankdir="auto"`` turns a drawing top to bottom when left to right would be
wider than a page. The caption says what the numbers are.
"""

from __future__ import annotations

import re

from autograd.engine.value import Value
from autograd.show.dot import DotGraph, Escaped, escape_text
from autograd.show.names import typeset
from autograd.show.sample_bands import Bands

PAGE_WIDTH = 1400.0  # points; rankdir="auto" turns a drawing wider than this top to bottom


def reading_key(v: Value, ids: dict[Value, int]) -> tuple[object, ...]:
    """Labels in the order a reader counts them: h1 before h2 before h10; a
    ``[i]`` sample suffix counts first, unlabelled Values keep the graph's order."""
    if v.label is None:
        return ((), ids[v])
    sample = re.search(r"\[(\d+)\]$", v.label)
    parts = re.split(r"(\d+)", v.label[: sample.start()] if sample else v.label)
    key = tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts if p)
    return ((int(sample[1]) if sample else 0, *key), ids[v])


def same_rank_groups(order: list[Value], shown: list[Value]) -> list[list[Value]]:
    """Labelled Values of one sample that differ only in their numbers (net_h1,
    net_h2) and lie equally far from the leaves: each group, in the order of
    ``shown`` (reading order), is held in one rank in that order by invisible
    flat edges, since crossing reduction may swap them. ``order`` is the
    graph's topological order.

    Far from the leaves, not from the output: the neurons of a layer are built
    alike from the inputs, while a sum over outputs or samples leaves each at a
    distance of its own from the loss. Leaves, all at 0, are left to Graphviz.
    """
    distance: dict[Value, int] = {}
    groups: dict[tuple[str, int], list[Value]] = {}
    for v in order:
        distance[v] = max((distance[p] + 1 for p in v.parents), default=0)
    for v in shown:
        if not v.parents or v.label is None or not re.search(r"\d", v.label):
            continue
        sample = re.search(r"\[\d+\]$", v.label)
        name = v.label[: sample.start()] if sample else v.label
        key = (re.sub(r"\d+", "#", name) + (sample[0] if sample else ""), distance[v])
        groups.setdefault(key, []).append(v)
    return [g for g in groups.values() if len(g) > 1]


def caption(
    root: Value, view: str, highlighted: bool, samples: bool = False, folded: bool = False
) -> list[str]:
    """What the numbers of an op or named view mean, one line each."""
    of = typeset(root.label) if root.label else "the output"
    lines = [
        f"Each box: a value's name (if any), data = its value, grad = ∂{of}/∂ that value.",
        "Blue edge numbers: the local derivative ∂child/∂parent, which backward multiplies by."
        if view == "op"
        else "Blue edge numbers: ∂child/∂parent through the unnamed steps between them.",
    ]
    if view == "op":
        lines.append(
            "Ellipses: the primitive operations; a box without a name is unnamed or a constant."
        )
    if samples:
        lines.append("name[i]: that value in sample i; a weight's grad is of the loss over all.")
    if folded:
        lines.append("Framed: one sample's forward pass; the sum over the samples under them.")
        lines.append(
            "Dashed: a value drawn again where it is used (a weight in each sample,"
            " a sample's term in the sum)."
        )
    if highlighted:
        lines.append("Red: the paths from the output to the highlighted values.")
    return lines


def caption_label(lines: list[str]) -> Escaped:
    """``lines`` as one Graphviz label, each line left-aligned."""
    return Escaped("".join(escape_text(line) + "\\l" for line in lines))


def add_caption(graph: DotGraph, lines: list[str]) -> None:
    """``lines`` left-aligned under the drawing, as the graph's label."""
    graph.graph_attrs.update(label=caption_label(lines), labelloc="b", labeljust="l", fontsize="10")


def auto_direction(
    order: list[Value], shown: frozenset[Value], with_ops: bool, bands: Bands | None = None
) -> str:
    """ "LR" unless its estimated width passes ``PAGE_WIDTH`` and "TB" would be narrower.

    Level = longest path from a leaf; LR is one column per level (two with the
    op ellipses), TB one row per level, as wide as its most crowded level.
    Folded into sample ``bands``, TB stacks the bands, so a level is crowded
    by one band only, while LR lays them side by side as before.
    """
    level: dict[Value, int] = {}
    for v in order:
        level[v] = max((level[p] + 1 for p in v.parents), default=0)
    # dot puts a leaf (weight, input, constant) just before its first use, not all on top
    first_use: dict[Value, int] = {}
    for v in order:
        for p in v.parents:
            if p.op is None:
                first_use[p] = min(first_use.get(p, level[v]), level[v])
    level.update({leaf: used - 1 for leaf, used in first_use.items()})
    crowd: dict[tuple[int, int], int] = {}
    for v in shown:
        key = (level[v], bands.home[v] if bands else 0)
        crowd[key] = crowd.get(key, 0) + 1
    node_width = 100.0  # a stacked record "grad -0.02274" at 11 pt, with margins
    columns = len({lvl for lvl, _ in crowd})
    lr = columns * (node_width + 36) + (columns * 66 if with_ops else 0)
    tb = max(crowd.values(), default=1) * (node_width + 18)
    return "TB" if lr > PAGE_WIDTH and tb < lr else "LR"
