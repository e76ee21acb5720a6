"""The way out to PyTorch: an MLP as a ``torch.nn.Sequential`` and back.

Layer l of an MLP is ``torch.nn.Linear(n_in, n_out)`` with ``weight[j][k]`` the
weight w^l_jk (from input k to neuron j) and ``bias[j]`` the bias b^l_j, followed
by its activation (``Sigmoid``, ``Tanh``, ``ReLU``; nothing for "linear"), in
float64 so that the numbers are the same to the last bit. A bias shared by a
layer becomes one bias per neuron in PyTorch, each with its share of the
gradient (ours is their sum).

PyTorch is imported only when a function here is called, and is never a
dependency of this project.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

_ACTIVATIONS = {"sigmoid": "Sigmoid", "tanh": "Tanh", "relu": "ReLU"}


@dataclass(frozen=True)
class LayerSpec:
    """One layer as plain numbers: ``weights[j][k]``, ``biases[j]`` (None: no bias)."""

    weights: list[list[float]]
    biases: list[float] | None
    activation: str


def _torch() -> Any:
    try:
        import torch
    except ImportError:
        raise ImportError(
            "converting to or from PyTorch needs PyTorch, which is not installed "
            "(pip install torch; it is not a dependency of seegrad)"
        ) from None
    return torch


def sequential(layers: Sequence[LayerSpec]) -> Any:
    """A ``torch.nn.Sequential`` of Linear layers (float64) and activations."""
    torch = _torch()
    modules: list[Any] = []
    for spec in layers:
        nout, nin = len(spec.weights), len(spec.weights[0])
        linear = torch.nn.Linear(nin, nout, bias=spec.biases is not None, dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.tensor(spec.weights, dtype=torch.float64))
            if spec.biases is not None:
                linear.bias.copy_(torch.tensor(spec.biases, dtype=torch.float64))
        modules.append(linear)
        if spec.activation != "linear":
            modules.append(getattr(torch.nn, _ACTIVATIONS[spec.activation])())
    return torch.nn.Sequential(*modules)


def layer_specs(model: Any) -> list[LayerSpec]:
    """The Linear layers of a ``torch.nn.Sequential`` and the activation after each.

    Raises ValueError naming the first module that is neither a Linear layer nor
    one of the activations an MLP has, or an activation without a Linear before it.
    """
    torch = _torch()
    if not isinstance(model, torch.nn.Sequential):
        raise TypeError(f"expected a torch.nn.Sequential, got {type(model).__name__}")
    names = {torch_name: ours for ours, torch_name in _ACTIVATIONS.items()}
    specs: list[LayerSpec] = []
    pending: tuple[list[list[float]], list[float] | None] | None = None
    for i, module in enumerate(model):
        if isinstance(module, torch.nn.Linear):
            if pending is not None:
                specs.append(LayerSpec(*pending, "linear"))
            bias = None if module.bias is None else module.bias.detach().double().tolist()
            pending = (module.weight.detach().double().tolist(), bias)
        elif type(module).__name__ in names and pending is not None:
            specs.append(LayerSpec(*pending, names[type(module).__name__]))
            pending = None
        else:
            raise ValueError(
                f"module {i} ({type(module).__name__}) has no counterpart in an MLP: expected "
                "Linear layers, each followed by at most one of Sigmoid, Tanh, ReLU"
            )
    if pending is not None:
        specs.append(LayerSpec(*pending, "linear"))
    if not specs:
        raise ValueError("the Sequential has no Linear layer")
    return specs
