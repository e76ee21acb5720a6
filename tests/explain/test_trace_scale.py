"""``trace(expand=True)`` grows linearly with the graph, up to its path limit.

Measured against linear bounds, never against the clock alone: the size of the
factored form is counted exactly, and the time of 10^5 ops is compared with the
time of 10^4 as a ratio (10 for linear work; the quadratic path copying this
replaced gave about 100, 10^4 ops 0.4 s and 10^5 ops 37 s).
"""

from __future__ import annotations

import time

from autograd import Value
from autograd.explain.trace import Chain, Split, trace


def chain(n: int) -> tuple[Value, Value]:
    x = Value(0.5, label="x")
    y = x
    for _ in range(n):
        y = y * 1.0000001
    y.backward()
    return x, y


def flat_sum(n: int) -> tuple[Value, Value]:
    """``x*0 + x*1 + ... + x*(n-1)``: x splits into n terms that join one long sum."""
    x = Value(0.5, label="x")
    y = x * 0.0
    for i in range(1, n):
        y = y + x * float(i)
    y.backward()
    return x, y


def seconds_to_trace(x: Value, y: Value) -> float:
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        trace(y, x, expand=True)
        best = min(best, time.perf_counter() - start)
    return best


def size(form: tuple[Chain | Split, ...]) -> int:
    return sum(len(part.factors) if isinstance(part, Chain) else len(part.terms) for part in form)


def test_a_long_chain_traces_in_linear_time() -> None:
    small = seconds_to_trace(*chain(10_000))
    large = seconds_to_trace(*chain(100_000))
    assert large / small < 30, (small, large)


def test_a_long_chain_is_one_path_of_every_step() -> None:
    x, y = chain(100_000)
    t = trace(y, x, expand=True)
    assert t.path_count == 1 and len(t.paths[0].factors) == 100_000
    assert t.paths[0].factors[0].child is y and t.paths[0].factors[-1].parent is x
    assert abs(t.value - x.grad) <= 1e-12 * abs(x.grad)


def test_the_factored_form_of_a_long_sum_is_linear_in_its_terms() -> None:
    for n in (300, 3_000):
        x, y = flat_sum(n)
        t = trace(y, x, expand=True)
        # Each node appears once: about n product nodes and n sum nodes, each one step.
        assert size(t.factored) <= 3 * n, (n, size(t.factored))
        assert abs(t.value - x.grad) <= 1e-9 * abs(x.grad)
        assert len(t.paths) == 64 and t.path_count == n


def test_a_long_sum_traces_in_linear_time() -> None:
    small = seconds_to_trace(*flat_sum(2_000))
    large = seconds_to_trace(*flat_sum(20_000))
    assert large / small < 30, (small, large)


def test_each_node_of_the_factored_form_is_described_once() -> None:
    x, y = flat_sum(50)
    t = trace(y, x, expand=True)
    nodes = [part.node for part in t.factored]
    assert len(nodes) == len(set(nodes))
    # Every chain ends at the output, a split, or a node an earlier chain described.
    seen: set[Value] = set()
    for part in t.factored:
        if isinstance(part, Chain):
            assert part.top is y or part.top in seen or part.top in nodes
            seen.update(f.child for f in part.factors)
