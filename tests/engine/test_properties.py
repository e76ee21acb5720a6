"""Property tests: backward agrees with central differences over the op catalogue."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import GradcheckError, Value, gradcheck
from autograd.engine.gradcheck import numeric_gradient
from autograd.engine.ops import OPS, SHARE, SIGN, SLOPE, ZERO

moderate = st.floats(min_value=-3.0, max_value=3.0, allow_nan=False)
positive = st.floats(min_value=0.2, max_value=3.0)
away_from_zero = moderate.filter(lambda x: abs(x) > 0.2)
below = st.floats(min_value=-3.0, max_value=-0.1)
above = st.floats(min_value=0.1, max_value=3.0)

# Every op of the table, with the inputs where it is smooth.
CATALOGUE: dict[str, tuple[Callable[..., Value], tuple[st.SearchStrategy[float], ...]]] = {
    "add": (lambda a, b: a + b, (moderate, moderate)),
    "sub": (lambda a, b: a - b, (moderate, moderate)),
    "mul": (lambda a, b: a * b, (moderate, moderate)),
    "div": (lambda a, b: a / b, (moderate, away_from_zero)),
    "neg": (lambda a: -a, (moderate,)),
    "pow": (lambda a, b: a**b, (positive, moderate)),
    "exp": (lambda a: a.exp(), (moderate,)),
    "log": (lambda a: a.log(), (positive,)),
    "tanh": (lambda a: a.tanh(), (moderate,)),
    "sigmoid": (lambda a: a.sigmoid(), (moderate,)),
    "relu": (lambda a: a.relu(), (away_from_zero,)),
    "sqrt": (lambda a: a.sqrt(), (positive,)),
    "abs": (lambda a: abs(a), (away_from_zero,)),
    "sin": (lambda a: a.sin(), (moderate,)),
    "cos": (lambda a: a.cos(), (moderate,)),
    "softplus": (lambda a: a.softplus(), (moderate,)),
    "maximum": (lambda a, b: a.maximum(b), (below, above)),
    "minimum": (lambda a, b: a.minimum(b), (below, above)),
    # the ops recorded derivatives are made of
    "slope": (lambda a, b: a._apply_op(SLOPE, b), (positive, moderate)),
    "sign": (lambda a: a._apply_op(SIGN), (away_from_zero,)),
    "share": (lambda a, b: a._apply_op(SHARE, b), (below, above)),
    "zero": (lambda a: a._apply_op(ZERO), (moderate,)),
}


def test_catalogue_covers_every_op() -> None:
    assert set(CATALOGUE) == set(OPS)


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_each_op_matches_central_differences(name: str) -> None:
    fn, strategies = CATALOGUE[name]

    @settings(max_examples=60, deadline=None)
    @given(st.tuples(*strategies))
    def check(point: tuple[float, ...]) -> None:
        assert gradcheck(fn, point, eps=1e-6, atol=1e-6, rtol=1e-5)

    check()


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=-3, max_value=4), away_from_zero)
def test_number_powers(n: int, x: float) -> None:
    assert gradcheck(lambda a: a**n, [x], atol=1e-5, rtol=1e-5)


def composite(x: Value, y: Value, z: Value) -> Value:
    """A readable mix of every op, shared subexpressions included."""
    s = (x * y + z).sigmoid()
    t = (x - z).tanh() * s
    u = (y * y + 1.0).log() / (1.0 + s)
    # |s * t| < 1, so relu's argument stays away from its kink at 0.
    return (t + u).exp() * 0.5 + (s * t + 1.5).relu() - u**2 + 2.0 ** (s * 0.5)


@settings(max_examples=80, deadline=None)
@given(moderate, moderate, moderate)
def test_composite_expressions(x: float, y: float, z: float) -> None:
    assert gradcheck(composite, [x, y, z], atol=1e-5, rtol=1e-4)


def test_gradcheck_reports_input_analytic_and_numeric() -> None:
    def wrong(a: Value) -> Value:
        # A Value whose stored local derivative is deliberately wrong.
        out = a * 2.0
        out._da = 3.0
        return out

    expected = r"inputs\[0\] \(a\) at 1.0: analytic 3.0, numeric 1.99999"
    with pytest.raises(GradcheckError, match=expected):
        gradcheck(wrong, [Value(1.0, "a")])


def test_gradcheck_unused_input_is_zero() -> None:
    assert gradcheck(lambda a, b: a * 2.0, [1.0, 5.0])


def test_numeric_gradient_is_second_order() -> None:
    f = math.exp
    errors = [abs(numeric_gradient(lambda p: f(p[0]), [1.0], 0, h) - math.e) for h in (1e-2, 1e-3)]
    assert errors[1] < errors[0] / 50  # error falls like h^2
