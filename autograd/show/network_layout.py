"""Geometry of the network view: where every node and weight label goes.

The network view is laid out here, not by Graphviz's ``dot``, because ``dot``
reorders the nodes of a rank to reduce crossings (wang's hidden layer came out
1, 3, 2) and puts edge labels where edges of other neurons cross them. Here
layer l is column l, neuron j is row j (top to bottom), and each weight's label
is a small node of its own beside its edge, at the first spot along the edge
where its box touches no other edge, node or label. Graphviz then only draws:
every node is pinned (``pos="x,y!"``, ``layout=neato``, straight edges), which
both the ``dot`` binary and the WebAssembly build honour.

Coordinates are points (1/72 inch), y growing downwards; ``Box`` is a rectangle
by its centre and half sizes; ``Plan`` holds the nodes' texts, sizes and
centres, ``positions`` fills the centres in column order, ``pinned`` writes a
node fixed where the plan put it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from autograd.show.dot import DotGraph, Escaped

FONT_WIDTH = 0.6  # Helvetica's widest common glyphs are about 0.6 em; estimate wide
LINE_HEIGHT = 1.2  # Graphviz's line spacing in em
GAP = 3.0  # clearance in points between a label and anything else
# Where along an edge (0 = tail, 1 = head) a weight's label is tried, in order of preference.
NODE_FONT, LABEL_FONT = 10.0, 9.0
SPOTS: tuple[float, ...] = (
    0.3,
    0.7,
    0.4,
    0.6,
    0.5,
    0.2,
    0.8,
    0.25,
    0.75,
    0.35,
    0.65,
    0.45,
    0.55,
    0.15,
    0.85,
)
SPOTS += tuple(t / 40 for t in range(4, 37) if t / 40 not in SPOTS)  # finer, for dense layers


def text_size(text: str, fontsize: float) -> tuple[float, float]:
    """Width and height in points that ``text`` (lines split on newlines) needs."""
    lines = text.split("\n")
    width = max(len(line) for line in lines) * FONT_WIDTH * fontsize
    return width, len(lines) * LINE_HEIGHT * fontsize


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle: centre (x, y) and half width / height."""

    x: float
    y: float
    hw: float
    hh: float

    def grown(self, by: float) -> Box:
        return Box(self.x, self.y, self.hw + by, self.hh + by)

    def overlaps(self, other: Box) -> bool:
        return abs(self.x - other.x) < self.hw + other.hw and abs(self.y - other.y) < (
            self.hh + other.hh
        )

    def meets_segment(self, a: tuple[float, float], b: tuple[float, float]) -> bool:
        """True when the segment a-b passes through the box."""
        box = (self.x - self.hw, self.y - self.hh, self.x + self.hw, self.y + self.hh)
        return segment_meets_box(a, b, *box)


def segment_meets_box(
    a: tuple[float, float],
    b: tuple[float, float],
    left: float,
    top: float,
    right: float,
    bottom: float,
) -> bool:
    """True when the segment a-b passes through the box (Liang-Barsky clipping)."""
    t0, t1 = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in ((-dx, a[0] - left), (dx, right - a[0]), (-dy, a[1] - top), (dy, bottom - a[1])):
        if p == 0.0:
            if q < 0.0:
                return False
            continue
        r = q / p
        if p < 0.0:
            t0 = max(t0, r)
        else:
            t1 = min(t1, r)
        if t0 > t1:
            return False
    return True


Segment = tuple[tuple[float, float], tuple[float, float]]


def label_spots(segment: Segment, hw: float, hh: float) -> list[Box]:
    """Candidate boxes for a label of half sizes hw, hh beside ``segment``.

    Each sits at a spot of ``SPOTS`` along the segment, shifted off it along
    the normal just far enough that the box clears the line: above first, then below.
    """
    (ax, ay), (bx, by) = segment
    length = math.hypot(bx - ax, by - ay) or 1.0
    nx, ny = (by - ay) / length, -(bx - ax) / length
    if ny > 0.0:  # make the first normal point up the page
        nx, ny = -nx, -ny
    shift = hw * abs(nx) + hh * abs(ny) + GAP
    spots = []
    for t in SPOTS:
        px, py = ax + t * (bx - ax), ay + t * (by - ay)
        for side in (1.0, -1.0):
            spots.append(Box(px + side * shift * nx, py + side * shift * ny, hw, hh))
    return spots


