"""The named view keeps the documents' order: h1 above h2, o1 above o2."""

from __future__ import annotations

import re

import pytest
import svg_geometry

from autograd import draw
from autograd.show.names import typeset
from nn.documents.examples import EXAMPLES, example


def first_lines(svg: str) -> dict[str, tuple[float, float]]:
    """Each node's first text line (its name) -> its centre."""
    geometry = svg_geometry.read(svg)
    names: dict[str, tuple[float, float]] = {}
    for box in geometry.texts:
        if box.owner.startswith("v") and box.owner in geometry.centres:
            names.setdefault(box.owner, geometry.centres[box.owner])
            names.setdefault(f"name:{box.text}", geometry.centres[box.owner])
    return names


@pytest.mark.parametrize("name", list(EXAMPLES))
@pytest.mark.parametrize("rankdir", ["LR", "TB"])
def test_named_view_numbers_neurons_top_to_bottom(name: str, rankdir: str) -> None:
    ex = example(name)
    loss = ex.loss()
    loss.backward()
    centres = first_lines(draw(loss, view="named", rankdir=rankdir).svg())
    down = 1 if rankdir == "LR" else 0
    checked = 0
    for neuron in ex.model.neurons:
        for label in (neuron.z_label, neuron.a_label):
            assert label is not None
            match = re.fullmatch(r"(.*\D)(\d+)(\D*)", label)
            if not match or int(match[2]) < 2:
                continue
            before = f"{match[1]}{int(match[2]) - 1}{match[3]}"
            suffix = "[1]" if ex.name in ("wang", "geoscience") else ""
            upper, lower = (f"name:{typeset(x + suffix)}" for x in (before, label))
            if upper in centres and lower in centres:
                assert centres[upper][down] < centres[lower][down], (before, label)
                checked += 1
    if name in ("mazur", "slides", "wang"):
        assert checked >= 2


def svg_width(svg: str) -> float:
    match = re.search(r'<svg width="(\d+)pt"', svg)
    assert match
    return float(match[1])


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_views_fit_a_page_where_the_graph_allows(name: str) -> None:
    ex = example(name)
    loss = ex.loss()
    loss.backward()
    named = draw(loss, view="named")
    assert svg_width(named.svg()) <= 1500  # stacked fields: every named view fits
    op = draw(loss)
    wide = draw(loss, rankdir="LR")
    assert svg_width(op.svg()) <= svg_width(wide.svg())  # auto never widens
    if name in ("mazur", "punnen", "slides"):
        assert 'rankdir="TB"' in op.source and svg_width(op.svg()) <= 1000
