"""Seed 003 (Mazur's 2-2-2 example) reproduced by nn.documents.examples.mazur and the engine.

Every expected number below is the document's; the engine computes the values.
Where the document's own number is a slip, the test asserts the correct value
and says what the slip was.
"""

from __future__ import annotations

import pytest

from autograd import Value
from nn import SGD, check_nielsen, error_terms
from nn.documents.examples import Example, mazur


def close(value: float, document: str) -> bool:
    """``value`` rounded to as many decimals as the document prints equals its number.

    The document prints 8 or 9 significant digits, so this checks all of them.
    """
    decimals = len(document.partition(".")[2])
    return round(value, decimals) == float(document)


@pytest.fixture
def example() -> Example:
    return mazur()


def labelled(root: Value) -> dict[str, Value]:
    from autograd import topological_order

    return {v.label: v for v in topological_order(root) if v.label is not None}


def updated_error(steps: int) -> float:
    """E_total after ``steps`` SGD updates of w1..w8 only (the document's procedure)."""
    ex = mazur()
    opt = SGD(ex.weights()[:8], lr=0.5)
    for _ in range(steps):
        loss = ex.loss()
        opt.zero_grad()
        loss.backward()
        opt.step()
    return ex.loss().data


def test_forward_values(example: Example) -> None:
    nodes = labelled(example.loss())
    document = {
        "net_h1": "0.3775",
        "out_h1": "0.593269992",
        "net_h2": "0.3925",
        "out_h2": "0.596884378",
        "net_o1": "1.105905967",
        "out_o1": "0.75136507",
        # The document prints net_o2 = 1.2249214039; the exact sum
        # 0.5*0.593269992... + 0.55*0.596884378... + 0.6 is 1.2249214041 (its last digit slipped).
        "net_o2": "1.224921404",
        "out_o2": "0.772928465",
        "E_o1": "0.274811083",
        "E_o2": "0.023560026",
        "E_total": "0.298371109",
    }
    for label, number in document.items():
        assert close(nodes[label].data, number), (label, nodes[label].data, number)
    assert nodes["net_o2"].data != pytest.approx(1.2249214039, rel=1e-11)


def test_net_h1_uses_w1_and_w2(example: Example) -> None:
    # The document writes net_h1 = "w_i" * i1 + w2 * i2 + b1 (w_i is a slip for w1) and,
    # in the backward pass, net_h1 = w1*i1 + w3*i2 + b1 (w3 is a slip for w2: its own
    # numbers 0.15*0.05 + 0.2*0.1 + 0.35 use w2 = 0.2). The engine's net_h1 reads w1 and w2.
    example.loss()
    h1 = example.model.layers[0].neurons[0]
    assert [w.label for w in h1.w] == ["w1", "w2"]
    assert h1.z is not None and close(h1.z.data, "0.3775")


def test_gradients(example: Example) -> None:
    loss = example.loss()
    loss.backward()
    grads = {w.label: w.grad for w in example.weights()}
    # dE/dw5 is in the text; w6, w7, w8, w2, w3, w4 follow from the updated weights it
    # prints: grad = (w - w+) / 0.5, so they carry the printed weights' rounding.
    assert close(grads["w5"], "0.082167041")
    assert close(grads["w1"], "0.000438568")
    printed = {
        "w6": (0.45, 0.408666186),
        "w7": (0.50, 0.511301270),
        "w8": (0.55, 0.561370121),
        "w2": (0.20, 0.19956143),
        "w3": (0.25, 0.24975114),
        "w4": (0.30, 0.29950229),
    }
    for label, (before, after) in printed.items():
        assert grads[label] == pytest.approx((before - after) / 0.5, abs=2e-8), label


def test_intermediate_derivatives(example: Example) -> None:
    loss = example.loss()
    loss.backward()
    nodes = labelled(loss)
    assert close(nodes["out_o1"].grad, "0.74136507")  # dE_total/dout_o1
    assert close(nodes["net_o1"].grad, "0.138498562")  # dE_o1/dnet_o1
    out_o1 = nodes["out_o1"].data
    assert close(out_o1 * (1 - out_o1), "0.186815602")  # dout_o1/dnet_o1
    # dE_total/dout_h1 = 0.055399425 - 0.019049119. The document prints 0.36350306, a
    # dropped zero: it uses 0.036350306 itself in the next line.
    assert close(nodes["out_h1"].grad, "0.036350306")
    assert close(nodes["net_o1"].grad * 0.40, "0.055399425")
    # dE_o2/dout_h1 is -0.0190491183; the document's -0.019049119 was computed from
    # factors already rounded to 9 digits, so only its last digit differs.
    assert nodes["net_o2"].grad * 0.50 == pytest.approx(-0.019049119, abs=1e-9)


