"""The network view's one layout for a replay: which drawn neuron, weight or bias shows
each Value (see ``autograd.show.stage``), and the frames' units: one per neuron.

Ids are those ``autograd.show.network`` writes: neurons ``n{l}_{j}``, inputs ``x{k}``,
weight edges ``w{l}_{j}_{k}``, biases ``b{l}_{j}`` and their edges ``b{l}_{j}_in``, the
loss ``loss`` and the edges into it ``n{L}_{j}_loss``. A Value of one sample is found
by its label without the sample suffix (``z^1_2[3]`` is neuron 1,2's z).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING

from autograd.engine.value import Value
from autograd.show.network import draw_network
from autograd.show.network_parts import shown_values
from autograd.show.render import render_svg
from autograd.show.stage import Stage, annotate, base_label, link_grads, widen, widest_grads

if TYPE_CHECKING:
    from autograd.show.network import Network
    from autograd.show.steps import Steps


def _network_elements(
    model: Network, root: Value
) -> tuple[dict[object, str], dict[str, list[Value]]]:
    """Where each network part is drawn (ids as ``autograd.show.network`` writes them):
    keys are Values or base labels; and each element's grad texts in drawing order."""
    where: dict[object, str] = {root: "loss"}
    shown: dict[str, list[Value]] = {"loss": [root]}
    inputs = model.last_inputs or []
    for k, x in enumerate(inputs):
        where[x] = f"x{k}"
        shown[f"x{k}"] = [x]
    for k, label in enumerate(model.input_labels):
        where[label] = f"x{k}"
    # The per-output errors the view draws between the outputs and the loss (E_o1, E_o2).
    for j, error in shown_values(model, root, None).errors.items():
        where[error] = f"E{j}"
        shown[f"E{j}"] = [error]
    biases: dict[Value, str] = {}
    for depth, layer in enumerate(model.layers, start=1):
        for j, neuron in enumerate(layer.neurons, start=1):
            node_id = f"n{depth}_{j}"
            for name in (neuron.z_label, neuron.a_label):
                if name is not None:
                    where[name] = node_id
            parts = [v for v in (neuron.z, neuron.a) if v is not None]
            if neuron.a is neuron.z:
                parts = parts[:1]
            for v in parts:
                where[v] = node_id
            shown[node_id] = list(parts)
            for k, w in enumerate(neuron.w, start=1):
                where[w] = f"w{depth}_{j}_{k}"
                shown[f"w{depth}_{j}_{k}"] = [w]
                shown[f"lw{depth}_{j}_{k}"] = [w]  # the weight's label, a node of its own
            b = neuron.b
            if b is not None:
                if b not in biases:
                    biases[b] = f"b{depth}_{j}"
                    shown[biases[b]] = [b]
                where[b] = biases[b]
                shown[node_id].append(b)  # drawn inside the neuron when compact
    return where, shown


def network_stage(replay: Steps, model: Network) -> Stage:
    """The network view of ``autograd.show.network``: neurons ``n{l}_{j}``, inputs ``x{k}``,
    weight edges ``w{l}_{j}_{k}``, biases ``b{l}_{j}`` and their edges ``b{l}_{j}_in``,
    the loss ``loss`` and the edges into it ``n{L}_{j}_loss``."""
    style = replay.style
    drawing = draw_network(
        model,
        loss=replay.output,
        rankdir=style.rankdir,
        digits=style.digits,
        number_format=style.number_format,
        max_nodes=100_000,
        renderer=replay.renderer,
    )
    where, shown = _network_elements(model, replay.output)

    def element(v: Value) -> str | None:
        return where.get(v) or where.get(base_label(v.label) or "")

    widest = widest_grads(replay)
    widths: dict[str, float] = {}
    for node_id, values in shown.items():
        if node_id.startswith(("n", "x", "b", "loss")):
            chars = max((len(widest.get(v, "")) for v in values), default=0)
            lines = 2 * len(values)
            inches = math.hypot(chars * 6.0, lines * 12.0) / 72 + 0.1
            widths[node_id] = inches
    source = widen(drawing.source, widths)
    stage = Stage(annotate(render_svg(source, replay.renderer), False), source)
    drawn = set(re.findall(r'<g id="([^"]+)" class="(?:node|edge)"', stage.svg))
    for v, edges in replay.graph.items():
        mine = element(v) or "loss"
        stage.nodes[v] = [mine]
        for k, (p, _) in enumerate(edges):
            theirs = element(p)
            stage.edges[(v, k)] = _network_edge(mine, theirs, drawn)
    for v in {p for edges in replay.graph.values() for p, _ in edges}:
        if v not in stage.nodes:
            stage.nodes[v] = [e for e in [element(v)] if e is not None]
    link_grads(stage, shown)
    return stage


def _network_edge(child: str, parent: str | None, drawn: set[str]) -> list[str]:
    """The drawn edge that carries the folded edge from ``child`` to ``parent``."""
    if parent is None or parent == child:
        return []
    candidates: Sequence[str] = ()
    if parent.startswith("w"):
        candidates = [parent]
    elif parent.startswith("b") and child.startswith("n"):
        candidates = [f"b{child[1:].split('_')[0]}_{child.split('_')[1]}_in"]
    elif child.startswith("n") and parent.startswith(("n", "x")):
        layer, j = child[1:].split("_")
        k = int(parent.split("_")[1]) if parent.startswith("n") else int(parent[1:]) + 1
        candidates = [f"w{layer}_{j}_{k}"]
    elif child == "loss" and parent.startswith("n"):
        candidates = [f"{parent}_loss"]
    return [c for c in candidates if c in drawn]


def network_units(model: Network) -> Callable[[Value], Hashable]:
    """A neuron's frame takes its z and a of every sample; other Values with one name
    (the samples of one quantity) share a frame too."""
    neurons: dict[object, tuple[str, int, int]] = {}
    for depth, layer in enumerate(model.layers, start=1):
        for j, neuron in enumerate(layer.neurons, start=1):
            for part in (neuron.z, neuron.a, neuron.z_label, neuron.a_label):
                if part is not None:
                    neurons[part] = ("neuron", depth, j)

    def unit(v: Value) -> Hashable:
        found = neurons.get(v) or neurons.get(base_label(v.label) or "")
        if found is not None:
            return found
        return ("named", base_label(v.label)) if v.label is not None else id(v)

    return unit


__all__ = ["network_stage", "network_units"]
