"""Formulas (``Factor.formula``, ``Trace.formula``): SymPy expressions built from the graph.

For every weight and bias of the five documents' examples, the trace's formula
is a true derivative: its symbols are names of the graph, it evaluates to the
engine's gradient at the graph's values, and the same expression evaluated at
another graph's values (other weights and inputs) gives that graph's gradient.
"""

from __future__ import annotations

import random
import subprocess
import sys

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Value
from autograd.engine import topological_order
from autograd.explain.formulas import Symbols, exact
from autograd.show.traces import trace
from nn.documents.examples import EXAMPLES, Example, example


def labels(root: Value) -> dict[str, Value]:
    """Every labelled Value of the graph by label (the examples' labels are unique)."""
    named: dict[str, Value] = {}
    for v in topological_order(root):
        if v.label is not None:
            assert named.setdefault(v.label, v) is v, f"two Values labelled {v.label}"
    return named


def at(expr: sp.Expr, root: Value) -> float:
    """``expr`` with each symbol replaced by the value of the graph's Value of that name."""
    values = {sp.Symbol(name): v.data for name, v in labels(root).items()}
    assert expr.free_symbols <= set(values), expr.free_symbols - set(values)
    return float(sp.N(expr.xreplace(values), 17))


def perturbed(name: str, seed: int) -> Example:
    """The example with every parameter and input moved a little (a new graph)."""
    ex = example(name)
    rng = random.Random(seed)
    for p in ex.model.parameters():
        p.data += rng.uniform(-0.3, 0.3)
    ex.inputs = [[x + rng.uniform(-0.2, 0.2) for x in row] for row in ex.inputs]
    return ex


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_every_formula_is_the_derivative_for_every_weight(name: str) -> None:
    ex = example(name)
    loss = ex.loss()
    loss.backward()
    other = perturbed(name, seed=len(name))
    other_loss = other.loss()
    other_loss.backward()
    other_weights = {w.label: w for w in other.weights()}
    graph_names = set(labels(loss))
    for w in ex.weights():
        t = ex.trace(loss, w)
        formula = t.formula
        assert {s.name for s in formula.free_symbols} <= graph_names
        assert at(formula, loss) == pytest.approx(w.grad, rel=1e-10, abs=1e-15)
        # The same expression at the rebuilt graph's values: the new gradient.
        new = other_weights[w.label]
        assert at(formula, other_loss) == pytest.approx(new.grad, rel=1e-10, abs=1e-15)
        for factor in t.factors:
            assert {s.name for s in factor.formula.free_symbols} <= graph_names
            assert t.symbols.evaluate(factor.formula) == pytest.approx(
                factor.local, rel=1e-12, abs=1e-15
            )


def test_the_cost_derivative_has_a_formula_in_every_document() -> None:
    cases = {
        "mazur": ("E_total", "out_o1", "out_o1 - target_o1"),
        "punnen": ("C", "a^2", "a^2 - y"),
        "slides": ("ε1", "y1", "y1 - d1"),
        "geoscience": ("C", "ŷ[1]", "((1 - y[1])/(1 - ŷ[1]) - y[1]/ŷ[1])/m"),
    }
    for name, (child, parent, written) in cases.items():
        ex = example(name)
        loss = ex.loss()
        loss.backward()
        t = ex.trace(loss, ex.weights()[0])
        [factor] = [f for f in t.factors if (f.child.label, f.parent.label) == (child, parent)]
        assert t.symbols.evaluate(factor.formula) == pytest.approx(factor.local, rel=1e-12)
        assert str(t).count(f"d{child}/d{parent} = {written} = ") == 1, name


def test_targets_and_m_appear_by_name() -> None:
    ex = example("mazur")
    loss = ex.loss()
    loss.backward()
    text = str(ex.trace(loss, ex.weights()[4]))
    assert "dE_total/dw5 = (out_o1 - target_o1) * out_o1(1 - out_o1) * out_h1 = " in text
    # Mazur's own precision, 9 significant digits (Example.digits).
    assert (
        "(0.751365070 - 0.01) * 0.751365070(1 - 0.751365070) * 0.593269992 = 0.0821670406" in text
    )


