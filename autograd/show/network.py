"""The network view: an MLP drawn as the documents draw it.

Inputs on the left, one column per layer, neuron j of a layer in row j (top
to bottom; left to right with ``rankdir="TB"``). A neuron's circle shows its
pre-activation z and activation a with their gradients ∂loss/∂value from the
last backward pass; every weight is an edge from input k to neuron j with its
label (value and gradient) beside it, where no other edge, node or label is; a
bias shared by a layer (Mazur's b1, b2) is a box in the column before it with
dashed edges to the layer's neurons, a neuron's own bias is written inside it.
With a loss, the per-output errors (Mazur's E_o1, E_o2) with their targets and
the loss follow the outputs. A caption says what the numbers are
(``legend=False`` leaves it out) and, with several samples, which sample's
values are shown (``sample=`` chooses) while the weights' gradients are of the
loss over all samples. A gradient no backward pass has reached shows "—".

A network with more weights than fit as labels (over 64, unless asked) is
drawn compact: an edge's colour shows its weight's sign (blue +, red -) and
its width the magnitude, and the numbers move to the edge's tooltip.
Positions are computed in ``autograd.show.network_layout``.
"""

from __future__ import annotations

from autograd.engine.value import Value
from autograd.show.dot import DotGraph, DrawingStyle, Escaped, escape_text
from autograd.show.names import typeset
from autograd.show.network_layout import Box, Segment, column_rows, place_labels, text_size
from autograd.show.network_parts import (
    Network,
    Shown,
    plain_name,
    shown_values,
    value_lines,
    weight_tooltip,
)
from autograd.show.render import Drawing
from autograd.show.size import DEFAULT_MAX_NODES, check_size

NEURON_FILL = "#eef3fb"
INPUT_FILL = "#f3f3f3"
BIAS_FILL = "#fff7e0"
LOSS_FILL = "#fdecea"
POSITIVE = "#2b6cb0"
NEGATIVE = "#c53030"
BIAS_EDGE = "gray50"
LABEL_COLOUR = "#333333"
LABELLED_WEIGHTS_MAX = 64  # more edge labels than this cannot all find room
NODE_FONT, LABEL_FONT = 10.0, 9.0

__all__ = ["Network", "draw_network"]


class _Plan:
    """Nodes (text, shape, size, position) and edges of the drawing, before DOT."""

    def __init__(self) -> None:
        self.nodes: dict[str, dict[str, str]] = {}
        self.centre: dict[str, tuple[float, float]] = {}
        self.half: dict[str, tuple[float, float]] = {}
        self.edges: list[tuple[str, str, dict[str, str]]] = []

    def add(self, node_id: str, text: str, shape: str, **attrs: str) -> None:
        w, h = text_size(text, NODE_FONT)
        if shape in ("circle", "doublecircle"):
            d = (w * w + h * h) ** 0.5 + (14 if shape == "doublecircle" else 8)
            w = h = d
        else:
            w, h = w + 14, h + 8
        self.nodes[node_id] = {"label": text, "shape": shape, **attrs}
        self.half[node_id] = (w / 2, h / 2)

    def segment(self, tail: str, head: str) -> Segment:
        return (self.centre[tail], self.centre[head])


def _neuron_text(shown: Shown, model: Network, depth: int, j: int, style: DrawingStyle) -> str:
    neuron = model.layers[depth - 1].neurons[j - 1]
    z, a = shown.neurons[depth - 1][j - 1]
    if z is None or a is None:
        name = typeset(neuron.a_label or neuron.z_label or f"a^{depth}_{j}")
        return f"{name}\n{neuron.activation}"
    lines = value_lines(z, plain_name(z, f"z^{depth}_{j}"), style)
    if a is not z:
        lines += value_lines(a, plain_name(a, f"a^{depth}_{j}"), style)
    shared = sum(other.b is neuron.b for other in model.layers[depth - 1].neurons) > 1
    if neuron.b is not None and not shared:
        lines += value_lines(neuron.b, neuron.b.label or f"b^{depth}_{j}", style)
    return "\n".join(lines)


