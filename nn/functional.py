"""softmax and log_softmax over a list of Values, as functions (outside any loss).

Both subtract the largest input first: softmax(z) = softmax(z - m) for any
constant m, and with m = max z every exponential is at most 1, so none can
overflow and the largest one is exactly 1 (no underflow of the whole sum).
The constant has no gradient, so every derivative is that of the formula:

- softmax: p_i = e^{z_i} / sum_k e^{z_k}; dp_i/dz_j = p_i ([i = j] - p_j);
- log_softmax: l_i = z_i - ln sum_k e^{z_k}; dl_i/dz_j = [i = j] - p_j.
"""

from __future__ import annotations

from collections.abc import Sequence

from autograd.engine import Value

Input = Value | float | int


def _shifted(zs: Sequence[Input], what: str) -> list[Value]:
    if isinstance(zs, Value) or not isinstance(zs, Sequence) or not zs:
        raise ValueError(f"{what} needs a non-empty list of Values or numbers, got {zs!r}")
    values = [z if isinstance(z, Value) else Value(z) for z in zs]
    shift = max(z.data for z in values)
    return [z - shift for z in values]


def _total(terms: list[Value]) -> Value:
    result = terms[0]
    for term in terms[1:]:
        result = result + term
    return result


def softmax(zs: Sequence[Input]) -> list[Value]:
    """e^{z_i} / sum_k e^{z_k} for each i: probabilities that sum to 1."""
    exps = [z.exp() for z in _shifted(zs, "softmax")]
    norm = _total(exps)
    return [e / norm for e in exps]


def log_softmax(zs: Sequence[Input]) -> list[Value]:
    """z_i - ln sum_k e^{z_k} for each i: the log of softmax, without taking a log
    of a probability that underflowed to 0."""
    shifted = _shifted(zs, "log_softmax")
    log_norm = _total([z.exp() for z in shifted]).log()
    return [z - log_norm for z in shifted]
