"""Seeds 000 and 004 worked through: the geoscience chapter's cross-entropy network
and Wang's classifier, both over m samples: each document's equations in its
order and notation with sample 1's numbers, then the means over the samples.

Every value is the engine's. A per-sample error term is m times the gradient
of the z node of that sample, since the cost is the mean over the m samples.
"""

from __future__ import annotations

import math

from autograd.engine import Value
from nn.documents.equations import Section, Step, Worked, named, sigmoid_slope, step
from nn.documents.examples import geoscience as geoscience_example
from nn.documents.examples import wang as wang_example

ETA = 0.5  # the learning rate of the updates (73) and (74); the document names none

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
        step("(69) dC/dw^(2)_11", "δ^2 σ(h1)", "{} * {}", [delta2, s1], delta2 * s1),
        step(
            "(70) dC/dw^(1)_11",
            "δ^2 w^(2)_11 σ'(h1) x1",
            "{} * {} * {} * {}",
            [delta2, w2_11, sp_h1, x1],
            delta1 * x1,
        ),
        step("(71) δ^1", "δ^2 w^(2)_11 σ'(h1)", "{} * {} * {}", [delta2, w2_11, sp_h1], delta1),
        step("(72) dC/dw^(1)_11", "δ^1 x1", "{} * {}", [delta1, x1], delta1 * x1),
    )
    forward = _forward_geoscience(v, w, y)
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
        number = "(73)" if node == "h2" else "(74)"
        sums.append(
            step(
                f"{number} {label}'",
                f"{label} - η Σ_i {delta} {inputs}",
                "{} - " + f"{ETA}*(" + " + ".join(["{}"] * m) + ")",
                [w[label].data, *terms],
                w[label].data - ETA * sum(terms),
            )
        )
    return Worked(
        "geoscience",
        ex.source,
        "the gradient of the cross-entropy for the output and hidden weights, the error "
        "terms δ^2 and δ^1, and the update summed over m samples",
        (
            Section("Sample 1: the forward pass, (60) and (59)", forward),
            Section(f"Sample 1 (y = {y:g}): the factors (61)-(64) and the error terms", sample),
            Section(
                f"Over the m = {m} samples (C the mean, as in (56); the updates with η = {ETA})",
                tuple(sums),
            ),
        ),
        GEOSCIENCE_REMARKS,
    )


def _forward_geoscience(
    v: dict[str, Value], w: dict[str | None, Value], y: float
) -> tuple[Step, ...]:
    """Sample 1's forward pass: (60) for both hidden units, (59), ŷ and its cost."""
    rows = []
    for j, h in ((1, "h1"), (2, "h1_2")):
        names = [f"w^(1)_{k}{j}" for k in (1, 2, 3)]
        numbers = [x for k, name in enumerate(names, 1) for x in (w[name].data, v[f"x{k}[1]"].data)]
        rows.append(
            step(
                f"(60) {h}",
                " + ".join(f"{name} x{k}" for k, name in enumerate(names, 1)) + f" + w^(1)_4{j}",
                "{}*{} + {}*{} + {}*{} + {}",
                [*numbers, w[f"w^(1)_4{j}"].data],
                v[f"{h}[1]"].data,
            )
        )
        rows.append(
            step(
                f"σ({h})",
                f"1/(1 + e^-{h})",
                "1/(1 + e^-{})",
                [v[f"{h}[1]"].data],
                v[f"σ({h})[1]"].data,
            )
        )
    rows.append(
        step(
            "(59) h2",
            "σ(h1) w^(2)_11 + σ(h1_2) w^(2)_21 + 1*w^(2)_31",
            "{}*{} + {}*{} + 1*{}",
            [
                v["σ(h1)[1]"].data,
                w["w^(2)_11"].data,
                v["σ(h1_2)[1]"].data,
                w["w^(2)_21"].data,
                w["w^(2)_31"].data,
            ],
            v["h2[1]"].data,
        )
    )
    y_hat = v["ŷ[1]"].data
    rows.append(step("ŷ", "σ(h2)", "1/(1 + e^-{})", [v["h2[1]"].data], y_hat))
    rows.append(
        step(
            "C_1",
            "-[y ln ŷ + (1 - y) ln(1 - ŷ)]",
            "-({}*log({}) + (1 - {})*log(1 - {}))",
            [y, y_hat, y, y_hat],
            -(y * math.log(y_hat) + (1 - y) * math.log(1 - y_hat)),
        )
    )
    return tuple(rows)


def _wang_cost(targets: list[list[float]], v: dict[str, Value], outputs: int) -> tuple[Step, ...]:
    """(1): each sample's cost C_i = -Σ_k [y_k ln a^3_k + (1 - y_k) ln(1 - a^3_k)] from the
    engine's activations, and their mean beside the engine's C."""
    rows, costs = [], []
    for i, y in enumerate(targets, 1):
        a = [v[f"a^3_{k}[{i}]"].data for k in range(1, outputs + 1)]
        cost = -sum(t * math.log(x) + (1 - t) * math.log(1 - x) for t, x in zip(y, a))
        costs.append(cost)
        term = "({}*log({}) + (1 - {})*log(1 - {}))"
        rows.append(
            step(
                f"C_{i}",
                "-Σ_k [y_k ln a^3_k + (1 - y_k) ln(1 - a^3_k)]",
                "-(" + " + ".join([term] * outputs) + ")",
                [x for t, ak in zip(y, a) for x in (t, ak, t, ak)],
                cost,
            )
        )
    m = len(targets)
    rows.append(
        step("C", "(1/m) Σ_i C_i", "(" + " + ".join(["{}"] * m) + f")/{m}", costs, v["C"].data)
    )
    return tuple(rows)


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
    cost = _wang_cost(ex.targets, v, len(out.neurons))
    w3_11 = next(p for p in ex.weights() if p.label == "w^3_11")
    # The local derivative the engine stored on the edge w^3_11 -> z^3_1[1].
    dz_dw = next(
        f.local
        for f in ex.trace(loss, w3_11).paths[0].factors
        if f.parent is w3_11 and f.child is v["z^3_1[1]"]
    )
    output = [step("(8) dz^3_1/dw^3_11", "a^2_1", "", [], dz_dw)]
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
            Section(f"(1) The cost over K = {len(out.neurons)} outputs and m = {m} samples", cost),
            Section(
                "Sample 1 alone (C's mean divides each by m): the output layer L = 3", tuple(output)
            ),
            Section("Sample 1: back to layer 2", tuple(recursion)),
            Section(f"The mean over the m = {m} samples", tuple(gradients)),
        ),
        WANG_REMARKS,
    )
