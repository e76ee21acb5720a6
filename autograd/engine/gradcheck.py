"""Check backward against finite differences."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from autograd.engine.modes import no_grad
from autograd.engine.value import Value, as_number


class GradcheckError(AssertionError):
    """An analytic gradient disagrees with the numeric one."""


def numeric_gradient(
    fn: Callable[[Sequence[float]], float], point: Sequence[float], i: int, eps: float
) -> float:
    """Central difference (f(x + eps e_i) - f(x - eps e_i)) / (2 eps); error O(eps^2)."""
    up = list(point)
    down = list(point)
    up[i] += eps
    down[i] -= eps
    return (fn(up) - fn(down)) / (2.0 * eps)


def gradcheck(
    fn: Callable[..., Value],
    inputs: Sequence[float | Value],
    *,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-4,
) -> bool:
    """Compare d fn / d x from backward with central differences, for every input.

    ``fn`` takes one Value per input and returns a Value. Passes when
    ``|analytic - numeric| <= atol + rtol * |numeric|`` for each input; otherwise
    raises GradcheckError naming the input, the analytic and the numeric value.
    Returns True so it can be used in an assert.
    """
    labels = [x.label if isinstance(x, Value) else None for x in inputs]
    point = [
        x.data if isinstance(x, Value) else as_number(x, f"inputs[{i}]")
        for i, x in enumerate(inputs)
    ]
    leaves = [Value(p, label) for p, label in zip(point, labels)]
    out = fn(*leaves)
    if not isinstance(out, Value):
        raise TypeError(f"fn must return a Value, got {type(out).__name__}")
    out.backward()
    analytic = [x.grad for x in leaves]  # fresh leaves: an unused input stays 0

    def evaluate(at: Sequence[float]) -> float:
        with no_grad():
            return fn(*(Value(a) for a in at)).data

    for i, x in enumerate(leaves):
        numeric = numeric_gradient(evaluate, point, i, eps)
        if not abs(analytic[i] - numeric) <= atol + rtol * abs(numeric):
            name = f"inputs[{i}]" + (f" ({x.label})" if x.label else "")
            raise GradcheckError(
                f"gradcheck failed for {name} at {x.data!r}: analytic {analytic[i]!r}, "
                f"numeric {numeric!r} (difference {analytic[i] - numeric:.3g}, "
                f"allowed {atol + rtol * abs(numeric):.3g})"
            )
    return True
