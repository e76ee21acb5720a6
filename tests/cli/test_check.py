"""check(): a learner's formula for a gradient, judged as a function, with feedback per factor."""

from __future__ import annotations

import contextlib
import subprocess
import sys

import pytest

from autograd import Value, check, topological_order
from autograd.cli.check import CheckError, identifier
from autograd.cli.main import main
from nn.documents.examples import example

W5 = "(out_o1 - 0.01) * out_o1 * (1 - out_o1) * out_h1"  # Mazur's dE_total/dw5
# dE_total/dw1 over both outputs (Mazur's sum of dE_o1/dout_h1 and dE_o2/dout_h1).
W1 = (
    "((out_o1 - 0.01) * out_o1 * (1 - out_o1) * w5 + (out_o2 - 0.99) * out_o2 * (1 - out_o2) * w7)"
    " * out_h1 * (1 - out_h1) * i1"
)


@pytest.fixture
def mazur() -> tuple[Value, dict[str, Value]]:
    ex = example("mazur")
    loss = ex.loss()
    loss.backward()
    return loss, {v.label: v for v in topological_order(loss) if v.label is not None}


def snapshot(root: Value) -> list[tuple[float, float, float, object]]:
    return [(v.data, v._da, v._db, v._grad) for v in topological_order(root)]


def test_the_documents_formulas_are_right(mazur: tuple[Value, dict[str, Value]]) -> None:
    loss, v = mazur
    result = check(loss, v["w5"], W5)
    assert result.correct and result.expected == pytest.approx(0.082167041, abs=1e-9)
    assert check(loss, v["w1"], W1).correct


def test_a_rearrangement_is_right(mazur: tuple[Value, dict[str, Value]]) -> None:
    loss, v = mazur
    assert check(loss, v["w5"], "out_h1 * out_o1 * (out_o1 - 0.01) * (1 - out_o1)").correct
    assert check(loss, v["w5"], "-(0.01 - out_o1) * (out_o1 - out_o1 ** 2) * out_h1").correct


def test_a_dropped_factor_is_named(mazur: tuple[Value, dict[str, Value]]) -> None:
    loss, v = mazur
    result = check(loss, v["w5"], "(out_o1 - 0.01) * out_h1")
    assert not result.correct
    assert "missing: ∂out_o1/∂net_o1 = out_o1(1 - out_o1)" in str(result)
    assert "out_h1 is ∂net_o1/∂w5 ✓" in str(result)


def test_sigma_for_its_derivative_is_named(mazur: tuple[Value, dict[str, Value]]) -> None:
    loss, v = mazur
    result = check(loss, v["w5"], "(out_o1 - 0.01) * out_o1 * out_h1")
    assert "out_o1 should be out_o1(1 - out_o1), that is ∂out_o1/∂net_o1" in str(result)


def test_a_flipped_sign_is_said(mazur: tuple[Value, dict[str, Value]]) -> None:
    loss, v = mazur
    result = check(loss, v["w5"], "(0.01 - out_o1) * out_o1 * (1 - out_o1) * out_h1")
    assert not result.correct and "the sign is flipped" in str(result)


def test_a_forgotten_path_is_said(mazur: tuple[Value, dict[str, Value]]) -> None:
    loss, v = mazur
    one_path = "(out_o1 - 0.01) * out_o1 * (1 - out_o1) * w5 * out_h1 * (1 - out_h1) * i1"
    result = check(loss, v["w1"], one_path)
    assert not result.correct
    assert "through 2 paths" in str(result) and "out_o2" in str(result)


def test_a_right_number_at_one_point_is_not_a_formula(
    mazur: tuple[Value, dict[str, Value]],
) -> None:
    """A formula that equals the gradient here but not as a function is wrong."""
    loss, v = mazur
    coincidence = f"{v['w5'].grad!r} * out_h1 / out_h1"
    result = check(loss, v["w5"], coincidence)
    assert not result.correct and "not at other values" in str(result)


def test_numeric_answers_and_their_digits(mazur: tuple[Value, dict[str, Value]]) -> None:
    loss, v = mazur
    three = check(loss, v["w5"], "0.0822")
    assert three.correct and three.digits == 3 and "to 3 digits" in str(three)
    assert not check(loss, v["w5"], "0.0822", rtol=1e-6).correct
    wrong = check(loss, v["w5"], 0.08)
    assert not wrong.correct and wrong.digits == 1


def test_a_check_changes_nothing_of_the_graph(mazur: tuple[Value, dict[str, Value]]) -> None:
    loss, v = mazur
    before = snapshot(loss)
    for answer in (W5, "(out_o1 - 0.01) * out_h1", "0.08", "log(-out_o1)"):
        with contextlib.suppress(CheckError):
            check(loss, v["w5"], answer)
    assert snapshot(loss) == before


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        ("w9 * out_h1", "w9: not a name in the graph of E_total"),
        ("out_o1 +", "syntax error"),
        ("__import__('os').system('true')", "not allowed"),
        ("out_h1.real", "attribute access"),
        ("out_h1 ** 1e308 ** 10", "too large"),
        ("(" * 5000 + "out_h1" + ")" * 5000, "nested"),
        ("log(-out_h1)", "outside the function's domain"),
    ],
)
def test_bad_answers_are_refused_by_name(
    mazur: tuple[Value, dict[str, Value]], answer: str, words: str
) -> None:
    loss, v = mazur
    with pytest.raises(CheckError, match=words.replace("(", r"\(")):
        check(loss, v["w5"], answer)


def test_labels_that_are_not_identifiers_are_typed_plainly() -> None:
    assert identifier("w^2_11") == "w2_11"
    assert identifier("y_hat[2]") == "y_hat_2"
    assert identifier("out_o1") == "out_o1"
    ex = example("punnen")
    loss = ex.loss()
    loss.backward()
    w2 = next(v for v in topological_order(loss) if v.label == "w^2")
    assert check(loss, w2, "a1 * a2 * (1 - a2) * (a2 - 0.2)").correct


def test_the_command_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "mazur", "--wrt", "w5", W5]) == 0
    assert main(["check", "mazur", "--wrt", "w5", "(out_o1 - 0.01) * out_h1"]) == 1
    assert "missing" in capsys.readouterr().out
    assert main(["check", "mazur", "--wrt", "w5", "out_o1 +"]) == 2
    assert "column" in capsys.readouterr().err
    assert main(["check", "mazur", "--wrt", "nope", "1"]) == 2
    assert main(["check", "nope", "--wrt", "w5", "1"]) == 2
    # an answer may start with a minus sign
    assert (
        main(["check", "mazur", "--wrt", "w5", "-(0.01 - out_o1) * out_o1 * (1 - out_o1) * out_h1"])
        == 0
    )


def test_the_command_runs_as_a_program() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "autograd.cli.main", "check", "mazur", "--wrt", "w5", "0.0822"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and "agrees" in done.stdout


def test_a_missing_constant_factor_is_named() -> None:
    """Geoscience's (65) averages over m = 3 samples: forgetting 1/m is said as such."""
    from autograd.cli.check import identifier

    ex = example("geoscience")
    cost = ex.loss()
    cost.backward()
    names = {identifier(v.label): v for v in topological_order(cost) if v.label}
    summed = "σ_h1_1*(ŷ_1 - y_1) + σ_h1_2*(ŷ_2 - y_2) + σ_h1_3*(ŷ_3 - y_3)"
    assert check(cost, names["w_2_11"], f"({summed}) / m").correct
    result = check(cost, names["w_2_11"], summed)
    assert "3 times the gradient: a factor 1/3 (1/m, m = 3?) is missing" in str(result)
