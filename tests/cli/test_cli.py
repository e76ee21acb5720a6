"""The ``backprop`` command end to end, run as ``python -m nn`` in a subprocess."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from autograd import topological_order
from autograd.cli.main import build_parser, main

MAZUR_H1 = ["x1=0.05", "x2=0.1", "w1=0.15", "w2=0.2", "b=0.35"]
SIGMOID_NEURON = "sigmoid(w1*x1 + w2*x2 + b)"


def backprop(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nn", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        check=False,
    )


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


# -- backprop expr ----------------------------------------------------------------------------


def test_expr_prints_value_gradients_and_the_trace() -> None:
    run = backprop("expr", SIGMOID_NEURON, *MAZUR_H1, "--wrt", "w1")
    assert run.returncode == 0, run.stderr
    out_h1 = sigmoid(0.15 * 0.05 + 0.2 * 0.1 + 0.35)  # seed 003: 0.593269992
    slope = out_h1 * (1 - out_h1)
    assert f"f = {SIGMOID_NEURON} = {out_h1:.8g}" in run.stdout
    rows = {line.split()[0]: line.split()[1:] for line in run.stdout.splitlines()[3:8]}
    assert float(rows["w1"][1]) == pytest.approx(slope * 0.05, rel=1e-7)
    assert float(rows["b"][1]) == pytest.approx(slope, rel=1e-7)
    assert float(rows["x2"][0]) == 0.1
    assert "df/dw1 = " in run.stdout and f"= {slope * 0.05:.8g}" in run.stdout
    assert "df/dw2 = " not in run.stdout  # only the --wrt variable is traced
    assert run.stderr == ""


def test_expr_json_has_every_gradient_and_a_trace_per_variable() -> None:
    run = backprop("expr", "x*x*y + exp(x)", "x=0.5", "y=2", "--format", "json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["output"]["value"] == pytest.approx(0.5 * 0.5 * 2 + math.exp(0.5))
    grads = {g["name"]: g["grad"] for g in data["gradients"]}
    assert grads["x"] == pytest.approx(2 * 0.5 * 2 + math.exp(0.5))  # 2xy + e^x
    assert grads["y"] == pytest.approx(0.25)  # x^2
    assert [t["wrt"] for t in data["traces"]] == ["x", "y"]  # default: every variable
    assert data["traces"][0]["value"] == pytest.approx(grads["x"])
    assert data["files"] == []


def test_expr_markdown_and_digits() -> None:
    run = backprop("expr", "x / 3", "x=1", "--format", "markdown", "--digits", "3")
    assert run.returncode == 0, run.stderr
    assert "`f = x / 3 = 0.333`" in run.stdout
    assert "| x | 1" in run.stdout and "0.333" in run.stdout


def test_expr_draws_when_out_is_given(tmp_path: Path) -> None:
    run = backprop("expr", SIGMOID_NEURON, *MAZUR_H1, "--wrt", "w1", "--out", str(tmp_path))
    assert run.returncode == 0, run.stderr
    for name in ("expr-op-view.svg", "expr-named-view.svg"):
        svg = tmp_path / name
        assert svg.name in run.stdout
        ET.parse(svg)  # well-formed XML
        assert "w1" in svg.read_text()
    html = tmp_path / "expr-backward.html"
    assert html.stat().st_size > 0 and "<html" in html.read_text().lower()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["x.real * 2", "x=1"], "attribute access (x.real) is not allowed at column 1"),
        (["__import__('os')"], "call to __import__"),
        (["open(x)", "x=1"], "the functions are exp, log, tanh, sigmoid, relu"),
        (["sum([x for x in y])", "y=1"], "call to sum"),
        (["tanh([x for x in y])", "y=1"], "list comprehension"),
        (["(lambda: x)()", "x=1"], "call ((lambda: x)()) is not allowed"),
        (["exp(lambda: 1)"], "lambda (lambda: 1) is not allowed at column 5"),
        (["x[0]", "x=1"], "subscript (x[0]) is not allowed"),
        (["x if x > 0 else 0", "x=1"], "conditional expression"),
        (["x ** 2 > 1", "x=1"], "comparison"),
        (["x // 2", "x=1"], "operator //"),
        (["sigmoid(w1*x1 + )", *MAZUR_H1], "syntax error: invalid syntax at column 17"),
        (["2x", "x=1"], "invalid decimal literal"),
        (["", "x=1"], "the expression is empty"),
        (["w*x", "w=1"], "missing value for x"),
        (["w*x", "w=1", "x=2", "z=3"], "z is not in the expression"),
        (["w*x", "w=1", "x=0.5.1"], "the value of x must be a number"),
        (["w*x", "w=1", "x=nan"], "must be a finite number"),
        (["w*x", "w=1", "x"], "bad assignment 'x': expected NAME=VALUE"),
        (["w*x", "w=1", "2=x"], "bad assignment '2=x'"),
        (["w*x", "w=1", "w=2", "x=1"], "w is given twice"),
        (["w*x", "w=1", "x=1", "--wrt", "z"], "--wrt z: not a variable"),
        (["log(x - 1)", "x=0.5"], "'log(x - 1)' cannot be evaluated"),
    ],
)
def test_bad_input_exits_2_with_a_message_and_no_traceback(args: list[str], words: str) -> None:
    run = backprop("expr", *args)
    assert run.returncode == 2
    assert words in run.stderr
    assert "Traceback" not in run.stderr
    assert run.stdout == ""


def test_syntax_error_points_at_the_column() -> None:
    run = backprop("expr", "x +* y", "x=1", "y=2")
    assert run.returncode == 2
    text, caret = run.stderr.splitlines()[-2:]
    assert text.strip() == "x +* y"
    assert caret.index("^") == text.index("*")


def test_bad_input_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "figures"
    run = backprop("expr", "x.y", "x=1", "--out", str(out))
    assert run.returncode == 2 and not out.exists()


# -- backprop example -------------------------------------------------------------------------


def test_example_traces_every_weight_of_seed_003_and_writes_the_files(tmp_path: Path) -> None:
    pytest.importorskip("nn.documents.examples")
    run = backprop("example", "--out", str(tmp_path))
    assert run.returncode == 0, run.stderr
    # Seed 003: E_total = 0.298371109; dE/dw5 = 0.082167041, dE/dw1 = 0.000438568, printed
    # to the document's 9 significant digits by default.
    assert "E_total = 0.298371109\n" in run.stdout
    assert "0.0821670406" in run.stdout and "0.000438567734" in run.stdout
    for w in ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8"):
        assert f"/d{w} = " in run.stdout
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == [
        "mazur-backward.html",
        "mazur-named-view.svg",
        "mazur-network-view.svg",
        "mazur-op-view.svg",
    ]
    for svg in tmp_path.glob("*.svg"):
        ET.parse(svg)
        assert str(svg) in run.stdout
    assert "w₅" in (tmp_path / "mazur-network-view.svg").read_text()


@pytest.mark.parametrize("name", ["punnen", "slides"])
def test_other_examples_write_all_four_files(name: str, tmp_path: Path) -> None:
    # geoscience (109 nodes) and wang (227) take 3 s and 13 s: checked by size below instead.
    pytest.importorskip("nn.documents.examples")
    run = backprop("example", name, "--out", str(tmp_path))
    assert run.returncode == 0, run.stderr
    assert "skipped" not in run.stderr
    suffixes = ["backward.html", "named-view.svg", "network-view.svg", "op-view.svg"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{name}-{s}" for s in suffixes]


def test_default_max_nodes_draws_every_example() -> None:
    examples = pytest.importorskip("nn.documents.examples")
    default = build_parser().parse_args(["example"]).max_nodes
    for name in examples.EXAMPLES:
        assert len(topological_order(examples.example(name).loss())) <= default, name


def test_example_json_and_list(tmp_path: Path) -> None:
    examples = pytest.importorskip("nn.documents.examples")
    run = backprop("example", "--format", "json", "--out", str(tmp_path))
    listing = backprop("example", "--list")
    assert listing.returncode == 0
    for name in examples.EXAMPLES:
        assert name in listing.stdout
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["output"]["value"] == pytest.approx(0.298371109, abs=1e-9)
    grads = {g["name"]: g["grad"] for g in data["gradients"]}
    assert grads["w5"] == pytest.approx(0.082167041, abs=1e-9)
    assert len(data["traces"]) == len(data["gradients"])
    assert len(data["files"]) == 4


def test_example_full_markdown_and_a_size_limit(tmp_path: Path) -> None:
    pytest.importorskip("nn.documents.examples")
    brief = backprop("example", "--out", str(tmp_path / "a"), "--format", "markdown")
    assert brief.returncode == 0, brief.stderr
    w5_row = next(line for line in brief.stdout.splitlines() if line.startswith("| w5 "))
    assert "`dE_total/dw5 = " in w5_row and w5_row.rstrip(" |`").endswith("0.0821670406")
    assert "local derivatives:" not in brief.stdout and "path 2" not in brief.stdout
    full = backprop("example", "--full", "--max-nodes", "30", "--out", str(tmp_path / "b"))
    assert full.returncode == 0, full.stderr  # a drawing over the limit is skipped, not an error
    assert "path 2: " in full.stdout and "local derivatives:" in full.stdout
    assert "skipped " in full.stderr and "mazur-op-view.svg" in full.stderr
    assert "--max-nodes 30" in full.stderr
    written = {p.name for p in (tmp_path / "b").iterdir()}
    assert "mazur-op-view.svg" not in written and "mazur-network-view.svg" in written


def test_unknown_example_lists_the_names() -> None:
    pytest.importorskip("nn.documents.examples")
    run = backprop("example", "nosuch")
    assert run.returncode == 2
    assert "unknown example 'nosuch'" in run.stderr and "mazur" in run.stderr


# -- help and version (in process: argparse only) ---------------------------------------------


def test_help_reads_well(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    text = capsys.readouterr().out
    assert "backprop example" in text and "backprop expr" in text
    assert main(["expr", "--help"]) == 0
    assert "NAME=VALUE" in capsys.readouterr().out


def test_version_and_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("backprop ")
    assert main([]) == 2
    assert "required" in capsys.readouterr().err
    assert main(["expr", "x", "x=1", "--format", "yaml"]) == 2
    assert main(["example", "--digits", "0"]) == 2


def test_an_expression_may_start_with_a_minus(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["expr", "-x*y", "x=1.5", "y=2", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["output"]["value"] == -3.0
    assert {g["name"]: g["grad"] for g in data["gradients"]} == {"x": -2.0, "y": -1.5}
    assert main(["expr", "--digits=3", "x / 3", "x=1"]) == 0
    assert "f = x / 3 = 0.333" in capsys.readouterr().out


def test_the_console_script_is_installed_and_runs(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "backprop"
    if not script.exists():
        pytest.skip("the backprop console script is not installed in this environment")
    run = subprocess.run(
        [str(script), "expr", "tanh(w*x)", "w=0.5", "x=2", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    grads = {g["name"]: g["grad"] for g in json.loads(run.stdout)["gradients"]}
    assert grads["w"] == pytest.approx(2 * (1 - math.tanh(1.0) ** 2))  # x (1 - tanh^2(wx))


def test_expr_options_may_come_before_or_between_the_values(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["expr", "x*y", "--wrt", "x", "x=1", "y=2"]) == 0
    assert "f = x*y = 2" in capsys.readouterr().out
    assert main(["expr", "--digits", "3", "-x*y", "x=1", "y=2"]) == 0
    assert "f = -x*y = -2" in capsys.readouterr().out
    # No abbreviations: --form is not --format, and is reported, not taken as the expression.
    assert main(["expr", "--form", "json", "x*y", "x=1", "y=2"]) == 2
    assert "unrecognized arguments: --form" in capsys.readouterr().err


def test_expr_json_stays_valid_with_infinite_gradients(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["expr", "1/x", "x=1e-200", "--format", "json"]) == 0

    def refuse(constant: str) -> object:
        raise AssertionError(f"not JSON: {constant}")

    data = json.loads(capsys.readouterr().out, parse_constant=refuse)
    assert data["gradients"] == [{"name": "x", "value": 1e-200, "grad": "-inf"}]


def test_expr_repeated_wrt_traces_once(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["expr", "x*y", "x=1", "y=2", "--wrt", "x", "--wrt", "x"]) == 0
    assert capsys.readouterr().out.count("df/dx = 2") == 1
