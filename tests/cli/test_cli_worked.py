"""``backprop example NAME`` prints its document's whole worked example.

Run in process (``main``) with the drawings written to a temporary folder. The
numbers asserted are seed 003's, printed by default to its 9 significant digits;
where the document's number slips, the output shows the right value and a note.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from autograd.cli.main import main


def run(*args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(list(args)) == 0
    return out.getvalue()


@pytest.fixture(scope="module")
def mazur(tmp_path_factory: pytest.TempPathFactory) -> str:
    return run("example", "mazur", "--out", str(tmp_path_factory.mktemp("out")))


def test_the_forward_pass_with_numbers(mazur: str) -> None:
    for line in (
        "net_h1 = w1*i1 + w2*i2 + b1*1 = 0.15*0.05 + 0.2*0.1 + 0.35*1 = 0.3775",
        "out_h1 = 1/(1 + e^-net_h1) = 1/(1 + e^-0.3775) = 0.593269992   [document: 0.593269992]",
        "E_o1 = 1/2 (target_o1 - out_o1)^2 = 1/2 (0.01 - 0.751365070)^2 = 0.274811083",
        "E_total = E_o1 + E_o2 = 0.274811083 + 0.0235600256 = 0.298371109",
    ):
        assert line in mazur, line
    assert "E_total = 0.298371109\n" in mazur  # 9 digits, as the document prints


def test_the_backward_numbers_and_the_updates(mazur: str) -> None:
    assert (
        "dE_total/dw5 = dE_total/dout_o1 * dout_o1/dnet_o1 * dnet_o1/dw5 = "
        "0.741365070 * 0.186815602 * 0.593269992 = 0.0821670406   [document: 0.082167041]"
    ) in mazur
    for updated, document in (
        ("w5+", "0.35891648"),
        ("w6+", "0.408666186"),
        ("w7+", "0.511301270"),
        ("w8+", "0.561370121"),
        ("w1+", "0.149780716"),
        ("w2+", "0.19956143"),
        ("w3+", "0.24975114"),
        ("w4+", "0.29950229"),
    ):
        line = next(x for x in mazur.splitlines() if x.strip().startswith(f"{updated} = "))
        assert line.endswith(f"[document: {document}]"), line


def test_the_errors_after_the_updates_and_the_slips(mazur: str) -> None:
    assert "E_total after 1 update = 0.291027774\n" in mazur
    assert "the document prints 0.291037924: a typo" in mazur
    assert "E_total after 10,000 updates = 3.51018778e-05\n" in mazur
    assert "E_total after 9,999 updates = 3.51085481e-05   [document: 0.0000351085]" in mazur
    # the dropped zero, next to the right value
    assert "= 0.0363503064\n      the document prints 0.36350306: a zero" in mazur
    assert "[3, 8]" in mazur  # the Hadamard product's slip, among the notes


def test_digits_overrides_the_documents_precision(tmp_path: Path) -> None:
    text = run("example", "mazur", "--digits", "4", "--out", str(tmp_path))
    assert "E_total = 0.2984\n" in text
    assert "w5+ = w5 - η*dE_total/dw5 = 0.4 - 0.5*0.08217 = 0.3589   [document: 0.35891648]" in text


def test_json_carries_the_worked_example(tmp_path: Path) -> None:
    data = json.loads(run("example", "mazur", "--format", "json", "--out", str(tmp_path)))
    steps = {s["symbol"]: s for sec in data["worked"]["sections"] for s in sec["steps"]}
    assert steps["E_total"]["document"] == "0.298371109" and steps["E_total"]["agrees"]
    assert steps["dE_total/dout_h1"]["agrees"] is False and steps["dE_total/dout_h1"]["note"]


@pytest.mark.parametrize(
    ("name", "equation"),
    [
        ("punnen", "(A) dC/dw^2 = a^1 * σ'(z^2) * (a^2 - y) = 0.62245933 * 0.24581537 * "),
        ("punnen", "dC/da^1 = dC/da^2 * da^2/da^1 = 0.36468875 * 0.22123383 = 0.080681488"),
        ("slides", "dε/dw1 = dε1/dw1 + dε2/dw1 = (-0.0033211247) + 0.010815001 = 0.0074938768"),
    ],
)
def test_other_documents_print_their_equations(name: str, equation: str, tmp_path: Path) -> None:
    assert equation in run("example", name, "--out", str(tmp_path))
