"""trace(): the chain rule from an output to one Value, path by path and factored."""

from __future__ import annotations

import json
import math
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from trace_graphs import MAZUR_PARAMETERS, RandomGraph, mazur, random_graphs

from autograd import Value, topological_order
from autograd.explain.trace import Chain, Split, TraceError
from autograd.show.names import Names, label_to_latex, substitute
from autograd.show.numbers import format_number, latex_number
from autograd.show.traces import Trace, trace


@pytest.fixture
def net() -> dict[str, Value]:
    network = mazur()
    network.loss.backward()
    return network.values


def test_value_is_the_engine_gradient_for_every_parameter(net: dict[str, Value]) -> None:
    for name in MAZUR_PARAMETERS:
        t = trace(net["E_total"], net[name])
        assert t.value == pytest.approx(net[name].grad, rel=1e-12)
        assert sum(p.product for p in t.paths) == pytest.approx(net[name].grad, rel=1e-12)


def test_single_path_steps_and_formulas(net: dict[str, Value]) -> None:
    t = trace(net["E_total"], net["w5"])
    assert t.path_count == 1
    [path] = t.paths
    hops = [(s.child.label, s.parent.label) for s in path.factors]
    assert hops == [("E_total", "E_o1"), ("E_o1", "out_o1"), ("out_o1", "net_o1"), ("net_o1", "w5")]
    out_o1 = net["out_o1"].data
    assert [s.local for s in path.factors] == pytest.approx(
        [1.0, out_o1 - 0.01, out_o1 * (1 - out_o1), net["out_h1"].data]
    )
    text = str(t)
    assert "dout_o1/dnet_o1 = out_o1(1 - out_o1) = " in text
    assert "dnet_o1/dw5 = out_h1 = " in text
    assert text.splitlines()[0].startswith(
        "dE_total/dw5 = dE_total/dE_o1 * dE_o1/dout_o1 * dout_o1/dnet_o1 * dnet_o1/dw5 = 1 * "
    )


def test_keep_chooses_the_steps(net: dict[str, Value]) -> None:
    t = trace(net["E_total"], net["w5"], keep=[net["out_o1"], net["net_o1"]])
    assert [(s.child.label, s.parent.label) for s in t.paths[0].factors] == [
        ("E_total", "out_o1"),
        ("out_o1", "net_o1"),
        ("net_o1", "w5"),
    ]


def test_factored_form_goes_through_the_shared_node(net: dict[str, Value]) -> None:
    t = trace(net["E_total"], net["w1"])
    assert t.path_count == 2
    first = t.factored[0]
    assert isinstance(first, Chain)
    assert (first.node, first.top) == (net["w1"], net["out_h1"])
    assert first.top_grad == pytest.approx(net["out_h1"].grad)
    split = t.factored[1]
    assert isinstance(split, Split)
    assert split.node is net["out_h1"]
    assert [s.child.label for _, s in split.terms] == ["net_o1", "net_o2"]
    assert sum(g * s.local for g, s in split.terms) == pytest.approx(net["out_h1"].grad)
    described = [p.node for p in t.factored]
    assert len(described) == len(set(described))  # each node described once


def test_expand_shows_every_primitive(net: dict[str, Value]) -> None:
    t = trace(net["E_total"], net["w5"], expand=True)
    assert t.value == pytest.approx(net["w5"].grad)
    assert len(t.paths[0].factors) > 4
    assert all(s.paths == 1 and s.formula is not None for s in t.paths[0].factors)


def test_highlight_nodes_are_the_values_on_the_paths(net: dict[str, Value]) -> None:
    t = trace(net["E_total"], net["w5"])
    on = t.highlight_nodes()
    for name in ("w5", "net_o1", "out_o1", "E_o1", "E_total"):
        assert net[name] in on
    for name in ("w1", "out_h1", "out_o2", "E_o2", "b2"):
        assert net[name] not in on
    # The unnamed product w5 * out_h1 is on the path too (the op view highlights it).
    assert any(v.label is None and net["w5"] in v.parents for v in on)


