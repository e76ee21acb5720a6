"""``backprop``: the documents' examples and typed-in expressions, traced and drawn.

    backprop example [NAME] --out DIR     trace every weight of an example network
    backprop expr TEXT NAME=VALUE ...     gradients of an expression you type

Exit codes: 0 done, 2 bad input (usage, expression, values; nothing is written),
1 a failure while rendering or writing the drawings.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib import metadata

from autograd.cli.check_command import add_check_parser, run_check
from autograd.cli.commands import CommandError, run_example, run_expr
from autograd.cli.expr_syntax import FUNCTIONS
from autograd.show.size import DEFAULT_MAX_NODES

DESCRIPTION = """\
Backpropagation, shown: every gradient of a small network or of an expression you
type, written out as the chain rule, drawn as a graph (SVG) and replayed step by
step (a self-contained HTML page)."""

EPILOG = """\
examples:
  backprop example                      seed 003's 2-2-2 network (Mazur), files in ./out
  backprop example slides --out figs    another document's network
  backprop example --list               the examples and their documents
  backprop expr "sigmoid(w1*x1 + w2*x2 + b)" x1=0.05 x2=0.1 w1=0.15 w2=0.2 b=0.35 --wrt w1
  backprop expr "x*y + exp(x)" x=0.5 y=2 --out figs --format json

