"""Random expression graphs over every op, first and second derivatives against
central differences.

Hypothesis draws a program: each step applies an op to earlier nodes (so nodes
are shared, as in real graphs). Inputs of ops with a restricted domain are made
safe (log of a² + 0.5); a point where an op with a kink (relu, abs, leaky_relu,
maximum, minimum) sits within reach of the finite difference is discarded.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from autograd import Value, grad

UNARY: dict[str, Callable[[Value], Value]] = {
    "neg": lambda a: -a,
    "exp": lambda a: (a * 0.5).exp(),
    "log": lambda a: (a * a + 0.5).log(),
    "tanh": lambda a: a.tanh(),
    "sigmoid": lambda a: a.sigmoid(),
    "relu": lambda a: a.relu(),
    "sqrt": lambda a: (a * a + 0.25).sqrt(),
    "abs": lambda a: abs(a),
    "sin": lambda a: a.sin(),
    "cos": lambda a: a.cos(),
    "softplus": lambda a: a.softplus(),
    "leaky_relu": lambda a: a.leaky_relu(0.2),
    "square": lambda a: a**2,
    "cube_root_of_positive": lambda a: (a * a + 1.0) ** (1 / 3),
}
BINARY: dict[str, Callable[[Value, Value], Value]] = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / (b * b + 0.5),
    "pow": lambda a, b: (a * a + 0.5) ** b.tanh(),
    "maximum": lambda a, b: a.maximum(b),
    "minimum": lambda a, b: a.minimum(b),
}
# The ops with a kink, and where it is in terms of the node's inputs.
KINKS: dict[str, Callable[[Value], float]] = {
    "relu": lambda node: node.parents[0].data,
    "abs": lambda node: node.parents[0].data,
    "leaky_relu": lambda node: node.parents[0].data,
    "maximum": lambda node: node.parents[0].data - node.parents[1].data,
    "minimum": lambda node: node.parents[0].data - node.parents[1].data,
}
NAMES = sorted(UNARY) + sorted(BINARY)

step = st.tuples(st.sampled_from(NAMES), st.integers(0, 10**6), st.integers(0, 10**6))
programs = st.lists(step, min_size=1, max_size=8)
coordinate = st.floats(min_value=-2.0, max_value=2.0, allow_nan=False)


def build(program: list[tuple[str, int, int]], x: float, y: float) -> tuple[Value, Value, Value]:
    """The program's last node over leaves x and y (and those two leaves)."""
    vx, vy = Value(x, "x"), Value(y, "y")
    nodes = [vx, vy]
    for name, i, j in program:
        a, b = nodes[i % len(nodes)], nodes[j % len(nodes)]
        node = UNARY[name](a) if name in UNARY else BINARY[name](a, b)
        assume(math.isfinite(node.data) and abs(node.data) < 1e4)
        if name in KINKS:
            assume(abs(KINKS[name](node)) > 1e-3)
        nodes.append(node)
    return nodes[-1], vx, vy


def value_at(program: list[tuple[str, int, int]], x: float, y: float) -> float:
    return build(program, x, y)[0].data


def close(analytic: float, numeric: float) -> bool:
    return math.isclose(analytic, numeric, rel_tol=1e-4, abs_tol=1e-5)


H = 1e-6


@settings(max_examples=150, deadline=None)
@given(programs, coordinate, coordinate)
def test_first_derivatives_match_central_differences(
    program: list[tuple[str, int, int]], x: float, y: float
) -> None:
    out, vx, vy = build(program, x, y)
    dx, dy = grad(out, [vx, vy], allow_unused=True)
    numeric_x = (value_at(program, x + H, y) - value_at(program, x - H, y)) / (2 * H)
    numeric_y = (value_at(program, x, y + H) - value_at(program, x, y - H)) / (2 * H)
    assert close(0.0 if dx is None else dx.data, numeric_x)
    assert close(0.0 if dy is None else dy.data, numeric_y)
    out.backward()
    assert close(vx.grad, numeric_x) and close(vy.grad, numeric_y)


@settings(max_examples=150, deadline=None)
@given(programs, coordinate, coordinate)
def test_second_derivatives_match_central_differences_of_the_first(
    program: list[tuple[str, int, int]], x: float, y: float
) -> None:
    out, vx, vy = build(program, x, y)
    (dx,) = grad(out, vx, create_graph=True, allow_unused=True)
    assume(dx is not None)
    assert dx is not None
    dxx, dxy = (0.0 if g is None else g.data for g in grad(dx, [vx, vy], allow_unused=True))

    def first(px: float, py: float) -> float:
        o, a, _ = build(program, px, py)
        (g,) = grad(o, a, allow_unused=True)
        return 0.0 if g is None else g.data

    assert close(dxx, (first(x + H, y) - first(x - H, y)) / (2 * H))
    assert close(dxy, (first(x, y + H) - first(x, y - H)) / (2 * H))