def test_digits_and_wrt_equal_to_output(net: dict[str, Value]) -> None:
    t = trace(net["E_total"], net["w5"], digits=3)
    assert str(t).splitlines()[0].endswith("= 0.0822")
    same = trace(net["E_total"], net["E_total"])
    assert (same.value, same.path_count) == (1.0, 1)
    str(same)


def diamonds(depth: int) -> tuple[Value, Value]:
    """x -> y_depth where every level splits into two named branches: 2^depth paths."""
    x = Value(0.3, label="x")
    y = x
    for k in range(depth):
        y = (y.tanh().named(f"p{k}") + y.sigmoid().named(f"q{k}")).named(f"y{k}")
    return y, x


def test_path_expansion_stops_at_max_paths_and_points_to_the_factored_form() -> None:
    y, x = diamonds(8)
    y.backward()
    t = trace(y, x, max_paths=10)
    assert (t.path_count, len(t.paths), t.truncated) == (256, 10, True)
    assert t.value == pytest.approx(x.grad, rel=1e-12)
    text = str(t)
    assert "246 more paths not listed" in text and "factored form" in text
    assert len(t.factored) <= 3 * 8 + 1  # linear in depth, not 2^depth
    small = trace(y, x, max_paths=256)
    assert sum(p.product for p in small.paths) == pytest.approx(x.grad, rel=1e-12)


def test_trace_before_backward_is_an_error() -> None:
    w = Value(0.5, label="w")
    loss = (w * 3.0).named("loss")
    with pytest.raises(TraceError, match=r"loss has no gradient yet: call loss\.backward\(\)"):
        trace(loss, w)
    assert not w.has_grad and w.label == "w"


