"""The ops added for learners read in traces, LaTeX and drawings with their formulas."""

from __future__ import annotations

from autograd import Value, trace
from autograd.show.dot import op_text
from autograd.show.names import Names, formula_to_latex


def test_trace_prints_each_local_derivative_formula() -> None:
    x, y = Value(0.3, "x"), Value(2.0, "y")
    f = (x.sin() * x.sqrt() + abs(x - y) + x.maximum(y)).named("f")
    f.backward()
    text = str(trace(f, x, expand=True))
    assert "= cos(x) = 0.95533649" in text
    # The formulas are SymPy's, printed by autograd.show.formula_text.
    assert "= 1/(2 * sqrt(x)) = 0.91287093" in text
    assert "= sign(x - y) = -1" in text  # one pair of parentheses, not sign((x - y))
    assert "= (1 if x > y, 1/2 if x = y, else 0) = 0" in text


def test_latex_names_and_formulas() -> None:
    x, y = Value(0.5, "x"), Value(4.0, "y")
    cases = {
        x.sqrt(): r"\sqrt{x}",
        abs(x - y): r"\lvert x - y \rvert",
        x.sin(): r"\sin(x)",
        x.softplus(): r"\operatorname{softplus}(x)",
        x.leaky_relu(0.2): r"\operatorname{leaky\_relu}(x, 0.2)",
        x.maximum(y): r"\max(x, y)",
        x.minimum(y): r"\min(x, y)",
    }
    for node, latex in cases.items():
        assert Names(node).latex(node) == latex
    assert formula_to_latex("1/(2·sqrt(a))") == r"1/(2 \cdot \sqrt{a})"
    assert formula_to_latex("σ(a)") == r"\sigma(a)"


def test_drawings_name_functions_and_their_numbers() -> None:
    x, y = Value(0.5), Value(4.0)
    assert op_text(x.maximum(y).op) == "maximum"  # type: ignore[arg-type]
    assert op_text(x.leaky_relu(0.2).op) == "leaky_relu(0.2)"  # type: ignore[arg-type]
    assert op_text(x.sqrt().op) == "sqrt"  # type: ignore[arg-type]
    assert op_text((x**2).op) == "** 2"  # type: ignore[arg-type]
