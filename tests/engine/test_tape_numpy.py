"""Tape(loss, backend="numpy"): the eager graph's numbers, computed a level at a time.

Forward values and local derivatives equal the eager ones bit for bit; gradients
are within the bound documented in autograd.engine.tape_numpy.
"""

from __future__ import annotations

import math
import re
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from autograd import OPS, Op, Value, detect_anomaly, topological_order
from autograd.engine import ops_numpy, tape_numpy
from autograd.engine.ops import power_by
from autograd.engine.tape import Tape
from autograd.engine.value import _apply

U = 2.0**-53


@contextmanager
def narrow(width: int) -> Iterator[None]:
    """Tapes made inside run groups of fewer than ``width`` nodes node by node."""
    before = tape_numpy.NARROW
    tape_numpy.NARROW = width
    try:
        yield
    finally:
        tape_numpy.NARROW = before


def gradient_bound(root: Value) -> dict[Value, float]:
    """Per node, 2 m u G + m * 2**-1074 (the module's bound; the last term covers underflow)."""
    order = topological_order(root)
    uses: dict[Value, int] = {}
    for node in order:
        for parent in node.parents:
            uses[parent] = uses.get(parent, 0) + 1
    size, rounds = {root: 1.0}, {root: 0}
    for node in reversed(order):
        g, m = size.get(node, 0.0), rounds.get(node, 0)
        for parent, local in zip(node.parents, node.local_grads):
            size[parent] = size.get(parent, 0.0) + abs(local) * g
            rounds[parent] = max(rounds.get(parent, 0), m + 1 + uses[parent])
    return {v: 2 * rounds[v] * U * size[v] + rounds[v] * 5e-324 for v in order}


def assert_matches_eager(ours: list[Value], eager: list[Value], root: Value) -> None:
    """Node by node (same positions): data and local derivatives equal, gradients in bound."""
    bound = gradient_bound(root)
    for mine, theirs in zip(ours, eager, strict=True):
        assert mine.data == theirs.data or (math.isnan(mine.data) and math.isnan(theirs.data))
        assert math.copysign(1.0, mine.data) == math.copysign(1.0, theirs.data)
        assert mine.local_grads == theirs.local_grads or all(
            x == y or (math.isnan(x) and math.isnan(y))
            for x, y in zip(mine.local_grads, theirs.local_grads)
        )
        if math.isfinite(theirs.grad) and math.isfinite(bound[theirs]):
            assert abs(mine.grad - theirs.grad) <= bound[theirs], (mine, theirs)
        else:
            assert mine.grad == theirs.grad or (math.isnan(mine.grad) and math.isnan(theirs.grad))


# -- random graphs of every op --------------------------------------------------------

EXPONENTS = [power_by(n) for n in (2.0, 3.0, 0.5, -1.0, 0.0, 1.5)]


def vectorisable(op: Op) -> bool:
    try:
        ops_numpy.kernel(op)
    except ops_numpy.UnsupportedOp:
        return False
    return True


ALL_OPS = [op for op in [*OPS.values(), *EXPONENTS] if vectorisable(op)]
finite = st.floats(min_value=-3.0, max_value=3.0, allow_nan=False)
Program = list[tuple[int, int, int]]
programs = st.lists(
    st.tuples(st.integers(0, len(ALL_OPS) - 1), st.integers(0, 10**6), st.integers(0, 10**6)),
    min_size=1,
    max_size=40,
)


def build(program: Program, data: list[float]) -> tuple[Value, list[Value], list[Value]]:
    """(root, leaves, every node made) of a program: each step applies an op to earlier nodes."""
    leaves = [Value(d) for d in data]
    nodes = list(leaves)
    for op_index, first, second in program:
        op = ALL_OPS[op_index]
        a, b = nodes[first % len(nodes)], nodes[second % len(nodes)]
        nodes.append(_apply(op, a, b if op.arity == 2 else None))
    # The root sums every node made, so that all of them (and their errors) are in the graph.
    root = nodes[-1]
    for node in nodes[len(leaves) : -1]:
        root = root + node
    return root, leaves, nodes


@settings(max_examples=150, deadline=None)
@given(
    programs,
    st.lists(finite, min_size=6, max_size=6),
    st.lists(finite, min_size=6, max_size=6),
    st.sampled_from([0, 3, 1000]),
    st.integers(1, 6),
)
def test_random_graphs_of_every_op_equal_eager(
    program: Program, first: list[float], second: list[float], width: int, n_leaves: int
) -> None:
    try:
        root, leaves, _ = build(program, first[:n_leaves])
    except (ArithmeticError, ValueError):
        assume(False)
        return
    with narrow(width):
        tape = Tape(root, backend="numpy")
    tape.run()  # on the first data, then on the second
    for leaf, d in zip(leaves, second):
        leaf.data = d
    try:
        eager_root, _, _ = build(program, second[:n_leaves])
        eager_root.backward()
    except (ArithmeticError, ValueError):
        # Where several nodes fail, eager and tape may meet a different one first.
        with pytest.raises((ArithmeticError, ValueError)) as info:
            tape.run()
        assert re.match(r"\w+ (failed on|overflowed)", str(info.value)), info.value
        return
    tape.run()
    tape.sync()
    assert_matches_eager(topological_order(root), topological_order(eager_root), eager_root)


