"""The networks of the five documents, one function each.

Each function returns an ``Example``: the model with the document's weights
(or, where the document gives none, small numbers chosen here and said so),
its inputs and targets, ``loss()`` which runs the forward pass and returns the
labelled loss root, and ``weights()``, the parameters in the document's order.
Every Value is labelled in the document's own notation.

With several samples (seeds 000 and 004) each sample's forward pass makes its
own nodes, labelled with the sample number: ``ŷ[2]`` is sample 2's output.

Layers are numbered as each document numbers them: Nielsen, Wang and the
notes of seed 003 call the input layer 1 ("l != 1"), so their first hidden
layer is layer 2 (``w^2_jk``, ``z^2_j``, ``δ^2_j``); Punnen calls the input
``a^0`` and the geoscience chapter its hidden weights ``w^(1)``, so theirs is 1.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from autograd.engine import Value, topological_order
from autograd.show.traces import Trace, trace
from nn.layers import MLP, Neuron
from nn.losses import total

DEFAULT = "mazur"


@dataclass
class Example:
    """A document's network, data and loss (see the module docstring)."""

    name: str
    title: str
    source: str  # the citation: title, author and address, as far as the document gives them
    model: MLP
    inputs: list[list[float]]
    targets: list[list[float]]
    build_loss: Callable[[Example], Value] = field(repr=False)
    traced: list[Value] = field(repr=False)
    notes: str = ""
    # Labelled Values the document's derivation steps over (Mazur writes
    # dE_total/dout_o1 directly, never the factor dE_total/dE_o1 = 1).
    not_steps: frozenset[str] = frozenset()
    seed: str = ""  # the document's number in the project's list (000 ... 004)
    digits: int = 8  # significant digits the document prints (seed 003: 0.298371109)
    # The order in which the document writes a chain rule's factors: from the
    # cost down to the weight, or (Punnen) from the weight up to the cost.
    reading: Literal["output-first", "input-first"] = "output-first"

    def loss(self) -> Value:
        """Run the forward pass on the document's data; return the labelled loss root."""
        return self.build_loss(self)

    def weights(self) -> list[Value]:
        """The parameters to trace, in the document's order."""
        return list(self.traced)

    def steps(self, loss: Value) -> list[Value]:
        """The Values the document's derivation steps over: every labelled Value of
        ``loss``'s graph except those in ``not_steps``."""
        return [
            v
            for v in topological_order(loss)
            if v.label is not None and v.label not in self.not_steps
        ]

    def trace(
        self, loss: Value, wrt: Value, *, digits: int | None = None, max_paths: int = 64
    ) -> Trace:
        """``autograd.trace(loss, wrt)`` with the document's steps: every labelled
        Value except those in ``not_steps``, its factors in the document's
        ``reading`` order, numbers to ``digits`` (default: the document's own
        precision). Call ``loss.backward()`` first."""
        shown = self.digits if digits is None else digits
        found = trace(
            loss, wrt, keep=self.steps(loss), digits=shown, max_paths=max_paths, order=self.reading
        )
        return found if self.reading == "output-first" else _input_first(found)


def _input_first(t: Trace) -> Trace:
    """The same trace with every product written from ``wrt`` up to the output
    (Punnen's dC/dw^2 = dz^2/dw^2 . da^2/dz^2 . dC/da^2). Products commute: only
    the order of the factors changes, never a number."""
    return replace(
        t,
        paths=tuple(replace(p, factors=p.factors[::-1]) for p in t.paths),
        factors=t.factors[::-1],
    )


def _rename(neuron: Neuron, weights: Sequence[str], bias: str | None, z: str, a: str) -> None:
    for w, label in zip(neuron.w, weights):
        w.label = label
    if bias is not None and neuron.b is not None:
        neuron.b.label = bias
    neuron.z_label, neuron.a_label = z, a


