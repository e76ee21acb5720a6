"""Automatic direction: a view is turned top to bottom only where that makes it fit."""

from __future__ import annotations

import re

import pytest

from autograd import draw
from nn.documents.examples import EXAMPLES, example


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
