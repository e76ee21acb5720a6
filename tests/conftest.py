"""Shared test set-up: the helpers beside this file (``trace_graphs``, ``notebooks_run``)
are importable from the test folders that mirror the packages. Only ``helpers/``
is put on the path: a test folder such as ``tests/nn`` must not stand in for the package."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = str(Path(__file__).resolve().parent / "helpers")
if HERE not in sys.path:
    sys.path.insert(0, HERE)

# The benchmark is a script run by `make bench`, not a test module (it never times in a test).
collect_ignore = ["benchmarks"]
