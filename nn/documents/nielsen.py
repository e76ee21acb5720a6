"""Nielsen's four backpropagation equations, checked against the engine.

For a network with weighted inputs z^l = w^l a^{l-1} + b^l and activations
a^l = σ(z^l), the error term of neuron j in layer l is delta^l_j = dC/dz^l_j:

- BP1  delta^L = grad_a C ⊙ σ'(z^L)                  (output layer)
- BP2  delta^l = ((w^{l+1})^T delta^{l+1}) ⊙ σ'(z^l)  (every earlier layer)
- BP3  dC/db^l_j = delta^l_j                          (a shared bias: sum over j)
- BP4  dC/dw^l_jk = a^{l-1}_k delta^l_j

``check_nielsen`` computes the right-hand sides by these vector formulas alone
(starting from grad_a C, which belongs to the loss, not to backpropagation) and
sets each beside the engine's gradient for the same quantity.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from autograd.engine import Value
from nn.layers import MLP, Input, Neuron
from nn.losses import half_squared_error

Loss = Callable[[list[Value], Sequence[float]], Value]


def error_terms(model: MLP) -> list[list[float]]:
    """delta^l_j = dC/dz^l_j for every neuron, layer by layer, from the last backward pass."""
    deltas: list[list[float]] = []
    for layer in model.layers:
        row = []
        for neuron in layer.neurons:
            if neuron.z is None or not neuron.z.has_grad:
                raise ValueError(
                    f"no error term for {neuron.z_label}: run a forward pass and "
                    "backward() on a loss first"
                )
            row.append(neuron.z.grad)
        deltas.append(row)
    return deltas


@dataclass(frozen=True)
class Comparison:
    """One instance of an equation: the engine's gradient and the formula's value."""

    equation: str  # "BP1" .. "BP4"
    quantity: str  # e.g. "delta^2_1" or "dC/dw^2_11"
    engine: float
    formula: float

    @property
    def difference(self) -> float:
        return abs(self.engine - self.formula)


@dataclass(frozen=True)
class NielsenCheck:
    """Both sides of BP1-BP4 for one network, input and target."""

    loss: float
    comparisons: list[Comparison]

    def equation(self, name: str) -> list[Comparison]:
        """The comparisons of one equation, e.g. ``check.equation("BP4")``."""
        return [c for c in self.comparisons if c.equation == name]

    @property
    def max_difference(self) -> float:
        return max(c.difference for c in self.comparisons)

    def __str__(self) -> str:
        lines = [f"{'eq':4} {'quantity':16} {'engine':>16} {'formula':>16}"]
        lines += [
            f"{c.equation:4} {c.quantity:16} {c.engine:16.10g} {c.formula:16.10g}"
            for c in self.comparisons
        ]
        return "\n".join(lines)


def activation_derivative(neuron: Neuron) -> float:
    """σ'(z) of the neuron's last forward pass, from its activation's formula."""
    assert neuron.z is not None and neuron.a is not None
    a = neuron.a.data
    return {
        "sigmoid": a * (1.0 - a),
        "tanh": 1.0 - a * a,
        "relu": 1.0 if neuron.z.data > 0 else 0.0,
        "linear": 1.0,
    }[neuron.activation]


def check_nielsen(
    model: MLP, x: Sequence[Input], y: Sequence[float], loss: Loss = half_squared_error
) -> NielsenCheck:
    """Run ``loss(model(x), y)``, backpropagate, and compare BP1-BP4 with the engine.

    The model's parameter gradients are zeroed first, and hold this pass's
    gradients afterwards.
    """
    outputs = model(x)
    root = loss(outputs, y)
    model.zero_grad()
    root.backward()
    assert model.last_inputs is not None
    comparisons: list[Comparison] = []
    last = model.layers[-1]
    # BP1: delta^L from the loss's gradient at the outputs.
    delta = [a.grad * activation_derivative(n) for a, n in zip(outputs, last.neurons)]
    deltas = [delta]
    # BP2: each earlier layer from the one after it.
    for layer, after in zip(reversed(model.layers[:-1]), reversed(model.layers[1:])):
        delta = [
            sum(n.w[k].data * d for n, d in zip(after.neurons, deltas[0]))
            * activation_derivative(neuron)
            for k, neuron in enumerate(layer.neurons)
        ]
        deltas.insert(0, delta)
    previous = [v.data for v in model.last_inputs]
    # Each layer's own number (layer.index): Nielsen's examples number the input layer 1.
    for layer, delta in zip(model.layers, deltas):
        equation = "BP1" if layer is last else "BP2"
        for j, (neuron, d) in enumerate(zip(layer.neurons, delta), 1):
            assert neuron.z is not None
            comparisons.append(Comparison(equation, f"delta^{layer.index}_{j}", neuron.z.grad, d))
        if layer.shared_bias is not None:
            b = layer.shared_bias
            comparisons.append(Comparison("BP3", f"dC/d{b.label}", b.grad, sum(delta)))
        for neuron, d in zip(layer.neurons, delta):
            if neuron.b is not None and layer.shared_bias is None:
                comparisons.append(Comparison("BP3", f"dC/d{neuron.b.label}", neuron.b.grad, d))
        for neuron, d in zip(layer.neurons, delta):
            for w, a_k in zip(neuron.w, previous):
                comparisons.append(Comparison("BP4", f"dC/d{w.label}", w.grad, a_k * d))
        previous = [n.a.data for n in layer.neurons if n.a is not None]
    return NielsenCheck(root.data, comparisons)
