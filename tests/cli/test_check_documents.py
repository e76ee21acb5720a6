"""check() over every weight and bias of the five documents' networks: the engine's own
formula and any rearrangement of it pass; each single mistake is caught and explained."""

from __future__ import annotations

import pytest
import sympy as sp

from autograd import Value, check
from autograd.cli.check import identifier
from autograd.cli.check_symbolic import formula_text
from autograd.show.traces import Trace
from nn.documents.examples import EXAMPLES, example


def typed(chain: Trace, expr: sp.Expr) -> str:
    """A SymPy expression over the trace's symbols, typed as a learner would."""
    renamed = {s: sp.Symbol(identifier(s.name)) for s in expr.free_symbols}
    return formula_text_of(expr.xreplace(renamed))


def formula_text_of(expr: sp.Expr) -> str:
    import re

    return re.sub(r"\b(Sigmoid|Tanh|Abs)\(", lambda m: m[1].lower() + "(", sp.sstr(expr))


def cases() -> list[tuple[str, int]]:
    return [(name, k) for name in EXAMPLES for k in range(len(example(name).weights()))]


@pytest.fixture(scope="module")
def built() -> dict[str, tuple[Value, list[Value], dict[int, Trace]]]:
    found = {}
    for name in EXAMPLES:
        ex = example(name)
        loss = ex.loss()
        loss.backward()
        weights = ex.weights()
        found[name] = (loss, weights, {k: ex.trace(loss, w) for k, w in enumerate(weights)})
    return found


@pytest.mark.parametrize(("name", "k"), cases())
def test_every_weight(
    built: dict[str, tuple[Value, list[Value], dict[int, Trace]]], name: str, k: int
) -> None:
    loss, weights, traces = built[name]
    w, chain = weights[k], traces[k]
    formula = chain.formula
    # The engine's own formula, and the same multiplied out.
    assert check(loss, w, formula_text(chain)).correct
    assert check(loss, w, typed(chain, sp.expand(formula))).correct
    # A flipped sign.
    flipped = check(loss, w, typed(chain, -formula))
    assert not flipped.correct and "the sign is flipped" in str(flipped)
    # A dropped factor (each factor that is not a number, in turn).
    if isinstance(formula, sp.Mul):
        for factor in formula.args:
            if factor.is_number:
                continue
            dropped = check(loss, w, typed(chain, formula / factor))
            assert not dropped.correct and "∂" in str(dropped), (name, w.label, factor)
    # A number to 3 significant digits.
    assert check(loss, w, f"{chain.value:.3g}").correct


@pytest.mark.parametrize("name", ["mazur", "slides"])
def test_forgetting_one_of_two_paths_is_named(
    built: dict[str, tuple[Value, list[Value], dict[int, Trace]]], name: str
) -> None:
    loss, weights, traces = built[name]
    hidden = [k for k, t in traces.items() if t.path_count == 2]
    assert hidden  # the hidden layer's weights reach the loss through both outputs
    for k in hidden:
        chain = traces[k]
        # the sum over the two outputs, inside the product (or the whole formula)
        formula = chain.formula
        sums = [a for a in sp.preorder_traversal(formula) if isinstance(a, sp.Add)]
        inner = max(sums, key=sp.count_ops)
        one_path = formula.xreplace({inner: inner.args[0]})
        result = check(loss, weights[k], typed(chain, one_path))
        assert not result.correct and "through 2 paths" in str(result)


def test_sigma_for_its_derivative_names_the_factor(
    built: dict[str, tuple[Value, list[Value], dict[int, Trace]]],
) -> None:
    loss, weights, _ = built["slides"]
    w5 = next(k for k, w in enumerate(weights) if w.label == "w5")
    result = check(loss, weights[w5], "(y1 - d1) * y1 * h1")
    assert "y1 should be y1(1 - y1), that is ∂y1/∂z1" in str(result)
