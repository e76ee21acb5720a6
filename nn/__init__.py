"""nn: neurons, layers, MLPs, losses and SGD built on autograd.

>>> from nn import MLP, half_squared_error
>>> model = MLP(2, [2, 2], "sigmoid", weights=[[[0.15, 0.2], [0.25, 0.3]],
...             [[0.4, 0.45], [0.5, 0.55]]], biases=[0.35, 0.6])
>>> loss = half_squared_error(model([0.05, 0.1]), [0.01, 0.99])
>>> round(loss.data, 9)  # Mazur's E_total (seed 003)
0.298371109
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from nn.data import make_moons, xor
from nn.functional import log_softmax, softmax
from nn.layers import ACTIVATIONS, MLP, Layer, Neuron
from nn.losses import (
    binary_cross_entropy,
    half_squared_error,
    hinge,
    l2,
    mse,
    softmax_cross_entropy,
)
from nn.module import Module
from nn.optim import SGD
from nn.train import fit

if TYPE_CHECKING:
    from autograd.show.network import draw_network
    from nn.documents import examples
    from nn.documents.nielsen import NielsenCheck, check_nielsen, error_terms

# Beyond the model library: the documents' networks and equations, and the network
# drawing (which needs autograd.show), each imported on first use.
_LAZY = {
    "examples": ("nn.documents.examples", None),
    "NielsenCheck": ("nn.documents.nielsen", "NielsenCheck"),
    "check_nielsen": ("nn.documents.nielsen", "check_nielsen"),
    "error_terms": ("nn.documents.nielsen", "error_terms"),
    "draw_network": ("autograd.show.network", "draw_network"),
}


def __getattr__(name: str) -> Any:
    """Import a name beyond the model library on first use (PEP 562)."""
    if name not in _LAZY:
        raise AttributeError(f"module 'nn' has no attribute {name!r}")
    module, attribute = _LAZY[name]
    loaded = importlib.import_module(module)
    value = loaded if attribute is None else getattr(loaded, attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = [
    "ACTIVATIONS",
    "MLP",
    "SGD",
    "Layer",
    "Module",
    "Neuron",
    "NielsenCheck",
    "binary_cross_entropy",
    "check_nielsen",
    "draw_network",
    "error_terms",
    "examples",
    "fit",
    "half_squared_error",
    "hinge",
    "l2",
    "log_softmax",
    "make_moons",
    "mse",
    "softmax",
    "softmax_cross_entropy",
    "xor",
]
