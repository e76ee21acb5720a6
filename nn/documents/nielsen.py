"""Nielsen's four backpropagation equations, checked against the engine.

For a network with weighted inputs z^l = w^l a^{l-1} + b^l and activations
a^l = σ(z^l), the error term of neuron j in layer l is delta^l_j = dC/dz^l_j:

- BP1  delta^L = grad_a C ⊙ σ'(z^L)                  (output layer)
- BP2  delta^l = ((w^{l+1})^T delta^{l+1}) ⊙ σ'(z^l)  (every earlier layer)
- BP3  dC/db^l_j = delta^l_j                          (a shared bias: sum over j)
- BP4  dC/dw^l_jk = a^{l-1}_k delta^l_j

``check_nielsen`` computes the right-hand sides by these formulas alone
(``nn.documents.delta_form``: grad_a C is differentiated by SymPy from the cost's
own formula, so BP1 is checked whole, not only its σ' factor) and sets each
beside the engine's gradient for the same quantity.
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
    # The formula side: delta_form writes each equation's right-hand side in SymPy,
    # with grad_a C differentiated from the cost's own formula, and evaluates it from
    # the forward pass's numbers alone (no gradient of the engine is read).
    from nn.documents.delta_form import delta_form

    form = delta_form(model, root)
    comparisons: list[Comparison] = []
    for position, (layer, row) in enumerate(zip(model.layers, form.terms), 1):
        n = layer.index
        for term in row:
            comparisons.append(
                Comparison(term.equation, f"delta^{n}_{term.j}", term.engine, term.value)
            )
        if layer.shared_bias is not None:
            b = layer.shared_bias
            comparisons.append(
                Comparison("BP3", f"dC/d{b.label}", b.grad, form.bias_gradient(position, 1)[1])
            )
        for j, neuron in enumerate(layer.neurons, 1):
            if neuron.b is not None and layer.shared_bias is None:
                value = form.bias_gradient(position, j)[1]
                comparisons.append(Comparison("BP3", f"dC/d{neuron.b.label}", neuron.b.grad, value))
        for j, neuron in enumerate(layer.neurons, 1):
            for k, w in enumerate(neuron.w, 1):
                value = form.weight_gradient(position, j, k)[1]
                comparisons.append(Comparison("BP4", f"dC/d{w.label}", w.grad, value))
    return NielsenCheck(root.data, comparisons)


def delta_equations(model: MLP, cost: Value, kind: str = "unicode", digits: int = 8) -> str:
    """Nielsen's δ form for ``model``'s last forward pass and ``cost``, written out:
    each neuron's δ^l_j by BP1 or BP2, each bias by BP3 and weight by BP4 (formula,
    numbers, value), then each layer as vectors and matrices. ``kind`` is "text",
    "unicode" or "latex" (an ``aligned`` block with ``bmatrix`` vectors)."""
    from nn.documents.delta_form import delta_form
    from nn.documents.delta_text import render

    if kind not in ("text", "unicode", "latex"):
        raise ValueError(f"kind must be 'text', 'unicode' or 'latex', got {kind!r}")
    return render(delta_form(model, cost), cost.label or "C", kind, digits)
