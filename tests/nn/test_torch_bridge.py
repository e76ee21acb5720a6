"""MLP.to_torch and MLP.from_torch: the same outputs and gradients in PyTorch."""

from __future__ import annotations

import pytest

from autograd import Value
from nn import MLP, mse

torch = pytest.importorskip(
    "torch", reason="PyTorch is not installed (it is not a dependency; make bench installs it)"
)

POINT = [0.3, -1.2, 0.7]
TARGET = [0.5, -0.25]


def ours(model: MLP) -> tuple[list[float], list[float], list[float]]:
    """Outputs, parameter gradients and input gradients of an MSE loss."""
    xs = [Value(x) for x in POINT]
    outputs = model(xs)
    mse(outputs, TARGET).backward()
    return [o.data for o in outputs], [p.grad for p in model.parameters()], [x.grad for x in xs]


def theirs(net: object, model: MLP) -> tuple[list[float], list[float], list[float]]:
    xs = torch.tensor(POINT, dtype=torch.float64, requires_grad=True)
    outputs = net(xs)  # type: ignore[operator]
    loss = ((outputs - torch.tensor(TARGET, dtype=torch.float64)) ** 2).mean()
    loss.backward()
    grads: list[float] = []
    for linear in [m for m in net if isinstance(m, torch.nn.Linear)]:  # type: ignore[attr-defined]
        for j in range(linear.weight.shape[0]):
            grads += linear.weight.grad[j].tolist()
            if linear.bias is not None:
                grads.append(linear.bias.grad[j].item())
    return outputs.tolist(), grads, xs.grad.tolist()


@pytest.mark.parametrize(
    ("activation", "output"), [("tanh", "linear"), ("relu", "sigmoid"), ("sigmoid", "tanh")]
)
def test_outputs_and_gradients_agree(activation: str, output: str) -> None:
    model = MLP(3, [4, 3, 2], activation, output, seed=3)
    net = model.to_torch()
    ours_out, ours_grads, ours_inputs = ours(model)
    their_out, their_grads, their_inputs = theirs(net, model)
    assert ours_out == pytest.approx(their_out, rel=1e-12, abs=1e-15)
    assert ours_grads == pytest.approx(their_grads, rel=1e-10, abs=1e-15)
    assert ours_inputs == pytest.approx(their_inputs, rel=1e-10, abs=1e-15)


def test_round_trip_keeps_every_number() -> None:
    model = MLP(3, [5, 2], "relu", "linear", seed=7)
    back = MLP.from_torch(model.to_torch())
    assert back.state_dict() == model.state_dict()
    assert repr(back) == repr(model)


def test_without_bias() -> None:
    model = MLP(3, [2, 2], "tanh", bias=False, seed=1)
    net = model.to_torch()
    assert all(m.bias is None for m in net if isinstance(m, torch.nn.Linear))
    assert ours(model)[0] == pytest.approx(theirs(net, model)[0], rel=1e-12)
    assert MLP.from_torch(net).state_dict() == model.state_dict()


def test_from_torch_refuses_what_an_mlp_cannot_be() -> None:
    with pytest.raises(ValueError, match=r"module 1 \(Dropout\) has no counterpart"):
        MLP.from_torch(torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Dropout()))
    mixed = torch.nn.Sequential(
        torch.nn.Linear(2, 2),
        torch.nn.Tanh(),
        torch.nn.Linear(2, 2),
        torch.nn.ReLU(),
        torch.nn.Linear(2, 1),
    )
    with pytest.raises(ValueError, match="different activations"):
        MLP.from_torch(mixed)
    with pytest.raises(TypeError, match=r"torch\.nn\.Sequential"):
        MLP.from_torch(torch.nn.Linear(2, 2))