def _exact(shown: Shown, model: Network, depth: int, j: int) -> str:
    """A neuron's numbers to all their digits (the drawing rounds them)."""
    z, a = shown.neurons[depth - 1][j - 1]
    b = model.layers[depth - 1].neurons[j - 1].b
    parts = [(v, d) for v, d in ((z, "z"), (a, "a"), (b, "b")) if v is not None]
    return "\n".join(f"{typeset(plain_name(v, d))} = {v.data!r}, grad {v.grad!r}" for v, d in parts)


def _caption(plan: _Plan, model: Network, shown: Shown, loss: Value | None, compact: bool) -> str:
    of = typeset(plain_name(loss, "loss")) if loss is not None else "the value backward ran from"
    lines = [
        f"In each node: name = value (forward pass); grad = ∂{of}/∂ that value (backward pass).",
        "Beside each edge: the weight's name = value, and its grad."
        if not compact
        else "Edges: weights, blue positive, red negative, thicker when larger (tooltips).",
    ]
    if any(n.startswith("b") for n in plan.nodes):
        lines.append("Dashed grey edges: a bias shared by the layer it feeds.")
    if any(n.b is not None and sum(o.b is n.b for o in la.neurons) == 1
           for la in model.layers for n in la.neurons):  # fmt: skip
        lines.append("A neuron's own bias is the last value written inside it.")
    if any(n.startswith("t") for n in plan.nodes):
        lines.append("target: the value the output should have; the error compares them.")
    if shown.samples > 1:
        which = f"sample {shown.sample}" if shown.sample else "the last sample"
        lines.append(
            f"Node values are {which}'s of {shown.samples} (sample= chooses another); "
            f"weight gradients are of {of} over all {shown.samples} samples."
        )
    return "\n".join(lines)


def draw_network(
    model: Network,
    *,
    loss: Value | None = None,
    rankdir: str = "LR",
    digits: int = 4,
    number_format: str | None = None,
    show_grads: bool = True,
    weight_labels: bool | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
    renderer: str | None = None,
    legend: bool = True,
    sample: int | None = None,
) -> Drawing:
    """Draw ``model`` as a network of neurons and weighted edges (see the module doc).

    ``loss`` (the Value backward ran from) adds the errors, targets and the loss
    after the outputs. ``show_grads=False`` leaves gradients out of the weight
    labels. ``weight_labels`` writes each weight beside its edge; by default only
    when the network has at most 64 weights, else it is drawn compact.
    ``rankdir="TB"`` draws the layers top to bottom. ``sample`` (1-based) shows
    that sample's values of a loss over several samples.

    >>> from nn import MLP
    >>> model = MLP(2, [2, 1], "sigmoid", seed=1)
    >>> _ = model([0.5, -1.0])
    >>> draw_network(model).source.count("->")  # 2*2 + 2*1 weights (biases inside neurons)
    6
    """
    if not all(hasattr(model, a) for a in ("nin", "layers", "last_inputs", "input_labels")):
        raise TypeError(f"draw_network() needs an nn.MLP, got {type(model).__name__}")
    style = DrawingStyle(rankdir, digits, number_format)
    count = model.nin + sum(len(layer.neurons) for layer in model.layers)
    check_size(count, max_nodes, f"the network {model!r}", "Raise max_nodes to draw it anyway.")
    weights = [w for layer in model.layers for neuron in layer.neurons for w in neuron.w]
    compact = not (len(weights) <= LABELLED_WEIGHTS_MAX if weight_labels is None else weight_labels)
    shown = shown_values(model, loss, sample)
    plan, columns = _plan_nodes(model, loss, shown, style)
    graph = _layout(plan, columns, model, shown, loss, style, compact, show_grads, legend)
    return Drawing(graph.source(), renderer)


