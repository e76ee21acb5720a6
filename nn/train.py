"""fit: full-batch gradient descent for a few epochs, with a progress line."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from autograd.engine import Value
from nn.layers import MLP, Input
from nn.optim import SGD, NonFiniteStepError

T = TypeVar("T")
LossFn = Callable[[list[list[Value]], Sequence[T]], Value]


def fit(
    model: MLP,
    inputs: Sequence[Sequence[Input]],
    targets: Sequence[T],
    loss: LossFn[T],
    *,
    epochs: int = 100,
    optimizer: SGD | None = None,
    lr: float | Callable[[int], float] = 0.1,
    quiet: bool = False,
) -> list[float]:
    """Train ``model`` and return the loss of every epoch (before its step).

    Each epoch runs the model on every input, computes
    ``loss(outputs, targets)`` (``outputs[i]`` is ``model(inputs[i])``, a list of
    Values), backpropagates, and takes one optimizer step. ``optimizer``
    defaults to ``SGD(model.parameters(), lr)``; ``lr`` may be a function of the
    epoch number (0-based), e.g. ``lambda k: 1.0 - 0.9 * k / epochs``.

    Progress: a live-updating line in Jupyter (when IPython is available), a
    line rewritten in place in a terminal, a few plain lines otherwise; none
    with ``quiet=True``.
    """
    if epochs < 1:
        raise ValueError(f"epochs must be >= 1, got {epochs}")
    if len(inputs) != len(targets):
        raise ValueError(f"fit: {len(inputs)} inputs but {len(targets)} targets")
    schedule = lr if callable(lr) else None
    first_lr = schedule(0) if schedule is not None else float(lr)  # type: ignore[arg-type]
    opt = optimizer if optimizer is not None else SGD(model.parameters(), first_lr)
    progress = _Progress(epochs, quiet)
    history: list[float] = []
    for epoch in range(epochs):
        if schedule is not None:
            try:
                opt.lr = schedule(epoch)
            except ValueError as exc:
                raise ValueError(f"the lr schedule at epoch {epoch}: {exc}") from None
        root = loss([model(x) for x in inputs], targets)
        opt.zero_grad()
        root.backward()
        try:
            opt.step()
        except NonFiniteStepError as error:
            progress.close()
            raise _stopped(error, epoch, epochs, model, root.data) from None
        history.append(root.data)
        progress.show(epoch + 1, root.data)
    progress.close()
    return history


def _stopped(
    error: NonFiniteStepError, epoch: int, epochs: int, model: MLP, loss: float
) -> NonFiniteStepError:
    """The optimizer's refusal, said in the model's parameter names: fit stops
    there rather than return a model of NaNs."""
    names = {id(p): name for name, p in model.named_parameters()}
    name = names.get(id(error.parameter), error.name)
    label = error.parameter.label
    return error.renamed(
        f"{name} ({label})" if label is not None and label != name else name,
        f"fit stopped at epoch {epoch + 1}/{epochs} (loss {loss!r}): ",
    )


class _Progress:
    """``epoch 40/100  loss 0.123456``, shown where the user is looking."""

    def __init__(self, epochs: int, quiet: bool) -> None:
        self.epochs = epochs
        self.quiet = quiet
        self.handle: Any = None if quiet else _jupyter_display()
        self.live = self.handle is not None or sys.stdout.isatty()
        self.every = max(1, epochs // 10)
        self.last = ""

    def show(self, epoch: int, loss: float) -> None:
        if self.quiet:
            return
        previous, self.last = self.last, f"epoch {epoch}/{self.epochs}  loss {loss:.6f}"
        if self.handle is not None:
            self.handle.update(_Text(self.last))
        elif self.live:
            # Blanks over the rest of a longer previous line, or its tail would stay.
            sys.stdout.write("\r" + self.last.ljust(len(previous)))
            sys.stdout.flush()
        elif epoch % self.every == 0 or epoch == self.epochs:
            print(self.last)

    def close(self) -> None:
        if self.live and self.handle is None and not self.quiet:
            sys.stdout.write("\n")


class _Text:
    """Plain text for IPython's display machinery."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _jupyter_display() -> Any:
    """A display handle that can be updated in place, if running in a Jupyter kernel."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        return None
    shell = get_ipython()
    if shell is None or not hasattr(shell, "kernel"):
        return None
    return display(_Text("starting..."), display_id=True)  # type: ignore[no-untyped-call]
