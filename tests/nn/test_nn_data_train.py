"""Data sets and fit: moons and XOR are learned to 100% training accuracy."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pytest

from autograd import Value
from nn import MLP, SGD, binary_cross_entropy, fit, hinge, l2, make_moons, mse, xor


def test_make_moons_is_deterministic_and_shaped() -> None:
    x, y = make_moons(101, 0.1, seed=3)
    assert (x, y) == make_moons(101, 0.1, seed=3)
    assert x != make_moons(101, 0.1, seed=4)[0]
    assert len(x) == len(y) == 101 and all(len(p) == 2 for p in x)
    assert y.count(0) == 50 and y.count(1) == 51


def test_make_moons_without_noise_lies_on_the_half_circles() -> None:
    x, y = make_moons(40, 0.0, seed=0)
    for (a, b), label in zip(x, y):
        if label == 0:
            assert math.hypot(a, b) == pytest.approx(1.0) and b >= -1e-12
        else:
            assert math.hypot(a - 1.0, b - 0.5) == pytest.approx(1.0) and b <= 0.5 + 1e-12


def test_make_moons_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="n >= 2"):
        make_moons(1, 0.1, 0)
    with pytest.raises(ValueError, match="noise"):
        make_moons(10, -0.1, 0)


def test_xor() -> None:
    x, y = xor()
    assert [int(a != b) for a, b in x] == y


def accuracy(model: MLP, inputs: Sequence[Sequence[float]], labels: Sequence[int]) -> float:
    hits = sum((model(x)[0].data > 0) == (label > 0) for x, label in zip(inputs, labels))
    return hits / len(labels)


def test_moons_reach_full_training_accuracy() -> None:
    x, y = make_moons(100, 0.1, seed=0)
    labels = [2 * t - 1 for t in y]  # hinge wants -1 / +1
    model = MLP(2, [16, 16, 1], "relu", "linear", seed=0)
    assert accuracy(model, x, labels) < 0.9

    def loss(outputs: list[list[Value]], targets: Sequence[int]) -> Value:
        # micrograd's loss: mean hinge plus 1e-4 L2 on every parameter
        return hinge([o[0] for o in outputs], targets) + 1e-4 * l2(model.parameters())

    steps = 100
    opt = SGD(model.parameters(), lr=0.3, momentum=0.9)
    history = fit(
        model, x, labels, loss, epochs=steps, optimizer=opt,
        lr=lambda k: 0.3 * (1.0 - 0.9 * k / steps), quiet=True,
    )  # fmt: skip
    assert len(history) == steps
    assert history[-1] < history[0] / 5
    assert accuracy(model, x, labels) == 1.0


def test_xor_is_learned() -> None:
    x, y = xor()
    model = MLP(2, [4, 1], "tanh", "sigmoid", seed=1)

    def loss(outputs: list[list[Value]], targets: Sequence[int]) -> Value:
        return binary_cross_entropy([o[0] for o in outputs], targets)

    history = fit(model, x, y, loss, epochs=300, lr=1.0, quiet=True)
    assert history[-1] < 0.1 < history[0]
    assert [round(model(p)[0].data) for p in x] == y


def test_fit_reports_progress_unless_quiet(capsys: pytest.CaptureFixture[str]) -> None:
    x, y = xor()
    model = MLP(2, [2, 1], "tanh", seed=0)

    def loss(outputs: list[list[Value]], targets: Sequence[int]) -> Value:
        return mse([o[0] for o in outputs], targets)

    history = fit(model, x, y, loss, epochs=20, lr=0.1)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 10 and lines[-1].startswith("epoch 20/20  loss ")
    assert lines[-1].endswith(f"{history[-1]:.6f}")
    fit(model, x, y, loss, epochs=5, lr=0.1, quiet=True)
    assert capsys.readouterr().out == ""


def test_fit_rejects_mismatched_data() -> None:
    model = MLP(2, [1])
    with pytest.raises(ValueError, match="4 inputs but 3 targets"):
        fit(model, xor()[0], [0, 1, 1], lambda o, t: o[0][0], quiet=True)


def test_fit_updates_one_line_in_jupyter(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shown: list[str] = []

    class Handle:
        def update(self, obj: object) -> None:
            shown.append(repr(obj))

    monkeypatch.setattr("nn.train._jupyter_display", lambda: Handle())
    x, y = xor()
    model = MLP(2, [2, 1], "tanh", seed=0)
    fit(model, x, y, lambda o, t: mse([v[0] for v in o], t), epochs=3, lr=0.1)
    assert [line.split("  ")[0] for line in shown] == ["epoch 1/3", "epoch 2/3", "epoch 3/3"]
    assert capsys.readouterr().out == ""


def test_outside_jupyter_there_is_no_display_handle() -> None:
    from nn.train import _jupyter_display

    assert _jupyter_display() is None


def test_fit_names_the_epoch_of_a_bad_scheduled_rate() -> None:
    model = MLP(2, [1], "linear", seed=0)
    with pytest.raises(ValueError, match="lr schedule at epoch 2: SGD lr must be"):
        fit(
            model,
            [[0.0, 1.0]],
            [1.0],
            lambda outs, ys: (outs[0][0] - ys[0]) ** 2,
            epochs=4,
            lr=lambda k: 0.1 - 0.1 * k,
            quiet=True,
        )


def test_terminal_progress_blanks_the_tail_of_a_longer_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io
    import sys

    from nn.train import _Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr(sys, "stdout", screen)
    monkeypatch.setattr("nn.train._jupyter_display", lambda: None)
    progress = _Progress(2, quiet=False)
    progress.show(1, 12.345678)
    progress.show(2, 9.5)
    # What a terminal shows: the last line written after the last carriage return.
    shown = screen.getvalue().split("\r")[-1]
    assert shown.rstrip() == "epoch 2/2  loss 9.500000"
    assert len(shown) == len("epoch 1/2  loss 12.345678")
