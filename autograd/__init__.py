"""autograd: a scalar reverse-mode autodiff engine that shows its work.

>>> from autograd import Value
>>> x = Value(0.5, label="x")
>>> y = (x * 2).tanh()
>>> y.backward()
>>> round(x.grad, 6)  # d/dx tanh(2x) = 2 (1 - tanh(2x)^2)
0.839949
"""

from __future__ import annotations

from autograd.backward import backward, grad, topological_order, zero_grad, zero_grad_graph
from autograd.draw import draw
from autograd.engine import Value
from autograd.fold import FoldedEdge, folded_edges
from autograd.gradcheck import GradcheckError, gradcheck
from autograd.ledger import Ledger, ledger
from autograd.modes import detect_anomaly, enable_grad, no_grad
from autograd.ops import OPS, Op
from autograd.render import Drawing
from autograd.replay import Replay
from autograd.steps import Steps, steps
from autograd.trace import Trace, TraceError, trace

__all__ = [
    "OPS",
    "Drawing",
    "FoldedEdge",
    "GradcheckError",
    "Ledger",
    "Op",
    "Replay",
    "Steps",
    "Trace",
    "TraceError",
    "Value",
    "backward",
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
