"""Neuron, Layer, MLP: structure, labels, explicit and seeded weights, activations."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import Value
from nn import MLP, Layer, Neuron


def test_structure_read_by_the_drawing_code() -> None:
    model = MLP(3, [4, 2], "relu", "sigmoid", seed=1)
    assert model.nin == 3
    assert [len(layer.neurons) for layer in model.layers] == [4, 2]
    assert [layer.activation for layer in model.layers] == ["relu", "sigmoid"]
    assert all(len(n.w) == 3 for n in model.layers[0].neurons)
    assert all(n.z is None and n.a is None for n in model.neurons)
    assert model.last_inputs is None
    out = model([1.0, 2.0, 3.0])
    assert isinstance(out, list) and len(out) == 2
    assert model.last_inputs is not None
    assert [v.label for v in model.last_inputs] == ["x_1", "x_2", "x_3"]
    assert all(n.z is not None and n.a is not None for n in model.neurons)
    assert out == [n.a for n in model.layers[1].neurons]


def test_default_labels_follow_nielsen() -> None:
    model = MLP(2, [3, 1], "tanh", seed=0)
    model([0.1, 0.2])
    neuron = model.layers[0].neurons[2]
    assert [w.label for w in neuron.w] == ["w^1_31", "w^1_32"]
    assert neuron.b is not None and neuron.b.label == "b^1_3"
    assert neuron.z is not None and neuron.z.label == "z^1_3"
    assert neuron.a is not None and neuron.a.label == "a^1_3"
    wide = MLP(12, [11], "tanh")
    assert wide.layers[0].neurons[10].w[11].label == "w^1_11,12"


def test_the_weighted_input_is_w_dot_x_plus_b_in_order() -> None:
    model = MLP(2, [1], "sigmoid", weights=[[[0.15, 0.2]]], biases=[[0.35]])
    model([0.05, 0.1])
    z = model.layers[0].neurons[0].z
    assert z is not None and z.data == 0.15 * 0.05 + 0.2 * 0.1 + 0.35
    left, bias = z.parents
    assert bias.label == "b^1_1"
    assert [p.label for p in left.parents[0].parents] == ["w^1_11", "x_1"]


@pytest.mark.parametrize(
    ("activation", "f"),
    [
        ("sigmoid", lambda z: 1 / (1 + math.exp(-z))),
        ("tanh", math.tanh),
        ("relu", lambda z: max(z, 0.0)),
        ("linear", lambda z: z),
    ],
)
def test_activations(activation: str, f: object) -> None:
    model = MLP(2, [1], activation, weights=[[[0.7, -1.3]]], biases=[[0.2]])
    z = 0.7 * 0.4 + (-1.3) * 0.9 + 0.2
    assert model([0.4, 0.9])[0].data == pytest.approx(f(z))  # type: ignore[operator]
    neuron = model.layers[0].neurons[0]
    if activation == "linear":
        assert neuron.a is neuron.z


def test_output_activation_defaults_to_the_hidden_one() -> None:
    assert [layer.activation for layer in MLP(1, [2, 2], "sigmoid").layers] == ["sigmoid"] * 2
    model = MLP(1, [2, 2], "relu", output_activation="linear")
    assert [layer.activation for layer in model.layers] == ["relu", "linear"]


def test_seeded_initialisation_is_deterministic() -> None:
    assert MLP(2, [4, 1], seed=7).state_dict() == MLP(2, [4, 1], seed=7).state_dict()
    assert MLP(2, [4, 1], seed=7).state_dict() != MLP(2, [4, 1], seed=8).state_dict()
    bound = 1 / math.sqrt(4)
    assert all(abs(w.data) <= bound for w in MLP(2, [4, 1], seed=7).layers[1].neurons[0].w)


def test_shared_bias_and_no_bias() -> None:
    layer = Layer(2, 3, "sigmoid", biases=0.35)
    assert layer.shared_bias is not None
    assert all(n.b is layer.shared_bias for n in layer.neurons)
    assert layer.shared_bias.label == "b^1"
    plain = Layer(2, 2, "sigmoid", bias=False)
    assert all(n.b is None for n in plain.neurons)
    assert len(plain.parameters()) == 4
    out = plain([Value(1.0), Value(2.0)])
    assert out[0].parents[0].op is not None and out[0].parents[0].op.name == "add"


def test_shared_bias_gradient_sums_over_its_neurons() -> None:
    model = MLP(2, [2, 1], "tanh", biases=[0.1, None], seed=2)
    (out,) = model([0.3, -0.4])
    out.backward()
    shared = model.layers[0].shared_bias
    assert shared is not None
    deltas = [n.z.grad for n in model.layers[0].neurons if n.z is not None]
    assert shared.grad == pytest.approx(sum(deltas))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"weights": [[[1.0, 2.0]]]}, "has 1 layers"),
        ({"weights": [[[1.0], [2.0, 3.0]], None]}, r"weights\[0\] has 1 numbers, expected 2"),
        ({"weights": [[[1.0, 2.0]] * 3, None]}, "3 rows, expected 2"),
        ({"biases": [[1.0], None]}, "biases has 1 numbers, expected 2"),
        ({"activation": "softplus"}, "unknown activation 'softplus'"),
        ({"biases": [1.0, 1.0], "bias": False}, "bias=False"),
    ],
)
def test_bad_construction_says_what_is_wrong(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        MLP(2, [2, 1], **kwargs)  # type: ignore[arg-type]


def test_wrong_number_of_inputs() -> None:
    with pytest.raises(ValueError, match="expects 2 inputs, got 3"):
        MLP(2, [1])([1.0, 2.0, 3.0])
    neuron = Neuron([Value(1.0)], Value(0.0), "tanh")
    with pytest.raises(ValueError, match="expects 1 inputs, got 2"):
        neuron([Value(1.0), Value(2.0)])


@given(
    st.lists(st.floats(-3, 3), min_size=3, max_size=3),
    st.integers(0, 1000),
)
def test_gradients_match_finite_differences(x: list[float], seed: int) -> None:
    model = MLP(3, [3, 2], "tanh", seed=seed)

    def loss() -> Value:
        a, b = model(x)
        return a * a + b

    loss().backward()
    for p in model.parameters():
        h = 1e-6
        p.data += h
        up = loss().data
        p.data -= 2 * h
        down = loss().data
        p.data += h
        assert p.grad == pytest.approx((up - down) / (2 * h), abs=1e-6)


def test_numpy_biases_are_used_not_ignored() -> None:
    np = pytest.importorskip("numpy")
    layer = Layer(2, 2, biases=np.array([0.1, 0.2]))
    assert [n.b.data for n in layer.neurons if n.b is not None] == [0.1, 0.2]
    shared = MLP(2, [2], biases=[np.float32(0.5)]).layers[0]
    first, second = shared.neurons
    assert first.b is second.b and first.b is not None and first.b.data == 0.5
