"""Execute every notebook in notebooks/ top to bottom in a fresh kernel.

    python tests/notebooks_run.py             # run each in memory and report
    python tests/notebooks_run.py --in-place  # also write the outputs back (make notebooks)
    python tests/notebooks_run.py notebooks/01_*.ipynb   # only these

The kernel is always this interpreter: kernels are looked up only in this
environment's ``share/jupyter/kernels`` (falling back to ipykernel's built-in
spec), whose ``python`` jupyter_client replaces by ``sys.executable``. So a
user-wide kernelspec pointing at another Python cannot change what runs.
Cells tagged ``drawing`` must display an ``image/svg+xml`` output; the report
and tests/test_notebooks.py check that.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from traitlets import default

ROOT = Path(__file__).resolve().parent.parent.parent
NOTEBOOKS = ROOT / "notebooks"
KERNEL_NAME = "python3"
CELL_TIMEOUT_SECONDS = 300
DRAWING_TAG = "drawing"
SVG = "image/svg+xml"
# Names jupyter_client replaces by sys.executable when a kernelspec starts with them.
_MAJOR, _MINOR = sys.version_info[:2]
_PYTHON_ALIASES = {"python", f"python{_MAJOR}", f"python{_MAJOR}.{_MINOR}"}


class ThisEnvironmentKernelManager(KernelManager):
    """A KernelManager that finds kernelspecs in this interpreter's environment only."""

    @default("kernel_spec_manager")
    def _kernels_of_this_environment(self) -> KernelSpecManager:
        kernels = Path(sys.prefix, "share", "jupyter", "kernels")
        return KernelSpecManager(kernel_dirs=[str(kernels)])


def kernel_command() -> list[str]:
    """The command line the notebooks' kernel will run, with ``python`` resolved."""
    manager = ThisEnvironmentKernelManager(kernel_name=KERNEL_NAME)
    spec = manager.kernel_spec
    if spec is None:
        raise RuntimeError(f"no {KERNEL_NAME!r} kernelspec in {sys.prefix}; install ipykernel")
    argv = list(spec.argv)
    if argv and argv[0] in _PYTHON_ALIASES:
        argv[0] = sys.executable
    return argv


def check_kernel_interpreter() -> None:
    """Raise RuntimeError unless the kernel would run this very interpreter."""
    argv = kernel_command()
    if not argv or Path(argv[0]).resolve() != Path(sys.executable).resolve():
        raise RuntimeError(
            f"the {KERNEL_NAME!r} kernelspec in {sys.prefix} runs {argv[:1]}, not "
            f"{sys.executable}; reinstall it with `{sys.executable} -m ipykernel install "
            "--sys-prefix`"
        )


def kernel_environment() -> dict[str, str]:
    """The kernel's environment: this tree first on the path, hashing fixed."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env["PYTHONHASHSEED"] = "0"
    env.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    return env


@dataclass(frozen=True)
class NotebookRun:
    """One executed notebook: its outputs, how long it took, and what is wrong with it."""

    path: Path
    notebook: Any
    seconds: float

    def drawing_cells(self) -> list[int]:
        """Indices of the code cells tagged ``drawing``."""
        return [
            index
            for index, cell in enumerate(self.notebook.cells)
            if cell.cell_type == "code" and DRAWING_TAG in cell.metadata.get("tags", [])
        ]

    def drawings_missing(self) -> list[int]:
        """Drawing cells that displayed no SVG."""
        return [
            index
            for index in self.drawing_cells()
            if not any(SVG in out.get("data", {}) for out in self.notebook.cells[index].outputs)
        ]

    def error_outputs(self) -> list[int]:
        """Code cells that show an error (including errors a cell was allowed to raise)."""
        return self._cells_with(lambda output: output.output_type == "error")

    def stderr_outputs(self) -> list[int]:
        """Code cells that wrote to stderr (warnings): worth a look, not a failure."""
        return self._cells_with(
            lambda output: output.output_type == "stream" and output.get("name") == "stderr"
        )

    def _cells_with(self, wanted: Callable[[Any], bool]) -> list[int]:
        return [
            index
            for index, cell in enumerate(self.notebook.cells)
            if cell.cell_type == "code" and any(wanted(output) for output in cell.outputs)
        ]


def notebook_paths() -> list[Path]:
    """Every notebook, in reading order."""
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def execute(path: Path, timeout: int = CELL_TIMEOUT_SECONDS) -> NotebookRun:
    """Run ``path`` in a fresh kernel with cwd notebooks/; raises CellExecutionError on failure."""
    check_kernel_interpreter()
    notebook = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name=KERNEL_NAME,
        kernel_manager_class=ThisEnvironmentKernelManager,
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,  # timestamps would change the committed files on every run
    )
    start = time.perf_counter()
    client.execute(env=kernel_environment())
    seconds = time.perf_counter() - start
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = merge_streams(cell.outputs)
    return NotebookRun(path, notebook, seconds)


def merge_streams(outputs: list[Any]) -> list[Any]:
    """Join consecutive prints to the same stream into one output.

    How the kernel chunks a cell's prints depends on timing; merged, the saved
    file is the same on every run.
    """
    merged: list[Any] = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (
            output.output_type == "stream"
            and previous is not None
            and previous.output_type == "stream"
            and previous.name == output.name
        ):
            previous.text += output.text
        else:
            merged.append(output)
    return merged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--in-place", action="store_true", help="write outputs back")
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: all)")
    args = parser.parse_args(argv)
    failures = 0
    for path in args.paths or notebook_paths():
        try:
            run = execute(path)
        except Exception as exc:  # report every notebook, not just the first failure
            failures += 1
            print(f"FAIL {path.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        problems = []
        if run.drawings_missing():
            problems.append(f"drawing cells without SVG: {run.drawings_missing()}")
        if run.error_outputs():
            problems.append(f"cells with error/stderr output: {run.error_outputs()}")
        if run.stderr_outputs():
            problems.append(f"note: cells writing to stderr: {run.stderr_outputs()}")
        status = "FAIL" if run.drawings_missing() or run.error_outputs() else "ok"
        failures += status == "FAIL"
        print(
            f"{status:4} {path.name}: {run.seconds:.1f} s, "
            f"{len(run.drawing_cells())} drawings" + "".join(f"; {p}" for p in problems)
        )
        if args.in_place:
            nbformat.write(run.notebook, path)  # type: ignore[no-untyped-call]
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
