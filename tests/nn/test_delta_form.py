"""Nielsen's δ form traced: BP1-BP4 as SymPy formulas, equal to the engine's own formulas."""

from __future__ import annotations

from typing import Any

import pytest
import sympy as sp

from autograd.show.traces import trace
from nn import MLP, check_nielsen, half_squared_error
from nn.documents.delta_form import DeltaForm, delta_form
from nn.documents.examples import example
from nn.documents.nielsen import delta_equations


def expanded(form: DeltaForm, expr: Any) -> Any:
    """``expr`` with every δ symbol replaced by its formula, down to the cost's names."""
    by_symbol = {t.symbol: t.formula for row in form.terms for t in row}
    for _ in range(len(form.terms)):
        expr = expr.xreplace(by_symbol)
    assert not (expr.free_symbols & set(by_symbol))
    return expr


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_bp1_to_bp4_are_the_engines_formulas_for_a_random_network(seed: int) -> None:
    model = MLP(3, [4, 3, 2], "sigmoid", seed=seed)
    outputs = model([0.3, -0.8, 0.5])
    cost = half_squared_error(outputs, [0.2, 0.7]).named("C")
    cost.backward()
    form = delta_form(model, cost)
    for layer, row in zip(model.layers, form.terms):
        for term, neuron in zip(row, layer.neurons):
            assert neuron.z is not None
            # BP1 (output layer) and BP2 (the others): δ^l_j = dC/dz^l_j.
            assert term.equation == ("BP1" if layer is model.layers[-1] else "BP2")
            t = trace(cost, neuron.z)
            assert sp.simplify(expanded(form, term.formula) - t.formula) == 0
            assert term.value == pytest.approx(neuron.z.grad, rel=1e-12)
            # BP3: dC/db^l_j = δ^l_j.
            assert neuron.b is not None
            bias, _ = form.bias_gradient(layer.index, term.j)
            assert sp.simplify(expanded(form, bias) - trace(cost, neuron.b).formula) == 0
            # BP4: dC/dw^l_jk = a^{l-1}_k δ^l_j.
            for k, w in enumerate(neuron.w, 1):
                formula, value = form.weight_gradient(layer.index, term.j, k)
                assert sp.simplify(expanded(form, formula) - trace(cost, w).formula) == 0
                assert value == pytest.approx(w.grad, rel=1e-12)


def test_bp1_reads_no_gradient_of_the_engine() -> None:
    model = MLP(2, [3, 2], "sigmoid", seed=9)
    outputs = model([0.5, -0.25])
    cost = half_squared_error(outputs, [1.0, 0.0]).named("C")
    cost.backward()
    honest = [t.value for t in delta_form(model, cost).terms[-1]]
    for a in outputs:
        a.grad = 1234.5  # a wrong engine gradient at the outputs changes nothing
    assert [t.value for t in delta_form(model, cost).terms[-1]] == honest
    assert honest == [
        pytest.approx((a.data - y) * a.data * (1 - a.data)) for a, y in zip(outputs, [1.0, 0.0])
    ]


def test_check_nielsen_bp1_uses_the_costs_formula() -> None:
    model = MLP(3, [4, 2], "sigmoid", seed=11)
    check = check_nielsen(model, [0.4, -0.7, 1.2], [0.1, 0.9])
    for c in check.equation("BP1"):
        assert c.formula == pytest.approx(c.engine, rel=1e-12)


def test_mazur_delta_form_prints_the_documents_numbers() -> None:
    ex = example("mazur")
    loss = ex.loss()
    loss.backward()
    text = delta_equations(ex.model, loss)
    lines = text.splitlines()
    assert lines[0] == (
        "δ^3_1 = ∂E_total/∂out_o1 · σ'(net_o1) = (out_o1 - target_o1) · out_o1(1 - out_o1)"
        " = (0.75136507 - 0.01) · 0.75136507(1 - 0.75136507) = 0.13849856"
    )  # the document's dE_total/dnet_o1 = 0.138498562; its notes number the input layer 1
    assert "∂E_total/∂w5 = out_h1 · δ^3_1 = 0.59326999 · 0.13849856 = 0.082167041" in lines
    assert any(line.startswith("δ^2 = ((w^3)^T δ^3) ⊙ σ'(z^2) = ") for line in lines)
    latex = delta_equations(ex.model, loss, "latex")
    assert r"\begin{bmatrix} 0.13849856 \\ -0.038098237 \end{bmatrix}" in latex
    assert r"\begin{bmatrix} 0.4 & 0.5 \\ 0.45 & 0.55 \end{bmatrix}" in latex
    with pytest.raises(ValueError, match="kind"):
        delta_equations(ex.model, loss, "html")
