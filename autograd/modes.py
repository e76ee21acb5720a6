"""Switches that change how ops behave: ``no_grad`` and ``detect_anomaly``."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Mode(threading.local):
    """What every op checks when it runs (one shared instance, ``MODE``).

    Per thread, as in PyTorch: ``no_grad`` in one thread leaves others recording.
    """

    def __init__(self) -> None:
        self.recording = True  # False inside no_grad(): ops make leaves, no graph
        self.anomaly = False  # True inside detect_anomaly(): NaN or inf raises


MODE = Mode()


@contextmanager
def no_grad() -> Iterator[None]:
    """Ops inside record no graph: their results are leaves with data only.

    Use it for evaluation and for weight updates, as in PyTorch.
    """
    before = MODE.recording
    MODE.recording = False
    try:
        yield
    finally:
        MODE.recording = before


@contextmanager
def enable_grad() -> Iterator[None]:
    """Record the graph again, even inside ``no_grad``."""
    before = MODE.recording
    MODE.recording = True
    try:
        yield
    finally:
        MODE.recording = before


@contextmanager
def detect_anomaly() -> Iterator[None]:
    """Raise FloatingPointError at the first op or backward step that gives NaN or inf.

    The message names the op, its operands' labels and values, so the bad
    step is found where it happens rather than in a NaN loss much later.
    """
    before = MODE.anomaly
    MODE.anomaly = True
    try:
        yield
    finally:
        MODE.anomaly = before
