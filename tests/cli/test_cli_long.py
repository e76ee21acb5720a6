"""Long expressions: ``backprop expr`` output grows linearly with the input, and a long
output says what it left out. Measured as a ratio against the linear bound (a
2,900-term sum used to print 225 MB)."""

from __future__ import annotations

import json

import pytest

from autograd.cli.commands import BUDGET_BASE, BUDGET_PER_CHARACTER
from autograd.cli.main import main

VALUES = [f"x{i}={i}" for i in range(10)] + ["y=2"]


def flat_sum(terms: int) -> str:
    return " + ".join(f"x{i % 10}*y" for i in range(terms))


def output_of(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(args) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_the_output_of_a_long_sum_is_linear_in_its_length(
    fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    sizes = {}
    for terms in (300, 3_000):
        text = flat_sum(terms)
        out = output_of(["expr", text, *VALUES, "--format", fmt], capsys)
        sizes[terms] = len(out)
        assert len(out) <= 2 * (BUDGET_BASE + BUDGET_PER_CHARACTER * len(text))
    assert sizes[3_000] / sizes[300] < 20, sizes  # 10 for linear; quadratic gave ~100


def test_what_a_long_output_leaves_out_is_said(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(output_of(["expr", flat_sum(3_000), *VALUES, "--format", "json"], capsys))
    assert {g["name"] for g in data["gradients"]} == {f"x{i}" for i in range(10)} | {"y"}
    assert data["gradients"][-1]["grad"] == sum(i % 10 for i in range(3_000))
    traced = {t["wrt"] for t in data["traces"]}
    assert 1 <= len(traced) < 11
    [note] = data["notes"]
    assert "is not shown" in note and "--wrt" in note
    assert all(name in note for name in ({f"x{i}" for i in range(10)} | {"y"}) - traced)


def test_a_short_expression_is_shown_whole(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(output_of(["expr", "x*y + x", "x=1", "y=2", "--format", "json"], capsys))
    assert data["notes"] == [] and len(data["traces"]) == 2
    assert all(not t["truncated"] for t in data["traces"])
