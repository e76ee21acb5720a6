"""Nielsen's error terms traced: δ^l_j as a named quantity, with formulas and numbers.

For a network z^l = w^l a^{l-1} + b^l, a^l = σ(z^l) and a cost C, the error term of
neuron j of layer l is δ^l_j = ∂C/∂z^l_j, and (Nielsen, "Neural Networks and Deep
Learning", chapter 2, http://neuralnetworksanddeeplearning.com/chap2.html):

- BP1  δ^L_j = ∂C/∂a^L_j · σ'(z^L_j)                  δ^L = ∇_a C ⊙ σ'(z^L)
- BP2  δ^l_j = (Σ_k w^{l+1}_kj δ^{l+1}_k) · σ'(z^l_j)   δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ'(z^l)
- BP3  ∂C/∂b^l_j = δ^l_j
- BP4  ∂C/∂w^l_jk = a^{l-1}_k δ^l_j

``delta_form(model, cost)`` builds each right-hand side as a SymPy expression in the
graph's names and the symbols δ^l_j: ∂C/∂a^L_j from the cost's own formula (SymPy
differentiates the cost written over the outputs, so no gradient of the engine is
read), σ'(z) from the activation's op-table derivative (a(1 - a) for σ). Every
value is computed from these formulas and the forward pass's numbers alone; the
engine's ``z.grad`` is kept beside it only to compare.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy as sp

from autograd.engine import Value
from autograd.explain.formulas import (
    Symbols,
    folded_derivative,
    forward_expression,
    product,
    total,
)
from nn.layers import MLP, Neuron


@dataclass(frozen=True)
class ErrorTerm:
    """δ^l_j of one neuron: ``formula`` (BP1 or BP2, in names and the next layer's δ
    symbols), ``value`` computed from the formulas, ``engine`` the engine's z.grad."""

    layer: int  # the layer's number as its document numbers it (``Layer.index``)
    position: int  # 1 for the model's first layer, 2 for the next, ...
    j: int
    symbol: sp.Symbol
    equation: str
    dc_da: Any  # BP1: ∂C/∂a^L_j from the cost's formula; BP2: Σ_k w^{l+1}_kj δ^{l+1}_k
    sigma_prime: Any  # σ'(z^l_j) in the activation's names, e.g. a^2_1(1 - a^2_1)
    formula: Any
    value: float
    engine: float


@dataclass(frozen=True)
class DeltaForm:
    """The error terms of every neuron, layer by layer (``terms[0]`` is the first layer).

    Methods take a layer's ``position`` in the model (1 = first layer after the
    inputs), whatever number its document gives it (``ErrorTerm.layer``)."""

    model: MLP
    terms: list[list[ErrorTerm]]
    symbols: Symbols
    inputs: list[Value]

    def value(self, symbol: sp.Symbol) -> float:
        """The number of a δ symbol or of a Value's symbol."""
        for row in self.terms:
            for term in row:
                if term.symbol == symbol:
                    return term.value
        return self.symbols.values()[symbol]

    def numbers(self, expr: Any) -> dict[Any, float]:
        """Each free symbol of ``expr`` and its number."""
        return {s: self.value(s) for s in expr.free_symbols}

    def activations(self, position: int) -> list[Value]:
        """The inputs for position 0, else the activations of the layer at ``position``."""
        if position == 0:
            return self.inputs
        return [_forward(n)[1] for n in self.model.layers[position - 1].neurons]

    def weight_gradient(self, position: int, j: int, k: int) -> tuple[Any, float]:
        """BP4: (a^{l-1}_k δ^l_j, its value) for weight w^l_jk (1-based j, k)."""
        a = self.activations(position - 1)[k - 1]
        term = self.terms[position - 1][j - 1]
        formula = product([self.symbols.symbol(a), term.symbol])
        return formula, a.data * term.value

    def bias_gradient(self, position: int, j: int) -> tuple[Any, float]:
        """BP3: (δ^l_j, its value); a bias shared by the layer sums over j."""
        row = self.terms[position - 1]
        if self.model.layers[position - 1].shared_bias is not None:
            return total([t.symbol for t in row]), sum(t.value for t in row)
        return row[j - 1].symbol, row[j - 1].value


def _forward(neuron: Neuron) -> tuple[Value, Value]:
    if neuron.z is None or neuron.a is None:
        raise ValueError(
            f"no forward pass for {neuron.z_label}: call the model, then delta_form(model, cost)"
        )
    return neuron.z, neuron.a


def cost_gradient(cost: Value, outputs: list[Value], symbols: Symbols) -> list[Any]:
    """∇_a C: the cost written over the outputs a^L_j (and its constants), differentiated
    by SymPy with respect to each output. Reads no gradient of the engine."""
    kept = set(outputs)
    written, _, _ = forward_expression(cost, lambda v: v in kept, symbols)
    return [sp.factor_terms(sp.diff(written, symbols.symbol(a))) for a in outputs]


def delta_form(model: MLP, cost: Value) -> DeltaForm:
    """δ^l_j of every neuron of ``model``'s last forward pass, for ``cost`` (see module doc)."""
    if model.last_inputs is None:
        raise ValueError("delta_form needs a forward pass: call the model on an input first")
    symbols = Symbols()
    last = model.layers[-1]
    outputs = [_forward(n)[1] for n in last.neurons]
    gradient = cost_gradient(cost, outputs, symbols)
    values: dict[Any, float] = {}
    rows: list[list[ErrorTerm]] = []
    after: list[ErrorTerm] = []
    for position, layer in reversed(list(enumerate(model.layers, 1))):
        row = []
        for j, neuron in enumerate(layer.neurons, 1):
            z, a = _forward(neuron)
            symbol = sp.Symbol(f"δ^{layer.index}_{j}")
            sigma_prime = _sigma_prime(z, a, symbols)
            if layer is last:
                equation, upstream = "BP1", gradient[j - 1]
            else:
                equation = "BP2"
                following = model.layers[position]
                upstream = total(
                    product([symbols.symbol(n.w[j - 1]), t.symbol])
                    for n, t in zip(following.neurons, after)
                )
            formula = product([upstream, sigma_prime])
            value = _evaluate(formula, symbols, values)
            values[symbol] = value
            engine = z.grad if z.has_grad else float("nan")
            row.append(
                ErrorTerm(
                    layer.index,
                    position,
                    j,
                    symbol,
                    equation,
                    upstream,
                    sigma_prime,
                    formula,
                    value,
                    engine,
                )
            )
        rows.insert(0, row)
        after = row
    return DeltaForm(model, rows, symbols, list(model.last_inputs))


def _sigma_prime(z: Value, a: Value, symbols: Symbols) -> Any:
    """σ'(z) as the activation's op-table derivative (1 for a linear neuron, where a is z)."""
    if a is z:
        return sp.Integer(1)
    return folded_derivative(a, z, lambda v: v is a or v is z, symbols)


def _evaluate(formula: Any, symbols: Symbols, deltas: dict[Any, float]) -> float:
    numbers = dict(symbols.values())
    numbers.update(deltas)
    return float(sp.N(formula.xreplace(numbers), 17))
