"""softmax and log_softmax over lists of Values; every module is called through forward."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Value, gradcheck
from nn import MLP, Layer, Module, Neuron, log_softmax, softmax

logits = st.lists(st.floats(min_value=-30.0, max_value=30.0), min_size=1, max_size=5)


@settings(max_examples=60, deadline=None)
@given(logits)
def test_softmax_is_a_distribution_and_log_softmax_its_log(zs: list[float]) -> None:
    ps = [p.data for p in softmax(zs)]
    assert math.fsum(ps) == pytest.approx(1.0, abs=1e-12)
    exps = [math.exp(z - max(zs)) for z in zs]
    assert ps == pytest.approx([e / math.fsum(exps) for e in exps], rel=1e-12, abs=1e-300)
    for lp, z in zip(log_softmax(zs), zs):
        assert lp.data == pytest.approx(z - max(zs) - math.log(math.fsum(exps)), abs=1e-12)


def test_huge_logits_neither_overflow_nor_lose_the_log() -> None:
    ps = softmax([1000.0, 0.0, -1000.0])
    assert [p.data for p in ps] == [1.0, math.exp(-1000.0), 0.0]
    assert [lp.data for lp in log_softmax([1000.0, 0.0, -1000.0])] == [0.0, -1000.0, -2000.0]


def test_derivatives_are_those_of_the_formula() -> None:
    # dp_0/dz_j = p_0([0 = j] - p_j), dl_1/dz_j = [1 = j] - p_j
    assert gradcheck(lambda a, b, c: softmax([a, b, c])[0], [0.3, -1.2, 2.0])
    assert gradcheck(lambda a, b, c: log_softmax([a, b, c])[1], [0.3, -1.2, 2.0])
    zs = [Value(0.3), Value(-1.2), Value(2.0)]
    log_softmax(zs)[1].backward()
    ps = [p.data for p in softmax([0.3, -1.2, 2.0])]
    assert [z.grad for z in zs] == pytest.approx([-ps[0], 1.0 - ps[1], -ps[2]], rel=1e-12)


def test_empty_input_is_refused() -> None:
    with pytest.raises(ValueError, match="softmax needs a non-empty list"):
        softmax([])
    with pytest.raises(ValueError, match="log_softmax needs a non-empty list"):
        log_softmax(Value(1.0))  # type: ignore[arg-type]


def test_every_module_is_called_through_forward() -> None:
    model = MLP(2, [2, 1], seed=0)
    x = [0.5, -0.3]
    assert model(x)[0].data == model.forward(x)[0].data
    layer, neuron = model.layers[0], model.layers[0].neurons[0]
    assert isinstance(layer, Layer) and isinstance(neuron, Neuron)
    ins = [Value(0.5), Value(-0.3)]
    assert layer(ins)[0].data == layer.forward(ins)[0].data == neuron(ins).data

    class Doubler(Module):
        def forward(self, v: Value) -> Value:
            return v * 2.0

    assert Doubler()(Value(3.0)).data == 6.0
    with pytest.raises(NotImplementedError, match="Module does not define forward"):
        Module()(1.0)
