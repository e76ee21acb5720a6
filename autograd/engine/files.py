"""Writing a file so that an interrupted write never loses the previous one.

``write_atomically`` writes to a temporary file in the target's folder, flushes
it to disk (``fsync``) and only then renames it over the target (``os.replace``,
atomic on POSIX and Windows within one file system). A full disk, a file-size
limit or a killed process leaves either the old file or the new one, never half
of one; the temporary file is removed when the write fails.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


def write_atomically(
    path: str | os.PathLike[str], data: bytes | str, *, follow_symlinks: bool = True
) -> Path:
    """Write ``data`` (text is encoded as UTF-8) to ``path`` all at once; returns the path.

    A symbolic link at ``path`` is written through (its target is replaced) when
    ``follow_symlinks`` is true, and is itself replaced by the new file when false,
    so nothing outside the folder is touched. A file replaced keeps its permissions;
    a new one gets the usual ``0o666`` less the umask.
    """
    target = Path(path)
    if follow_symlinks and target.is_symlink():
        target = Path(os.path.realpath(target))
    payload = data.encode("utf-8") if isinstance(data, str) else data
    mode = _mode_for(target)
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return target


def _mode_for(target: Path) -> int:
    """The permission bits of the file being replaced, else those a plain ``open`` gives."""
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISREG(info.st_mode):
        return stat.S_IMODE(info.st_mode)
    return 0o666 & ~_umask()


def _umask() -> int:
    """The process's umask, read without changing it where Linux allows (``os.umask``
    can only be read by setting it, which races with other threads creating files)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    umask = os.umask(0o022)
    os.umask(umask)
    return umask
