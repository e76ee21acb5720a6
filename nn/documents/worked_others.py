"""Seeds 001, 002, 000 and 004 worked through: each document's equations, in its
order and notation, with the example's numbers (the documents print none).

Every value is the engine's (a node's data or gradient, a local derivative, a
trace); the formulas beside them are the documents', evaluated on the same
numbers, so a reader sees both sides of each equation agree.
"""

from __future__ import annotations

from autograd.engine import Value
from nn.documents.equations import Section, Step, Worked, named, sigmoid_slope, step
from nn.documents.examples import geoscience as geoscience_example
from nn.documents.examples import punnen as punnen_example
from nn.documents.examples import slides as slides_example
from nn.documents.examples import wang as wang_example

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
        "dε/dw5 through ε1 alone, and dε/dw1 as the sum of its paths through ε1 and ε2",
        (
            Section("Forward computation", tuple(forward)),
            Section("Back propagation", backward),
        ),
        SLIDES_REMARKS,
    )


GEOSCIENCE_REMARKS = (
    "(56) closes its brackets early, [Σ [y_i ln(σ(h2)] + (1 - y_i) ln(1 - σ(h2))], leaving"
    " the second term outside the sum; both terms belong inside it, per sample.",
    "(56)-(58) and (65) write -δC/w on the left: (56)-(58) differentiate y ln ŷ + (1 - y)"
    " ln(1 - ŷ) = -C, so the minus is right there, but (65) multiplies out (61), which is"
    " ∂C/∂ŷ: its left side is +∂C/∂w^(1)_11, as (70) writes it. The δ under the bar is missing.",
    "(59) writes σ(h2) for hidden unit 2's activation; h2 is the output's input, so that"
    " term is σ of hidden unit 2's input (called h1_2 here).",
    "After (72): 'we update the δ^1 based on the δ^0 in the previous layer', and after (73)"
    " 'δ^0 is a function of y': by the equations' numbering these are δ^1 and δ^2.",
    "(73) and (74) set the sum over the samples equal to δC/δw_i, dropping (56)'s 1/m: the"
    " sum is m times the gradient of the mean cost (either works as a step; 1/m rescales η).",
    "(73) writes δ^2 σ(h1) and (74) δ^1 x_1 for every weight w_i: each weight takes the"
    " input it multiplies (σ of its own hidden unit, or x_k; 1 for the bias). (73) also"
    " uses i both for the weight and for the sample.",
)


def geoscience() -> Worked:
    ex = geoscience_example()
    loss = ex.loss()
    loss.backward()
    v = named(loss)
    m = len(ex.inputs)
    w = {p.label: p for p in ex.weights()}
    w2_11 = w["w^(2)_11"].data
    (y,) = ex.targets[0]
    y_hat, s1, x1 = v["ŷ[1]"].data, v["σ(h1)[1]"].data, v["x1[1]"].data
    sp_out, sp_h1 = sigmoid_slope(v["ŷ[1]"]), sigmoid_slope(v["σ(h1)[1]"])
    dc = (1 - y) / (1 - y_hat) - y / y_hat
    delta2, delta1 = m * v["h2[1]"].grad, m * v["h1[1]"].grad  # the per-sample cost's δ
    sample = (
        step(
            "(61) dC/dŷ",
            "(1 - y)/(1 - ŷ) - y/ŷ",
            "(1 - {})/(1 - {}) - {}/{}",
            [y, y_hat, y, y_hat],
            dc,
        ),
        step("(62) dŷ/dh2", "σ(h2)[1 - σ(h2)]", "{}(1 - {})", [y_hat, y_hat], sp_out),
        step("(63) dh2/dh1", "w^(2)_11 σ'(h1)", "{} * {}", [w2_11, sp_h1], w2_11 * sp_h1),
        step("(64) dh1/dw^(1)_11", "x1", "", [], x1),
        step(
            "(65) dC/dw^(1)_11",
            "(61) * (62) * (63) * (64)",
            "{} * {} * {} * {}",
            [dc, sp_out, w2_11 * sp_h1, x1],
            delta1 * x1,
        ),
        step(
            "(67) dC/dw^(2)_11",
            "(61) * (62) * σ(h1)",
            "{} * {} * {}",
            [dc, sp_out, s1],
            delta2 * s1,
        ),
        step("(68) δ^2", "(61) * (62)", "{} * {}", [dc, sp_out], delta2),
        step("(71) δ^1", "δ^2 w^(2)_11 σ'(h1)", "{} * {} * {}", [delta2, w2_11, sp_h1], delta1),
        step("(69) dC/dw^(2)_11", "δ^2 σ(h1)", "{} * {}", [delta2, s1], delta2 * s1),
        step("(72) dC/dw^(1)_11", "δ^1 x1", "{} * {}", [delta1, x1], delta1 * x1),
    )
    sums = []
    for label, inputs in (("w^(2)_11", "σ(h1)"), ("w^(1)_11", "x1")):
        node = "h2" if label.startswith("w^(2)") else "h1"
        terms = [m * v[f"{node}[{i}]"].grad * v[f"{inputs}[{i}]"].data for i in range(1, m + 1)]
        delta = "δ^2" if node == "h2" else "δ^1"
        sums.append(
            step(
                f"dC/d{label}",
                f"(1/m) Σ_i {delta} {inputs}",
                "(" + " + ".join(["{}"] * m) + f")/{m}",
                terms,
                w[label].grad,
            )
        )
    return Worked(
        "geoscience",
        ex.source,
        "the gradient of the cross-entropy for the output and hidden weights, the error "
        "terms δ^2 and δ^1, and the update summed over m samples",
        (
            Section(f"Sample 1 (y = {y:g}): the factors (61)-(64) and the error terms", sample),
            Section(f"Over the m = {m} samples (C the mean, as in (56))", tuple(sums)),
        ),
        GEOSCIENCE_REMARKS,
    )


