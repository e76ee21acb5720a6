"""Every notebook runs top to bottom in a fresh kernel and shows its drawings.

Each notebook is executed in memory (the committed file is not touched) with
the same harness as ``make notebooks``; a cell that raises fails the test with
the cell's traceback. Cells tagged ``drawing`` must have displayed SVG.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from notebooks_run import DRAWING_TAG, check_kernel_interpreter, execute, notebook_paths

PATHS = notebook_paths()


def test_there_are_notebooks_in_reading_order() -> None:
    names = [path.name for path in PATHS]
    assert len(names) >= 6
    assert all(name[:2].isdigit() and name[2] == "_" for name in names)
    assert len({name[:2] for name in names}) == len(names)


def test_document_notebooks_tag_their_drawings() -> None:
    """The tour and the document notebooks draw graphs, in cells tagged for the check below."""
    for path in PATHS:
        if "moons" not in path.name:
            assert DRAWING_TAG in path.read_text(encoding="utf-8"), f"{path.name} tags no drawing"


def test_kernel_runs_this_interpreter() -> None:
    check_kernel_interpreter()


@pytest.mark.parametrize("path", PATHS, ids=[path.stem for path in PATHS])
def test_notebook_runs_and_displays_its_drawings(path: Path) -> None:
    run = execute(path)
    assert run.drawings_missing() == [], f"{path.name}: these drawing cells showed no SVG"
    assert run.error_outputs() == [], f"{path.name}: these cells show an error"


def test_one_notebook_per_document_in_the_reading_order() -> None:
    assert [path.stem for path in PATHS] == [
        "00_tour",
        "01_seed003_worked_example",
        "02_seed001_punnen",
        "03_seed004_wang",
        "04_seed000_cross_entropy",
        "05_seed002_slides",
        "06_moons_training",
    ]


def test_document_notebooks_open_with_their_citation() -> None:
    """Each cites its document by title (and author and address where it gives them), never
    by a path outside the repository."""
    for path in PATHS:
        text = path.read_text(encoding="utf-8")
        assert "shared/seeds" not in text, path.name
        if "seed" in path.stem:
            first = json.loads(text)["cells"][0]
            assert "**Source:**" in "".join(first["source"]), path.name
