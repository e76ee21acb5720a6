"""What the network view reads off a model and its loss: the shown sample's
values, the per-output errors and targets, and the text of each part.

With several samples (wang, geoscience) the loss graph holds one forward pass
per sample; ``nn.documents`` labels each pass's Values ``name[i]``, which is
how ``sample=`` finds sample i. The weights' gradients are of the whole loss,
so of every sample at once; the caption says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from autograd.engine.graph import topological_order
from autograd.engine.value import Value
from autograd.show.dot import NOT_COMPUTED, DrawingStyle
from autograd.show.names import typeset


# What the view reads of a network: the shape of nn's MLP, Layer and Neuron, named
# here so that this layer needs nothing of nn (which is built on the engine alone).
class Neuron(Protocol):
    """A neuron: weights, an optional bias, and its last z and a."""

    @property
    def w(self) -> Sequence[Value]: ...
    @property
    def b(self) -> Value | None: ...
    @property
    def z(self) -> Value | None: ...
    @property
    def a(self) -> Value | None: ...
    @property
    def activation(self) -> str: ...
    @property
    def z_label(self) -> str | None: ...
    @property
    def a_label(self) -> str | None: ...


class Layer(Protocol):
    """A layer of neurons."""

    @property
    def neurons(self) -> Sequence[Neuron]: ...


class Network(Protocol):
    """A multilayer perceptron such as ``nn.MLP``."""

    @property
    def nin(self) -> int: ...
    @property
    def layers(self) -> Sequence[Layer]: ...
    @property
    def last_inputs(self) -> Sequence[Value] | None: ...
    @property
    def input_labels(self) -> Sequence[str]: ...


_SAMPLE = re.compile(r"^(.*)\[(\d+)\]$")


def plain_name(v: Value | None, default: str) -> str:
    """``v``'s label without a ``[i]`` sample suffix (the caption names the sample)."""
    if v is None or v.label is None:
        return default
    match = _SAMPLE.match(v.label)
    return match[1] if match else v.label


@dataclass
class Shown:
    """The Values the drawing shows: inputs, each neuron's (z, a), and the loss side."""

    inputs: list[Value | None]
    neurons: list[list[tuple[Value | None, Value | None]]]
    samples: int = 1
    sample: int | None = None
    errors: dict[int, Value] = field(default_factory=dict)
    targets: dict[int, Value] = field(default_factory=dict)


def _sample_count(model: Network, order: list[Value]) -> int:
    first = next((n.w[0] for layer in model.layers for n in layer.neurons if n.w), None)
    if first is None:
        return 1
    return max(1, sum(1 for v in order if any(p is first for p in v.parents)))


def _by_label(order: list[Value]) -> dict[str, Value]:
    return {v.label: v for v in order if v.label is not None}


def shown_values(model: Network, loss: Value | None, sample: int | None) -> Shown:
    """The values to draw: the last forward pass, or sample ``sample`` (1-based) of the loss."""
    last = list(model.last_inputs) if model.last_inputs is not None else [None] * model.nin
    inputs: list[Value | None] = list(last)
    neurons = [[(n.z, n.a) for n in layer.neurons] for layer in model.layers]
    order = topological_order(loss) if loss is not None else []
    shown = Shown(inputs, neurons, _sample_count(model, order) if order else 1)
    if shown.samples > 1:
        found = _SAMPLE.match(inputs[0].label or "") if inputs and inputs[0] else None
        shown.sample = int(found[2]) if found else None
    if sample is not None:
        if loss is None or not 1 <= sample <= shown.samples:
            raise ValueError(
                f"sample={sample!r}: the loss drawn has {shown.samples if loss else 0} samples"
            )
        labels = _by_label(order)
        names = [plain_name(v, f"x_{k + 1}") for k, v in enumerate(last)]
        try:
            shown.inputs = [labels[f"{name}[{sample}]"] for name in names]
            shown.neurons = [
                [(labels[f"{n.z_label}[{sample}]"], labels[f"{n.a_label}[{sample}]"]) for n in lay]
                for lay in (layer.neurons for layer in model.layers)
            ]
        except KeyError as missing:
            raise ValueError(
                f"sample={sample}: no Value labelled {missing} in the loss; sample= needs each "
                "pass's Values labelled name[i], as nn.documents' examples label them"
            ) from None
        shown.sample = sample
    if loss is not None:
        _find_errors(shown, loss, order)
    return shown


def _find_errors(shown: Shown, loss: Value, order: list[Value]) -> None:
    """Per output j: the labelled Value nearest the loss that depends on output j
    alone (Mazur's E_o1), and the constant its difference is taken with (target)."""
    outputs = [a for _, a in shown.neurons[-1]]
    own = {a: j for j, a in enumerate(outputs, 1) if a is not None}
    inside = {v for pair in (p for layer in shown.neurons for p in layer) for v in pair}
    reach: dict[Value, frozenset[int]] = {}
    for v in order:
        found = frozenset({own[v]}) if v in own else frozenset()
        for p in v.parents:
            found |= reach.get(p, frozenset())
        reach[v] = found
        if len(found) != 1 or v in inside:
            continue
        (j,) = found
        if v.label is not None and v is not loss:
            shown.errors[j] = v
        if v.op is not None and v.op.name == "sub" and outputs[j - 1] in v.parents:
            for p in v.parents:
                # a constant leaf, or one the example names (target_o1)
                if p.op is None and p not in own:
                    shown.targets[j] = p


def grad_text(v: Value, style: DrawingStyle) -> str:
    return style.number(v.grad) if v.has_grad else NOT_COMPUTED


def value_lines(v: Value, name: str, style: DrawingStyle, grads: bool = True) -> list[str]:
    """``name = data`` and ``grad g`` (the second left out when ``grads`` is False)."""
    lines = [f"{typeset(name)} = {style.number(v.data)}"]
    return [*lines, f"grad {grad_text(v, style)}"] if grads else lines


def delta_name(z_name: str) -> str:
    """The error term of a neuron by its z: net_o1 -> δ_o1, z^2_1 -> δ^2_1, q1 -> δ_q1."""
    if z_name.startswith("net_"):
        return "δ_" + z_name[4:]
    if z_name.startswith("z^"):
        return "δ" + z_name[1:]
    return "δ_" + z_name


def weight_tooltip(
    w: Value, w_name: str, z: Value | None, z_name: str, x: Value | None, x_name: str,
    loss_name: str, samples: int, style: DrawingStyle,
) -> str:  # fmt: skip
    """The weight, its value and gradient, and its gradient's formula with numbers:
    ∂E/∂w5 = δ_o1 · out_h1 = 0.1385 × 0.5933 = 0.08217 (δ_o1 = ∂E/∂net_o1)."""
    lines = [f"{typeset(w_name)} = {style.number(w.data)}"]
    if not w.has_grad:
        return lines[0] + f"\ngrad {NOT_COMPUTED} (no backward pass yet)"
    d = f"∂{loss_name}/∂{typeset(w_name)}"
    delta = typeset(delta_name(z_name))
    if samples > 1 or z is None or x is None or not z.has_grad:
        lines.append(f"{d} = {style.number(w.grad)}")
        if samples > 1:
            lines.append(f"= Σ over the {samples} samples of {delta} · {typeset(x_name)}")
    else:
        product = f"{style.number(z.grad)} × {style.number(x.data)}"
        lines.append(f"{d} = {delta} · {typeset(x_name)} = {product} = {style.number(w.grad)}")
        lines.append(f"{delta} = ∂{loss_name}/∂{typeset(z_name)}")
    return "\n".join(lines)