def _plan_nodes(
    model: Network, loss: Value | None, shown: Shown, style: DrawingStyle
) -> tuple[_Plan, list[list[str]]]:
    """Every node's text and size, and the columns they stand in (bias boxes last)."""
    plan = _Plan()
    inputs = []
    for k, x in enumerate(shown.inputs):
        default = model.input_labels[k] if k < len(model.input_labels) else f"x_{k + 1}"
        lines = [typeset(default)] if x is None else value_lines(x, plain_name(x, default), style)
        text = "\n".join(lines)
        plan.add(f"x{k}", text, "circle", fillcolor=INPUT_FILL)
        inputs.append(f"x{k}")
    columns = [inputs]
    for depth, layer in enumerate(model.layers, start=1):
        column = []
        for j in range(1, len(layer.neurons) + 1):
            plan.add(f"n{depth}_{j}", _neuron_text(shown, model, depth, j, style), "circle",
                     fillcolor=NEURON_FILL, tooltip=_exact(shown, model, depth, j))  # fmt: skip
            column.append(f"n{depth}_{j}")
        seen: set[Value] = set()
        for j, neuron in enumerate(layer.neurons, start=1):
            b = neuron.b
            shared = b is not None and sum(o.b is b for o in layer.neurons) > 1
            if b is not None and shared and b not in seen:
                seen.add(b)
                text = "\n".join(value_lines(b, b.label or f"b^{depth}", style))
                plan.add(f"b{depth}_{j}", text, "box", fillcolor=BIAS_FILL, style="filled,rounded")
                columns[-1].append(f"b{depth}_{j}")
        columns.append(column)
    # circles of one kind share a size, so that columns line up
    for column in columns:
        circles = [n for n in column if plan.nodes[n]["shape"] == "circle"]
        big = max((plan.half[n][0] for n in circles), default=0.0)
        for n in circles:
            plan.half[n] = (big, big)
    if loss is not None:
        errors = []
        for j, e in sorted(shown.errors.items()):
            plan.add(f"E{j}", "\n".join(value_lines(e, plain_name(e, f"E_{j}"), style)), "box",
                     fillcolor=LOSS_FILL, style="filled,rounded")  # fmt: skip
            errors.append(f"E{j}")
        if errors:
            columns.append(errors)
        for j, t in sorted(shown.targets.items()):
            if j in shown.errors:
                plan.add(f"t{j}", f"target {style.number(t.data)}", "box", style="dashed")
        text = "\n".join(value_lines(loss, plain_name(loss, "loss"), style))
        plan.add("loss", text, "doublecircle", fillcolor=LOSS_FILL)
        columns.append(["loss"])
    return plan, columns


def _turn(rankdir: str, x: float, y: float) -> tuple[float, float]:
    """A point of the left-to-right plan in the drawing's direction."""
    return {"LR": (x, y), "RL": (-x, y), "TB": (y, x), "BT": (y, -x)}[rankdir]


def _edges(model: Network, plan: _Plan, loss: Value | None) -> list[tuple[str, str, str]]:
    """(tail, head, id) of every edge: weights first, in the order of their labels."""
    edges = []
    for depth, layer in enumerate(model.layers, start=1):
        sources = [f"x{k}" for k in range(model.nin)] if depth == 1 else [
            f"n{depth - 1}_{k}" for k in range(1, len(model.layers[depth - 2].neurons) + 1)
        ]  # fmt: skip
        for j, neuron in enumerate(layer.neurons, start=1):
            for k, source in enumerate(sources[: len(neuron.w)], start=1):
                edges.append((source, f"n{depth}_{j}", f"w{depth}_{j}_{k}"))
    for depth, layer in enumerate(model.layers, start=1):
        for j, neuron in enumerate(layer.neurons, start=1):
            first = next((i for i, o in enumerate(layer.neurons, 1) if o.b is neuron.b), j)
            if f"b{depth}_{first}" in plan.nodes:
                edges.append((f"b{depth}_{first}", f"n{depth}_{j}", f"b{depth}_{j}_in"))
    if loss is not None:
        last = len(model.layers)
        for j in range(1, len(model.layers[-1].neurons) + 1):
            if f"E{j}" in plan.nodes:
                edges.append((f"n{last}_{j}", f"E{j}", f"out{j}_E{j}"))
                edges.append((f"E{j}", "loss", f"E{j}_loss"))
            else:
                edges.append((f"n{last}_{j}", "loss", f"out{j}_loss"))
            if f"t{j}" in plan.nodes:
                edges.append((f"t{j}", f"E{j}", f"t{j}_in"))
    return edges