An expression may use numbers, variable names, + - * / ** and the functions
{functions}; nothing else is accepted (it is never passed to eval).
An expression may start with '-':  backprop expr "-x*y" x=1 y=2"""

FORMATS = ("text", "json", "markdown")
# Above the largest example (wang: 227 nodes, its replay about 13 s with `dot`
# on two cores), below graphs whose replay would take minutes.
MAX_NODES = DEFAULT_MAX_NODES  # one default with draw() and draw_network()
DIGITS = 8  # printed significant digits where no document says otherwise


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``backprop`` (exposed for documentation and tests)."""
    parser = argparse.ArgumentParser(
        prog="backprop",
        description=DESCRIPTION,
        epilog=EPILOG.format(functions=", ".join(FUNCTIONS)),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    # allow_abbrev=False: "--form" must not pass for "--format" (nor swallow an argument).
    example = commands.add_parser(
        "example",
        allow_abbrev=False,
        help="trace, draw and replay one of the documents' example networks",
        description="Run an example network of nn.documents.examples forward and backward,\n"
        "print the chain rule for each of its weights, and write the op-view, named-view\n"
        "and network-view SVGs and the HTML replay of the backward pass into --out.",
        epilog="examples:\n  backprop example\n  backprop example mazur --out out\n"
        "  backprop example --list",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    example.add_argument(
        "name", nargs="?", metavar="NAME", help="which example (default: mazur, seed 003)"
    )
    example.add_argument("--list", action="store_true", help="list the examples and exit")
    example.add_argument(
        "--full",
        action="store_true",
        help="print every path, the factored form and each local derivative of every "
        "weight (default: one chain-rule line per weight)",
    )
    _add_output_options(example, out_default="out")

    expr = commands.add_parser(
        "expr",
        allow_abbrev=False,
        help="the value, gradients and chain rule of an expression you type",
        description="Evaluate an arithmetic expression at the given values, backpropagate,\n"
        "and print the value, the gradient with respect to every variable and the\n"
        "chain rule for each --wrt variable. With --out, also write the drawings.",
        epilog='example:\n  backprop expr "sigmoid(w1*x1 + w2*x2 + b)" '
        "x1=0.05 x2=0.1 w1=0.15 w2=0.2 b=0.35 --wrt w1\n\n"
        "allowed: numbers, names, + - * / **, unary - and +, and the functions\n"
        "exp log tanh sigmoid relu sqrt abs sin cos softplus leaky_relu (one\n"
        "argument each), maximum(a, b) and minimum(a, b). Anything else is refused.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    expr.add_argument("expression", metavar="EXPRESSION", help='e.g. "tanh(w*x + b)"')
    expr.add_argument(
        "assignments", nargs="*", metavar="NAME=VALUE", help="a number for every variable"
    )
    expr.add_argument(
        "--wrt",
        action="append",
        metavar="NAME",
        help="trace the chain rule for this variable (repeatable; default: every variable)",
    )
    _add_output_options(expr, out_default=None)
    add_check_parser(commands)
    return parser


def _add_output_options(parser: argparse.ArgumentParser, out_default: str | None) -> None:
    where = f"default: {out_default}" if out_default else "default: print only, draw nothing"
    parser.add_argument(
        "--out", metavar="DIR", default=out_default, help=f"write the drawings here ({where})"
    )
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="how to print (default: text)"
    )
    parser.add_argument(
        "--max-nodes",
        type=_count,
        default=MAX_NODES,
        metavar="N",
        help=f"skip a drawing of more than N nodes (default: {MAX_NODES}, enough for every "
        "example)",
    )
    parser.add_argument(
        "--view",
        choices=("network", "named", "op"),
        default=None,
        help="the view of the replay page NAME-backward.html (default: network for an "
        "example, op for an expression); an example also gets NAME-backward-op.html",
    )
    parser.add_argument(
        "--order",
        choices=("document", "engine", "naive"),
        default=None,
        help="the order of the replay's frames: the document's, layer by layer from the "
        "output (default except in the op view), the engine's (default in the op view), "
        "or naive: a wrong order that shows why backward needs a topological one",
    )
    parser.add_argument(
        "--quiz",
        action="store_true",
        help="replay pages as a quiz: type each gradient before it is shown",
    )
    parser.add_argument(
        "--digits",
        type=_positive_int,
        default=None,
        metavar="N",
        help="significant digits of printed numbers (default: an example's own document's, "
        f"9 for mazur; {DIGITS} otherwise)",
    )


def _positive_int(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 1 <= number <= 17:
        raise argparse.ArgumentTypeError(f"must be between 1 and 17, got {number}")
    return number


def _count(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


def _version() -> str:
    try:
        return metadata.version("seegrad")
    except metadata.PackageNotFoundError:
        return "(not installed)"


def _protect_leading_minus(argv: Sequence[str]) -> list[str]:
    """Let ``backprop expr "-x*y" ...`` (and ``check``'s answers) work: argparse would read
    "-x*y" as an option.

    Any argument of ``expr`` or ``check`` that starts with one "-" but is none of its options
    (nor an option's value, nor after "--") gets a leading blank, which makes argparse
    see a positional argument; the expression parser ignores the blank.
    """
    args = list(argv)
    if not args or args[0] not in ("expr", "check"):
        return args
    takes_value = False
    for i in range(1, len(args)):
        arg = args[i]
        if arg == "--":
            break
        option = arg.split("=")[0]
        expression_like = arg.startswith("-") and not arg.startswith("--")
        if not takes_value and expression_like and option not in _EXPR_OPTIONS:
            args[i] = " " + arg
        takes_value = option in _EXPR_OPTIONS_WITH_VALUES and "=" not in arg
    return args


_EXPR_OPTIONS_WITH_VALUES = ("--wrt", "--out", "--format", "--digits", "--max-nodes", "--rtol")
_EXPR_OPTIONS = ("-h", "--help", "--", *_EXPR_OPTIONS_WITH_VALUES)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``backprop`` with ``argv`` (default: the command line); return the exit code."""
    parser = build_parser()
    try:
        given = _protect_leading_minus(sys.argv[1:] if argv is None else argv)
        args, extra = parser.parse_known_args(given)
        # argparse takes positionals in one run, so NAME=VALUE items after an
        # option (expr "x*y" --wrt x x=1 y=2) come back unparsed: they belong.
        if args.command == "expr" and all("=" in e and not e.startswith("-") for e in extra):
            args.assignments = [*args.assignments, *extra]
        elif extra:
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
    except SystemExit as exit_:  # --help, --version and usage errors
        return exit_.code if isinstance(exit_.code, int) else 2
    try:
        if args.command == "example":
            run_example(args, sys.stdout)
        elif args.command == "check":
            return run_check(args, sys.stdout)
        else:
            run_expr(args, sys.stdout)
    except BrokenPipeError:  # the reader left early (``backprop example | head``): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except CommandError as error:
        print(f"backprop {args.command}: error: {error}", file=sys.stderr)
        if error.detail:
            print(error.detail, file=sys.stderr)
        return error.exit_code
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
