"""The engine: Value, the op table, backward, modes, gradcheck and the tape.

Imports nothing else of the project, and no drawing, formula or notebook library.
"""

from __future__ import annotations

from autograd.engine.backward import backward, grad, topological_order, zero_grad, zero_grad_graph
from autograd.engine.gradcheck import GradcheckError, gradcheck
from autograd.engine.modes import detect_anomaly, enable_grad, no_grad
from autograd.engine.ops import OPS, Op
from autograd.engine.tape import Replay, Tape
from autograd.engine.value import Value

__all__ = [
    "OPS",
    "GradcheckError",
    "Op",
    "Replay",
    "Tape",
    "Value",
    "backward",
    "detect_anomaly",
    "enable_grad",
    "grad",
    "gradcheck",
    "no_grad",
    "topological_order",
    "zero_grad",
    "zero_grad_graph",
]
