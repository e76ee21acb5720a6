"""``autograd.trace``: the chain-rule trace of ``autograd.explain.trace`` with its written forms.

The explain layer computes a trace as data; this subclass adds the ways of
reading it: str() (plain text), ``unicode()``, ``latex()``, ``markdown()``,
``html()``, ``to_dict()`` and Jupyter's rich display.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields

from autograd.engine.value import Value
from autograd.explain import trace as explain_trace
from autograd.explain.formula_book import Order
from autograd.show.trace_html import render_html
from autograd.show.trace_text import render_latex, render_markdown, render_text, trace_to_dict


@dataclass(frozen=True, eq=False, repr=False)
class Trace(explain_trace.Trace):
    """The chain rule from ``output`` to ``wrt`` (see ``autograd.explain.trace``), with
    its forms: str(), ``unicode()``, ``latex()``, ``markdown()``, ``html()``, ``to_dict()``.
    """

    @classmethod
    def of(cls, data: explain_trace.Trace) -> Trace:
        """The same trace with its written forms."""
        return cls(**{f.name: getattr(data, f.name) for f in fields(data)})

    def __str__(self) -> str:
        return render_text(self, unicode=False)

    def unicode(self) -> str:
        """Like str(), with ∂ and ·."""
        return render_text(self, unicode=True)

    def latex(self) -> str:
        """An ``aligned`` block (no surrounding $$)."""
        return render_latex(self)

    def markdown(self) -> str:
        return render_markdown(self)

    def html(self) -> str:
        return render_html(self)

    def to_dict(self) -> dict[str, object]:
        """Names, numbers and formulas as plain JSON-able data."""
        return trace_to_dict(self)

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def _repr_latex_(self) -> str:
        return f"$$\n{self.latex()}\n$$"

    def _repr_html_(self) -> str:
        return self.html()


def trace(
    output: Value,
    wrt: Value,
    *,
    expand: bool = False,
    max_paths: int = 64,
    digits: int = 8,
    keep: Iterable[Value] | None = None,
    order: Order = "output-first",
) -> Trace:
    """The chain rule from ``output`` to ``wrt`` (see ``autograd.explain.trace.trace``),
    ready to print, display or export.

    >>> x = Value(3.0, label="x")
    >>> y = (x * x).named("y")
    >>> y.backward()
    >>> print(trace(y, x))
    dy/dx = 6
    dy/dx = 2 * x = 2 * 3 = 6
    local derivatives:
      dy/dx = 2 * x = 6  (sum over 2 paths)
    """
    found = explain_trace.trace(
        output, wrt, expand=expand, max_paths=max_paths, digits=digits, keep=keep, order=order
    )
    return Trace.of(found)
