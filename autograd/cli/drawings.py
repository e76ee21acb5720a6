"""The files of ``backprop ... --out DIR``: the drawings and the replay page.

Each file is written whole or not at all (``write_atomically``: a temporary file
renamed over the target), and a symbolic link in the folder is replaced, never
written through. What a write replaced is recorded in the report, to be said.
"""

from __future__ import annotations

import os
from argparse import Namespace
from collections.abc import Callable
from pathlib import Path

from autograd.cli.output import Report
from autograd.engine.files import write_atomically
from autograd.show.draw import GraphTooLargeError, draw
from autograd.show.network import draw_network
from autograd.show.steps import steps
from nn.layers import MLP


def write_drawings(report: Report, out: Path, model: MLP | None, args: Namespace) -> list[str]:
    """Save the op view, named view, network view (for a model) and the HTML replays: the
    main one in ``args.view`` (the network view for a model) and, for a model, the op view's.

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
    max_nodes = args.max_nodes
    highlight = report.traces[0] if len(report.traces) == 1 else None

    def op_view() -> bytes:
        return draw(root, view="op", highlight=highlight, max_nodes=max_nodes).pipe("svg")

    def named_view() -> bytes:
        return draw(root, view="named", highlight=highlight, max_nodes=max_nodes).pipe("svg")

    def network_view() -> bytes:
        assert model is not None
        return draw_network(model, loss=root, max_nodes=max_nodes).pipe("svg")

    view = args.view or ("network" if model is not None else "op")

    def replay() -> bytes:
        chosen = steps(root, view=view, order=args.order, model=model, max_nodes=max_nodes)
        return chosen.to_html(quiz=args.quiz).encode("utf-8")

    def op_replay() -> bytes:
        order = args.order if view == "op" else None
        chosen = steps(root, view="op", order=order, max_nodes=max_nodes)
        return chosen.to_html(quiz=args.quiz).encode("utf-8")

    jobs: list[tuple[str, str, Callable[[], bytes]]] = [
        ("op-view.svg", "computation graph: every primitive op", op_view),
        ("named-view.svg", "named values only; edges carry folded local derivatives", named_view),
        ("network-view.svg", "the network: neurons, weights, values, gradients", network_view),
        ("backward.html", f"the backward pass step by step, {view} view (open it)", replay),
        ("backward-op.html", "the backward pass step by step, every primitive", op_replay),
    ]
    failures = []
    for suffix, description, make in jobs:
        if model is None and make in (network_view, op_replay):
            continue
        if view == "op" and make is op_replay:
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


_TOO_LARGE = (
    "the graph has more than --max-nodes {max_nodes} nodes (the named and network views "
    "show it smaller; raise --max-nodes to draw it anyway)"
)
_TOO_SLOW = (
    "{why} From the command line: the named and network views show it smaller; "
    "--max-nodes N draws it anyway"
)
