"""Error messages of ``backprop expr`` point at the user's own words, in a bounded window."""

from __future__ import annotations

import pytest

from autograd.cli.expr import ExpressionError, parse
from autograd.cli.main import main


def refusal(text: str) -> ExpressionError:
    with pytest.raises(ExpressionError) as caught:
        parse(text)
    return caught.value


def caret_under(error: ExpressionError) -> str:
    shown, caret = error.pointer().splitlines()
    return shown[caret.index("^")]


@pytest.mark.parametrize(
    ("text", "power"), [("x^2", "x**2"), ("(x + 1) ^ y", "(x + 1)**y"), ("2*x ^ 3", "(2*x)**3")]
)
def test_a_caret_power_is_pointed_at_and_written_as_python_writes_it(text: str, power: str) -> None:
    error = refusal(text)
    assert caret_under(error) == "^"
    assert f"a power is written ** in Python: {power}" in str(error)


@pytest.mark.parametrize(
    ("text", "product"), [("2x", "2*x"), ("3*y + 2x", "2*x"), ("1.5e3y", "1.5e3*y")]
)
def test_a_number_before_a_name_suggests_the_product(text: str, product: str) -> None:
    assert f"write {product} to multiply" in str(refusal(text))


def test_an_unlabelled_operand_is_named_by_its_expression() -> None:
    with pytest.raises(ExpressionError) as caught:
        parse("log(q - 1) * w").evaluate({"q": -1.0, "w": 2.0})
    message = str(caught.value)
    assert "log(q - 1) with q - 1 = -2.0" in message and "log(a)" not in message
    out = parse("log(q - 1) * w").evaluate({"q": 3.0, "w": 2.0})
    assert all(p.label in (None, "w") for p in out.parents)  # the temporary names are gone


def test_an_error_in_a_long_expression_shows_a_window_around_its_column() -> None:
    text = "x + " * 25_000 + "x.y + " + "x + " * 25_000 + "x"
    error = refusal(text)
    pointer = error.pointer()
    assert len(pointer) < 200
    shown, caret = pointer.splitlines()
    assert shown[caret.index("^") :].startswith("x.y")  # the caret under the x of x.y
    assert shown.startswith("  …") and shown.endswith("…")
    assert len(str(error)) < 300


def test_wrt_accepts_a_name_as_python_reads_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["expr", "µ * 2", "µ=1.5", "--wrt", "µ"]) == 0  # micro sign, read as mu
    assert "df/dμ = " in capsys.readouterr().out
