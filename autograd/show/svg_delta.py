"""SVG text as it sits inside an HTML page.

A replay page no longer stores frames as changed SVG lines: it lays the view
out once and each frame changes classes and numbers (``autograd.show.player``).
"""

from __future__ import annotations


def inline_svg(svg: str) -> str:
    """An SVG document without its XML prolog and DOCTYPE, to sit inside HTML."""
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg
