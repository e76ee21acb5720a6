"""Size limits are decided before any layout: one default, an estimate, progress."""

from __future__ import annotations

import time

import pytest

from autograd import Value, draw
from autograd.cli.main import MAX_NODES
from autograd.show import render as render_module
from autograd.show.draw import GraphTooLargeError
from autograd.show.size import DEFAULT_MAX_NODES, MAX_SECONDS, layout_seconds
from nn import MLP, draw_network
from nn.documents.examples import EXAMPLES, example


def chain_sum(n: int) -> Value:
    total = Value(0.0, label="s0")
    for k in range(n):
        total = total + Value(float(k)) * Value(0.5)
    return total.named("total")


def test_python_and_the_cli_share_one_default_that_fits_every_example() -> None:
    assert MAX_NODES == DEFAULT_MAX_NODES
    for name in EXAMPLES:
        ex = example(name)
        loss = ex.loss()
        for view in ("op", "named"):
            assert draw(loss, view=view).source  # not refused
        assert draw_network(ex.model, loss=loss).source


def test_a_slow_graph_is_refused_at_once_with_its_estimate() -> None:
    root = chain_sum(3000)  # about 12,000 DOT nodes: minutes of layout
    start = time.perf_counter()
    with pytest.raises(GraphTooLargeError) as info:
        draw(root).svg()
    elapsed = time.perf_counter() - start
    message = str(info.value)
    assert "max_nodes=1000" in message and "would take about" in message
    assert "view='named'" in message and "draw_network" in message
    assert elapsed < MAX_SECONDS  # refused long before any layout could finish


def test_the_estimate_refuses_below_the_count_limit() -> None:
    root = chain_sum(330)  # 1,322 Values, 2,000 DOT nodes: count refuses
    with pytest.raises(GraphTooLargeError, match="max_nodes"):
        draw(root)
    mid = chain_sum(240)  # 962 Values, under the count, but ~1,450 DOT nodes
    assert layout_seconds(962 + 720) > MAX_SECONDS
    with pytest.raises(GraphTooLargeError, match=r"over 5 s"):
        draw(mid)
    assert draw(mid, max_nodes=5000).source  # the user may insist


def test_a_long_layout_reports_progress(capsys: pytest.CaptureFixture[str]) -> None:
    drawing = draw(chain_sum(3), max_nodes=5000)
    drawing.expected_seconds = 3.0  # as if large: the messages, not the wait, are tested
    if not (render_module.dot_on_path() or render_module.wasm_available()):
        pytest.skip("no renderer")
    drawing.svg()
    err = capsys.readouterr().err
    assert "laying out the drawing, about 3 s" in err and "laid out in" in err
    draw(chain_sum(3)).svg()
    assert capsys.readouterr().err == ""  # a quick layout says nothing


def test_a_large_network_is_drawn_compact_not_refused() -> None:
    model = MLP(4, [16, 16, 2], seed=1)
    model([0.1, 0.2, 0.3, 0.4])
    assert "penwidth" in draw_network(model).source
