"""Seed 003 worked through: Mazur's 2-2-2 example, every number the document prints.

The forward pass (net_h1 ... E_total), the output layer's chain rule for w5
and the updates w5+ ... w8+, the hidden layer's two paths for w1 and the
updates w1+ ... w4+, then the error after one update and after 10,000: each
value from the engine, beside the document's number, with a note where the
document's number slips.
"""

from __future__ import annotations

from dataclasses import replace

from autograd.engine import Tape, Value
from nn.documents.equations import Section, Step, Worked, named, sigmoid_slope, step
from nn.documents.examples import Example
from nn.documents.examples import mazur as mazur_example
from nn.optim import SGD

LEARNING_RATE = 0.5  # η, "which we set to 0.5"
UPDATES = 10_000
TARGETS = {"o1": 0.01, "o2": 0.99}

REMARKS = (
    "Hadamard product: [1, 2] ⊙ [3, 4] = [1·3, 2·4] = [3, 8]; the document prints [3, 4].",
    "Step 2 writes w^L = w^L a^(l-1) + b^L; the weighted input is z^l = w^l a^(l-1) + b^l.",
    "Step 4 calls the error in the weighted input of layer l 'sigma^l' and writes ⊙σ'(z'):"
    " it is δ^l, and the factor is σ'(z^l).",
    "net_h1 = w_i*i1 + w2*i2 + b1*1: w_i is w1 (the numbers use w1 = 0.15).",
    "The forward pass is printed twice, the first time under the heading 'Backwards Pass'.",
    "'∂net_o1 = 1*out_h1*w5^(1-1) + 0 + 0' lacks its denominator: it is ∂net_o1/∂w5.",
    "E_total = 1/2 (target_o1 - out_o1)^2 + 1/2 (targer_o2 - out_o2)^2: targer is target.",
    "'E_total/∂out_h1 = ∂E_o1/∂out_h1 + ∂E_o2/∂out_h1' lacks the ∂ of ∂E_total.",
    "In the hidden layer net_h1 = w1*i1 + w3*i2 + b1*1: w3 is w2 (as in the forward pass"
    " and the figure; w3 feeds h2). The updated w2 is out_h1's error times i2.",
    "'Repeat this 10,0000 times': 10,000 is meant.",
)


def mazur() -> Worked:
    """Mazur's example from ``examples.mazur()``, one backward pass and SGD over w1..w8."""
    ex = mazur_example()
    loss = ex.loss()
    loss.backward()
    n = named(loss)
    return Worked(
        "mazur",
        ex.source,
        "every partial derivative of a 2-2-2 sigmoid network with squared error, "
        "one gradient-descent update of w1..w8, and the error after it",
        (
            Section("The forward pass", tuple(_forward(n))),
            Section("The backward pass: the output layer (η = 0.5)", tuple(_output(ex, n))),
            Section("The backward pass: the hidden layer", tuple(_hidden(ex, n))),
            Section("The error after the updates (of w1..w8; b1, b2 stay)", _after_updates()),
        ),
        REMARKS,
    )


def _forward(v: dict[str, Value]) -> list[Step]:
    printed = {
        "net_h1": "0.3775",
        "net_h2": "0.3925",
        "net_o1": "1.105905967",
        "net_o2": "1.2249214039",
        "out_h1": "0.593269992",
        "out_h2": "0.596884378",
        "out_o1": "0.75136507",
        "out_o2": "0.772928465",
        "E_o1": "0.274811083",
        "E_o2": "0.023560026",
        "E_total": "0.298371109",
    }

    def net(label: str, w_a: str, a: str, w_b: str, b: str, bias: str) -> Step:
        names = (w_a, a, w_b, b, bias)
        return step(
            label,
            f"{w_a}*{a} + {w_b}*{b} + {bias}*1",
            "{}*{} + {}*{} + {}*1",
            [v[name].data for name in names],
            v[label].data,
            printed[label],
        )

    def out(label: str, of: str) -> Step:
        formula = f"1/(1 + e^-{of})"
        return step(label, formula, "1/(1 + e^-{})", [v[of].data], v[label].data, printed[label])

    def error(label: str, neuron: str) -> Step:
        out_label = f"out_{neuron}"
        return step(
            label,
            f"1/2 (target_{neuron} - {out_label})^2",
            "1/2 ({} - {})^2",
            [TARGETS[neuron], v[out_label].data],
            v[label].data,
            printed[label],
        )

    net_o2 = replace(
        net("net_o2", "w7", "out_h1", "w8", "out_h2", "b2"),
        note="one digit more than elsewhere, and that digit is off: the exact sum ends "
        "in ...041; ...039 is the sum of out_h1 and out_h2 rounded to 9 decimals",
    )
    return [
        net("net_h1", "w1", "i1", "w2", "i2", "b1"),
        out("out_h1", "net_h1"),
        net("net_h2", "w3", "i1", "w4", "i2", "b1"),
        out("out_h2", "net_h2"),
        net("net_o1", "w5", "out_h1", "w6", "out_h2", "b2"),
        out("out_o1", "net_o1"),
        net_o2,
        out("out_o2", "net_o2"),
        error("E_o1", "o1"),
        error("E_o2", "o2"),
        step(
            "E_total",
            "E_o1 + E_o2",
            "{} + {}",
            [v["E_o1"].data, v["E_o2"].data],
            v["E_total"].data,
            printed["E_total"],
        ),
    ]


def _update(weight: Value, document: str, note: str = "") -> Step:
    name = weight.label
    return step(
        f"{name}+",
        f"{name} - η*dE_total/d{name}",
        f"{{}} - {LEARNING_RATE}*{{}}",
        [weight.data, weight.grad],
        weight.data - LEARNING_RATE * weight.grad,
        document,
        note,
    )


