"""The network view reads like the documents' figures: neurons in index order,
layers in columns, no label crossed by an edge or overlapping another label."""

from __future__ import annotations

import subprocess

import pytest
import svg_geometry
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd.show import render as render_module
from nn import MLP, draw_network
from nn.documents.examples import EXAMPLES, example

NEEDS_DOT = pytest.mark.skipif(not render_module.dot_on_path(), reason="no Graphviz dot binary")
RENDERERS = ["wasm", pytest.param("dot", marks=NEEDS_DOT)]


def check_legible(svg: str, sizes: list[int], vertical: bool = False) -> None:
    geometry = svg_geometry.read(svg)
    across, down = (0, 1) if not vertical else (1, 0)
    for depth, size in enumerate(sizes):
        ids = [f"x{k}" for k in range(size)] if depth == 0 else [
            f"n{depth}_{j}" for j in range(1, size + 1)
        ]  # fmt: skip
        centres = [geometry.centres[i] for i in ids]
        rows = [c[down] for c in centres]
        assert rows == sorted(rows) and len(set(rows)) == len(rows), f"layer {depth}: {ids}"
        assert len({round(c[across], 1) for c in centres}) == 1, f"layer {depth} not a column"
    assert svg_geometry.collisions(geometry) == []


@pytest.mark.parametrize("name", list(EXAMPLES))
@pytest.mark.parametrize("renderer", RENDERERS)
def test_each_document_network_is_ordered_and_uncluttered(name: str, renderer: str) -> None:
    ex = example(name)
    loss = ex.loss()
    loss.backward()
    svg = draw_network(ex.model, loss=loss, renderer=renderer).svg()
    check_legible(svg, [ex.model.nin, *(len(layer.neurons) for layer in ex.model.layers)])


def test_vertical_layout_orders_neurons_left_to_right() -> None:
    ex = example("wang")
    loss = ex.loss()
    loss.backward()
    svg = draw_network(ex.model, loss=loss, rankdir="TB").svg()
    check_legible(svg, [2, 3, 3], vertical=True)


@settings(max_examples=6, deadline=None)
@given(
    nin=st.integers(1, 4),
    sizes=st.lists(st.integers(1, 4), min_size=1, max_size=3),
    seed=st.integers(0, 1000),
)
def test_random_mlps_are_ordered_and_uncluttered(nin: int, sizes: list[int], seed: int) -> None:
    model = MLP(nin, sizes, "sigmoid", seed=seed)
    out = model([0.1 * (k + 1) for k in range(nin)])
    loss = sum(out[1:], out[0]).named("L")
    loss.backward()
    check_legible(draw_network(model, loss=loss).svg(), [nin, *sizes])


@NEEDS_DOT
@pytest.mark.parametrize("name", list(EXAMPLES))
def test_graphviz_prints_no_warnings(name: str) -> None:
    ex = example(name)
    loss = ex.loss()
    loss.backward()
    source = draw_network(ex.model, loss=loss).source
    done = subprocess.run(["dot", "-Tsvg"], input=source.encode(), capture_output=True, check=True)
    assert done.stderr == b""
