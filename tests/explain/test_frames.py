"""The backward replay: one frame per node, same numbers as backward(), user grads untouched."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from autograd import Value, steps, topological_order
from autograd.show.draw import GraphTooLargeError
from nn import examples


def square() -> Value:
    a = Value(3.0, label="a")
    return (a * a).named("square")


def shared() -> Value:
    a, b = Value(3.0, label="a"), Value(-2.0, label="b")
    ab = (a * b).named("ab")
    return (ab.tanh() + ab * a - b / a).named("mixed")


def mazur() -> Value:
    return examples.example("mazur").loss()


@pytest.mark.parametrize("build", [square, shared, mazur])
def test_frames_match_the_engine_without_touching_grads(build: Callable[[], Value]) -> None:
    output = build()
    order = topological_order(output)
    replay = steps(output)
    assert len(replay) == len(order)
    assert [f.node for f in replay] == list(reversed(order))
    assert not any(v.has_grad for v in order)  # the replay used its own dict
    output.backward()
    last = replay[-1]
    assert last.final == frozenset(order) and not last.pending
    for v in order:
        assert last.grads[v] == v.grad


def test_each_frame_passes_local_times_upstream_and_tracks_finality() -> None:
    output = shared()
    replay = steps(output)
    final_grads = replay[-1].grads
    for frame in replay:
        node = frame.node
        assert frame.upstream == final_grads[node]  # final when processed
        assert node in frame.final and node in frame.done
        for e in frame.edges:
            assert e.parent is node.parents[e.position]
            assert e.local == node.local_grads[e.position]
            assert e.contribution == e.local * frame.upstream
            assert e.final == (e.parent in frame.final)
        # a gradient is final exactly when every node using it has been processed
        users = {v: [u for u in replay.order if v in u.parents] for v in replay.order}
        for v in frame.grads:
            assert (v in frame.final) == all(u in frame.done for u in users[v])
        assert set(frame.pending) == set(frame.grads) - frame.final


def test_seed_003_frame_for_w5_reads_the_document_number() -> None:
    ex = examples.example("mazur")
    loss = ex.loss()
    w5 = ex.weights()[4]
    replay = steps(loss, digits=8)
    (frame,) = [f for f in replay if f.node is w5]
    assert frame.upstream == pytest.approx(0.082167041, abs=1e-9)
    assert "∂E_total/∂w5 = 0.08216704" in frame.text()
    assert "A leaf" in frame.text()
    first = replay[0].text()
    assert first.startswith(f"Step 1 of {len(replay)}: E_total")


def test_edge_text_shows_the_product_and_the_running_sum() -> None:
    a = Value(3.0, label="a")
    y = (a * a).named("y")
    frame = steps(y)[0]
    lines = frame.text().splitlines()
    assert lines[2] == "→ a: local derivative 3, adds 3 × 1 = 3; sum 3 (pending: more to come)"
    assert lines[3] == "→ a: local derivative 3, adds 3 × 1 = 3; sum 6 (final)"


def test_seed_gradient_scales_every_frame() -> None:
    x = Value(0.5, label="x")
    y = (x.exp() * x).named("y")
    once, twice = steps(y), steps(y, 2.0)
    for v in topological_order(y):
        assert twice[-1].grads[v] == pytest.approx(2 * once[-1].grads[v])


def test_limits_and_bad_input() -> None:
    y = Value(1.0, label="x")
    for _ in range(300):
        y = y + 1
    with pytest.raises(GraphTooLargeError):
        steps(y)
    assert len(steps(y, max_nodes=1000)) == len(topological_order(y))
    with pytest.raises(TypeError, match="output Value"):
        steps(1.0)  # type: ignore[arg-type]