def _number_layers(model: MLP, first: int) -> None:
    """Number the model's layers from ``first`` (Nielsen's 2 for the first hidden
    layer, the input layer being 1) and relabel its Values to match."""
    for offset, layer in enumerate(model.layers):
        n = layer.index = first + offset
        for j, neuron in enumerate(layer.neurons, 1):
            for k, w in enumerate(neuron.w, 1):
                w.label = f"w^{n}_{j}{k}"
            if neuron.b is not None:
                neuron.b.label = f"b^{n}_{j}"
            neuron.z_label, neuron.a_label = f"z^{n}_{j}", f"a^{n}_{j}"
    if first > 1:
        model.input_labels = [f"a^{first - 1}_{k}" for k in range(1, model.nin + 1)]


def forward_sample(model: MLP, x: Sequence[float], i: int) -> list[Value]:
    """``model(x)`` with every input, z and a label suffixed by ``[i]``."""
    outputs = model(x)
    assert model.last_inputs is not None
    for value, label in zip(model.last_inputs, model.input_labels):
        value.label = f"{label}[{i}]"
    for neuron in model.neurons:
        assert neuron.z is not None and neuron.a is not None
        neuron.z.label = f"{neuron.z_label}[{i}]"
        neuron.a.label = f"{neuron.a_label}[{i}]"
    return outputs


def _cross_entropy_over_samples(ex: Example, target: str) -> Value:
    """C = -(1/m) sum_i sum_k [y ln a + (1 - y) ln(1 - a)]: the cross-entropy of every
    sample's outputs, averaged over the m samples (``nn.losses.binary_cross_entropy``,
    written out so that the targets and m are named Values: formulas show them by name).
    ``target`` names sample i's target for output k (``y[{i}]``, ``y_{k}[{i}]``)."""
    terms = []
    for i, (x, ys) in enumerate(zip(ex.inputs, ex.targets), 1):
        for k, (a, t) in enumerate(zip(forward_sample(ex.model, x, i), ys), 1):
            y = Value(t, label=target.format(i=i, k=k))
            terms.append(y * a.log() + (1 - y) * (1 - a).log())
    m = Value(len(ex.inputs), label="m")
    return (-total(terms) / m).named("C")


def mazur() -> Example:
    """Seed 003 (Mazur's step-by-step example): 2-2-2 sigmoid network, squared error.

    i1 = 0.05, i2 = 0.10; w1..w4 = 0.15, 0.20, 0.25, 0.30 into h1, h2
    (net_h1 = w1*i1 + w2*i2 + b1); w5..w8 = 0.40, 0.45, 0.50, 0.55 into o1, o2;
    one bias shared per layer, b1 = 0.35 and b2 = 0.60; targets 0.01 and 0.99;
    E_total = E_o1 + E_o2 with E_o = 1/2 (target - out)^2. The document updates
    only w1..w8 (``weights()[:8]``), never b1 and b2.
    """
    model = MLP(
        2,
        [2, 2],
        "sigmoid",
        weights=[[[0.15, 0.20], [0.25, 0.30]], [[0.40, 0.45], [0.50, 0.55]]],
        biases=[0.35, 0.60],
    )
    model.input_labels = ["i1", "i2"]
    (h1, h2), (o1, o2) = (layer.neurons for layer in model.layers)
    _rename(h1, ["w1", "w2"], "b1", "net_h1", "out_h1")
    _rename(h2, ["w3", "w4"], "b1", "net_h2", "out_h2")
    _rename(o1, ["w5", "w6"], "b2", "net_o1", "out_o1")
    _rename(o2, ["w7", "w8"], "b2", "net_o2", "out_o2")

    def loss(ex: Example) -> Value:
        out_o1, out_o2 = ex.model(ex.inputs[0])
        target_o1, target_o2 = (
            Value(t, label=f"target_o{j}") for j, t in enumerate(ex.targets[0], 1)
        )
        e_o1 = (0.5 * (target_o1 - out_o1) ** 2).named("E_o1")
        e_o2 = (0.5 * (target_o2 - out_o2) ** 2).named("E_o2")
        return (e_o1 + e_o2).named("E_total")

    # The notes' Nielsen equations number the input layer 1 ("l != 1").
    for number, layer in enumerate(model.layers, 2):
        layer.index = number
    weights = [w for n in (h1, h2, o1, o2) for w in n.w]
    biases = [b for b in (h1.b, o1.b) if b is not None]
    return Example(
        "mazur",
        "A step-by-step backpropagation example (2-2-2 sigmoid network)",
        "'Back Propogation' (study notes restating Nielsen's four equations and working "
        "Matt Mazur's 'A Step by Step Backpropagation Example', "
        "https://mattmazur.com/2015/03/17/a-step-by-step-backpropagation-example/)",
        model,
        [[0.05, 0.10]],
        [[0.01, 0.99]],
        loss,
        weights + biases,
        "Biases are shared per layer and are not updated in the document's SGD step.",
        frozenset({"E_o1", "E_o2"}),
        seed="003",
        digits=9,
    )


