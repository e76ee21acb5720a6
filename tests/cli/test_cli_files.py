"""The files ``backprop`` writes: never through a link, never into an unnamed folder,
and a word for each file it replaced."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from autograd.cli.main import main

EXPR = ["expr", "x*y + exp(x)", "x=0.5", "y=2"]


def test_a_symlink_in_the_output_folder_is_replaced_not_followed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me")
    out = tmp_path / "out"
    out.mkdir()
    planted = out / "expr-op-view.svg"
    planted.symlink_to(victim)

    assert main([*EXPR, "--out", str(out), "--format", "json"]) == 0

    assert victim.read_text() == "keep me"
    assert not planted.is_symlink()
    ET.parse(planted)  # the drawing went into the folder itself
    captured = capsys.readouterr()
    assert f"replaced {planted}: it was a symbolic link to {victim}" in captured.err
    assert json.loads(captured.out)["replaced"][0]["path"] == str(planted)


def test_a_dangling_symlink_creates_nothing_outside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere.html"
    (out / "expr-backward.html").symlink_to(elsewhere)
    assert main([*EXPR, "--out", str(out)]) == 0
    assert not elsewhere.exists()
    assert "<html" in (out / "expr-backward.html").read_text()


def test_files_replaced_are_named_and_new_ones_are_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*EXPR, "--out", str(tmp_path)]) == 0
    assert "replaced" not in capsys.readouterr().err
    assert main([*EXPR, "--out", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    for name in ("expr-op-view.svg", "expr-named-view.svg", "expr-backward.html"):
        assert f"replaced {tmp_path / name}: it was a file of that name" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "expr-backward.html",
        "expr-named-view.svg",
        "expr-op-view.svg",
    ]  # no temporary file left behind


@pytest.mark.parametrize("out", ["", "  "])
@pytest.mark.parametrize("command", [EXPR, ["example"]])
def test_an_empty_out_is_refused_before_anything_is_written(
    out: str,
    command: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main([*command, "--out", out]) == 2
    assert "--out is empty" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_run_leaves_the_previous_files(tmp_path: Path) -> None:
    """A child with a file-size limit below the replay page's size: the page's write
    fails midway (as on a full disk), and the previous page stays whole."""
    root = Path(__file__).resolve().parents[2]
    page = tmp_path / "expr-backward.html"
    page.write_text("<html>the previous page</html>")
    script = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (16384, 16384))\n"  # the drawings fit
        "from autograd.cli.main import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, *EXPR, "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(root)},
        timeout=120,
    )
    assert run.returncode == 1 and "File too large" in run.stderr
    assert page.read_text() == "<html>the previous page</html>"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "expr-backward.html",
        "expr-named-view.svg",
        "expr-op-view.svg",
    ]
    for svg in tmp_path.glob("*.svg"):
        ET.parse(svg)
