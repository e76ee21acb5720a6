"""folded_edges: the graph reduced to kept nodes, with summed local derivatives."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from trace_graphs import RandomGraph, mazur, random_graphs

from autograd import Value, topological_order
from autograd.explain.fold import FoldedEdge, folded_edges, keep_predicate, primitive_path


def edges_by_label(root: Value) -> dict[tuple[str | None, str | None], FoldedEdge]:
    return {(e.child.label, e.parent.label): e for e in folded_edges(root)}


def test_mazur_named_graph_has_the_documents_edges() -> None:
    net = mazur()
    edges = edges_by_label(net.loss)
    expected = {
        ("E_total", "E_o1"),
        ("E_total", "E_o2"),
        ("E_o1", "out_o1"),
        ("E_o2", "out_o2"),
        ("out_o1", "net_o1"),
        ("out_o2", "net_o2"),
        *((f"net_o{j}", p) for j in (1, 2) for p in ("out_h1", "out_h2", "b2")),
        ("net_o1", "w5"),
        ("net_o1", "w6"),
        ("net_o2", "w7"),
        ("net_o2", "w8"),
        ("out_h1", "net_h1"),
        ("out_h2", "net_h2"),
        *((f"net_h{j}", p) for j in (1, 2) for p in ("i1", "i2", "b1")),
        ("net_h1", "w1"),
        ("net_h1", "w2"),
        ("net_h2", "w3"),
        ("net_h2", "w4"),
    }
    assert set(edges) == expected  # the constants 0.5, 0.01, 0.99 are dropped
    # d net_o1 / d w5 = out_h1 through the unnamed product and sums.
    assert edges["net_o1", "w5"].local == net["out_h1"].data
    assert edges["net_o1", "out_h1"].local == net["w5"].data
    assert edges["E_total", "E_o1"].local == 1.0
    # d E_o1 / d out_o1 = -(target - out_o1), folded from mul, pow and sub.
    assert edges["E_o1", "out_o1"].local == pytest.approx(-(0.01 - net["out_o1"].data))
    out_o1 = net["out_o1"].data
    assert edges["out_o1", "net_o1"].local == pytest.approx(out_o1 * (1 - out_o1))
    assert all(e.paths == 1 for e in edges.values())


def test_parents_come_in_reading_order() -> None:
    net = mazur()
    parents = [e.parent.label for e in folded_edges(net.loss) if e.child.label == "net_o1"]
    assert parents == ["w5", "out_h1", "w6", "out_h2", "b2"]


def test_duplicate_edges_fold_into_one_with_a_path_count() -> None:
    x = Value(3.0, label="x")
    y = (x * x + x).named("y")  # dy/dx = 2x + 1 over three primitive paths
    [edge] = folded_edges(y)
    assert (edge.local, edge.paths) == (7.0, 3)


def test_paths_count_diamonds() -> None:
    x = Value(0.5, label="x")
    a = x.tanh()
    b = a * a  # two edges to a, each reached from x by one edge
    y = (b + a).named("y")  # three paths from y to x
    [edge] = folded_edges(y)
    assert edge.paths == 3
    t = math.tanh(0.5)
    assert edge.local == pytest.approx((2 * t + 1) * (1 - t * t))


def test_explicit_keep_and_predicate() -> None:
    net = mazur()
    keep = [net["w5"], net["out_o1"]]
    edges = {(e.child.label, e.parent.label): e.local for e in folded_edges(net.loss, keep)}
    assert set(edges) == {("E_total", "out_o1"), ("out_o1", "w5")}
    out_o1, out_h1 = net["out_o1"].data, net["out_h1"].data
    assert edges["out_o1", "w5"] == pytest.approx(out_o1 * (1 - out_o1) * out_h1)
    everything = folded_edges(net.loss, keep=lambda v: True)
    primitive = sum(len(v.parents) for v in topological_order(net.loss))
    assert len(everything) == primitive  # no duplicate edges in this graph
    assert all(e.paths == 1 for e in everything)


def test_a_leaf_root_has_no_edges_and_folding_changes_nothing() -> None:
    x = Value(2.0)
    assert folded_edges(x) == []
    y = (x * 3).named("y")
    before = (y.data, y.parents, y.local_grads, x.grad, y.label, x.label)
    folded_edges(y)
    assert before == (y.data, y.parents, y.local_grads, x.grad, y.label, x.label)


def folded_gradients(root: Value, edges: list[FoldedEdge]) -> dict[Value, float]:
    """Backpropagation over folded edges: they come children first."""
    grads: dict[Value, float] = {root: 1.0}
    for e in edges:
        grads[e.parent] = grads.get(e.parent, 0.0) + grads.get(e.child, 0.0) * e.local
    return grads


@settings(max_examples=60, deadline=None)
@given(random_graphs())
def test_backprop_over_folded_edges_matches_the_engine(graph: RandomGraph) -> None:
    root = graph.root
    root.backward()
    grads = folded_gradients(root, folded_edges(root))
    for node in topological_order(root):
        if node.label is not None:
            assert grads.get(node, 0.0) == pytest.approx(node.grad, rel=1e-9, abs=1e-12)


def test_primitive_path_behind_a_folded_edge() -> None:
    net = mazur()
    is_kept = keep_predicate(net.loss)
    edges = primitive_path(net["net_o1"], net["w5"], is_kept)
    assert [node.op.name for node, _ in edges if node.op] == ["add", "add", "mul"]
    node, index = edges[-1]
    assert node.parents[index] is net["w5"] and node.local_grads[index] == net["out_h1"].data
    assert primitive_path(net["net_o1"], net["w1"], is_kept) == []