def test_the_formula_line_is_in_every_form() -> None:
    ex = example("mazur")
    loss = ex.loss()
    loss.backward()
    t = ex.trace(loss, ex.weights()[4])
    assert "(out_o1 - target_o1) · out_o1(1 - out_o1) · out_h1" in t.unicode()
    latex = t.latex()
    assert r"\left(out_{o1} - target_{o1}\right) out_{o1} \left(1 - out_{o1}\right) out_{h1}" in (
        latex
    )
    assert r"\left(0.751365070 - 0.01\right) \cdot 0.751365070" in latex
    assert "(out_o1 - target_o1) · out_o1(1 - out_o1) · out_h1" in t.html()
    assert r"out_{o1} - target_{o1}" in t.markdown()
    data = t.to_dict()
    assert data["formula"] == "(out_o1 - target_o1) * out_o1(1 - out_o1) * out_h1"
    assert data["formula_numbers"] == (
        "(0.751365070 - 0.01) * 0.751365070(1 - 0.751365070) * 0.593269992"
    )
    factors = data["factors"]
    assert isinstance(factors, list)
    assert [f["formula"] for f in factors] == [
        "out_o1 - target_o1",
        "out_o1(1 - out_o1)",
        "out_h1",
    ]


def test_punnen_writes_the_product_input_first() -> None:
    ex = example("punnen")
    loss = ex.loss()
    loss.backward()
    w2 = ex.weights()[2]
    assert w2.label == "w^2"
    assert ex.trace(loss, w2).to_dict()["formula"] == "a^1 * a^2(1 - a^2) * (a^2 - y)"


def test_an_unnamed_graph_shows_its_primitive_steps() -> None:
    a, b, c = Value(0.5, label="a"), Value(-1.5, label="b"), Value(0.25, label="c")
    out = ((a * b + c).tanh() - 1) ** 2
    out.backward()
    t = trace(out, a)
    assert len(t.factors) == 5  # pow, sub, tanh, add, mul: one step each
    assert t.symbols.evaluate(t.formula) == pytest.approx(a.grad, rel=1e-12)
    text = str(t)
    assert "1 - tanh(a * b + c)^2" in text
    # Named in between: the named steps only, as before.
    z = (a * b + c).named("z")
    named = ((z.tanh() - 1) ** 2).named("E")
    named.backward()
    assert len(trace(named, a).factors) == 2


def test_symbols_name_each_value_once() -> None:
    x, other_x = Value(1.0, label="x"), Value(2.0, label="x")
    s = Symbols()
    assert s.symbol(x) == sp.Symbol("x")
    assert s.symbol(other_x) == sp.Symbol("x′")
    assert s.value_of(sp.Symbol("x′")) is other_x
    assert s.symbol(Value(0.5)) == sp.Rational(1, 2)
    assert exact(0.01) == sp.Float(0.01) and exact(3.0) == 3


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(-2, 2, allow_nan=False), min_size=3, max_size=3),
    st.sampled_from(["tanh", "sigmoid", "exp", "square", "div", "log", "relu"]),
)
def test_formulas_of_expanded_traces_match_the_local_derivatives(xs: list[float], op: str) -> None:
    a, b, c = (Value(x, label=n) for x, n in zip(xs, "abc"))
    inner = a * b + c
    out = {
        "tanh": lambda: inner.tanh() * a,
        "sigmoid": lambda: inner.sigmoid() - b,
        "exp": lambda: (inner * 0.1).exp() + a * a,
        "square": lambda: inner**2 / 3,
        "div": lambda: a / (inner * inner + 1),
        "log": lambda: (inner * inner + 1).log() * c,
        "relu": lambda: inner.relu() * b,
    }[op]()
    out.backward()
    for wrt in (a, b, c):
        t = trace(out, wrt, expand=True)
        assert t.symbols.evaluate(t.formula) == pytest.approx(wrt.grad, rel=1e-9, abs=1e-12)
        for factor in t.factors:
            assert t.symbols.evaluate(factor.formula) == pytest.approx(
                factor.local, rel=1e-9, abs=1e-12
            )


def test_building_and_tracing_without_printing_loads_no_sympy() -> None:
    code = (
        "import sys\n"
        "from autograd import Value, trace\n"
        "x = Value(2.0, label='x')\n"
        "y = (x * x).named('y')\n"
        "y.backward()\n"
        "t = trace(y, x)\n"
        "print('sympy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_without_sympy_a_trace_prints_without_formulas() -> None:
    code = (
        "import sys\n"
        "sys.modules['sympy'] = None  # as if the formulas extra were not installed\n"
        "from autograd import Value, trace\n"
        "x = Value(2.0, label='x')\n"
        "y = (x * x).named('y')\n"
        "y.backward()\n"
        "t = trace(y, x)\n"
        "print(t)\n"
        "print(t.to_dict()['formula'])\n"
        "try:\n"
        "    t.formula\n"
        "except ModuleNotFoundError as e:\n"
        "    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == [
        "dy/dx = 4",
        "local derivatives:",
        "  dy/dx = 4  (sum over 2 paths)",
        "None",
        "formulas need SymPy: pip install 'seegrad[formulas]' (traces print without them)",
    ]
