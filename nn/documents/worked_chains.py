"""Seeds 001 and 002 worked through: Punnen's chain a^0 -> a^1 -> a^2 and the
slides' two-layer network, each document's equations in its order and notation,
with the example's numbers (the documents print none).

Every value is the engine's (a node's data or gradient, a local derivative, a
trace); the formulas beside them are the documents', evaluated on the same
numbers, so a reader sees both sides of each equation agree.
"""

from __future__ import annotations

from autograd.engine import Value
from nn.documents.equations import Section, Step, Worked, named, sigmoid_slope, step
from nn.documents.examples import Example
from nn.documents.examples import punnen as punnen_example
from nn.documents.examples import slides as slides_example

PUNNEN_REMARKS = (
    "'We take a^l as the input at layer l': a^l is the output (activation) of layer l;"
    " its input is a^(l-1), as the next sentence says.",
    "'If there are j output layers ... the sum of all the activations of the j layers':"
    " j counts the output neurons, and the sum is of their squared errors.",
    "'how much a small nudge in the weight ... changes the output weight': it changes"
    " the cost C_0.",
    "'the product of the weight w and input at layer (l-1) plus the basis': the bias b^l.",
    "(a) writes ∂a^l/∂z^l = σ'(a^l); it is σ'(z^l) = a^l(1 - a^l), as (1.2) and (2.2)"
    " write it. σ' is the derivative with respect to z^l, not to the weight.",
    "'Putting 1.1, 2.1 & 3.1 together' means the three terms (1.1), (1.2) and (1.3).",
    "'The calculated output for a network with l layer is a^l': with L layers it is a^L,"
    " as the cost C = 1/2 ||y - a^L||^2 then writes.",
    "(1.1) and (2.1) differentiate a^1.w^2 and a^0.w^1, leaving out the bias of z^l ="
    " w^l a^(l-1) + b^l (the derivative is the same); (2.3.2) writes z2 for z^2.",
)


def punnen() -> Worked:
    ex = punnen_example()
    loss = ex.loss()
    loss.backward()
    v = named(loss)
    a0, a1, a2 = v["a^0"].data, v["a^1"].data, v["a^2"].data
    (y,) = ex.targets[0]
    s1, s2, w2 = sigmoid_slope(v["a^1"]), sigmoid_slope(v["a^2"]), v["w^2"].data
    layer2 = (
        step("(1.1) dz^2/dw^2", "a^1", "", [], a1),
        step("(1.2) da^2/dz^2", "σ'(z^2) = a^2(1 - a^2)", "{}(1 - {})", [a2, a2], s2),
        step("(1.3) dC/da^2", "a^2 - y", "{} - {}", [a2, y], v["a^2"].grad),
        step(
            "(A) dC/dw^2",
            "a^1 * σ'(z^2) * (a^2 - y)",
            "{} * {} * {}",
            [a1, s2, a2 - y],
            v["w^2"].grad,
        ),
    )
    layer1 = (
        step("(2.1) dz^1/dw^1", "a^0", "", [], a0),
        step("(2.2) da^1/dz^1", "σ'(z^1) = a^1(1 - a^1)", "{}(1 - {})", [a1, a1], s1),
        step("(2.3.1) dC/da^2", "a^2 - y", "{} - {}", [a2, y], v["a^2"].grad),
        step("(2.3.2) da^2/da^1", "σ'(z^2) * w^2", "{} * {}", [s2, w2], s2 * w2),
        step("dC/da^1", "dC/da^2 * da^2/da^1", "{} * {}", [a2 - y, s2 * w2], v["a^1"].grad),
        step(
            "(B) dC/dw^1",
            "a^0 * σ'(z^1) * (a^2 - y) * σ'(z^2) * w^2",
            "{} * {} * {} * {} * {}",
            [a0, s1, a2 - y, s2, w2],
            v["w^1"].grad,
        ),
    )
    forward = _forward_punnen(v, y)
    return Worked(
        "punnen",
        ex.source,
        "the chain rule for a^0 -> a^1 -> a^2 with the quadratic cost: (A) dC/dw^2 and (B) dC/dw^1",
        (
            Section("The network (z^l = w^l a^(l-1) + b^l, a^l = σ(z^l))", forward),
            Section("Layer 2, the output layer", layer2),
            Section("The inner layer, layer 1", layer1),
        ),
        PUNNEN_REMARKS,
    )


def _forward_punnen(v: dict[str, Value], y: float) -> tuple[Step, ...]:
    rows = []
    for n in (1, 2):
        z, a = v[f"z^{n}"], v[f"a^{n}"]
        inputs = [v[f"w^{n}"].data, v[f"a^{n - 1}"].data, v[f"b^{n}"].data]
        rows.append(step(f"z^{n}", f"w^{n} a^{n - 1} + b^{n}", "{}*{} + {}", inputs, z.data))
        rows.append(step(f"a^{n}", f"σ(z^{n})", "σ({})", [z.data], a.data))
    rows.append(step("C", "1/2 (y - a^2)^2", "1/2 ({} - {})^2", [y, v["a^2"].data], v["C"].data))
    return tuple(rows)


SLIDES_REMARKS = (
    "The gradient step is printed x_(k+1) <- x_k η ∇f(x_k) and w_1,(k+1) <- w_1,(k) η ∂ε/∂w_1:"
    " the minus sign is missing, w_1,(k+1) <- w_1,(k) - η ∂ε/∂w_1 (as written for w5).",
)


