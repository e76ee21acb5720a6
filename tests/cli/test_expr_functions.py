"""``backprop expr`` and its parser accept the engine's newer functions."""

from __future__ import annotations

import math

import pytest

from autograd.cli.expr import ExpressionError, parse


@pytest.mark.parametrize(
    ("text", "x", "value", "slope"),
    [
        ("sqrt(x)", 4.0, 2.0, 0.25),
        ("abs(x)", -3.0, 3.0, -1.0),
        ("sin(x)", 0.5, math.sin(0.5), math.cos(0.5)),
        ("cos(x)", 0.5, math.cos(0.5), -math.sin(0.5)),
        ("softplus(x)", 0.0, math.log(2.0), 0.5),
        ("leaky_relu(x)", -2.0, -0.02, 0.01),
        ("maximum(x, 2)", 3.0, 3.0, 1.0),
        ("minimum(x, 2)", 3.0, 2.0, 0.0),
        ("maximum(2, x)", 2.0, 2.0, 0.5),  # a tie splits the gradient
    ],
)
def test_each_function_value_and_slope(text: str, x: float, value: float, slope: float) -> None:
    out, inputs = parse(text).evaluate_with_inputs({"x": x})
    out.backward()
    assert out.data == pytest.approx(value) and inputs["x"].grad == pytest.approx(slope)


def test_constants_fold_through_two_argument_functions() -> None:
    assert parse("maximum(1, 2) * x").evaluate({"x": 3.0}).data == 6.0


def test_wrong_number_of_arguments_is_refused() -> None:
    with pytest.raises(ExpressionError, match=r"maximum takes exactly 2 arguments, got 1"):
        parse("maximum(x)")
    with pytest.raises(ExpressionError, match=r"sqrt takes exactly one argument, got 2"):
        parse("sqrt(x, y)")


def test_domain_errors_name_the_function() -> None:
    with pytest.raises(ExpressionError, match=r"sqrt failed on sqrt\(x\) with x = -1.0"):
        parse("sqrt(x)").evaluate({"x": -1.0})
