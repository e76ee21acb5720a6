"""Switches that change how ops behave: ``no_grad`` and ``detect_anomaly``."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager


class Mode(threading.local):
    """What every op checks when it runs (one shared instance, ``MODE``).

    Per thread, as in PyTorch: ``no_grad`` in one thread leaves others recording.
    """

    def __init__(self) -> None:
        self.recording = True  # False inside no_grad(): ops make leaves, no graph
        self.anomaly = False  # True inside detect_anomaly(): NaN or inf raises
        # True while a backward pass records itself: a derivative that overflows is
        # the limit ±inf, as in the float pass, not an error (read only on that rare path)
        self.limits = False
        # recording and not anomaly: the one flag an op reads on its usual path
        # (a thread-local read costs more than a plain attribute's).
        self.plain = True

    def set(
        self,
        *,
        recording: bool | None = None,
        anomaly: bool | None = None,
        limits: bool | None = None,
    ) -> None:
        """Change a switch, keeping ``plain`` in step."""
        if limits is not None:
            self.limits = limits
        if recording is not None:
            self.recording = recording
        if anomaly is not None:
            self.anomaly = anomaly
        self.plain = self.recording and not self.anomaly


MODE = Mode()


@contextmanager
def _switched(**change: bool) -> Iterator[None]:
    """Set switches of ``MODE`` for the ``with`` block, then restore them."""
    before = {name: getattr(MODE, name) for name in change}
    MODE.set(**change)
    try:
        yield
    finally:
        MODE.set(**before)


def no_grad() -> AbstractContextManager[None]:
    """Ops inside record no graph: their results are leaves with data only.

    Use it for evaluation and for weight updates, as in PyTorch.
    """
    return _switched(recording=False)


def enable_grad() -> AbstractContextManager[None]:
    """Record the graph again, even inside ``no_grad``."""
    return _switched(recording=True)


def derivative_limits() -> AbstractContextManager[None]:
    """Inside a recorded backward pass: an op whose result overflows gives ±inf
    (the float pass's limit, and PyTorch's) instead of raising OverflowError."""
    return _switched(limits=True)


def detect_anomaly() -> AbstractContextManager[None]:
    """Raise FloatingPointError at the first op or backward step that gives NaN or inf.

    The message names the op, its operands' labels and values, so the bad
    step is found where it happens rather than in a NaN loss much later.
    """
    return _switched(anomaly=True)
