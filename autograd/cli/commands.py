"""The two commands of ``backprop``: run an example network or an expression, then report.

Each command builds the graph, runs one backward pass, traces the chain rule for
the Values asked about, writes the drawings, and hands a ``Report`` to
``autograd.cli.output`` to print. Bad input becomes a ``CommandError`` (exit code 2)
before anything is written.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import sys
import unicodedata
from pathlib import Path
from typing import TextIO

from autograd.cli.drawings import write_drawings
from autograd.cli.expr import ExpressionError, parse
from autograd.cli.output import Report, render
from autograd.engine import Value
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
    # Names as Python reads them (NFKC): "µ" (micro sign) is the variable "μ" (mu).
    given = [unicodedata.normalize("NFKC", name) for name in args.wrt or ()]
    wrt = list(dict.fromkeys(given)) if given else list(expression.variables)
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
        traces=[],
        digits=digits,
        name="expr",
    )
    wanted = [(name, inputs[name]) for name in wrt]
    _add_traces(report, output, wanted, len(args.expression), args.format)
    _finish(report, args, stream, model=None)


# The output of ``expr`` is bounded by a budget linear in the expression's length:
# each trace costs its graph's size (the work of tracing) plus its text, and a path
# lists at most PATH_STEPS factors in all. Past the budget, traces are left out
# with a note (the table still gives every gradient).
PATH_STEPS = 400
BUDGET_BASE, BUDGET_PER_CHARACTER = 200_000, 100


def _add_traces(
    report: Report, output: Value, wanted: list[tuple[str, Value]], size: int, fmt: str
) -> None:
    """Trace each wanted variable (expanded: every primitive a step) within the budget,
    each trace's text measured in the format that will be printed."""
    budget = BUDGET_BASE + BUDGET_PER_CHARACTER * size
    spent = 0
    for done, (_, value) in enumerate(wanted):
        # An expression's inner nodes are unnamed: expand so every primitive is a step.
        t = _shorten(_trace(output, value, report.digits, expand=True))
        spent += len(t.on_paths) + _printed_size(t, fmt)
        if spent > budget and done > 0:
            left = [n for n, _ in wanted[done:]]
            report.notes.append(
                f"the chain rule of {', '.join(left)} is not shown: the output would "
                f"pass {budget:,} characters (name fewer variables with --wrt)"
            )
            return
        report.traces.append(t)


def _printed_size(t: Trace, fmt: str) -> int:
    if fmt == "json":
        return len(json.dumps(t.to_dict(), indent=2, default=str))
    return len(t.markdown() if fmt == "markdown" else str(t))


def _shorten(t: Trace) -> Trace:
    """``t`` listing only as many paths as fit in PATH_STEPS factors (at least one);
    the factored form still covers every path."""
    steps, keep = 0, 0
    for path in t.paths:
        steps += len(path.factors)
        if steps > PATH_STEPS and keep > 0:
            break
        keep += 1
    if keep == len(t.paths):
        return t
    return dataclasses.replace(t, paths=t.paths[:keep], max_paths=keep)


def _finish(report: Report, args: argparse.Namespace, stream: TextIO, model: MLP | None) -> None:
    """Write the drawings (when --out is given), print the report, then report draw failures.

    A drawing over --max-nodes is skipped with a note (exit code 0): the other
    views still show the graph. Any other failure to write is exit code 1.
    """
    failures: list[str] = []
    if args.view == "network" and model is None:
        raise CommandError("--view network needs a network: use it with `backprop example`")
    if args.out is not None:
        failures = write_drawings(report, Path(args.out), model, args)
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


def _check_out(out: str | None) -> None:
    """Refuse an empty ``--out`` (an unset shell variable) before anything runs."""
    if out is not None and not out.strip():
        raise CommandError(
            "--out is empty: give the folder to write the drawings into "
            "(was it an unset shell variable?)"
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
