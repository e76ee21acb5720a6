"""Bad input raises a clear exception and leaves nothing half-built."""

from __future__ import annotations

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
    assert Value(Fraction(1, 4)).data == 0.25  # type: ignore[arg-type]


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
        (lambda v: (v - 1).log(), ValueError, r"log failed .* a = -1.0"),
        (lambda v: 1 / v, ZeroDivisionError, r"div failed on a / v with a = 1.0, v = 0.0"),
        (lambda v: v**-1, ZeroDivisionError, r"pow failed on v \*\* -1 with v = 0.0"),
        (lambda v: (v - 2) ** 0.5, ValueError, r"pow .* a = -2.0: a negative base"),
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


def test_value_exponent_needs_positive_base() -> None:
    with pytest.raises(ValueError, match="pow failed"):
        Value(-2.0, "x") ** Value(2.0, "n")


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
