"""The backward replay: one frame per node, same numbers as backward(), user grads untouched."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Value, steps, topological_order
from autograd.show.draw import GraphTooLargeError
from nn import MLP, examples, mse


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
    # one frame per node in the engine's order, constants (unlabelled leaves) left out
    framed = [v for v in reversed(order) if not (v.is_leaf and v.label is None)]
    assert [f.node for f in replay] == framed
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
    named = steps(loss, digits=8, view="named")
    net_o1 = next(f for f in named if f.node.label == "net_o1").text()
    assert "∂net_o1/∂w5 = out_h1 = 0.59326999" in net_o1
    assert first.startswith(f"Step 1 of {len(replay)}: E_total")


def test_edge_text_shows_the_product_and_the_running_sum() -> None:
    a = Value(3.0, label="a")
    y = (a * a).named("y")
    frame = steps(y)[0]
    lines = frame.text().splitlines()
    assert (
        lines[2]
        == "→ a: local ∂y/∂a = a = 3; adds 3 × 1 = 3; sum ∂y/∂a = 3 (partial: more to come)"
    )
    assert lines[3] == "→ a: local ∂y/∂a = a = 3; adds 3 × 1 = 3; sum ∂y/∂a = 6 (final)"


def test_seed_gradient_scales_every_frame() -> None:
    x = Value(0.5, label="x")
    y = (x.exp() * x).named("y")
    once, twice = steps(y), steps(y, 2.0)
    for v in topological_order(y):
        assert twice[-1].grads[v] == pytest.approx(2 * once[-1].grads[v])


def test_limits_and_bad_input() -> None:
    y = Value(1.0, label="x")
    for _ in range(600):
        y = y + 1
    with pytest.raises(GraphTooLargeError):  # over the one default limit (show.size)
        steps(y)
    assert len(steps(y, max_nodes=2000, constants=True)) == len(topological_order(y))
    with pytest.raises(TypeError, match="output Value"):
        steps(1.0)  # type: ignore[arg-type]


EXAMPLES = ["mazur", "punnen", "slides", "geoscience", "wang"]


@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.parametrize(
    ("view", "order"),
    [
        ("op", "engine"),
        ("op", "document"),
        ("named", "engine"),
        ("named", "document"),
        ("network", "engine"),
        ("network", "document"),
    ],
)
def test_every_view_and_order_ends_with_the_engine_gradients(
    name: str, view: str, order: str
) -> None:
    ex = examples.example(name)
    loss = ex.loss()
    replay = steps(loss, view=view, order=order, model=ex.model, max_nodes=1000)
    loss.backward()
    grads = replay.final_grads()
    for v in replay.graph:
        assert grads[v] == pytest.approx(v.grad, rel=1e-12, abs=1e-15), v.label
    # a frame passes a gradient on only once it is complete, whatever the order
    for frame in replay:
        assert not frame.premature
        assert all(not e.late for e in frame.edges)
        for member, upstream in zip(frame.nodes, frame.upstreams):
            assert upstream == pytest.approx(member.grad, rel=1e-12, abs=1e-15)
    framed = [v for f in replay for v in f.nodes]
    assert len(framed) == len(set(framed))
    assert not any(v.is_leaf and v.label is None for v in framed)  # no constants


def test_constants_get_frames_only_when_asked() -> None:
    loss = mazur()
    quiet, loud = steps(loss), steps(loss, constants=True)
    constants = {v for v in topological_order(loss) if v.is_leaf and v.label is None}
    assert constants and not constants & {f.node for f in quiet}
    assert constants <= {f.node for f in loud}
    assert "the constant" in loud[[f.node for f in loud].index(next(iter(constants)))].text()


def test_document_order_goes_layer_by_layer_from_the_output() -> None:
    ex = examples.example("mazur")
    loss = ex.loss()
    for view in ("network", "named"):
        replay = steps(loss, view=view, model=ex.model if view == "network" else None)
        seen = [f.node.label for f in replay]
        layers = [seen.index(x) for x in ("out_o1", "out_o2", "out_h1", "out_h2")]
        assert layers == sorted(layers), seen
    network = steps(loss, model=ex.model)
    assert network.view == "network" and network.order_name == "document"
    neuron = next(f for f in network if f.node.label == "out_o1")
    assert [v.label for v in neuron.nodes] == ["out_o1", "net_o1"]
    assert {e.parent.label for e in neuron.edges} == {
        "net_o1",
        "w5",
        "w6",
        "out_h1",
        "out_h2",
        "b2",
    }
    # the engine's depth-first order is another one: it goes down o1's branch first
    engine = [f.node.label for f in steps(loss, view="named", order="engine")]
    assert engine.index("net_o1") < engine.index("E_o2")


def test_a_wang_neuron_takes_every_sample_in_one_frame() -> None:
    ex = examples.example("wang")
    replay = steps(ex.loss(), model=ex.model)
    neurons = [f for f in replay if len(f.nodes) > 1]
    assert len(neurons) == 6
    assert all(len(f.nodes) == 6 for f in neurons)  # z and a for three samples
    text = neurons[0].text()
    assert "neuron a^3_1 (3 samples" in text
    assert "local ∂z^3_1[1]/∂w^3_11 = a^2_1[1] = " in text  # names survive the formula
    assert text.splitlines()[1].startswith("Now final: ")  # the outcome first


def test_the_naive_order_goes_wrong_and_says_by_how_much() -> None:
    a = Value(1.0, label="a")
    b = (a + a).named("b")
    c = (b + b).named("c")
    replay = steps(c, order="naive")
    grads = replay.final_grads()
    assert grads[b] == 2.0 and grads[a] == 2.0  # the engine gets 4: b left with half
    assert any(b in f.premature for f in replay)
    assert any(e.late and e.parent is b for f in replay for e in f.edges)
    last = replay[-1].text()
    assert "WRONG" in last and "should be 4" in last and "off by -2" in last
    c.backward()
    assert a.grad == 4.0


def test_the_naive_order_on_a_seed_network() -> None:
    loss = mazur()
    replay = steps(loss, order="naive", view="named")
    loss.backward()
    grads = replay.final_grads()
    off = [v for v in replay.graph if abs(grads.get(v, 0.0) - v.grad) > 1e-9]
    assert off and "WRONG" in replay[-1].text()


def test_frames_store_only_their_own_edges() -> None:
    # memory linear in the graph: no frame keeps a copy of all sums
    y = Value(1.0, label="x")
    for _ in range(400):
        y = y + 1
    replay = steps(y, max_nodes=10_000)
    assert all(len(f.edges) <= 2 for f in replay)
    assert "grads" not in vars(replay[0]) and "final" not in vars(replay[0])
    assert replay[100].grads[y] == 1.0 and y in replay[100].final


def test_folded_edges_carry_their_formula_when_there_is_one_path() -> None:
    ex = examples.example("mazur")
    replay = steps(ex.loss(), view="named")
    e_o1 = next(f for f in replay if f.node.label == "E_o1")
    (edge,) = [e for e in e_o1.edges if e.parent.label == "out_o1"]  # and target_o1's
    formula = replay.formula(edge.child, edge.position)
    assert formula == "-1/2 · (2·(target_o1 - out_o1))"
    out = edge.parent.data
    assert edge.local == pytest.approx(-0.5 * 2 * (0.01 - out))  # the formula's own value
    # a cross-entropy term reaches an output along two paths: no single formula
    wang = steps(examples.example("wang").loss(), view="named")
    first = wang[0].edges[0]
    assert wang.paths[(first.child, first.position)] == 2
    assert wang.formula(first.child, first.position) is None


@settings(max_examples=25, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 3), min_size=1, max_size=3),
    nin=st.integers(1, 3),
    samples=st.integers(1, 3),
    seed=st.integers(0, 1000),
    order=st.sampled_from(["engine", "document"]),
)
def test_network_frames_of_any_mlp_end_with_the_engine_gradients(
    sizes: list[int], nin: int, samples: int, seed: int, order: str
) -> None:
    model = MLP(nin, sizes, "sigmoid", seed=seed)
    outputs = [model([0.1 * (k + s) for k in range(nin)]) for s in range(samples)]
    loss = mse([o for out in outputs for o in out], [0.5] * (samples * sizes[-1]))
    replay = steps(loss, model=model, order=order)
    assert sum(len(f.nodes) > 1 for f in replay) == sum(sizes)  # a frame per neuron
    loss.backward()
    grads = replay.final_grads()
    for v in replay.graph:
        assert grads[v] == pytest.approx(v.grad, rel=1e-9, abs=1e-12)
    for frame in replay:
        assert not frame.premature