def test_error_terms_are_the_z_gradients(example: Example) -> None:
    example.loss().backward()
    (d_h1, _), (d_o1, _) = error_terms(example.model)
    assert close(d_o1, "0.138498562")  # dE_total/dnet_o1 = 0.74136507 * 0.186815602
    # dE_total/dnet_h1 = dE_total/dout_h1 * dout_h1/dnet_h1, from the document's factors
    assert d_h1 == pytest.approx(0.036350306 * 0.241300709, rel=1e-8)


def test_one_update_of_the_weights(example: Example) -> None:
    # The document updates w1..w8 and leaves b1, b2 alone, so SGD gets only the weights.
    weights = example.weights()
    opt = SGD(weights[:8], lr=0.5)
    example.loss().backward()
    opt.step()
    document = [
        "0.149780716",
        "0.19956143",
        "0.24975114",
        "0.29950229",
        "0.35891648",
        "0.408666186",
        "0.511301270",
        "0.561370121",
    ]
    for w, number in zip(weights, document):
        assert close(w.data, number), (w.label, w.data, number)
    assert [b.data for b in weights[8:]] == [0.35, 0.60]


def test_error_after_one_update() -> None:
    # The document says the error falls "from 0.298371109 to 0.291037924": a typo for
    # 0.291027924 (Mazur's original), itself computed from rounded values; the exact
    # error after one weights-only update is 0.29102777.
    assert close(updated_error(1), "0.2910277737")
    assert updated_error(1) != pytest.approx(0.291037924, rel=1e-6)


def test_error_after_10000_updates() -> None:
    # "Repeat this 10,0000 times [sic: 10,000], the error plummets to 0.0000351085."
    # That number is the error of the forward pass of the 10,000th iteration, i.e.
    # after 9,999 updates of w1..w8 (biases fixed): 3.5108548e-05. After all 10,000
    # updates it is 3.5101878e-05; updating the biases too would give 4.355e-06.
    ex = mazur()
    opt = SGD(ex.weights()[:8], lr=0.5)
    errors = []
    for _ in range(10_000):
        loss = ex.loss()
        errors.append(loss.data)
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert close(errors[-1], "0.0000351085481")
    assert close(errors[-1], "0.0000351085")  # the document's digits
    assert close(ex.loss().data, "0.0000351018778")


def test_nielsen_equations_hold(example: Example) -> None:
    check = check_nielsen(example.model, example.inputs[0], example.targets[0])
    assert close(check.loss, "0.298371109")
    assert check.max_difference < 1e-15
    assert {c.equation for c in check.comparisons} == {"BP1", "BP2", "BP3", "BP4"}
    # The notes number the input layer 1 ("l != 1"): h1's error term is δ^2_1, o1's δ^3_1.
    quantities = {c.quantity for c in check.comparisons}
    assert {"delta^2_1", "delta^2_2", "delta^3_1", "delta^3_2"} <= quantities
    assert "delta^1_1" not in quantities


def test_w5_update_starts_from_0_40(example: Example) -> None:
    # Slip: the document writes w5+ = 0.5 - 0.5*0.082167041 = 0.35891648, taking w5 = 0.5
    # (w7's value). w5 is 0.40; 0.40 - 0.5*0.082167041 is the result it prints.
    example.loss().backward()
    w5 = example.weights()[4]
    assert w5.label == "w5" and w5.data == 0.40
    assert close(w5.data - 0.5 * w5.grad, "0.35891648")
    assert not close(0.5 - 0.5 * w5.grad, "0.35891648")


def test_hadamard_example() -> None:
    # Slip: the notes' Hadamard example prints [1, 2] ⊙ [3, 4] = [1·3, 2·4] = [3, 4];
    # elementwise, 2·4 = 8: the product is [3, 8].
    from autograd import Value

    u, v = [Value(1.0), Value(2.0)], [Value(3.0), Value(4.0)]
    assert [(a * b).data for a, b in zip(u, v)] == [3.0, 8.0]


def test_dnet_o1_dw5_is_out_h1(example: Example) -> None:
    # Slip: "∂net_o1 = 1*out_h1*w5^(1-1) + 0 + 0" lacks its denominator: it is ∂net_o1/∂w5,
    # which the engine's trace has as the last factor of ∂E_total/∂w5.
    loss = example.loss()
    loss.backward()
    last = example.trace(loss, example.weights()[4]).paths[0].factors[-1]
    assert (last.child.label, last.parent.label) == ("net_o1", "w5")
    assert close(last.local, "0.593269992")