def place_labels(
    labels: list[tuple[Segment, float, float]],
    segments: list[Segment],
    obstacles: list[Box],
    strict: bool = True,
) -> list[Box] | None:
    """A box for each label (its own edge, half width, half height) that meets no
    other segment, obstacle or placed label; None when one of them finds no room.

    Not ``strict``: a label with no free spot takes one that at least overlaps
    no node or label (crossing an edge), else its first spot.
    """
    placed: list[Box] = []
    for own, hw, hh in labels:
        spots = [s.grown(GAP) for s in label_spots(own, hw, hh)]
        # only what lies near this edge's spots can meet them: a bounding box filters
        area = _bounds(spots)
        near = [o for o in (*obstacles, *placed) if o.overlaps(area)]
        crossing = [t for t in segments if t is not own and area.meets_segment(*t)]
        clear = [s for s in spots if not any(s.overlaps(o) for o in near)]
        free = [s for s in clear if not any(s.meets_segment(*t) for t in crossing)]
        if free:
            chosen = free[0]
        elif strict:
            return None
        else:
            chosen = (clear or spots)[0]
        placed.append(chosen.grown(-GAP))
    return placed


def _bounds(boxes: list[Box]) -> Box:
    left = min(b.x - b.hw for b in boxes)
    right = max(b.x + b.hw for b in boxes)
    top = min(b.y - b.hh for b in boxes)
    bottom = max(b.y + b.hh for b in boxes)
    return Box((left + right) / 2, (top + bottom) / 2, (right - left) / 2, (bottom - top) / 2)


def column_rows(count: int, pitch: float) -> list[float]:
    """The y of ``count`` nodes a ``pitch`` apart, centred on y = 0, first on top."""
    return [(j - (count - 1) / 2) * pitch for j in range(count)]


class Plan:
    """Nodes (text, shape, size, position) and edges of the drawing, before DOT."""

    def __init__(self) -> None:
        self.nodes: dict[str, dict[str, str]] = {}
        self.centre: dict[str, tuple[float, float]] = {}
        self.half: dict[str, tuple[float, float]] = {}
        self.edges: list[tuple[str, str, dict[str, str]]] = []

    def add(self, node_id: str, text: str, shape: str, **attrs: str) -> None:
        w, h = text_size(text, NODE_FONT)
        if shape in ("circle", "doublecircle"):
            d = (w * w + h * h) ** 0.5 + (14 if shape == "doublecircle" else 8)
            w = h = d
        else:
            w, h = w + 14, h + 8
        self.nodes[node_id] = {"label": text, "shape": shape, **attrs}
        self.half[node_id] = (w / 2, h / 2)

    def segment(self, tail: str, head: str) -> Segment:
        return (self.centre[tail], self.centre[head])


def turn(rankdir: str, x: float, y: float) -> tuple[float, float]:
    """A point of the left-to-right plan in the drawing's direction."""
    return {"LR": (x, y), "RL": (-x, y), "TB": (y, x), "BT": (y, -x)}[rankdir]


def positions(
    plan: Plan, columns: list[list[str]], label: tuple[float, float], turned: bool, grow: float
) -> None:
    """Columns left to right, rows top to bottom, in the LR frame (see network_layout).

    Between two layers there is room for a label (of size ``label``) on each side
    of the crossing edges; ``turned`` (the drawing runs top to bottom, labels still
    horizontal) moves that room between the rows instead, where labels then sit.
    """
    vgap = 36.0 * grow
    across = label[0] if turned else 0.0
    along = 2 * (label[1] if turned else label[0]) + 50
    pitch = max(2 * plan.half[n][1] for column in columns for n in column) + vgap + across * grow
    x = 0.0
    previous_half = 0.0
    for c, column in enumerate(columns):
        main = [n for n in column if not n.startswith("b")]
        half = max(plan.half[n][0] for n in column)
        room = along if column[0].startswith("n") else 60.0
        x = 0.0 if c == 0 else x + previous_half + half + room * grow
        previous_half = half
        for n, y in zip(main, column_rows(len(main), pitch)):
            plan.centre[n] = (x, y)
        bottom = max((plan.centre[n][1] + plan.half[n][1] for n in main), default=0.0)
        for n in column:
            if n.startswith("b"):
                plan.centre[n] = (x, bottom + vgap + plan.half[n][1])
                bottom += vgap + 2 * plan.half[n][1]
    for n in plan.nodes:
        if n.startswith("t"):
            hx, hy = plan.centre[f"E{n[1:]}"]
            plan.centre[n] = (hx, hy - plan.half[f"E{n[1:]}"][1] - 14 - plan.half[n][1])


def node_box(plan: Plan, n: str) -> Box:
    x, y = plan.centre[n]
    hw, hh = plan.half[n]
    return Box(x, y, hw, hh)


def pinned(
    graph: DotGraph, node_id: str, centre: tuple[float, float], half: tuple[float, float],
    **attrs: str | Escaped,
) -> None:  # fmt: skip
    """A node fixed at ``centre`` (points, y down) with exactly the size planned."""
    x, y = centre
    label = attrs.get("label", "")
    attrs.setdefault("tooltip", label if isinstance(label, str) else "")
    graph.node(
        node_id,
        id=node_id,
        pos=f"{x / 72:.4f},{-y / 72:.4f}!",
        width=f"{2 * half[0] / 72:.4f}",
        height=f"{2 * half[1] / 72:.4f}",
        **attrs,
    )
