"""A trace as an HTML fragment: the equations, then a table of local derivatives.

Plain HTML with Unicode notation (∂, ·), so it reads anywhere a notebook or a
browser shows HTML, with no MathJax needed.
"""

from __future__ import annotations

from html import escape

from autograd.explain.trace import Trace
from autograd.show.trace_text import UNICODE, Writer


def render_html(t: Trace) -> str:
    """``<div class="seegrad-trace">`` with the equations and a factors table."""
    w = Writer(t, notation=UNICODE)
    parts = ['<div class="seegrad-trace">']
    parts.append(f"<p><b>{escape(w.d(t.output, t.wrt))} = {escape(w.number(t.value))}</b></p>")
    whole = [w.formula_equation()] if w.has_formulas else []
    parts.append(_equations([*w.paths_section(), *whole]))
    factored = w.factored_section()
    if factored:
        parts.append("<p>factored:</p>")
        parts.append(_equations(factored))
    parts.append("<table>")
    parts.append("<tr><th>factor</th><th>formula</th><th>value</th><th>paths</th></tr>")
    for factor in t.factors:
        cells = (
            w.d(factor.child, factor.parent),
            w.formula(factor),
            w.number(factor.local),
            str(factor.paths),
        )
        parts.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    parts.append("</table>")
    parts.append("</div>")
    return "\n".join(parts)


def _equations(lines: list[tuple[str, str]]) -> str:
    items = "".join(
        f"<li><code>{escape(lhs)}{': ' if lhs.startswith(('path', '...')) else ' = '}"
        f"{escape(rhs)}</code></li>"
        for lhs, rhs in lines
    )
    return f"<ul>{items}</ul>"