def _positions(
    plan: _Plan, columns: list[list[str]], label: tuple[float, float], turned: bool, grow: float
) -> None:
    """Columns left to right, rows top to bottom, in the LR frame (see network_layout).

    Between two layers there is room for a label (of size ``label``) on each side
    of the crossing edges; ``turned`` (the drawing runs top to bottom, labels still
    horizontal) moves that room between the rows instead, where labels then sit.
    """
    vgap = 36.0 * grow
    across = label[0] if turned else 0.0
    along = 2 * (label[1] if turned else label[0]) + 50
    pitch = max(2 * plan.half[n][1] for column in columns for n in column) + vgap + across
    x = 0.0
    previous_half = 0.0
    for c, column in enumerate(columns):
        main = [n for n in column if not n.startswith("b")]
        half = max(plan.half[n][0] for n in column)
        room = along if column[0].startswith("n") else 60.0
        x = 0.0 if c == 0 else x + previous_half + half + room * grow
        previous_half = half
        for n, y in zip(main, column_rows(len(main), pitch)):
            plan.centre[n] = (x, y)
        bottom = max((plan.centre[n][1] + plan.half[n][1] for n in main), default=0.0)
        for n in column:
            if n.startswith("b"):
                plan.centre[n] = (x, bottom + vgap + plan.half[n][1])
                bottom += vgap + 2 * plan.half[n][1]
    for n in plan.nodes:
        if n.startswith("t"):
            hx, hy = plan.centre[f"E{n[1:]}"]
            plan.centre[n] = (hx, hy - plan.half[f"E{n[1:]}"][1] - 14 - plan.half[n][1])


def _node_box(plan: _Plan, n: str) -> Box:
    x, y = plan.centre[n]
    hw, hh = plan.half[n]
    return Box(x, y, hw, hh)


