"""Atomic writes: an interrupted save leaves the previous file whole.

The interruption is real: a child process with a small ``RLIMIT_FSIZE`` (what
``ulimit -f`` sets) saves a large model, a drawing or a replay page over a good
file, and the write fails midway with ``EFBIG``, as on a full disk.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from autograd.engine.files import write_atomically

ROOT = Path(__file__).resolve().parents[2]

# The child sets the limit, then saves; SIGXFSZ is ignored so the write fails with
# an OSError (the default action kills the process, which the file survives too).
CHILD = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
target = sys.argv[1]
{save}
"""

SAVES = {
    "model": "from nn import MLP\nMLP(2, [64, 64, 1], seed=1).save(target)",
    "drawing": (
        "from autograd import Value, draw\n"
        "x = Value(0.5, label='x')\n"
        "y = x\n"
        "for _ in range(10):\n"
        "    y = (y * x).tanh()\n"
        "draw(y, view='op').save(target)"
    ),
    "page": (
        "from autograd import Value, steps\n"
        "x = Value(0.5, label='x')\n"
        "y = (x * x).tanh() + x\n"
        "steps(y).to_html(target)"
    ),
}
SUFFIX = {"model": ".json", "drawing": ".svg", "page": ".html"}


def interrupted_save(kind: str, target: Path, limit: int) -> subprocess.CompletedProcess[str]:
    script = textwrap.dedent(CHILD).format(save=SAVES[kind])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", script, str(target), str(limit)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.mark.parametrize("kind", sorted(SAVES))
def test_an_interrupted_save_leaves_the_previous_file(kind: str, tmp_path: Path) -> None:
    target = tmp_path / f"saved{SUFFIX[kind]}"
    # Without a limit the save completes: its size tells how small a limit interrupts it.
    done = interrupted_save(kind, target, 1 << 30)
    assert done.returncode == 0, done.stderr
    full = target.stat().st_size
    previous = b'{"previous": "a good file"}\n'
    target.write_bytes(previous)

    cut = interrupted_save(kind, target, full // 2)

    assert cut.returncode != 0 and "File too large" in cut.stderr
    assert target.read_bytes() == previous
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary left


def test_a_model_file_interrupted_is_still_loadable(tmp_path: Path) -> None:
    from nn import MLP

    target = tmp_path / "m.json"
    good = MLP(2, [64, 64, 1], seed=7)
    good.save(target)
    cut = interrupted_save("model", target, 8 * 1024)
    assert cut.returncode != 0
    loaded = MLP(2, [64, 64, 1], seed=0).load(target)
    assert loaded.state_dict() == good.state_dict()


def test_text_and_bytes_and_permissions_kept(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    write_atomically(target, "µ = 1\n")
    assert target.read_text(encoding="utf-8") == "µ = 1\n"
    os.chmod(target, 0o640)
    write_atomically(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_new_file_gets_the_umask_permissions(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_atomically(tmp_path / "new.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640


def test_a_symlink_is_followed_or_replaced_as_asked(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("theirs")
    folder = tmp_path / "out"
    folder.mkdir()
    link = folder / "file.txt"
    link.symlink_to(elsewhere)

    write_atomically(link, "ours", follow_symlinks=False)
    assert elsewhere.read_text() == "theirs"
    assert not link.is_symlink() and link.read_text() == "ours"

    link.unlink()
    link.symlink_to(elsewhere)
    write_atomically(link, "through")
    assert link.is_symlink() and elsewhere.read_text() == "through"


def test_a_failed_write_removes_its_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "x.json"
    target.write_text(json.dumps({"a": 1}))

    def failing_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="No space"):
        write_atomically(target, b"new")
    assert json.loads(target.read_text()) == {"a": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]