def test_value_not_in_the_graph_is_an_error() -> None:
    w, stranger = Value(0.5, label="w"), Value(1.0, label="stranger")
    loss = (w * w).named("loss")
    loss.backward()
    with pytest.raises(TraceError, match="stranger is not in the graph of loss"):
        trace(loss, stranger)
    with pytest.raises(TypeError, match="two Values"):
        trace(loss, 1.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_paths"):
        trace(loss, w, max_paths=0)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open.pop() == tag


def balanced_braces(text: str) -> bool:
    depth = 0
    for i, c in enumerate(text):
        if c in "{}" and i > 0 and text[i - 1] == "\\":
            continue
        depth += {"{": 1, "}": -1}.get(c, 0)
        if depth < 0:
            return False
    return depth == 0


def check_forms(t: Trace) -> None:
    assert str(t) and "∂" in t.unicode()
    latex = t.latex()
    assert latex.startswith(r"\begin{aligned}") and balanced_braces(latex)
    assert t._repr_latex_().startswith("$$")
    assert "| factor | formula | value |" in t._repr_markdown_()
    parser = _Tags()
    parser.feed(t._repr_html_())
    parser.close()
    assert parser.open == []
    data = json.loads(json.dumps(t.to_dict()))
    assert data["value"] == t.value and data["path_count"] == t.path_count


def test_every_form_renders(net: dict[str, Value]) -> None:
    for name in ("w1", "w5", "b1"):
        check_forms(trace(net["E_total"], net[name]))
    y, x = diamonds(7)
    y.backward()
    check_forms(trace(y, x))


@settings(max_examples=60, deadline=None)
@given(random_graphs())
def test_paths_sum_to_the_gradient_folded_and_expanded(graph: RandomGraph) -> None:
    root = graph.root
    root.backward()
    in_graph = set(topological_order(root))
    for leaf in graph.leaves:
        if leaf not in in_graph:
            continue
        for expand in (False, True):
            t = trace(root, leaf, expand=expand, max_paths=10_000)
            assert not t.truncated
            total = math.fsum(p.product for p in t.paths)
            assert total == pytest.approx(leaf.grad, rel=1e-9, abs=1e-12)
            assert t.value == pytest.approx(leaf.grad, rel=1e-9, abs=1e-12)
            assert t.factored[0].value == pytest.approx(leaf.grad, rel=1e-9, abs=1e-12)
        check_forms(t)


def test_a_value_used_twice_by_one_op_shows_both_edges() -> None:
    x = Value(3.0, label="x")
    y = (x * x).named("y")
    y.backward()
    t = trace(y, x)
    [step] = t.factors
    # Both edges' derivatives (b + a = x + x) summed: SymPy writes 2x.
    assert (step.local, step.paths, step.formula) == (6.0, 2, 2 * t.symbols.symbol(x))
    assert "dy/dx = 2 * x = 6  (sum over 2 paths)" in str(t)


def test_names_in_latex_and_numbers() -> None:
    assert label_to_latex("net_o1") == "net_{o1}"
    assert label_to_latex("w5") == "w_{5}"
    assert label_to_latex("w^1_23") == "w^{1}_{23}"
    assert label_to_latex("a_b_c") == r"a_{b\_c}"
    assert label_to_latex("cost#1") == r"cost\#1"
    # 8 significant digits as the issue writes them: the trailing zero is a known digit;
    # an exact short decimal stays short.
    assert format_number(0.186815602, 8) == "0.18681560"
    assert format_number(0.05, 8) == "0.05"
    assert format_number(-0.0, 8) == "0"
    assert latex_number(format_number(1.5e-7, 3)) == r"1.5 \times 10^{-7}"
    x = Value(2.0, label="x")
    long = x
    for _ in range(6):
        long = long * x + 1.0
    short = x * 2.5
    names = Names(short + long)
    assert (names.plain(x), names.plain(short)) == ("x", "x * 2.5")
    # Too long to spell out: the inner product is named by op and number.
    assert names.plain(long) == "((mul#1 + 1) * x + 1) * x + 1"
    assert names.latex(short) == r"x \cdot 2.5"


def test_formulas_substitute_whole_names_only() -> None:
    names = {"a": "exp(x)", "b": "(x + 1)", "out": "y"}
    assert substitute("-a/b²", names) == "-exp(x)/(x + 1)²"
    assert substitute("exp(a) = out", {"a": "x", "out": "exp(x)"}) == "exp(x)"
    assert substitute("b", names, {"b": "x + 1"}) == "x + 1"


def test_unnamed_expressions_take_parentheses_only_where_needed() -> None:
    a, b, c, x = (Value(v, label=n) for v, n in ((1.0, "a"), (2.0, "b"), (3.0, "c"), (1.0, "x")))
    cases = {
        "w1 * x1 + w2 * x2 + b": None,
        "a - b - (c - a)": (a - b) - (c - a),
        "a * (b * c)": a * (b * c),
        "a * b * c": (a * b) * c,
        "(a + b) * c": (a + b) * c,
        "-x ** 2": -(x**2),
        "(-x) ** 2": (-x) ** 2,
        "(a ** b) ** c": (a**b) ** c,
        "a ** b ** c": a ** (b**c),
        "σ(a * b) * c": (a * b).sigmoid() * c,
    }
    w1, x1, w2, x2, bias = (Value(0.5, label=n) for n in ("w1", "x1", "w2", "x2", "b"))
    cases["w1 * x1 + w2 * x2 + b"] = w1 * x1 + w2 * x2 + bias
    for expected, value in cases.items():
        assert value is not None
        assert Names(value).plain(value) == expected


def test_latex_never_stacks_two_superscripts() -> None:
    w = Value(0.5, label="w^1_23")
    E = (w**3).named("E")
    E.backward()
    latex = trace(E, w).latex()
    assert "{w^{1}_{23}}^{2}" in latex and "}_{23}^" not in latex


def test_markdown_table_escapes_bars_in_names() -> None:
    a = Value(0.5, label="a|b")
    y = (a * 3).named("y|z")
    y.backward()
    rows = [line for line in trace(y, a).markdown().splitlines() if line.startswith("| ∂")]
    assert rows and all(line.replace(r"\|", "").count("|") == 4 for line in rows)


def test_latex_text_escapes_underscores() -> None:
    x = Value(1.0, label="x")
    previous = [x]
    for level in range(3):  # two named nodes per level, each using both above: 2^3 paths
        total = previous[0] if len(previous) == 1 else previous[0] + previous[1]
        previous = [(total * 1.5).named(f"a{level}"), (total * 0.5).named(f"b{level}")]
    out = (previous[0] + previous[1]).named("out")
    out.backward()
    latex = trace(out, x, max_paths=2).latex()
    assert r"max\_paths=2" in latex and "max_paths" not in latex.replace(r"max\_paths", "")
