"""Reading a Graphviz SVG back as geometry: node centres, text boxes, edge segments.

Text boxes come from Graphviz's own text positions and font sizes, with a
glyph width of 0.55 em (Helvetica's digits are 0.556 em, its lowercase
narrower), from 0.75 em above the baseline to 0.2 em below it.
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from autograd.show.network_layout import segment_meets_box

SVG = "{http://www.w3.org/2000/svg}"
EM_WIDTH = 0.55
Point = tuple[float, float]


@dataclass(frozen=True)
class TextBox:
    owner: str
    text: str
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: TextBox) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )

    def meets(self, a: Point, b: Point) -> bool:
        """True when segment a-b passes through the box."""
        return segment_meets_box(a, b, self.left, self.top, self.right, self.bottom)


@dataclass
class Geometry:
    centres: dict[str, Point]
    texts: list[TextBox]
    segments: dict[str, list[tuple[Point, Point]]]


def _numbers(text: str) -> list[float]:
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", text)]


def _points(values: list[float]) -> list[Point]:
    return list(zip(values[0::2], values[1::2]))


def read(svg: str) -> Geometry:
    """The geometry of every node and edge group of ``svg``, by the group's id."""
    root = ET.fromstring(svg)
    geometry = Geometry({}, [], {})
    for group in root.iter(f"{SVG}g"):
        kind, owner = group.get("class"), group.get("id", "")
        if kind not in ("node", "edge"):
            continue
        for el in group.iter():
            tag = el.tag.removeprefix(SVG)
            if tag == "ellipse" and owner not in geometry.centres:
                geometry.centres[owner] = (float(el.get("cx", 0)), float(el.get("cy", 0)))
            elif tag == "polygon" and kind == "node" and owner not in geometry.centres:
                pts = _points(_numbers(el.get("points", "")))
                xs, ys = [p[0] for p in pts], [p[1] for p in pts]
                geometry.centres[owner] = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
            elif tag == "text" and el.text:
                size = float(el.get("font-size", "14"))
                x, y = float(el.get("x", 0)), float(el.get("y", 0))
                width = len(el.text) * EM_WIDTH * size
                left = {"start": x, "end": x - width}.get(el.get("text-anchor", ""), x - width / 2)
                geometry.texts.append(
                    TextBox(owner, el.text, left, y - 0.75 * size, left + width, y + 0.2 * size)
                )
            elif kind == "edge" and tag in ("path", "polygon"):
                raw = el.get("d") if tag == "path" else el.get("points")
                pts = _points(_numbers(raw or ""))
                if tag == "polygon":
                    pts.append(pts[0])
                geometry.segments.setdefault(owner, []).extend(itertools.pairwise(pts))
    return geometry


def collisions(geometry: Geometry) -> list[str]:
    """Every text box that overlaps another element's text box or crosses an edge."""
    found = []
    texts = geometry.texts
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            if a.owner != b.owner and a.overlaps(b):
                found.append(f"text {a.text!r} ({a.owner}) overlaps {b.text!r} ({b.owner})")
        for edge, segments in geometry.segments.items():
            if any(a.meets(p, q) for p, q in segments):
                found.append(f"text {a.text!r} ({a.owner}) is crossed by edge {edge}")
    return found
