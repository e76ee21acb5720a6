"""nn.documents.worked: each document's equations, with numbers, agree with the engine.

Two checks for every step of every document: the equation's numbers, read
back by the project's safe expression parser, evaluate to the step's value
(so the printed arithmetic is true), and for seed 003 every number the
document prints is the engine's, except the slips, each of which carries a
note and is asserted here at its right value.
"""

from __future__ import annotations

import math
import re

import pytest

from autograd.cli.expr import parse
from nn.documents.equations import Step
from nn.documents.examples import EXAMPLES
from nn.documents.worked import worked


def arithmetic(step: Step) -> str:
    """The step's numbers as text the safe parser reads: σ as sigmoid, e^-x as exp(-x),
    ^ as **, and juxtaposed factors such as 0.75(1 - 0.75) as products."""
    text = step.numbers.format(*(f"({x!r})" for x in step.operands))
    text = text.replace("σ(", "sigmoid(").replace("^", "**")
    text = re.sub(r"e\*\*-(\([^()]*\))", r"exp(-\1)", text)
    text = text.replace(")(", ")*(").replace("1/2 (", "1/2*(")
    return text


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_every_equations_numbers_give_its_value(name: str) -> None:
    steps = [s for s in worked(name).steps() if s.numbers]
    assert steps
    for s in steps:
        value = parse(arithmetic(s)).evaluate({}).data
        assert value == pytest.approx(s.value, rel=1e-12, abs=1e-15), (s.symbol, arithmetic(s))


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_every_step_is_named_and_finite(name: str) -> None:
    found = worked(name)
    assert found.source and found.derives and found.sections
    for s in found.steps():
        assert s.symbol and math.isfinite(s.value)


def test_mazur_prints_every_number_of_the_document() -> None:
    found = worked("mazur")
    printed = [s for s in found.steps() if s.document is not None]
    symbols = [s.symbol for s in printed]
    # The forward pass, the backward numbers, the eight updated weights, the errors after.
    for expected in (
        "net_h1",
        "out_h1",
        "net_h2",
        "out_h2",
        "net_o1",
        "out_o1",
        "net_o2",
        "out_o2",
        "E_o1",
        "E_o2",
        "E_total",
        "dE_total/dout_o1",
        "dout_o1/dnet_o1",
        "dnet_o1/dw5",
        "dE_total/dw5",
        "dE_o1/dnet_o1",
        "dE_o1/dout_h1",
        "dE_o2/dout_h1",
        "dE_total/dout_h1",
        "dout_h1/dnet_h1",
        "dE_total/dw1",
        "E_total after 1 update",
        "E_total after 10,000 updates",
    ):
        assert expected in symbols, expected
    assert [s for s in symbols if s.endswith("+")] == [f"w{i}+" for i in (5, 6, 7, 8, 1, 2, 3, 4)]
    # The document's slips: exactly these differ from the engine, and each says why.
    slips = {s.symbol for s in printed if not s.agrees}
    assert slips == {
        "net_o2",
        "dE_o2/dout_h1",
        "dE_total/dout_h1",
        "E_total after 1 update",
        "E_total after 10,000 updates",
    }
    assert all(s.note for s in printed if not s.agrees)


def test_mazur_slips_at_their_right_values() -> None:
    found = worked("mazur")
    # net_o2: the document's 1.2249214039 is the sum of outputs already rounded; exact ...041.
    assert round(found.step("net_o2").value, 10) == 1.2249214041
    # dE_total/dout_h1: printed 0.36350306, a dropped zero.
    assert round(found.step("dE_total/dout_h1").value, 9) == 0.036350306
    # dE_o2/dout_h1: printed -0.019049119; exactly -0.0190491183 (a double rounding).
    assert round(found.step("dE_o2/dout_h1").value, 10) == -0.0190491183
    # w5+: the document writes 0.5 - 0.5*0.082167041 (w5 taken as 0.5); w5 is 0.40.
    w5 = found.step("w5+")
    assert w5.operands[0] == 0.4 and "0.40" in w5.note and w5.agrees
    # The error after one update of w1..w8: 0.291027774, not the printed 0.291037924.
    assert round(found.step("E_total after 1 update").value, 9) == 0.291027774
    # "10,0000 times": after 10,000 updates the error is 3.51018778e-05; the printed
    # 0.0000351085 is the error after 9,999.
    assert round(found.step("E_total after 10,000 updates").value, 13) == 3.51018778e-05
    assert found.step("E_total after 9,999 updates").agrees


def test_mazur_notation_slips_are_listed() -> None:
    remarks = "\n".join(worked("mazur").remarks)
    # Hadamard product: [1, 2] ⊙ [3, 4] is [3, 8], not the printed [3, 4].
    assert "[3, 8]" in remarks
    assert [1 * 3, 2 * 4] == [3, 8]
    for slip in ("w_i", "∂net_o1/∂w5", "δ^l", "σ'(z^l)", "w3 is w2", "10,000"):
        assert slip in remarks, slip


def test_punnen_chain_for_da1() -> None:
    # ∂C/∂a^1 = ∂C/∂a^2 · ∂a^2/∂a^1, (2.3.1) times (2.3.2), is the engine's a^1.grad.
    found = worked("punnen")
    product = found.step("(2.3.1) dC/da^2").value * found.step("(2.3.2) da^2/da^1").value
    assert found.step("dC/da^1").value == pytest.approx(product, rel=1e-12)
