"""autograd: a scalar reverse-mode autodiff engine that shows its work.

Three layers, imports pointing down only (see README, "Layout"):

- ``autograd.engine``: Value, the op table, backward, modes, gradcheck, Tape;
- ``autograd.explain``: folding, traces, the ledger, the frames of a backward pass (data);
- ``autograd.show``: names and numbers, their written forms, drawings, the player page;

and ``autograd.cli``, the ``backprop`` command with its safe expression parser, on top.

``import autograd`` loads the engine only; the names of the higher layers exported
here (``draw``, ``trace``, ``steps``, ...) are imported on first use.

>>> from autograd import Value
>>> x = Value(0.5, label="x")
>>> y = (x * 2).tanh()
>>> y.backward()
>>> round(x.grad, 6)  # d/dx tanh(2x) = 2 (1 - tanh(2x)^2)
0.839949
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from autograd.engine import (
    OPS,
    GradcheckError,
    Op,
    Replay,
    Tape,
    Value,
    backward,
    detect_anomaly,
    enable_grad,
    grad,
    gradcheck,
    no_grad,
    topological_order,
    zero_grad,
    zero_grad_graph,
)

if TYPE_CHECKING:
    from autograd.cli.check import CheckResult, check
    from autograd.explain.fold import FoldedEdge, folded_edges
    from autograd.explain.trace import TraceError
    from autograd.show.draw import draw
    from autograd.show.ledger import Ledger, ledger
    from autograd.show.render import Drawing
    from autograd.show.steps import Steps, steps
    from autograd.show.traces import Trace, trace

# Names of the higher layers, and the module each is imported from when first used.
_LAZY = {
    "FoldedEdge": "autograd.explain.fold",
    "folded_edges": "autograd.explain.fold",
    "TraceError": "autograd.explain.trace",
    "Trace": "autograd.show.traces",
    "trace": "autograd.show.traces",
    "Ledger": "autograd.show.ledger",
    "ledger": "autograd.show.ledger",
    "Steps": "autograd.show.steps",
    "steps": "autograd.show.steps",
    "draw": "autograd.show.draw",
    "Drawing": "autograd.show.render",
    "check": "autograd.cli.check",
    "CheckResult": "autograd.cli.check",
}


def __getattr__(name: str) -> Any:
    """Import a higher layer's name on first use (PEP 562), so the engine stays light."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'autograd' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = [
    "OPS",
    "CheckResult",
    "Drawing",
    "FoldedEdge",
    "GradcheckError",
    "Ledger",
    "Op",
    "Replay",
    "Steps",
    "Tape",
    "Trace",
    "TraceError",
    "Value",
    "backward",
    "check",
    "detect_anomaly",
    "draw",
    "enable_grad",
    "folded_edges",
    "grad",
    "gradcheck",
    "ledger",
    "no_grad",
    "steps",
    "topological_order",
    "trace",
    "zero_grad",
    "zero_grad_graph",
]