def _layout(
    plan: _Plan, columns: list[list[str]], model: Network, shown: Shown, loss: Value | None,
    style: DrawingStyle, compact: bool, show_grads: bool, legend: bool,
) -> DotGraph:  # fmt: skip
    """Place the nodes, then the weight labels (spreading the columns until every
    label finds room), and write the pinned DOT graph."""
    edges = _edges(model, plan, loss)
    loss_name = typeset(plain_name(loss, "loss")) if loss is not None else "loss"
    texts: dict[str, str] = {}
    tooltips: dict[str, str] = {}
    values: dict[str, float] = {}
    for _, _, edge_id in edges:
        if not edge_id.startswith("w"):
            continue
        depth, j, k = (int(i) for i in edge_id[1:].split("_"))
        neuron = model.layers[depth - 1].neurons[j - 1]
        w = neuron.w[k - 1]
        z = shown.neurons[depth - 1][j - 1][0]
        x = shown.inputs[k - 1] if depth == 1 else shown.neurons[depth - 2][k - 1][1]
        w_name = w.label or f"w^{depth}_{j}{k}"
        x_default = (
            (model.input_labels[k - 1] if k <= len(model.input_labels) else f"x_{k}")
            if depth == 1
            else f"a^{depth - 1}_{k}"
        )
        text = "\n".join(value_lines(w, w_name, style, grads=show_grads))
        texts[edge_id] = text
        values[edge_id] = w.data
        tooltips[edge_id] = weight_tooltip(
            w, w_name, z, plain_name(z, neuron.z_label or f"z^{depth}_{j}"), x,
            plain_name(x, x_default), loss_name, shown.samples, style,
        ) if show_grads else texts[edge_id]  # fmt: skip
    sizes = {e: text_size(t, LABEL_FONT) for e, t in texts.items()}
    label = (
        max((w for w, _ in sizes.values()), default=0.0),
        max((h for _, h in sizes.values()), default=0.0),
    )
    placed: list[Box] | None = None
    # beyond LABELLED_WEIGHTS_MAX labels (asked for) room is rarely found: spread at once
    for attempt in range(10) if len(texts) <= LABELLED_WEIGHTS_MAX else [9]:
        room = (0.0, 0.0) if compact else label
        _positions(plan, columns, room, not style.horizontal, 1.2**attempt)
        plan.centre = {n: _turn(style.rankdir, *c) for n, c in plan.centre.items()}
        if compact or not texts:
            break
        segments = {e: plan.segment(t, h) for t, h, e in edges}
        wanted = [(segments[e], sizes[e][0] / 2, sizes[e][1] / 2) for e in texts]
        obstacles = [_node_box(plan, n) for n in plan.nodes]
        placed = place_labels(wanted, list(segments.values()), obstacles, strict=attempt < 9)
        if placed is not None:
            break
    graph = DotGraph(
        name="network",
        graph_attrs={"layout": "neato", "splines": "line", "overlap": "true"},
        node_defaults={"fontname": "Helvetica", "fontsize": f"{NODE_FONT:g}", "fixedsize": "true"},
        edge_defaults={"fontname": "Helvetica", "fontsize": f"{LABEL_FONT:g}", "arrowsize": "0.6"},
    )  # fmt: skip
    for n, attrs in plan.nodes.items():
        style_attr = attrs.pop("style", "filled")
        _pinned(graph, n, plan.centre[n], plan.half[n], style=style_attr, **attrs)

    def name(node_id: str) -> str:  # a node's name, as its text begins
        return str(plan.nodes[node_id]["label"]).split(" = ")[0].split("\n")[0]

    for tail, head, edge_id in edges:
        edge: dict[str, str | Escaped] = {"id": edge_id}
        if edge_id.startswith("w"):
            edge["tooltip"] = tooltips[edge_id]
            if compact:
                weight = values[edge_id]
                edge["color"] = POSITIVE if weight >= 0.0 else NEGATIVE
                edge["penwidth"] = f"{0.4 + 2.6 * _weight_share(model, weight):.2f}"
        elif edge_id.startswith("b"):
            edge.update(
                style="dashed", color=BIAS_EDGE, tooltip=f"{name(tail)} is added to {name(head)}"
            )
        else:
            edge.update(color=BIAS_EDGE, tooltip=f"{name(tail)} goes into {name(head)}")
        graph.edge(tail, head, **edge)
    if placed is not None:
        for edge_id, box in zip(texts, placed):
            _pinned(graph, "l" + edge_id, (box.x, box.y), (box.hw, box.hh), label=texts[edge_id],
                    shape="plaintext", fontsize=f"{LABEL_FONT:g}", fontcolor=LABEL_COLOUR,
                    tooltip=tooltips[edge_id], style="solid")  # fmt: skip
    if legend:
        _add_caption(graph, plan, _caption(plan, model, shown, loss, compact))
    return graph


def _weight_share(model: Network, w: float) -> float:
    largest = max(
        (abs(v.data) for la in model.layers for n in la.neurons for v in n.w), default=0.0
    )
    return abs(w) / largest if largest else 0.0


def _pinned(
    graph: DotGraph, node_id: str, centre: tuple[float, float], half: tuple[float, float],
    **attrs: str | Escaped,
) -> None:  # fmt: skip
    """A node fixed at ``centre`` (points, y down) with exactly the size planned."""
    x, y = centre
    label = attrs.get("label", "")
    attrs.setdefault("tooltip", label if isinstance(label, str) else "")
    graph.node(
        node_id,
        id=node_id,
        pos=f"{x / 72:.4f},{-y / 72:.4f}!",
        width=f"{2 * half[0] / 72:.4f}",
        height=f"{2 * half[1] / 72:.4f}",
        **attrs,
    )


def _add_caption(graph: DotGraph, plan: _Plan, text: str) -> None:
    """The caption below the drawing, left-aligned with it."""
    left = min(plan.centre[n][0] - plan.half[n][0] for n in plan.nodes)
    bottom = max(plan.centre[n][1] + plan.half[n][1] for n in plan.nodes)
    w, h = text_size(text, LABEL_FONT)
    label = Escaped("".join(escape_text(line) + "\\l" for line in text.split("\n")))
    _pinned(graph, "legend", (left + w / 2, bottom + 24 + h / 2), (w / 2, h / 2),
            label=label, tooltip=text, shape="plaintext", fontsize=f"{LABEL_FONT:g}",
            fontcolor=LABEL_COLOUR, style="solid")  # fmt: skip
