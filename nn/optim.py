"""Stochastic gradient descent, with PyTorch's momentum and weight decay."""

from __future__ import annotations

import math
from collections.abc import Iterable

from autograd.engine import Value
from autograd.engine.value import as_values


class SGD:
    """p <- p - lr * v, where v = g (no momentum) or v <- momentum * v + g.

    g = p.grad + weight_decay * p: weight decay is the gradient of the L2
    penalty (weight_decay / 2) * p^2. The first step starts v at g, as in
    PyTorch. Updates write ``p.data`` directly, so they record no graph.
    ``lr`` may be changed between steps (a learning-rate schedule).
    A parameter listed twice is updated once.
    """

    def __init__(
        self,
        params: Iterable[Value],
        lr: float,
        momentum: float = 0.0,
        weight_decay: float = 0.0,
    ) -> None:
        for name, number in (("lr", lr), ("momentum", momentum), ("weight_decay", weight_decay)):
            _check(name, number)
        unique: dict[int, Value] = {}
        for p in as_values(params):
            unique.setdefault(id(p), p)
        if not unique:
            raise ValueError("SGD got an empty parameter list")
        self.params: list[Value] = list(unique.values())
        self._lr = float(lr)
        self.momentum = float(momentum)
        self.weight_decay = float(weight_decay)
        self._velocity: list[float] | None = None

    @property
    def lr(self) -> float:
        """The learning rate; a schedule may set it between steps (finite, >= 0)."""
        return self._lr

    @lr.setter
    def lr(self, value: float) -> None:
        _check("lr", value)
        self._lr = float(value)

    def step(self) -> None:
        """Move every parameter one step against its gradient."""
        grads = [p.grad + self.weight_decay * p.data for p in self.params]
        if self.momentum:
            if self._velocity is None:
                self._velocity = grads
            else:
                self._velocity = [self.momentum * v + g for v, g in zip(self._velocity, grads)]
            grads = self._velocity
        for p, g in zip(self.params, grads):
            p.data -= self.lr * g

    def zero_grad(self) -> None:
        """Set every parameter's gradient to 0 (before the next backward pass)."""
        for p in self.params:
            p.grad = 0.0

    def __repr__(self) -> str:
        return (
            f"SGD({len(self.params)} parameters, lr={self.lr}, momentum={self.momentum}, "
            f"weight_decay={self.weight_decay})"
        )


def _check(name: str, number: object) -> None:
    if not (isinstance(number, int | float) and math.isfinite(number) and number >= 0):
        raise ValueError(f"SGD {name} must be a finite number >= 0, got {number!r}")
