"""Loss functions built from Value ops, so backward() differentiates them.

Each returns one Value (the loss root). Targets are plain numbers; outputs are
Values (numbers are accepted and treated as constants). Every docstring gives
the derivative that backward() will find.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from autograd.engine import Value

Output = Value | float | int
Target = float | int


def total(terms: Sequence[Value]) -> Value:
    """t_1 + t_2 + ... + t_n, added left to right with no extra constant node."""
    if not terms:
        raise ValueError("cannot sum an empty list of terms")
    result = terms[0]
    for term in terms[1:]:
        result = result + term
    return result


def _as_value(x: Output) -> Value:
    return x if isinstance(x, Value) else Value(x)


def _check_lengths(outputs: Sequence[object], targets: Sequence[object], what: str) -> None:
    if len(outputs) != len(targets):
        raise ValueError(f"{what}: {len(outputs)} outputs but {len(targets)} targets")
    if not outputs:
        raise ValueError(f"{what}: no outputs given")


def half_squared_error(outputs: Sequence[Output], targets: Sequence[Target]) -> Value:
    """E = sum_j 1/2 (t_j - o_j)^2 (seeds 002 and 003).

    dE/do_j = -(t_j - o_j) = o_j - t_j. Each term is built as
    ``0.5 * (t_j - o_j) ** 2``; with one output the result is that term.
    """
    _check_lengths(outputs, targets, "half_squared_error")
    return total([0.5 * (t - _as_value(o)) ** 2 for o, t in zip(outputs, targets)])


def mse(outputs: Sequence[Output], targets: Sequence[Target]) -> Value:
    """Mean squared error L = (1/n) sum_j (t_j - o_j)^2; dL/do_j = (2/n)(o_j - t_j)."""
    _check_lengths(outputs, targets, "mse")
    return total([(t - _as_value(o)) ** 2 for o, t in zip(outputs, targets)]) / len(outputs)


def binary_cross_entropy(
    probabilities: Sequence[Output | Sequence[Output]],
    targets: Sequence[Target | Sequence[Target]],
    *,
    clamp: float | None = None,
) -> Value:
    """C = -(1/m) sum_i sum_k [y_ik ln p_ik + (1 - y_ik) ln(1 - p_ik)] over m samples.

    Each item of ``probabilities`` is one sample: a single probability (seed
    000's y_hat) or a list of them, one per output (seed 004's classifier, whose
    cost sums over the outputs k). ``targets`` has the same shape, values in [0, 1].

    dC/dp_ik = (1/m) [(1 - y_ik)/(1 - p_ik) - y_ik/p_ik], and through a sigmoid
    p = σ(z): dC/dz_ik = (1/m)(p_ik - y_ik).

    A probability of exactly 0 or 1 makes one logarithm infinite. Where that
    log's coefficient is 0 (p = 1 with y = 1, p = 0 with y = 0) the term is
    left out, as its limit 0 · ln 0 = 0 says, and the loss stays finite.
    Otherwise it raises ValueError naming the sample; with ``clamp=eps``
    (0 < eps < 0.5) such a p is replaced by the constant eps or 1 - eps, whose
    gradient is 0 (as a clamp's is).
    """
    if len(probabilities) != len(targets) or not probabilities:
        raise ValueError(
            f"binary_cross_entropy: {len(probabilities)} samples but {len(targets)} targets"
        )
    # 1 - clamp must stay below 1 in floating point, or the clamp would clamp nothing.
    if clamp is not None and not (0.0 < clamp < 0.5 and 1.0 - clamp < 1.0):
        raise ValueError(
            f"clamp must be in (0, 0.5) with 1 - clamp < 1 (>= ~1.2e-16), got {clamp!r}"
        )
    terms: list[Value] = []
    for i, (sample, target) in enumerate(zip(probabilities, targets)):
        ps = sample if isinstance(sample, Sequence) else [sample]
        ys = target if isinstance(target, Sequence) else [target]
        if len(ps) != len(ys):
            raise ValueError(f"sample {i}: {len(ps)} probabilities but {len(ys)} targets")
        for k, (p, y) in enumerate(zip(ps, ys)):
            where = f"sample {i}" + (f", output {k}" if len(ps) > 1 else "")
            if not 0.0 <= y <= 1.0:
                raise ValueError(f"{where}: target {y!r} is not in [0, 1]")
            q = _probability(_as_value(p), y, clamp, where)
            if q.data == 1.0:  # here y == 1: (1 - y) ln(1 - q) is 0 · ln 0 = 0
                terms.append(y * q.log())
            elif q.data == 0.0:  # here y == 0: y ln q is 0 · ln 0 = 0
                terms.append((1 - y) * (1 - q).log())
            else:
                terms.append(y * q.log() + (1 - y) * (1 - q).log())
    return -total(terms) / len(probabilities)


def _probability(p: Value, y: float, clamp: float | None, where: str) -> Value:
    if not 0.0 <= p.data <= 1.0 or math.isnan(p.data):
        raise ValueError(f"{where}: {p.data!r} is not a probability in [0, 1]")
    if 0.0 < p.data < 1.0:
        if clamp is None or clamp <= p.data <= 1.0 - clamp:
            return p
    elif p.data == y:
        return p  # exactly right: the infinite log has coefficient 0
    elif clamp is None:
        raise ValueError(
            f"{where}: probability is exactly {p.data!r}, so the cross-entropy is infinite; "
            "pass clamp=eps (e.g. 1e-7) to clamp it to [eps, 1 - eps]"
        )
    return Value(min(max(p.data, clamp), 1.0 - clamp))


def softmax_cross_entropy(logits: Sequence[Output], target: int) -> Value:
    """L = -ln softmax(z)_t = ln sum_k e^{z_k} - z_t, for one sample of class ``target``.

    dL/dz_k = softmax(z)_k - [k == t]. The largest logit is subtracted first
    (a constant, so no gradient changes) to keep e^{z_k} from overflowing.
    """
    if not logits:
        raise ValueError("softmax_cross_entropy: no logits given")
    if isinstance(target, bool) or not isinstance(target, int) or not 0 <= target < len(logits):
        raise ValueError(f"target must be a class index in 0..{len(logits) - 1}, got {target!r}")
    zs = [_as_value(z) for z in logits]
    shift = max(z.data for z in zs)
    shifted = [z - shift for z in zs]
    return total([z.exp() for z in shifted]).log() - shifted[target]


def hinge(scores: Sequence[Output], labels: Sequence[Target]) -> Value:
    """L = (1/n) sum_i max(0, 1 - y_i s_i) with labels y_i in {-1, +1}.

    dL/ds_i = -y_i / n where y_i s_i < 1, else 0.
    """
    _check_lengths(scores, labels, "hinge")
    for i, y in enumerate(labels):
        if y not in (-1, 1):
            raise ValueError(f"hinge: label {i} is {y!r}; labels must be -1 or +1")
    return total([(1 - y * _as_value(s)).relu() for s, y in zip(scores, labels)]) / len(scores)


def l2(parameters: Sequence[Value]) -> Value:
    """R = sum_p p^2 (multiply by alpha and add to a loss); dR/dp = 2p."""
    return total([p * p for p in parameters])
