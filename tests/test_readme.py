"""The README's Python examples run as written (in order, in a scratch folder)."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_readme_has_examples() -> None:
    assert len(python_blocks()) >= 4


def test_readme_examples_run_and_print_what_they_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "readme"}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        for block in python_blocks():
            exec(compile(block, str(README), "exec"), namespace)
    output = printed.getvalue()
    # Comments in the README state what these lines print; hold them to it.
    for expected in (
        "8.0",
        "-0.565209",
        "True",
        "log failed on log(v) with v = -1.0: the argument is outside the function's domain",
        "dE/dw = dE/dy * dy/dz * dz/dw = -0.63413559 * 0.23200764 * 0.5 = -0.073562152",
        "0.298371109",
        "0.08216704",
        "0.291027774",
        "6.0 2.0",
        "out_o1 should be out_o1(1 - out_o1), that is ∂out_o1/∂net_o1",
        "0.0 0.0",
    ):
        assert expected in output
    for drawing in ("out/op.svg", "out/named.svg", "out/replay.html"):
        assert (tmp_path / drawing).stat().st_size > 0
