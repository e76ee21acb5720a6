"""The network view: an MLP drawn as the documents draw it.

Neurons are circles in layers (inputs on the left), each showing its
pre-activation z and activation a with their gradients from the last backward
pass; every weight is an edge from input k to neuron j labelled with the
weight's value and gradient; biases are small boxes feeding their layer with
dashed edges (one box when the layer shares one bias Value, as in seed 003).
Values come from the most recent forward pass (``neuron.z``, ``neuron.a``,
``model.last_inputs``); a gradient no backward pass has reached shows "—".

A network with more weights than fit as labels (over 64, unless asked) is
drawn compact: an edge's colour shows its weight's sign (blue +, red -) and
its width the magnitude, the numbers move to the edge's tooltip, and a
neuron's own bias is written inside its circle instead of a box of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from autograd.engine.value import Value
from autograd.show.dot import NOT_COMPUTED, DotGraph, DrawingStyle
from autograd.show.draw import check_size
from autograd.show.render import Drawing


# What the view reads of a network: the shape of nn's MLP, Layer and Neuron, named
# here so that this layer needs nothing of nn (which is built on the engine alone).
class Neuron(Protocol):
    """A neuron: weights, an optional bias, and its last z and a."""

    @property
    def w(self) -> Sequence[Value]: ...
    @property
    def b(self) -> Value | None: ...
    @property
    def z(self) -> Value | None: ...
    @property
    def a(self) -> Value | None: ...
    @property
    def activation(self) -> str: ...
    @property
    def z_label(self) -> str | None: ...
    @property
    def a_label(self) -> str | None: ...


class Layer(Protocol):
    """A layer of neurons."""

    @property
    def neurons(self) -> Sequence[Neuron]: ...


class Network(Protocol):
    """A multilayer perceptron such as ``nn.MLP``."""

    @property
    def nin(self) -> int: ...
    @property
    def layers(self) -> Sequence[Layer]: ...
    @property
    def last_inputs(self) -> Sequence[Value] | None: ...
    @property
    def input_labels(self) -> Sequence[str]: ...


NEURON_FILL = "#eef3fb"
INPUT_FILL = "#f3f3f3"
BIAS_FILL = "#fff7e0"
POSITIVE = "#2b6cb0"
NEGATIVE = "#c53030"
LABELLED_WEIGHTS_MAX = 64  # more edge labels than this stack into an unreadable column


def _grad(v: Value, style: DrawingStyle) -> str:
    return style.number(v.grad) if v.has_grad else NOT_COMPUTED


def _value_lines(v: Value, name: str, style: DrawingStyle) -> list[str]:
    return [f"{name} = {style.number(v.data)}", f"grad {_grad(v, style)}"]


def _neuron_text(neuron: Neuron, layer: int, j: int, style: DrawingStyle, with_bias: bool) -> str:
    if neuron.z is None or neuron.a is None:
        name = neuron.a_label or neuron.z_label or f"neuron {layer},{j}"
        lines = [name, neuron.activation]
    else:
        lines = _value_lines(neuron.z, neuron.z.label or f"z^{layer}_{j}", style)
        if neuron.a is not neuron.z:
            lines += _value_lines(neuron.a, neuron.a.label or f"a^{layer}_{j}", style)
    if with_bias and neuron.b is not None:
        lines += _value_lines(neuron.b, neuron.b.label or f"b^{layer}_{j}", style)
    return "\n".join(lines)


def _input_text(model: Network, k: int, style: DrawingStyle) -> str:
    default = model.input_labels[k] if k < len(model.input_labels) else f"x_{k + 1}"
    if model.last_inputs is None:
        return default
    x = model.last_inputs[k]
    return "\n".join(_value_lines(x, x.label or default, style))


def draw_network(
    model: Network,
    *,
    loss: Value | None = None,
    rankdir: str = "LR",
    digits: int = 4,
    number_format: str | None = None,
    show_grads: bool = True,
    weight_labels: bool | None = None,
    max_nodes: int = 200,
    renderer: str | None = None,
) -> Drawing:
    """Draw ``model`` as a network of neurons and weighted edges (see the module doc).

    ``loss`` (the Value backward ran from) adds a node that every output feeds.
    ``show_grads=False`` leaves gradients out of the weight labels.
    ``weight_labels`` writes each weight on its edge; by default only when the
    network has at most 64 weights, else it is drawn compact.

    >>> from nn import MLP
    >>> model = MLP(2, [2, 1], "sigmoid", seed=1)
    >>> _ = model([0.5, -1.0])
    >>> draw_network(model).source.count("->")  # 2*2 + 2*1 weights, 2 + 1 biases
    9
    """
    if not all(hasattr(model, a) for a in ("nin", "layers", "last_inputs", "input_labels")):
        raise TypeError(f"draw_network() needs an nn.MLP, got {type(model).__name__}")
    style = DrawingStyle(rankdir, digits, number_format)
    count = model.nin + sum(len(layer.neurons) for layer in model.layers)
    check_size(count, max_nodes, f"the network {model!r}", "Raise max_nodes to draw it anyway.")
    weights = [w for layer in model.layers for neuron in layer.neurons for w in neuron.w]
    if weight_labels is None:
        weight_labels = len(weights) <= LABELLED_WEIGHTS_MAX
    largest = max((abs(w.data) for w in weights), default=0.0) or 1.0
    graph = DotGraph(
        name="network",
        graph_attrs={"rankdir": rankdir, "ranksep": "1.6", "nodesep": "0.5", "splines": "true"},
        node_defaults={"fontname": "Helvetica", "fontsize": "10"},
        edge_defaults={"fontname": "Helvetica", "fontsize": "9", "arrowsize": "0.6"},
    )
    previous = [f"x{k}" for k in range(model.nin)]
    for k, node_id in enumerate(previous):
        graph.node(
            node_id,
            id=node_id,
            shape="circle",
            style="filled",
            fillcolor=INPUT_FILL,
            label=_input_text(model, k, style),
        )
    biases: dict[Value, str] = {}
    for depth, layer in enumerate(model.layers, start=1):
        current = [f"n{depth}_{j}" for j in range(1, len(layer.neurons) + 1)]
        rank = list(previous)
        for j, (neuron, node_id) in enumerate(zip(layer.neurons, current), start=1):
            shared = sum(other.b is neuron.b for other in layer.neurons) > 1
            bias_inside = not weight_labels and not shared
            graph.node(
                node_id,
                id=node_id,
                shape="circle",
                style="filled",
                fillcolor=NEURON_FILL,
                label=_neuron_text(neuron, depth, j, style, with_bias=bias_inside),
            )
            for k, (w, source) in enumerate(zip(neuron.w, previous), start=1):
                text = f"{w.label or f'w^{depth}_{j}{k}'} = {style.number(w.data)}"
                if show_grads:
                    text += f"\ngrad {_grad(w, style)}"
                if weight_labels:
                    graph.edge(source, node_id, id=f"w{depth}_{j}_{k}", label=text)
                else:
                    graph.edge(
                        source,
                        node_id,
                        id=f"w{depth}_{j}_{k}",
                        tooltip=text,
                        color=POSITIVE if w.data >= 0.0 else NEGATIVE,
                        penwidth=f"{0.3 + 2.7 * abs(w.data) / largest:.2f}",
                    )
            if neuron.b is not None and not bias_inside:
                if neuron.b not in biases:
                    biases[neuron.b] = f"b{depth}_{j}"
                    b = neuron.b
                    text = "\n".join(_value_lines(b, b.label or f"b^{depth}_{j}", style))
                    graph.node(
                        biases[neuron.b],
                        id=biases[neuron.b],
                        shape="box",
                        style="filled,rounded",
                        fillcolor=BIAS_FILL,
                        label=text if show_grads else text.split("\n")[0],
                    )
                    rank.append(biases[neuron.b])
                graph.edge(
                    biases[neuron.b], node_id, id=f"b{depth}_{j}_in", style="dashed", color="#999"
                )
        graph.same_rank(rank)
        previous = current
    if loss is not None:
        name = loss.label or "loss"
        graph.node(
            "loss",
            id="loss",
            shape="doublecircle",
            label="\n".join(_value_lines(loss, name, style)),
        )
        for node_id in previous:
            graph.edge(node_id, "loss", id=f"{node_id}_loss", style="dashed")
    return Drawing(graph.source(), renderer)
