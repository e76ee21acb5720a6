"""The files ``backprop`` writes: never through a link, never into an unnamed folder,
and a word for each file it replaced."""

from __future__ import annotations

import json
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
