"""ledger(): the backward pass as a table, checked against the graph and rendered in every form."""

from __future__ import annotations

import csv
import io
import math
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from trace_graphs import RandomGraph, mazur, random_graphs

from autograd import Value, topological_order
from autograd.show.ledger import Ledger, ledger


@pytest.fixture
def table() -> Ledger:
    net = mazur()
    net.loss.backward()
    return ledger(net.loss)


def test_rows_agree_with_the_graph(table: Ledger) -> None:
    order = topological_order(table.output)
    assert [row.node for row in table.rows] == order
    for row in table.rows:
        v = row.node
        assert (row.data, row.grad) == (v.data, v.grad)
        assert [e.parent for e in row.edges] == list(v.parents)
        assert [e.local for e in row.edges] == list(v.local_grads)
        if v.label is not None:
            assert table.name(v) == v.label
        assert row.op == (v.op.name if v.op else "leaf" if v.label else "constant")


def test_the_worked_example_of_seed_003(table: Ledger) -> None:
    by_name = {table.name(row.node): row for row in table.rows}
    expected_grads = {  # the document's dE_total/d(node)
        "out_o1": 0.74136507,
        "net_o1": 0.138498562,
        "out_h1": 0.036350306,
        "w5": 0.082167041,
        "w1": 0.000438568,
    }
    for name, grad in expected_grads.items():
        assert by_name[name].grad == pytest.approx(grad, abs=1e-9)
    assert by_name["E_total"].data == pytest.approx(0.298371109, abs=1e-9)
    [sigmoid] = by_name["out_o1"].edges
    assert table.formula(sigmoid) == "out_o1(1 - out_o1)"
    assert sigmoid.local == pytest.approx(0.186815602, abs=1e-9)
    assert "d/dnet_o1 = out_o1(1 - out_o1) = 0.18681560" in table.to_text()


@settings(max_examples=40, deadline=None)
@given(random_graphs())
def test_each_gradient_is_the_sum_over_the_rows_that_use_it(graph: RandomGraph) -> None:
    graph.root.backward()
    table = ledger(graph.root)
    upstream: dict[Value, float] = {table.output: 1.0}
    for row in table.rows:
        for e in row.edges:
            upstream[e.parent] = upstream.get(e.parent, 0.0) + (row.grad or 0.0) * e.local
    for row in table.rows:
        assert upstream[row.node] == pytest.approx(row.grad, rel=1e-9, abs=1e-12)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.cells = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.open.append(tag)
        self.cells += tag == "td"

    def handle_endtag(self, tag: str) -> None:
        assert self.open.pop() == tag


def test_every_form_renders(table: Ledger) -> None:
    n = len(table)
    assert len(table.to_text().splitlines()) == n + 1
    assert len(table.to_markdown().splitlines()) == n + 2
    records = list(csv.DictReader(io.StringIO(table.to_csv())))
    assert len(records) == n
    for record, row in zip(records, table.rows):
        assert float(record["data"]) == row.data and float(record["grad"]) == row.grad
        if row.edges:
            assert float(record["local_a"]) == row.edges[0].local
    parser = _Tags()
    parser.feed(table._repr_html_())
    parser.close()
    assert parser.open == [] and parser.cells == 6 * n
    latex = table.to_latex()
    assert latex.startswith(r"\begin{tabular}") and latex.endswith(r"\end{tabular}")
    depth = 0
    for i, c in enumerate(latex):
        if c in "{}" and latex[i - 1] != "\\":
            depth += 1 if c == "{" else -1
            assert depth >= 0
    assert depth == 0
    assert latex.count("$") % 2 == 0


def test_before_backward_the_grad_column_is_empty() -> None:
    x = Value(2.0, label="x")
    y = (x.exp() * 3).named("y")
    table = ledger(y)
    assert all(row.grad is None for row in table.rows)
    assert next(csv.DictReader(io.StringIO(table.to_csv())))["grad"] == ""
    y.backward()
    [x_row] = [row for row in ledger(y).rows if row.node is x]
    assert x_row.grad == pytest.approx(3 * math.exp(2.0))


def test_bad_arguments() -> None:
    with pytest.raises(TypeError, match="takes a Value"):
        ledger(1.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="digits"):
        ledger(Value(1.0), digits=0)


def test_latex_gives_each_edge_of_a_repeated_parent_its_own_formula() -> None:
    x = Value(3.0, label="x")
    y = (x - x).named("y")
    y.backward()
    latex = ledger(y).to_latex()
    assert r"\frac{\partial}{\partial x} = 1$, $\frac{\partial}{\partial x} = -1$" in latex
