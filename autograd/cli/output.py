"""What ``backprop`` prints: one Report rendered as text, Markdown or JSON.

A Report holds the output Value after backward, a row (name, Value) for each
Value asked about (an example's weights, an expression's variables), the chain
rule trace of each, the files written, and for an example its document's whole
worked example (``nn.documents.worked``): every equation in the document's
order with the numbers filled in, the document's own numbers beside them and a
note wherever one slips. Numbers are shown to ``digits``
significant digits, as the traces show them.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

from autograd.engine import Value
from autograd.explain.trace import Chain
from autograd.show.numbers import format_number
from autograd.show.trace_text import Writer
from autograd.show.traces import Trace
from nn.documents.equations import Worked


@dataclass
class Report:
    """Everything one command found out; ``render`` prints it."""

    title: str
    source: str | None
    output: Value
    rows: list[tuple[str, Value]]
    traces: list[Trace]
    digits: int
    name: str
    formula: str | None = None  # the expression the output is, when it was typed in
    full: bool = True  # every path and local derivative, or one chain-rule line per trace
    files: list[tuple[str, str]] = field(default_factory=list)  # (path, what it shows)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why not)
    replaced: list[tuple[str, str]] = field(default_factory=list)  # (path, what was there)
    worked: Worked | None = None  # an example's document, step by step

    @property
    def output_name(self) -> str:
        return self.output.label or "f"


def render(report: Report, fmt: str) -> str:
    """The report as ``fmt``: "text", "markdown" or "json" (ending with a newline)."""
    if fmt == "json":
        data = _json_safe(to_dict(report))
        return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    if fmt == "markdown":
        return _markdown(report)
    return _text(report)


def _json_safe(data: object) -> object:
    """``data`` with every infinite or NaN float as the string "inf", "-inf" or "nan":
    JSON has no such numbers, and a gradient can be infinite (d/dx 1/x near 0)."""
    if isinstance(data, float) and not math.isfinite(data):
        return str(data)
    if isinstance(data, dict):
        return {key: _json_safe(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [_json_safe(value) for value in data]
    return data


def to_dict(report: Report) -> dict[str, object]:
    """The report as JSON-able data; each trace is ``Trace.to_dict()``."""
    return {
        "name": report.name,
        "title": report.title,
        "source": report.source,
        "output": {
            "label": report.output_name,
            "formula": report.formula,
            "value": report.output.data,
        },
        "worked": report.worked.to_dict(report.digits) if report.worked else None,
        "gradients": [{"name": name, "value": v.data, "grad": v.grad} for name, v in report.rows],
        "traces": [t.to_dict() for t in report.traces],
        "files": [{"path": path, "shows": shows} for path, shows in report.files],
        "skipped": [{"path": path, "reason": reason} for path, reason in report.skipped],
        "replaced": [{"path": path, "was": was} for path, was in report.replaced],
    }


def trace_line(t: Trace) -> str:
    """The chain rule for ``t.wrt`` in one line, as the documents write it.

    One path: its product of local derivatives. Several: the factored form at
    ``wrt`` (``dE/dw1 = dE/dout_h1 * dout_h1/dnet_h1 * dnet_h1/dw1 = ...``), whose
    first factor sums the paths; ``str(t)`` shows those sums.
    """
    writer = Writer(t)
    at_wrt = [part for part in t.factored if part.node is t.wrt]
    if t.path_count == 1 or not at_wrt:
        lhs, rhs = writer.paths_section()[-1]
    elif isinstance(at_wrt[0], Chain):
        lhs, rhs = writer.chain_equation(at_wrt[0])
    else:
        lhs, rhs = writer.split_equation(at_wrt[0])
    return f"{lhs} = {rhs}"


def _value_line(report: Report) -> str:
    """``E_total = 0.29837111`` or ``f = x*y = 2`` for a typed-in expression."""
    formula = f" = {report.formula}" if report.formula else ""
    return f"{report.output_name}{formula} = {format_number(report.output.data, report.digits)}"


def _table(report: Report, bar: str) -> list[str]:
    """Name, value and gradient of each row, aligned (``bar`` separates the columns)."""
    d = report.digits
    header = ("", "value", "gradient")
    cells = [header] + [
        (name, format_number(v.data, d), format_number(v.grad, d)) for name, v in report.rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(3)]
    lines = [bar.join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in cells]
    return lines


def _text(report: Report) -> str:
    lines = [] if report.formula else [report.title]
    if report.source:
        lines.append(f"from {report.source}")
    if report.worked:
        lines += [f"It derives {report.worked.derives}.", "", report.worked.text(report.digits)]
        lines.append("Every weight, from the same backward pass:")
    if lines and lines[-1]:
        lines.append("")
    lines += [_value_line(report), ""]
    lines += ["  " + line for line in _table(report, "   ")]
    if report.full:
        for t in report.traces:
            lines += ["", str(t)]
    elif report.traces:
        lines += ["", "chain rule (--full shows every path and local derivative):"]
        lines += ["  " + trace_line(t) for t in report.traces]
    if report.files:
        width = max(len(path) for path, _ in report.files)
        lines += ["", "wrote:"]
        lines += [f"  {path:<{width}}  {shows}" for path, shows in report.files]
    return "\n".join(lines) + "\n"


def _markdown(report: Report) -> str:
    lines = [f"## {report.title}", ""]
    if report.source:
        lines += [f"From {report.source}.", ""]
    if report.worked:
        lines += [
            f"It derives {report.worked.derives}.",
            "",
            "```",
            report.worked.text(report.digits),
        ]
        lines += ["```", ""]
    lines += [f"`{_value_line(report)}`", ""]
    table = _table(report, " | ")
    if report.full:
        lines += [f"| {table[0]} |", "|---|---|---|"] + [f"| {row} |" for row in table[1:]]
        for t in report.traces:
            lines += ["", t.markdown()]
    else:  # one row per traced Value, with its chain rule
        chain = {t.wrt: trace_line(t) for t in report.traces}
        lines += [f"| {table[0]} | chain rule |", "|---|---|---|---|"]
        for row, (_, v) in zip(table[1:], report.rows):
            lines.append(f"| {row} | `{chain[v]}` |" if v in chain else f"| {row} | |")
    if report.files:
        lines += ["", "Files:", ""] + [f"- `{path}`: {shows}" for path, shows in report.files]
    return "\n".join(lines) + "\n"
