"""Stochastic gradient descent, with PyTorch's momentum and weight decay."""

from __future__ import annotations

import math
from collections.abc import Iterable

from autograd.engine import Value
from autograd.engine.value import as_values


class NonFiniteStepError(FloatingPointError):
    """An optimizer step refused because it would make a parameter NaN or infinite.

    ``parameter`` is the Value, ``name`` what the message calls it, ``index`` its
    place in the optimizer's list; the parameters are as they were before the step.
    """

    def __init__(
        self, parameter: Value, index: int, name: str, lr: float, step: float, result: float
    ) -> None:
        super().__init__(
            f"SGD refused the step: parameter {name} would become {result!r} "
            f"(lr={lr!r} times its step {step!r}); the training diverged, try a smaller lr. "
            "No parameter was changed."
        )
        self.parameter, self.index, self.name = parameter, index, name
        self.lr, self.step, self.result = lr, step, result

    def renamed(self, name: str, before: str) -> NonFiniteStepError:
        """The same refusal with the parameter called ``name``, the message after ``before``."""
        error = NonFiniteStepError(
            self.parameter, self.index, name, self.lr, self.step, self.result
        )
        error.args = (before + str(error.args[0]),)
        return error


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
        """Move every parameter one step against its gradient.

        A step that would make a parameter NaN or infinite (a learning rate too
        large, a gradient that overflowed) is refused with a ``NonFiniteStepError``
        naming the first such parameter; no parameter and no velocity changes.
        """
        grads = [p.grad + self.weight_decay * p.data for p in self.params]
        velocity = self._velocity
        if self.momentum:
            if velocity is None:
                velocity = grads
            else:
                velocity = [self.momentum * v + g for v, g in zip(velocity, grads)]
            grads = velocity
        updated = [p.data - self.lr * g for p, g in zip(self.params, grads)]
        for index, (p, new) in enumerate(zip(self.params, updated)):
            if not math.isfinite(new):
                label = p.label if p.label is not None else f"params[{index}]"
                raise NonFiniteStepError(p, index, label, self.lr, grads[index], new)
        self._velocity = velocity if self.momentum else None
        for p, new in zip(self.params, updated):
            p.data = new

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