def test_every_op_of_the_table_is_vectorised_or_refused_by_name() -> None:
    for op in [*OPS.values(), *EXPONENTS]:
        try:
            ops_numpy.kernel(op)
        except ops_numpy.UnsupportedOp as exc:
            assert repr(op.name) in str(exc)


# -- ops the table may gain ----------------------------------------------------------


def wide(op: Op, xs: list[float]) -> tuple[Value, list[Value]]:
    """The sum of op(x_i) over many leaves: one group wide enough for the array path."""
    leaves = [Value(x) for x in xs]
    root = Value(0.0)
    for leaf in leaves:
        root = root + _apply(op, leaf)
    return root, leaves


def test_a_conditional_expression_is_computed_elementwise() -> None:
    absolute = Op("abs", "|{0}|", "a if a >= 0.0 else -a", ("1.0 if a >= 0.0 else -1.0",), ("±1",))
    xs = [(-1.0) ** i * i / 7 for i in range(100)]
    root, _ = wide(absolute, xs)
    root.backward()
    eager = topological_order(root)
    snapshot = [(v.data, v.local_grads, v.grad) for v in eager]
    with narrow(0):
        tape = Tape(root, backend="numpy")
    tape.run()
    tape.sync()
    assert [(v.data, v.local_grads, v.grad) for v in eager] == snapshot


def test_an_unknown_helper_is_refused_naming_the_op() -> None:
    strange = Op("frob", "frob({0})", "frobnicate(a)", ("1.0",), ("1",))
    node = Value(1.0).exp()
    node._op = strange  # as if the table had gained it
    with pytest.raises(NotImplementedError, match=r"'frob'.*'frobnicate'"):
        Tape(node * 2.0, backend="numpy")


def test_python_syntax_without_an_elementwise_meaning_is_refused() -> None:
    chained = Op("clip", "clip({0})", "a if 0.0 < a < 1.0 else 0.0", ("1.0",), ("1",))
    with pytest.raises(ops_numpy.UnsupportedOp, match="chained comparison"):
        ops_numpy.kernel(chained)


# -- errors name the node -----------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "error"),
    [(-1.0, ValueError), (0.0, ValueError), (1500.0, OverflowError)],
)
def test_a_domain_error_mid_graph_raises_as_eager(bad: float, error: type[Exception]) -> None:
    """log(x) then exp(x): the array path meets the bad value and reports it as the op does."""

    def graph(xs: list[float]) -> tuple[Value, list[Value]]:
        leaves = [Value(x, label=f"x{i}") for i, x in enumerate(xs)]
        root = Value(0.0)
        for leaf in leaves:
            root = root + (leaf * 1.0).log().exp() + (leaf * 0.5).exp()
        return root, leaves

    xs = [1.0 + i / 64 for i in range(64)]
    root, leaves = graph(xs)
    with narrow(0):
        tape = Tape(root, backend="numpy")
    xs[40] = bad
    leaves[40].data = bad
    with pytest.raises(error) as eager:
        graph(xs)
    with pytest.raises(error) as ours:
        tape.run()
    op = "log" if bad <= 0.0 else "exp"
    assert str(ours.value).startswith(op)
    assert str(ours.value) == str(eager.value)
    leaves[40].data = 1.5  # and the tape recovers on good data
    assert math.isfinite(tape.run().data)


def test_detect_anomaly_names_a_nan_gradient() -> None:
    x = [Value(0.0) for _ in range(50)]
    root = sum((v**0.5 for v in x), Value(0.0))
    with narrow(0):
        tape = Tape(root, backend="numpy")
    tape.run()
    assert math.isinf(x[0].grad)
    with detect_anomaly(), pytest.raises(FloatingPointError, match="pow"):
        tape.run()


def test_the_backend_is_checked() -> None:
    with pytest.raises(ValueError, match="backend"):
        Tape(Value(1.0), backend="cuda")


# -- the moons: the graph the numpy tape is for ------------------------------------------


def moons_graph() -> tuple[Value, list[Value]]:
    from nn import MLP, hinge, l2, make_moons

    points, classes = make_moons(100, noise=0.1, seed=0)
    model = MLP(2, [16, 16, 1], activation="relu", output_activation="linear", seed=0)
    scores = [model(p)[0] for p in points]
    loss = hinge(scores, [2 * c - 1 for c in classes]) + 1e-4 * l2(model.parameters())
    return loss, model.parameters()


def test_moons_steps_equal_eager() -> None:
    """Three SGD steps: losses equal, gradients in bound. The reference is the python
    tape, which equals a fresh eager build bit for bit (tests/engine/test_tape.py)."""
    loss, params = moons_graph()
    python, arrays = Tape(loss), Tape(loss, backend="numpy")
    for step in range(3):
        python.run()
        eager_loss, eager = loss.data, [p.grad for p in params]
        bound = gradient_bound(loss)
        assert arrays.run().data == eager_loss
        for p, g in zip(params, eager):
            assert abs(p.grad - g) <= bound[p]
        for p, g in zip(params, eager):  # the same parameters for both at the next step
            p.data -= 0.5 * (step + 1) * g


def test_moons_tape_memory_is_at_most_64_bytes_a_node() -> None:
    loss, _ = moons_graph()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        tape = Tape(loss, backend="numpy")
        after, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (after - before) / len(tape) <= 64
