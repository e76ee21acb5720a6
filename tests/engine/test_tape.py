"""Tape: a graph built once and recomputed for new leaf data equals a fresh build."""

from __future__ import annotations

import gc
import math
from collections.abc import Callable, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Value, detect_anomaly, topological_order
from autograd.engine.tape import Tape


def every_op(x: Value, y: Value, z: Value) -> Value:
    """Uses each op of the table; defined for all real x, y, z (y*y + 1 > 0, s > 0)."""
    s = (x * y - z).sigmoid()
    t = (x / (1.0 + s)).tanh() + (-z).exp() * 0.25
    u = (y * y + 1.0).log() ** 1.5 + s ** (t * 0.5)
    return (t * u - x).relu() + (x + 2.0 * z).relu() + u**2 - 1.0


def snapshot(root: Value) -> list[tuple[float, tuple[float, ...], float, bool]]:
    """Every node's data, local derivatives and gradient, in topological order."""
    return [(v.data, v.local_grads, v.grad, v.has_grad) for v in topological_order(root)]


def fresh(f: Callable[..., Value], data: Sequence[float]) -> tuple[Value, list[Value]]:
    """Build f eagerly on new leaves and backpropagate once."""
    leaves = [Value(d) for d in data]
    root = f(*leaves)
    root.backward()
    return root, leaves


finite = st.floats(min_value=-3.0, max_value=3.0, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(st.tuples(finite, finite, finite), st.tuples(finite, finite, finite))
def test_tape_equals_a_fresh_build_bit_for_bit(
    first: tuple[float, float, float], second: tuple[float, float, float]
) -> None:
    leaves = [Value(d) for d in first]
    tape = Tape(every_op(*leaves))
    tape.run()
    for leaf, d in zip(leaves, second):
        leaf.data = d
    tape.run()
    expected_root, expected_leaves = fresh(every_op, second)
    # Same ops in the same order: equal as floats, node by node (== on floats is bitwise
    # here: no NaN can occur and the sign of a zero is compared below).
    assert snapshot(tape.root) == snapshot(expected_root)
    for ours, theirs in zip(leaves, expected_leaves):
        assert math.copysign(1.0, ours.grad) == math.copysign(1.0, theirs.grad)


def test_relu_follows_the_new_data() -> None:
    x, w = Value(2.0, "x"), Value(3.0, "w")
    tape = Tape((w * x).relu())
    assert tape.run().data == 6.0 and w.grad == 2.0 and x.grad == 3.0
    x.data = -1.0
    assert tape.run().data == 0.0 and w.grad == 0.0 and x.grad == 0.0
    assert tape.root.local_grads == (0.0,)


def live_values() -> int:
    return sum(1 for o in gc.get_objects() if type(o) is Value)


def test_run_creates_no_nodes() -> None:
    x, y = Value(0.5), Value(-1.5)
    tape = Tape((x * y + 2.0).tanh() * x)
    before = [id(v) for v in tape.order]
    count = live_values()
    x.data = 0.25
    tape.run()
    assert live_values() == count
    assert [id(v) for v in topological_order(tape.root)] == before


def test_each_run_gives_this_runs_gradient_not_a_sum() -> None:
    x = Value(3.0)
    tape = Tape(x * x)
    x.grad = 100.0  # what the leaf held before: replaced, not added to
    tape.run()
    tape.run()
    assert x.grad == 6.0 and tape.root.grad == 1.0
    # Eager backward accumulates on leaves instead, as documented.
    (x * x).backward()
    assert x.grad == 12.0


def test_a_shared_leaf_sums_every_path() -> None:
    a = Value(2.0)
    b = a * 3.0
    tape = Tape(a * b + b)  # d/da (3a^2 + 3a) = 6a + 3
    a.data = 5.0
    tape.run()
    assert tape.root.data == 90.0 and a.grad == 33.0


def test_forward_alone_leaves_gradients_alone() -> None:
    x = Value(1.0)
    tape = Tape(x.exp())
    tape.run()
    x.data = 0.0
    assert tape.forward().data == 1.0
    assert x.grad == math.e  # still the previous run's
    tape.backward(gradient=2.0)
    assert x.grad == 2.0


def test_order_and_leaves_describe_the_graph() -> None:
    x, y = Value(1.0, "x"), Value(2.0, "y")
    root = x * y + x
    tape = Tape(root)
    assert tape.order == topological_order(root) and tape.order[-1] is root
    assert len(tape) == 4
    assert tape.leaves == [v for v in tape.order if v.is_leaf]
    assert {v.label for v in tape.leaves} == {"x", "y"}


def test_an_op_failing_on_new_data_names_it() -> None:
    x = Value(2.0, "x")
    tape = Tape(x.log())
    tape.run()
    x.data = -1.0
    with pytest.raises(ValueError, match=r"log failed on log\(x\) with x = -1.0"):
        tape.run()
    assert x.data == -1.0 and x.grad == 0.5  # the leaf as it was


def test_overflow_on_new_data_raises() -> None:
    x = Value(1.0, "x")
    tape = Tape(x * 1e300 * 10.0)
    x.data = 1e10
    with pytest.raises(OverflowError, match="mul overflowed"):
        tape.run()


def test_detect_anomaly_applies_to_tape() -> None:
    x = Value(1.0, "x")
    tape = Tape(x * 2.0)
    x.data = math.nan
    tape.run()  # NaN passes silently, as in eager mode
    with detect_anomaly(), pytest.raises(FloatingPointError, match="detect_anomaly: mul"):
        tape.run()


def test_tape_needs_a_value() -> None:
    with pytest.raises(TypeError, match="Tape needs the Value at the root of a graph"):
        Tape(1.0)  # type: ignore[arg-type]


def test_replay_is_the_deprecated_name_of_tape() -> None:
    from autograd import Replay

    x = Value(2.0, label="x")
    with pytest.warns(DeprecationWarning, match="autograd.Tape"):
        tape = Replay(x * x)
    assert isinstance(tape, Tape) and tape.run().data == 4.0 and x.grad == 4.0