WANG_REMARKS = (
    "The notation defines z by 'wa = z', leaving out the bias: z^l = w^l a^(l-1) + b^l.",
    "The equations themselves are images in the text at hand: the steps above follow"
    " the words around (1)-(23).",
)


def wang() -> Worked:
    ex = wang_example()
    loss = ex.loss()
    loss.backward()
    v = named(loss)
    m = len(ex.inputs)
    hidden, out = ex.model.layers
    y = ex.targets[0]
    output = []
    a31 = v["a^3_1[1]"].data
    output.append(
        step(
            "(14) dC/da^3_1",
            "-y_1/a^3_1 + (1 - y_1)/(1 - a^3_1)",
            "-{}/{} + (1 - {})/(1 - {})",
            [y[0], a31, y[0], a31],
            m * v["a^3_1[1]"].grad,
        )
    )
    output.append(
        step(
            "(15) δ^3_1",
            "dC/da^3_1 * σ'(z^3_1)",
            "{} * {}",
            [m * v["a^3_1[1]"].grad, sigmoid_slope(v["a^3_1[1]"])],
            m * v["z^3_1[1]"].grad,
        )
    )
    for j in range(1, len(out.neurons) + 1):
        a = v[f"a^3_{j}[1]"].data
        output.append(
            step(
                f"(15) δ^3_{j}",
                f"a^3_{j} - y_{j}",
                "{} - {}",
                [a, y[j - 1]],
                m * v[f"z^3_{j}[1]"].grad,
            )
        )
    a21 = v["a^2_1[1]"].data
    recursion = [
        step(
            "(11) da^2_1/dz^2_1",
            "σ'(z^2_1) = σ(z^2_1)(1 - σ(z^2_1))",
            "{}(1 - {})",
            [a21, a21],
            sigmoid_slope(v["a^2_1[1]"]),
        ),
    ]
    for k in range(1, len(hidden.neurons) + 1):
        deltas = [m * v[f"z^3_{j}[1]"].grad for j in range(1, len(out.neurons) + 1)]
        weights = [n.w[k - 1].data for n in out.neurons]
        a = v[f"a^2_{k}[1]"].data
        terms = " + ".join(f"w^3_{j}{k} δ^3_{j}" for j in range(1, len(out.neurons) + 1))
        recursion.append(
            step(
                f"(22) δ^2_{k}",
                f"({terms}) σ'(z^2_{k})",
                "(" + " + ".join(["{}*{}"] * len(deltas)) + ") * {}",
                [x for pair in zip(weights, deltas) for x in pair] + [a * (1 - a)],
                m * v[f"z^2_{k}[1]"].grad,
            )
        )
    gradients = []
    for label, below, node in (("w^3_11", "a^2_1", "z^3_1"), ("w^2_11", "a^1_1", "z^2_1")):
        shares = [v[f"{below}[{i}]"].data * m * v[f"{node}[{i}]"].grad for i in range(1, m + 1)]
        weight = next(p for p in ex.weights() if p.label == label)
        gradients.append(
            step(
                f"(23) dC/d{label}",
                f"(1/m) Σ_i {below} δ^{node[2]}_{node[-1]}",
                "(" + " + ".join(["{}"] * m) + f")/{m}",
                shares,
                weight.grad,
            )
        )
    return Worked(
        "wang",
        ex.source,
        "δ^L = a^L - y for sigmoid outputs with the cross-entropy cost, the recursion"
        " for δ^l, and dC/dw^l_jk = a^(l-1)_k δ^l_j averaged over the m samples",
        (
            Section(
                "Sample 1 alone (C's mean divides each by m): the output layer L = 3", tuple(output)
            ),
            Section("Sample 1: back to layer 2", tuple(recursion)),
            Section(f"The mean over the m = {m} samples", tuple(gradients)),
        ),
        WANG_REMARKS,
    )