def punnen() -> Example:
    """Seed 001 (Punnen, ch. 4): a^0 -> a^1 -> a^2, one sigmoid neuron per layer.

    Quadratic cost C = 1/2 (y - a^2)^2; equations (A) dC/dw^2 = a^1 σ'(z^2)(a^2 - y)
    and (B) dC/dw^1 = a^0 σ'(z^1)(a^2 - y) σ'(z^2) w^2. The document gives no
    numbers, so these are chosen here: a^0 = 0.8, y = 0.2, w^1 = 0.5, b^1 = 0.1,
    w^2 = 0.9, b^2 = -0.3.
    """
    model = MLP(1, [1, 1], "sigmoid", weights=[[[0.5]], [[0.9]]], biases=[[0.1], [-0.3]])
    model.input_labels = ["a^0"]
    for layer in model.layers:
        (neuron,) = layer.neurons
        n = layer.index
        _rename(neuron, [f"w^{n}"], f"b^{n}", f"z^{n}", f"a^{n}")

    def loss(ex: Example) -> Value:
        (a2,) = ex.model(ex.inputs[0])
        y = Value(ex.targets[0][0], label="y")
        return (0.5 * (y - a2) ** 2).named("C")

    return Example(
        "punnen",
        "Back-propagation for a two layer neural network (quadratic cost)",
        "Alex Punnen, 'Chapter 4: Back-propagation Explained', in 'Neural Networks from "
        "the Ground Up'; equations (1.1)-(1.3), (A), (2.1)-(2.3.2) and (B)",
        model,
        [[0.8]],
        [[0.2]],
        loss,
        model.parameters(),
        "The weights are not from the document (it gives none); they are small numbers.",
        seed="001",
        reading="input-first",
    )


def slides() -> Example:
    """Seed 002 (slides 'Back propagation explained'): 2-2-2 sigmoid network, no biases.

    q1 = x1 w1 + x2 w2, h1 = σ(q1), z1 = h1 w5 + h2 w6, y1 = σ(z1),
    ε1 = 1/2 (y1 - d1)^2, ε = ε1 + ε2 (likewise q2 from w3, w4 and z2 from w7, w8).
    The slides give no numbers; chosen here: x = (0.5, 1.0), w1..w8 = 0.1..0.8,
    d = (0.9, 0.1). dε/dw1 is the sum of the paths through ε1 and ε2.
    """
    model = MLP(
        2,
        [2, 2],
        "sigmoid",
        weights=[[[0.1, 0.2], [0.3, 0.4]], [[0.5, 0.6], [0.7, 0.8]]],
        bias=False,
    )
    model.input_labels = ["x1", "x2"]
    (n1, n2), (o1, o2) = (layer.neurons for layer in model.layers)
    _rename(n1, ["w1", "w2"], None, "q1", "h1")
    _rename(n2, ["w3", "w4"], None, "q2", "h2")
    _rename(o1, ["w5", "w6"], None, "z1", "y1")
    _rename(o2, ["w7", "w8"], None, "z2", "y2")

    def loss(ex: Example) -> Value:
        y1, y2 = ex.model(ex.inputs[0])
        d1, d2 = (Value(d, label=f"d{j}") for j, d in enumerate(ex.targets[0], 1))
        e1 = (0.5 * (y1 - d1) ** 2).named("ε1")
        e2 = (0.5 * (y2 - d2) ** 2).named("ε2")
        return (e1 + e2).named("ε")

    return Example(
        "slides",
        "Back propagation explained: a two-layer network without biases",
        "'Back Propagation Explained' (lecture slides, no author or address given), "
        "the multi-layer section",
        model,
        [[0.5, 1.0]],
        [[0.9, 0.1]],
        loss,
        model.parameters(),
        "The numbers are not from the document (it gives none).",
        seed="002",
    )