def _output(ex: Example, n: dict[str, Value]) -> list[Step]:
    w = {v.label: v for v in ex.weights()}
    factors = [n["out_o1"].grad, sigmoid_slope(n["out_o1"]), n["out_h1"].data]
    return [
        step(
            "dE_total/dout_o1",
            "-(target_o1 - out_o1)",
            "-({} - {})",
            [TARGETS["o1"], n["out_o1"].data],
            factors[0],
            "0.74136507",
        ),
        step(
            "dout_o1/dnet_o1",
            "out_o1(1 - out_o1)",
            "{}(1 - {})",
            [n["out_o1"].data] * 2,
            factors[1],
            "0.186815602",
        ),
        step("dnet_o1/dw5", "out_h1", "", [], factors[2], "0.593269992"),
        step(
            "dE_total/dw5",
            "dE_total/dout_o1 * dout_o1/dnet_o1 * dnet_o1/dw5",
            "{} * {} * {}",
            factors,
            ex.trace(n["E_total"], w["w5"]).value,
            "0.082167041",
        ),
        _update(
            w["w5"],
            "0.35891648",
            "(the document writes 0.5 - 0.5*0.082167041, taking w5 = 0.5; w5 is 0.40, "
            "and 0.40 - 0.5*0.082167041 is its result 0.35891648)",
        ),
        _update(w["w6"], "0.408666186"),
        _update(w["w7"], "0.511301270"),
        _update(w["w8"], "0.561370121"),
    ]


def _hidden(ex: Example, n: dict[str, Value]) -> list[Step]:
    w = {v.label: v for v in ex.weights()}
    d_o1, d_o2 = n["net_o1"].grad, n["net_o2"].grad  # ∂E_o1/∂net_o1, ∂E_o2/∂net_o2
    via_o1, via_o2 = d_o1 * w["w5"].data, d_o2 * w["w7"].data
    factors = [n["out_h1"].grad, sigmoid_slope(n["out_h1"]), n["i1"].data]
    return [
        step(
            "dE_o1/dnet_o1",
            "dE_o1/dout_o1 * dout_o1/dnet_o1",
            "{} * {}",
            [n["out_o1"].grad, sigmoid_slope(n["out_o1"])],
            d_o1,
            "0.138498562",
        ),
        step("dnet_o1/dout_h1", "w5", "", [], w["w5"].data, "0.40"),
        step(
            "dE_o1/dout_h1",
            "dE_o1/dnet_o1 * dnet_o1/dout_h1",
            "{} * {}",
            [d_o1, w["w5"].data],
            via_o1,
            "0.055399425",
        ),
        step(
            "dE_o2/dout_h1",
            "dE_o2/dnet_o2 * dnet_o2/dout_h1",
            "{} * {}",
            [d_o2, w["w7"].data],
            via_o2,
            "-0.019049119",
            "its last digit is a double rounding: dE_o2/dnet_o2 rounded to 9 decimals, "
            "times w7 = 0.5, ends in ...185, then rounded up",
        ),
        step(
            "dE_total/dout_h1",
            "dE_o1/dout_h1 + dE_o2/dout_h1",
            "{} + {}",
            [via_o1, via_o2],
            n["out_h1"].grad,
            "0.36350306",
            "a zero after the decimal point is dropped: 0.055399425 - 0.019049119 is "
            "0.036350306, the number the document itself uses two lines later",
        ),
        step(
            "dout_h1/dnet_h1",
            "out_h1(1 - out_h1)",
            "{}(1 - {})",
            [n["out_h1"].data] * 2,
            factors[1],
            "0.241300709",
        ),
        step("dnet_h1/dw1", "i1", "", [], factors[2], "0.05"),
        step(
            "dE_total/dw1",
            "dE_total/dout_h1 * dout_h1/dnet_h1 * dnet_h1/dw1",
            "{} * {} * {}",
            factors,
            ex.trace(n["E_total"], w["w1"]).value,
            "0.000438568",
        ),
        _update(w["w1"], "0.149780716"),
        _update(w["w2"], "0.19956143"),
        _update(w["w3"], "0.24975114"),
        _update(w["w4"], "0.29950229"),
    ]


def errors_over_updates(updates: int = UPDATES) -> list[float]:
    """E_total after k SGD updates of w1..w8 (η = 0.5, biases fixed), k = 0 .. updates.

    The graph is built once and rerun with ``Tape``: the same numbers as a
    fresh build each step, about ten times faster.
    """
    ex = mazur_example()
    optimizer = SGD(ex.weights()[:8], lr=LEARNING_RATE)
    tape = Tape(ex.loss())
    errors = []
    for _ in range(updates):
        errors.append(tape.run().data)  # the forward and backward pass at these weights
        optimizer.step()
    errors.append(tape.forward().data)
    return errors


def _after_updates() -> tuple[Step, ...]:
    errors = errors_over_updates()
    return (
        step(
            "E_total after 1 update",
            "",
            "",
            [],
            errors[1],
            "0.291037924",
            "a typo for Mazur's 0.291027924 (a 2 became a 3), itself not what the text's "
            "procedure gives: it is the error when w1..w4's gradients are taken through "
            "the already updated w5+..w8+",
        ),
        step(
            f"E_total after {UPDATES:,} updates",
            "",
            "",
            [],
            errors[UPDATES],
            "0.0000351085",
            f"that is the error after {UPDATES - 1:,} updates (next line): the error of "
            f"the {UPDATES:,}th pass, measured before its update",
        ),
        step(
            f"E_total after {UPDATES - 1:,} updates",
            "",
            "",
            [],
            errors[UPDATES - 1],
            "0.0000351085",
        ),
    )
