"""The two commands of ``backprop``: run an example network or an expression, then report.

Each command builds the graph, runs one backward pass, traces the chain rule for
the Values asked about, writes the drawings, and hands a ``Report`` to
``autograd.cli.output`` to print. Bad input becomes a ``CommandError`` (exit code 2)
before anything is written.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from autograd.cli.expr import ExpressionError, parse
from autograd.cli.output import Report, render
from autograd.engine import Value
from autograd.engine.files import write_atomically
from autograd.show.draw import GraphTooLargeError, draw
from autograd.show.network import draw_network
from autograd.show.steps import steps
from autograd.show.traces import Trace, trace
from nn.documents import examples
from nn.documents.worked import worked
from nn.layers import MLP

DIGITS = 8  # significant digits of an expression's numbers, unless --digits says


class CommandError(Exception):
    """A command that cannot be carried out; ``detail`` is printed under the message."""

    def __init__(self, message: str, *, detail: str = "", exit_code: int = 2) -> None:
        super().__init__(message)
        self.detail = detail
        self.exit_code = exit_code


def run_example(args: argparse.Namespace, stream: TextIO) -> None:
    """``backprop example [NAME]``: trace every weight of an example and draw its graph."""
    if args.list:
        stream.write(_example_list(args.format))
        return
    _check_out(args.out)
    name = args.name if args.name is not None else examples.DEFAULT
    if name not in examples.EXAMPLES:
        raise CommandError(
            f"unknown example {name!r}; the examples are: {', '.join(examples.EXAMPLES)}"
        )
    example = examples.example(name)
    loss = example.loss()
    loss.backward()
    weights = list(example.weights())
    digits = example.digits if args.digits is None else args.digits  # the document's precision
    report = Report(
        title=example.title,
        source=example.source,
        output=loss,
        rows=[(_name(w, i), w) for i, w in enumerate(weights)],
        # The example's own steps: its traces read as the document writes them.
        traces=[example.trace(loss, w, digits=digits) for w in weights],
        digits=digits,
        name=name,
        full=args.full,
        worked=worked(name),
    )
    _finish(report, args, stream, model=example.model)


def run_expr(args: argparse.Namespace, stream: TextIO) -> None:
    """``backprop expr TEXT NAME=VALUE ...``: value, gradients and traces of an expression."""
    _check_out(args.out)
    try:
        expression = parse(args.expression.lstrip(" "))  # see cli._protect_leading_minus
    except ExpressionError as error:
        raise CommandError(f"bad expression: {error}", detail=error.pointer()) from None
    values = _assignments(args.assignments)
    wrt = list(dict.fromkeys(args.wrt)) if args.wrt else list(expression.variables)
    unknown = [name for name in wrt if name not in expression.variables]
    if unknown:
        raise CommandError(
            f"--wrt {', '.join(unknown)}: not a variable of the expression "
            f"(its variables are {', '.join(expression.variables) or 'none'})"
        )
    try:
        output, inputs = expression.evaluate_with_inputs(values)
    except ExpressionError as error:
        hint = "; give each variable as NAME=VALUE" if "missing value" in str(error) else ""
        raise CommandError(f"{error}{hint}", detail=error.pointer()) from None
    output.backward()
    digits = DIGITS if args.digits is None else args.digits
    report = Report(
        title=f"{output.label} = {' '.join(expression.text.split())}",
        source=None,
        formula=" ".join(expression.text.split()),
        output=output,
        rows=[(name, inputs[name]) for name in expression.variables],
        # An expression's inner nodes are unnamed: expand so every primitive is a step.
        traces=[_trace(output, inputs[name], digits, expand=True) for name in wrt],
        digits=digits,
        name="expr",
    )
    _finish(report, args, stream, model=None)


def _finish(report: Report, args: argparse.Namespace, stream: TextIO, model: MLP | None) -> None:
    """Write the drawings (when --out is given), print the report, then report draw failures.

    A drawing over --max-nodes is skipped with a note (exit code 0): the other
    views still show the graph. Any other failure to write is exit code 1.
    """
    failures: list[str] = []
    if args.out is not None:
        failures = _write_drawings(report, Path(args.out), model, args.max_nodes)
    stream.write(render(report, args.format))
    stream.flush()
    for path, reason in report.skipped:
        print(f"skipped {path}: {reason}", file=sys.stderr)
    for path, was in report.replaced:
        print(f"replaced {path}: it was {was}", file=sys.stderr)
    if failures:
        raise CommandError(
            "some drawings could not be written", detail="\n".join(failures), exit_code=1
        )


def _write_drawings(report: Report, out: Path, model: MLP | None, max_nodes: int) -> list[str]:
    """Save the op view, named view, network view (for a model) and the HTML replay.

    Each file is attempted on its own, so one failure (say, a graph over the
    op view's size limit) does not stop the others; failures are returned.
    Each is written whole or not at all (``write_atomically``), and a symbolic
    link in ``out`` is replaced, never written through: a link planted there
    cannot send the drawing to a file elsewhere.
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return [f"cannot create {out}: {error}"]
    root = report.output
    highlight = report.traces[0] if len(report.traces) == 1 else None

    def op_view() -> bytes:
        return draw(root, view="op", highlight=highlight, max_nodes=max_nodes).pipe("svg")

    def named_view() -> bytes:
        return draw(root, view="named", highlight=highlight, max_nodes=max_nodes).pipe("svg")

    def network_view() -> bytes:
        assert model is not None
        return draw_network(model, loss=root, max_nodes=max_nodes).pipe("svg")

    def replay() -> bytes:
        return steps(root, max_nodes=max_nodes).to_html().encode("utf-8")

    jobs: list[tuple[str, str, Callable[[], bytes]]] = [
        ("op-view.svg", "computation graph: every primitive op", op_view),
        ("named-view.svg", "named values only; edges carry folded local derivatives", named_view),
        ("network-view.svg", "the network: neurons, weights, values, gradients", network_view),
        ("backward.html", "the backward pass step by step (open in a browser)", replay),
    ]
    failures = []
    for suffix, description, make in jobs:
        if make is network_view and model is None:
            continue
        path = out / f"{report.name}-{suffix}"
        try:
            data = make()
            was = _what_is_at(path)
            write_atomically(path, data, follow_symlinks=False)
        except GraphTooLargeError as error:
            # over the count, or (at the default) a layout estimated to take too long
            reason = _TOO_LARGE if "max_nodes=" in str(error) else _TOO_SLOW
            report.skipped.append((str(path), reason.format(max_nodes=max_nodes, why=error)))
        except ImportError as error:
            failures.append(f"{path}: not written, this version lacks it ({error})")
        except Exception as error:  # a renderer's failure must not hide the printed result
            failures.append(f"{path}: {type(error).__name__}: {error}")
        else:
            report.files.append((str(path), description))
            if was:
                report.replaced.append((str(path), was))
    return failures


def _what_is_at(path: Path) -> str:
    """What a write to ``path`` replaces: "" (nothing), "a file", or the link and its target."""
    if path.is_symlink():
        return f"a symbolic link to {os.readlink(path)} (its target was left as it was)"
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder")
    return "a file of that name" if path.exists() else ""


def _check_out(out: str | None) -> None:
    """Refuse an empty ``--out`` (an unset shell variable) before anything runs."""
    if out is not None and not out.strip():
        raise CommandError(
            "--out is empty: give the folder to write the drawings into "
            "(was it an unset shell variable?)"
        )


_TOO_LARGE = (
    "the graph has more than --max-nodes {max_nodes} nodes (the named and network views "
    "show it smaller; raise --max-nodes to draw it anyway)"
)
_TOO_SLOW = (
    "{why} From the command line: the named and network views show it smaller; "
    "--max-nodes N draws it anyway"
)


def _trace(output: Value, wrt: Value, digits: int, *, expand: bool = False) -> Trace:
    return trace(output, wrt, digits=digits, expand=expand)


def _name(v: Value, index: int) -> str:
    return v.label if v.label is not None else f"weights[{index}]"


def _assignments(items: list[str]) -> dict[str, float]:
    """``["x=0.5", "w=-1"]`` as ``{"x": 0.5, "w": -1.0}``; a CommandError names a bad item."""
    values: dict[str, float] = {}
    for item in items:
        name, equals, text = item.partition("=")
        name, text = name.strip(), text.strip()
        if not equals or not name.isidentifier():
            raise CommandError(
                f"bad assignment {item!r}: expected NAME=VALUE, e.g. x1=0.05 "
                "(put the whole expression in one quoted argument)"
            )
        if name in values:
            raise CommandError(f"{name} is given twice ({name}={values[name]!r} and {item})")
        try:
            number = float(text)
        except ValueError:
            raise CommandError(f"{item}: the value of {name} must be a number") from None
        if not math.isfinite(number):
            raise CommandError(f"{item}: the value of {name} must be a finite number")
        values[name] = number
    return values


def _example_list(fmt: str) -> str:
    entries = {name: examples.example(name) for name in examples.EXAMPLES}
    default = examples.DEFAULT
    if fmt == "json":
        data = [{"name": n, "title": e.title, "source": e.source} for n, e in entries.items()]
        return json.dumps(data, indent=2) + "\n"
    width = max(len(n) for n in entries)
    lines = []
    for name, entry in entries.items():
        mark = " (default)" if name == default else ""
        bullet = "- " if fmt == "markdown" else ""
        lines.append(f"{bullet}{name:<{width}}  {entry.title}{mark}")
        lines.append(f"{'  ' if fmt == 'markdown' else ''}{'':<{width}}  {entry.source}")
    return "\n".join(lines) + "\n"
