"""A sequence of SVG drawings stored as whole drawings plus what changes from one to the next.

The frames of a replay are drawn from one graph with one layout, so Graphviz
writes consecutive frames with the same lines in the same order, and only the
lines of the few elements whose colour, class, text or field separators
changed differ. ``frame_deltas(svgs)`` therefore stores the first frame whole,
``{"svg": text}``, and each later frame as ``{"lines": [[index, line], ...]}``:
the lines (split at "\\n", counted from 0) that differ from the frame before.
A frame with a different number of lines is stored whole instead, and the
next frame changes from it; so correctness never depends on the layout
holding still, only the size does. ``rebuild`` applies the deltas (the
player's script does the same in the browser).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict


class Delta(TypedDict, total=False):
    """One frame: ``svg`` the whole drawing, or ``lines`` the changed lines."""

    svg: str
    lines: list[tuple[int, str]]


def inline_svg(svg: str) -> str:
    """An SVG document without its XML prolog and DOCTYPE, to sit inside HTML."""
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


def frame_deltas(svgs: Sequence[str]) -> list[Delta]:
    """Each SVG (without prolog) as ``{"svg": ...}`` or ``{"lines": ...}`` changes from the
    one before it (see the module doc)."""
    deltas: list[Delta] = []
    before: list[str] = []
    for svg in map(inline_svg, svgs):
        lines = svg.split("\n")
        if len(lines) != len(before):
            deltas.append({"svg": svg})
        else:
            deltas.append({"lines": [(i, new) for i, new in enumerate(lines) if new != before[i]]})
        before = lines
    return deltas


def rebuild(deltas: Sequence[Delta], index: int) -> str:
    """Frame ``index`` from ``deltas``: the nearest whole frame at or before it, changed by
    the frames after that in turn."""
    start = index
    while "svg" not in deltas[start]:
        start -= 1
    lines = deltas[start]["svg"].split("\n")
    for delta in deltas[start + 1 : index + 1]:
        for i, line in delta["lines"]:
            lines[i] = line
    return "\n".join(lines)
