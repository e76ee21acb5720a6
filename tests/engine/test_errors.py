"""Bad input raises a clear exception and leaves nothing half-built."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from autograd import Value, detect_anomaly, topological_order


@pytest.mark.parametrize(
    ("data", "type_name"), [("3", "str"), (None, "NoneType"), (1 + 2j, "complex"), ([1.0], "list")]
)
def test_non_numbers_are_refused_naming_the_type(data: object, type_name: str) -> None:
    with pytest.raises(TypeError, match=f"got {type_name}"):
        Value(data)  # type: ignore[arg-type]


def test_other_real_numbers_are_accepted() -> None:
    assert Value(True).data == 1.0
    assert Value(Fraction(1, 4)).data == 0.25


def test_huge_int_overflow_is_named() -> None:
    with pytest.raises(OverflowError, match="too large"):
        Value(10**400)


def test_operand_of_wrong_type() -> None:
    x = Value(1.0)
    with pytest.raises(TypeError, match="cannot combine a Value with str '3'"):
        x + "3"  # type: ignore[operator]


@pytest.mark.parametrize(
    ("make", "error", "words"),
    [
        (lambda v: v.log(), ValueError, r"log failed on log\(v\) with v = 0.0"),
        # an unlabelled operand is named by its expression, never by a made-up "a"
        (lambda v: (v - 1).log(), ValueError, r"log failed on log\(v - 1\) with v - 1 = -1.0"),
        (lambda v: 1 / v, ZeroDivisionError, r"div failed on 1 / v with v = 0.0"),
        (lambda v: v**-1, ZeroDivisionError, r"pow failed on v \*\* -1 with v = 0.0"),
        (lambda v: (v - 2) ** 0.5, ValueError, r"pow .* with v - 2 = -2.0: a negative"),
    ],
)
def test_domain_errors_name_op_operands_and_labels(make, error, words) -> None:  # type: ignore[no-untyped-def]
    v = Value(0.0, "v")
    with pytest.raises(error, match=words):
        make(v)


def test_overflow_names_the_op() -> None:
    with pytest.raises(OverflowError, match=r"exp failed on exp\(z\) with z = 1000.0"):
        Value(1000.0, "z").exp()
    with pytest.raises(OverflowError, match=r"mul overflowed: p \* q"):
        Value(1e200, "p") * Value(1e200, "q")


def test_a_failed_op_changes_nothing() -> None:
    x = Value(-1.0, "x")
    y = x * 2
    with pytest.raises(ValueError):
        y.log()
    assert (x.data, y.data) == (-1.0, -2.0)
    assert topological_order(y) == [x, y.parents[1], y] or set(topological_order(y)) == {
        x,
        y.parents[1],
        y,
    }
    assert not x.has_grad and not y.has_grad


def test_value_exponent_with_a_negative_base() -> None:
    """(-2) ** n is 4 for n = 2, but d/dn a**n = a**n ln a has no real value:
    NaN, as in PyTorch, and detect_anomaly names it."""
    x, n = Value(-2.0, "x"), Value(2.0, "n")
    y = x**n
    assert y.data == 4.0
    assert y.local_grads[0] == -4.0 and math.isnan(y.local_grads[1])
    with detect_anomaly(), pytest.raises(FloatingPointError, match=r"pow gave x \*\* n = 4.0"):
        x**n


def test_diverging_local_derivatives_are_infinite_not_errors() -> None:
    """sqrt(0) = 0 has slope +inf; 1e-200 ** -1 has slope -1e400 = -inf."""
    root = Value(0.0) ** 0.5
    assert (root.data, root.local_grads) == (0.0, (math.inf,))
    big = Value(1e-200) ** -1
    assert (big.data, big.local_grads) == (1e200, (-math.inf,))
    zero = 0 ** Value(2.0)
    assert (zero.data, zero.local_grads) == (0.0, (0.0, 0.0))


def test_detect_anomaly_names_the_first_bad_op() -> None:
    inf = Value(float("inf"), "big")
    with detect_anomaly(), pytest.raises(FloatingPointError, match=r"sub gave big - big = nan"):
        inf - inf
    # Outside the context the same op is allowed (NaN propagates as in IEEE arithmetic).
    assert (inf - inf).data != (inf - inf).data


def test_detect_anomaly_checks_backward() -> None:
    x = Value(0.0, "x")
    y = x.relu() * Value(float("inf"), "scale")
    with detect_anomaly(), pytest.raises(FloatingPointError):
        y.backward()


def test_none_as_an_operand_is_refused_by_name() -> None:
    refused = "cannot combine a Value with NoneType None"
    with pytest.raises(TypeError, match=refused):
        Value(1.0) + None  # type: ignore[operator]
    with pytest.raises(TypeError, match=refused):
        Value(1.0) * None  # type: ignore[operator]
    with pytest.raises(TypeError, match=refused):
        None - Value(1.0)  # type: ignore[operator]


def test_int_data_set_by_the_user_still_works() -> None:
    x = Value(0.5)
    x.data = 2  # e.g. new data for a Tape
    assert x.sigmoid().data == pytest.approx(0.8807970779778823)
    assert x.exp().data == pytest.approx(math.exp(2))
    x.data = -8
    with pytest.raises(ValueError, match="a negative base needs an integer exponent"):
        x ** (1 / 3)


def test_infinite_and_nan_exponents() -> None:
    assert (Value(0.5) ** math.inf).data == 0.0
    assert math.isnan((Value(2.0) ** math.nan).data)
    with pytest.raises(OverflowError, match=r"pow overflowed: 2 \*\* inf"):
        Value(2.0) ** math.inf


def test_overflow_in_pow_says_so_in_words() -> None:
    with pytest.raises(OverflowError, match="too large for a float"):
        Value(10.0) ** 400


def test_relu_passes_nan_through_for_detect_anomaly() -> None:
    assert math.isnan(Value(math.nan).relu().data)
    with detect_anomaly(), pytest.raises(FloatingPointError):
        Value(math.nan, "bad").relu()


def test_detect_anomaly_in_backward_leaves_the_leaves_as_they_were() -> None:
    x = Value(1.0, "x")
    x.grad = 5.0
    y = x * math.inf
    with detect_anomaly(), pytest.raises(FloatingPointError):
        y.backward()
    assert x.grad == 5.0
