"""nn.documents.examples: every document's network builds, is labelled, and backpropagates."""

from __future__ import annotations

import pytest

from autograd import Value, topological_order
from nn.documents.examples import DEFAULT, EXAMPLES, Example, example


def labels(root: Value) -> set[str]:
    return {v.label for v in topological_order(root) if v.label is not None}


def test_the_registry() -> None:
    assert DEFAULT == "mazur"
    assert list(EXAMPLES) == ["mazur", "punnen", "slides", "geoscience", "wang"]
    assert example().name == "mazur"
    with pytest.raises(KeyError, match="choose one of mazur, punnen, slides, geoscience, wang"):
        example("nielsen")


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_every_example_is_complete(name: str) -> None:
    ex = example(name)
    assert isinstance(ex, Example) and ex.name == name
    assert ex.title and ex.seed in {"000", "001", "002", "003", "004"}
    # A citation by title and author, never a path outside the repository.
    assert "seeds" not in ex.source and "'" in ex.source
    assert len(ex.inputs) == len(ex.targets) >= 1
    loss = ex.loss()
    assert loss.label is not None and loss.data > 0
    loss.backward()
    weights = ex.weights()
    assert weights and all(w.label and w.has_grad for w in weights)
    assert all(w in set(ex.model.parameters()) for w in weights)
    assert example(name).loss().data == loss.data  # a fresh copy each time


def test_examples_are_independent() -> None:
    first, second = example("mazur"), example("mazur")
    first.weights()[0].data = 9.0
    assert second.weights()[0].data == 0.15


def test_mazur_labels() -> None:
    ex = example("mazur")
    names = labels(ex.loss())
    assert {f"w{i}" for i in range(1, 9)} <= names
    assert {"b1", "b2", "i1", "i2", "E_o1", "E_o2", "E_total"} <= names
    assert {f"{kind}_{n}" for kind in ("net", "out") for n in ("h1", "h2", "o1", "o2")} <= names
    assert [w.label for w in ex.weights()] == [f"w{i}" for i in range(1, 9)] + ["b1", "b2"]


def test_slides_labels_and_no_biases() -> None:
    ex = example("slides")
    names = labels(ex.loss())
    # The slides' own symbols: ε = ε1 + ε2.
    expected = {"x1", "x2", "q1", "q2", "h1", "h2", "z1", "z2", "y1", "y2", "ε1", "ε2", "ε"}
    assert expected | {f"w{i}" for i in range(1, 9)} <= names
    assert all(n.b is None for n in ex.model.neurons)
    assert [w.label for w in ex.weights()] == [f"w{i}" for i in range(1, 9)]


def test_punnen_labels() -> None:
    names = labels(example("punnen").loss())
    assert {"a^0", "w^1", "b^1", "z^1", "a^1", "w^2", "b^2", "z^2", "a^2", "C"} <= names


def test_geoscience_labels_per_sample() -> None:
    ex = example("geoscience")
    names = labels(ex.loss())
    assert {"w^(1)_11", "w^(1)_41", "w^(2)_11", "w^(2)_31", "C"} <= names
    for i in (1, 2, 3):
        assert {f"x1[{i}]", f"h1[{i}]", f"σ(h1)[{i}]", f"h2[{i}]", f"ŷ[{i}]"} <= names
    assert [layer.index for layer in ex.model.layers] == [1, 2]  # w^(1), w^(2), δ^1, δ^2


def test_wang_numbers_the_input_layer_1() -> None:
    # Wang (and Nielsen) number the input layer 1: the first hidden layer is layer 2,
    # "we can compute δ when l = L-1, L-2, ..., 2", and here L = 3.
    ex = example("wang")
    names = labels(ex.loss())
    assert {"a^1_1[1]", "w^2_11", "w^3_33", "b^3_3", "z^3_1[3]", "a^3_3[1]", "C"} <= names
    assert not any(name.startswith(("w^1", "z^1", "b^1")) for name in names)
    assert [layer.index for layer in ex.model.layers] == [2, 3]
    assert len(ex.targets[0]) == len(ex.model.layers[-1].neurons) == 3


def test_punnen_trace_is_written_input_first() -> None:
    """Punnen writes dC/dw^2 = dz^2/dw^2 . da^2/dz^2 . dC/da^2 (the weight's end first)."""
    ex = example("punnen")
    loss = ex.loss()
    loss.backward()
    w2 = ex.weights()[2]
    assert w2.label == "w^2"
    found = ex.trace(loss, w2)
    (path,) = found.paths
    assert [(s.child.label, s.parent.label) for s in path.factors] == [
        ("z^2", "w^2"),
        ("a^2", "z^2"),
        ("C", "a^2"),
    ]
    assert str(found).startswith("dC/dw^2 = dz^2/dw^2 * da^2/dz^2 * dC/da^2 = ")
    assert found.value == w2.grad


def test_mazur_trace_steps_as_the_document_writes_them() -> None:
    """Seed 003 writes dE_total/dw5 = dE_total/dout_o1 * dout_o1/dnet_o1 * dnet_o1/dw5
    = 0.74136507 * 0.186815602 * 0.593269992; E_o1 is named but not a step."""
    ex = example("mazur")
    loss = ex.loss()
    loss.backward()
    w5 = ex.weights()[4]
    found = ex.trace(loss, w5)
    (path,) = found.paths
    assert [(s.child.label, s.parent.label) for s in path.factors] == [
        ("E_total", "out_o1"),
        ("out_o1", "net_o1"),
        ("net_o1", "w5"),
    ]
    assert [s.local for s in path.factors] == pytest.approx(
        [0.74136507, 0.186815602, 0.593269992], rel=1e-8
    )
    assert found.value == w5.grad
    # Nine significant digits by default, as the document prints them.
    assert str(found).startswith(
        "dE_total/dw5 = dE_total/dout_o1 * dout_o1/dnet_o1 * dnet_o1/dw5 = 0.741365070 * "
        "0.186815602 * 0.593269992 = 0.0821670406"
    )
