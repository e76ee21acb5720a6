"""``backprop check NAME --wrt W "ANSWER"``: a learner's derivative checked against an example.

Exit codes: 0 the answer is right, 1 it is wrong (the feedback says where), 2 bad input
(an unknown example or name, a malformed answer: the message names it, with the column).
"""

from __future__ import annotations

import argparse
from typing import TextIO

from autograd.cli.check import CheckError, check, identifier
from autograd.cli.check_feedback import typed_names
from autograd.cli.commands import CommandError
from autograd.cli.expr_syntax import FUNCTIONS
from autograd.engine import topological_order
from nn.documents import examples


def add_check_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``check`` subcommand's arguments."""
    parser = commands.add_parser(
        "check",
        allow_abbrev=False,
        help="check your formula for a gradient of an example network",
        description="Check a derivative you worked out by hand against the engine: the\n"
        "answer is a formula over the example's names (or a number). A wrong answer\n"
        "gets feedback naming the factor that is off, a flipped sign or a missing path.",
        epilog="examples:\n"
        '  backprop check mazur --wrt w5 "(out_o1 - 0.01) * out_o1 * (1 - out_o1) * out_h1"\n'
        '  backprop check mazur --wrt w5 "0.0822"\n\n'
        "names that are not identifiers are typed without ^ and with _ for brackets:\n"
        f"w^2_11 is w2_11. Allowed: numbers, names, + - * / ** and {' '.join(FUNCTIONS)}.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("name", metavar="NAME", help="the example (see backprop example --list)")
    parser.add_argument("answer", metavar="ANSWER", help="your formula or number")
    parser.add_argument("--wrt", required=True, metavar="NAME", help="the weight or value")
    parser.add_argument(
        "--rtol",
        type=float,
        default=None,
        metavar="R",
        help="relative tolerance for a numeric answer (default 5e-3: 3 significant digits)",
    )


def run_check(args: argparse.Namespace, stream: TextIO) -> int:
    """Check the answer; print the verdict and feedback; return the exit code (0 or 1)."""
    if args.name not in examples.EXAMPLES:
        raise CommandError(
            f"unknown example {args.name!r}; the examples are: {', '.join(examples.EXAMPLES)}"
        )
    example = examples.example(args.name)
    loss = example.loss()
    loss.backward()
    named = typed_names(topological_order(loss))
    wrt = named.get(identifier(args.wrt))
    if wrt is None:
        raise CommandError(
            f"--wrt {args.wrt}: not a name in {args.name}'s graph (its names are "
            f"{', '.join(sorted(named))})"
        )
    options = {} if args.rtol is None else {"rtol": args.rtol}
    try:
        result = check(loss, wrt, args.answer.lstrip(" "), keep=example.steps(loss), **options)
    except (CheckError, ValueError) as error:
        message, _, detail = str(error).partition("\n")
        raise CommandError(f"bad answer: {message}", detail=detail) from None
    stream.write(str(result) + "\n")
    return 0 if result.correct else 1