LEARNING_RATE = 0.5  # η of the slides' gradient step; they name no value


def _one_layer(ex: Example) -> tuple[Step, ...]:
    """The slides' first network, one sigmoid unit on x1, x2 through w1, w2 (the
    example's numbers), built and backpropagated here."""
    (x1_data, x2_data), (d1, _) = ex.inputs[0], ex.targets[0]
    w = {p.label: p.data for p in ex.weights()}
    x1, x2 = Value(x1_data, label="x1"), Value(x2_data, label="x2")
    w1, w2 = Value(w["w1"], label="w1"), Value(w["w2"], label="w2")
    z1 = (x1 * w1 + x2 * w2).named("z1")
    y1 = z1.sigmoid().named("y1")
    e1 = (0.5 * (y1 - d1) ** 2).named("ε1")
    e1.backward()
    s = sigmoid_slope(y1)
    return (
        step("z1", "x1 w1 + x2 w2", "{}*{} + {}*{}", [x1.data, w1.data, x2.data, w2.data], z1.data),
        step("y1", "1/(1 + exp(-z1))", "1/(1 + exp(-{}))", [z1.data], y1.data),
        step("ε1", "1/2 (y1 - d1)^2", "1/2 ({} - {})^2", [y1.data, d1], e1.data),
        step("dε1/dy1", "y1 - d1", "{} - {}", [y1.data, d1], y1.grad),
        step("dy1/dz1", "y1(1 - y1)", "{}(1 - {})", [y1.data, y1.data], s),
        step("dz1/dw1", "x1", "", [], x1.data),
        step(
            "dε1/dw1",
            "(y1 - d1) y1(1 - y1) x1",
            "{} * {} * {}",
            [y1.data - d1, s, x1.data],
            w1.grad,
        ),
        step(
            "w1,(k+1)",
            "w1,(k) - η dε/dw1",
            f"{{}} - {LEARNING_RATE}*{{}}",
            [w1.data, w1.grad],
            w1.data - LEARNING_RATE * w1.grad,
        ),
    )


def slides() -> Worked:
    ex = slides_example()
    loss = ex.loss()
    loss.backward()
    v = named(loss)
    (d1, d2), x1 = ex.targets[0], v["x1"].data
    y1, y2, h1 = v["y1"].data, v["y2"].data, v["h1"].data
    forward = []
    for q, h, wa, wb, a, b in (
        ("q1", "h1", "w1", "w2", "x1", "x2"),
        ("q2", "h2", "w3", "w4", "x1", "x2"),
        ("z1", "y1", "w5", "w6", "h1", "h2"),
        ("z2", "y2", "w7", "w8", "h1", "h2"),
    ):
        numbers = [v[a].data, v[wa].data, v[b].data, v[wb].data]
        forward.append(step(q, f"{a} {wa} + {b} {wb}", "{}*{} + {}*{}", numbers, v[q].data))
        forward.append(step(h, f"1/(1 + exp(-{q}))", "1/(1 + exp(-{}))", [v[q].data], v[h].data))
    for e, y, d in (("ε1", y1, d1), ("ε2", y2, d2)):
        forward.append(
            step(e, f"1/2 (y{e[-1]} - d{e[-1]})^2", "1/2 ({} - {})^2", [y, d], v[e].data)
        )
    forward.append(step("ε", "ε1 + ε2", "{} + {}", [v["ε1"].data, v["ε2"].data], loss.data))
    s_y1, s_y2, s_h1 = sigmoid_slope(v["y1"]), sigmoid_slope(v["y2"]), sigmoid_slope(v["h1"])
    w5, w7 = v["w5"].data, v["w7"].data
    via_e1 = (y1 - d1) * s_y1 * w5 * s_h1 * x1
    via_e2 = (y2 - d2) * s_y2 * w7 * s_h1 * x1
    backward = (
        step("dε1/dy1", "y1 - d1", "{} - {}", [y1, d1], v["y1"].grad),
        step("dy1/dz1", "y1(1 - y1)", "{}(1 - {})", [y1, y1], s_y1),
        step("dz1/dw5", "h1", "", [], h1),
        step(
            "dε/dw5",
            "(y1 - d1) y1(1 - y1) h1",
            "{} * {} * {}",
            [y1 - d1, s_y1, h1],
            v["w5"].grad,
        ),
        step(
            "dε1/dw1",
            "(y1 - d1) y1(1 - y1) w5 h1(1 - h1) x1",
            "{} * {} * {} * {} * {}",
            [y1 - d1, s_y1, w5, s_h1, x1],
            via_e1,
        ),
        step(
            "dε2/dw1",
            "(y2 - d2) y2(1 - y2) w7 h1(1 - h1) x1",
            "{} * {} * {} * {} * {}",
            [y2 - d2, s_y2, w7, s_h1, x1],
            via_e2,
        ),
        step("dε/dw1", "dε1/dw1 + dε2/dw1", "{} + {}", [via_e1, via_e2], v["w1"].grad),
    )
    return Worked(
        "slides",
        ex.source,
        "dε1/dw1 for one sigmoid layer, then for two layers dε/dw5 through ε1 alone and "
        "dε/dw1 as the sum of its paths through ε1 and ε2",
        (
            Section("One layer: z1 = x1 w1 + x2 w2, y1 = σ(z1)", _one_layer(ex)),
            Section("Two layers: forward computation", tuple(forward)),
            Section("Two layers: back propagation", backward),
        ),
        SLIDES_REMARKS,
    )