def geoscience() -> Example:
    """Seed 000 (Data Science for Geoscientists, ch. 9): 3-2-1 sigmoid network.

    h1 = w^(1)_11 x1 + w^(1)_21 x2 + w^(1)_31 x3 + w^(1)_41 (eq. 60: w^(1)_kj goes
    from input k to hidden neuron j, and w^(1)_4j is its bias); the output's
    weighted input is h2 = σ(h1) w^(2)_11 + σ(h1_2) w^(2)_21 + w^(2)_31 (eq. 59, which
    writes σ(h2) for the second hidden activation: a slip, h2 is the output's
    input), ŷ = σ(h2). The document names only hidden neuron 1's input h1;
    neuron 2's is h1_2 here. Cost: binary cross-entropy averaged over m = 3
    samples (eq. 56). The numbers are chosen here; the document gives none.
    """
    model = MLP(
        3,
        [2, 1],
        "sigmoid",
        weights=[[[0.1, 0.3, -0.2], [-0.4, 0.2, 0.5]], [[0.7, -0.6]]],
        biases=[[0.05, -0.1], [0.2]],
    )
    model.input_labels = ["x1", "x2", "x3"]
    (n1, n2), (out,) = (layer.neurons for layer in model.layers)
    for j, neuron, z in ((1, n1, "h1"), (2, n2, "h1_2")):
        _rename(neuron, [f"w^(1)_{k}{j}" for k in (1, 2, 3)], f"w^(1)_4{j}", z, f"σ({z})")
    _rename(out, ["w^(2)_11", "w^(2)_21"], "w^(2)_31", "h2", "ŷ")

    return Example(
        "geoscience",
        "Back propagation in a three-layer sigmoid network with cross-entropy",
        "'Chapter 9 – Back Propagation', in 'Data Science and Machine Learning for "
        "Geoscientists'; equations (55)-(74)",
        model,
        [[0.5, 0.1, 0.9], [0.2, 0.8, 0.3], [0.7, 0.4, 0.6]],
        [[1.0], [0.0], [1.0]],
        lambda ex: _cross_entropy_over_samples(ex, "y[{i}]"),
        model.parameters(),
        "The numbers are not from the document (it gives none).",
        seed="000",
    )


def wang() -> Example:
    """Seed 004 (Junhong Wang, ML diary day 32): a 2-3-3 sigmoid classifier.

    Nielsen's notation (w^l_jk from neuron k of layer l-1 to neuron j of layer
    l), with the input layer numbered 1 as Wang and Nielsen number it: the
    inputs are a^1_k, the hidden layer is 2 and the output layer L = 3.
    One-hot targets, and the classification cost averaged over m = 3 samples,
    C = -(1/m) sum_i sum_k [y_k ln a^L_k + (1 - y_k) ln(1 - a^L_k)],
    so δ^L = a^L - y per sample (eq. 15, divided by m). The document gives
    no numbers; the weights are MLP's seeded initialisation (seed 4).
    """
    model = MLP(2, [3, 3], "sigmoid", seed=4)
    _number_layers(model, 2)

    return Example(
        "wang",
        "Back propagation for a multi-output sigmoid classifier",
        "Junhong Wang, 'My Machine Learning Diary: Day 32' (November 20, 2018); equations (1)-(23)",
        model,
        [[0.9, 0.1], [0.2, 0.7], [0.5, 0.5]],
        [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
        lambda ex: _cross_entropy_over_samples(ex, "y_{k}[{i}]"),
        model.parameters(),
        "The numbers are not from the document (it gives none).",
        seed="004",
    )


EXAMPLES: dict[str, Callable[[], Example]] = {
    "mazur": mazur,
    "punnen": punnen,
    "slides": slides,
    "geoscience": geoscience,
    "wang": wang,
}


def example(name: str = DEFAULT) -> Example:
    """A fresh copy of the named example; KeyError listing the names otherwise."""
    try:
        make = EXAMPLES[name]
    except KeyError:
        raise KeyError(f"no example {name!r}; choose one of {', '.join(EXAMPLES)}") from None
    return make()
