"""The δ form written out: each neuron's BP1/BP2, then BP3 and BP4, then the same per layer
as vectors and matrices (LaTeX ``bmatrix``, as the documents typeset them).

Every line is "quantity = symbols = formula = numbers = value", from
``nn.documents.delta_form`` (the formulas) and ``autograd.show`` (the printing).
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from autograd.show.formula_text import formula_latex, formula_text
from autograd.show.names import label_to_latex
from autograd.show.numbers import format_number, latex_number
from nn.documents.delta_form import DeltaForm, ErrorTerm


class DeltaWriter:
    """One written form (plain text, Unicode or LaTeX) of a ``DeltaForm``."""

    def __init__(self, form: DeltaForm, cost: str, kind: str, digits: int = 8) -> None:
        self.form, self.cost, self.kind, self.digits = form, cost, kind, digits
        self.latex = kind == "latex"
        self.times = r" \cdot " if self.latex else (" · " if kind == "unicode" else " * ")
        self.d = r"\partial " if self.latex else ("∂" if kind == "unicode" else "d")

    def number(self, x: float) -> str:
        text = format_number(x, self.digits)
        return latex_number(text) if self.latex else text

    def write(self, expr: Any, numbers: bool = False) -> str:
        shown = {s: self.number(v) for s, v in self.form.numbers(expr).items()} if numbers else None
        if self.latex:
            return formula_latex(expr, numbers=shown)
        return formula_text(expr, unicode=self.kind == "unicode", numbers=shown)

    def name(self, text: str) -> str:
        return label_to_latex(text) if self.latex else text

    def partial(self, top: str, bottom: str) -> str:
        if self.latex:
            return rf"\frac{{\partial {self.name(top)}}}{{\partial {self.name(bottom)}}}"
        return f"{self.d}{top}/{self.d}{bottom}"

    def equation(self, lhs: str, parts: list[str]) -> str:
        shown = [p for i, p in enumerate(parts) if p not in parts[:i]]
        joiner = " &= " if self.latex else " = "
        return lhs + joiner + " = ".join(shown)

    # -- per neuron ------------------------------------------------------------------

    def error_term(self, term: ErrorTerm) -> str:
        neuron = self.form.model.layers[term.position - 1].neurons[term.j - 1]
        z = neuron.z_label or f"z^{term.layer}_{term.j}"
        a = neuron.a_label or f"a^{term.layer}_{term.j}"
        prime = rf"\sigma'({self.name(z)})" if self.latex else f"σ'({z})"
        if term.equation == "BP1":
            symbols = f"{self.partial(self.cost, a)}{self.times}{prime}"
        else:
            after = self.form.model.layers[term.position].index
            symbols = f"(Σ_k w^{after}_kj δ^{after}_k){self.times}{prime}"
            if self.latex:
                symbols = (
                    rf"\left(\sum_k w^{{{after}}}_{{kj}} \delta^{{{after}}}_k"
                    rf"\right){self.times}{prime}"
                )
        value = self.number(term.value)
        parts = [symbols, self.write(term.formula), self.write(term.formula, True), value]
        return self.equation(self.write(term.symbol), parts)

    def bias(self, position: int, j: int) -> str:
        formula, value = self.form.bias_gradient(position, j)
        neuron = self.form.model.layers[position - 1].neurons[j - 1]
        assert neuron.b is not None and neuron.b.label is not None
        parts = [self.write(formula), self.write(formula, True), self.number(value)]
        return self.equation(self.partial(self.cost, neuron.b.label), parts)

    def weight(self, position: int, j: int, k: int) -> str:
        formula, value = self.form.weight_gradient(position, j, k)
        w = self.form.model.layers[position - 1].neurons[j - 1].w[k - 1]
        parts = [self.write(formula), self.write(formula, True), self.number(value)]
        return self.equation(self.partial(self.cost, w.label or f"w_{j}{k}"), parts)

    # -- per layer -------------------------------------------------------------------

    def vector(self, xs: list[float]) -> str:
        return self.matrix([[x] for x in xs])

    def matrix(self, rows: list[list[float]]) -> str:
        if self.latex:
            body = r" \\ ".join(" & ".join(self.number(x) for x in row) for row in rows)
            return rf"\begin{{bmatrix}} {body} \end{{bmatrix}}"
        if all(len(row) == 1 for row in rows):
            return "[" + ", ".join(self.number(row[0]) for row in rows) + "]"
        return "[" + ", ".join("[" + ", ".join(map(self.number, row)) + "]" for row in rows) + "]"

    def layer(self, position: int) -> list[str]:
        form, row = self.form, self.form.terms[position - 1]
        index = form.model.layers[position - 1].index
        odot = r" \odot " if self.latex else " ⊙ "
        latex = self.latex

        def sup(n: int) -> str:
            return f"^{{{n}}}" if latex else f"^{n}"

        base = r"\delta" if self.latex else "δ"
        delta = base + sup(index)
        primes = [_value(form, t.sigma_prime) for t in row]
        values = self.vector([t.value for t in row])
        prime_name = (r"\sigma'(z" if self.latex else "σ'(z") + sup(index) + ")"
        if row[0].equation == "BP1":
            grad = r"\nabla_a C" if self.latex else "∇_a C"
            upstream = self.vector([_value(form, t.dc_da) for t in row])
            lines = [
                f"{delta} = {grad}{odot}{prime_name} = {upstream}{odot}"
                f"{self.vector(primes)} = {values}"
            ]
        else:
            after = form.model.layers[position]
            transposed = [[n.w[k].data for n in after.neurons] for k in range(len(row))]
            following = self.vector([t.value for t in form.terms[position]])
            w_t = (rf"(w^{{{after.index}}})^T" if self.latex else f"(w^{after.index})^T") + " "
            lines = [
                f"{delta} = ({w_t}{base}{sup(after.index)}){odot}{prime_name}"
                f" = ({self.matrix(transposed)} {following}){odot}{self.vector(primes)}"
                f" = {values}"
            ]
        previous = [a.data for a in form.activations(position - 1)]
        gradient = [[t.value * a for a in previous] for t in row]
        a_prev = ("a" + sup(index - 1)) if index > 1 else "x"  # Nielsen's a^1 is the input
        weights = self.partial(self.cost, f"w^{index}")
        lines.append(f"{weights} = {delta} ({a_prev})^T = {self.matrix(gradient)}")
        return [line.replace(" = ", " &= ", 1) if self.latex else line for line in lines]


def _value(form: DeltaForm, expr: Any) -> float:
    return float(sp.N(expr.xreplace(form.numbers(expr)), 17))


def render(form: DeltaForm, cost: str, kind: str = "unicode", digits: int = 8) -> str:
    """Every neuron's δ (BP1, BP2), every bias (BP3) and weight (BP4), then the layers."""
    w = DeltaWriter(form, cost, kind, digits)
    lines: list[str] = []
    for row in reversed(form.terms):
        lines.extend(w.error_term(t) for t in row)
    for n, layer in reversed(list(enumerate(form.model.layers, 1))):
        if layer.shared_bias is not None:
            lines.append(w.bias(n, 1))
        else:
            lines.extend(w.bias(n, j) for j, x in enumerate(layer.neurons, 1) if x.b is not None)
        for j, neuron in enumerate(layer.neurons, 1):
            lines.extend(w.weight(n, j, k) for k in range(1, len(neuron.w) + 1))
    for n in range(len(form.model.layers), 0, -1):
        lines.extend(w.layer(n))
    if w.latex:
        return "\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}"
    return "\n".join(lines)
