"""The op table on numpy arrays: each op's own expressions, evaluated a whole group at a time.

``kernel(op)`` compiles an op's ``forward`` and ``local_grads`` strings (the same
strings ``Op.evaluate`` is compiled from) into one function of arrays:
``kernel(op)(a, b) -> (out, d out/d a, d out/d b)``. There is no second copy of any
op's math; what changes is only what the names in those strings mean:

- ``+ - * /``, comparisons and numbers act elementwise, which for IEEE floats is
  the same rounding as on Python floats: bit for bit equal;
- ``x if c else y`` becomes ``where(c, x, y)`` (both sides are evaluated; a side
  that fails is then rerun node by node, see ``autograd.engine.tape_numpy``);
- ``heaviside`` and ``abs`` are numpy's (exact: a comparison, a sign bit);
- the transcendental helpers (``exp``, ``log``, ``tanh``, ``sigmoid``, ``power``,
  ``slope``, ``log_base``) are the op table's own helpers applied to each element.
  numpy's vectorised exp, log, tanh and pow may differ from the C library's in the
  last place, and on some CPUs they do; applying the same helper keeps the forward
  values bit for bit those of the eager graph, on any machine.

A name the table uses that is not listed here, or Python syntax that has no
elementwise meaning here (``and``, ``**``, a chained comparison), is refused when
the kernel is made, naming the op: a new op is either computed exactly or refused,
never computed differently.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable
from typing import Any

import numpy as np

from autograd.engine import functions
from autograd.engine.ops import Op

#: kernel(a, b) -> (out, d out / d a, d out / d b); arrays, or numbers for constants.
Kernel = Callable[[Any, Any], tuple[Any, Any, Any]]


def elementwise(helper: Callable[..., float]) -> Callable[..., Any]:
    """``helper`` applied to each element (as Python floats), with numpy broadcasting.

    The helper's exceptions propagate unchanged.
    """
    ufunc = np.frompyfunc(helper, helper.__code__.co_argcount, 1)

    def apply(*args: Any) -> Any:
        return np.asarray(ufunc(*args), dtype=np.float64)

    apply.__name__ = helper.__name__
    return apply


def _heaviside(a: Any, low: float = 0.0) -> Any:
    return np.where(a > 0.0, 1.0, low)


def _where(condition: Any, yes: Any, no: Any) -> Any:
    return np.where(condition, yes, no)


#: What each name of the op table means on arrays. Only these are accepted.
VECTOR_NAMESPACE: dict[str, Any] = {
    **{
        name: elementwise(getattr(functions, name))
        for name in (
            "exp",
            "log",
            "tanh",
            "sqrt",
            "sin",
            "cos",
            "sigmoid",
            "softplus",
            "power",
            "slope",
            "pow_slope",
            "log_base",
            "sign",
            "share",
        )
    },
    "heaviside": _heaviside,
    "abs": np.abs,
    "inf": math.inf,
    "nan": math.nan,
    "_where": _where,
}

_OPERATORS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.USub, ast.UAdd)
_COMPARISONS = (ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq)
_ALLOWED = (
    ast.Expression, ast.BinOp, ast.UnaryOp, ast.Constant, ast.Load, ast.Compare, ast.IfExp,
    ast.Call, ast.Name, *_OPERATORS, *_COMPARISONS,
)  # fmt: skip


class UnsupportedOp(NotImplementedError):
    """An op whose expressions use something with no exact elementwise meaning here."""


class _Vectorise(ast.NodeTransformer):
    """Checks an expression of the op table and rewrites ``x if c else y``."""

    def __init__(self, op: Op, variables: tuple[str, ...]) -> None:
        self.op, self.variables = op, variables

    def refuse(self, what: str) -> UnsupportedOp:
        return UnsupportedOp(
            f"the numpy tape cannot compute op {self.op.name!r} "
            f"({self.op.symbol.format('a', 'b')}): its expressions use {what}, "
            "which has no exact vectorised form in "
            "autograd.engine.ops_numpy.VECTOR_NAMESPACE; use Tape(loss) for this graph"
        )

    def generic_visit(self, node: ast.AST) -> ast.AST:
        if not isinstance(node, _ALLOWED):
            raise self.refuse(f"the Python syntax {type(node).__name__}")
        if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float)):
            raise self.refuse(f"the constant {node.value!r}")
        return super().generic_visit(node)

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        if len(node.ops) != 1:
            raise self.refuse("a chained comparison")
        return self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if node.id not in self.variables and node.id not in VECTOR_NAMESPACE:
            raise self.refuse(f"the name {node.id!r}")
        return node

    def visit_Call(self, node: ast.Call) -> ast.AST:
        if not isinstance(node.func, ast.Name) or node.keywords:
            raise self.refuse("a call that is not helper(arguments)")
        return self.generic_visit(node)

    def visit_IfExp(self, node: ast.IfExp) -> ast.AST:
        node = self.generic_visit(node)  # type: ignore[assignment]
        call = ast.Call(ast.Name("_where", ast.Load()), [node.test, node.body, node.orelse], [])
        return ast.copy_location(call, node)


def _vectorised(op: Op, source: str, variables: tuple[str, ...]) -> str:
    tree = _Vectorise(op, variables).visit(ast.parse(source, mode="eval"))
    return ast.unparse(ast.fix_missing_locations(tree))


_KERNEL = """
def kernel(a, b):
    out = {forward}
    return out, {da}, {db}
"""

_KERNELS: dict[int, tuple[Op, Kernel]] = {}


def kernel(op: Op) -> Kernel:
    """The op's forward and local derivatives on arrays (see module doc); cached per op.

    Raises UnsupportedOp naming the op when an expression cannot be vectorised exactly.
    """
    cached = _KERNELS.get(id(op))
    if cached is not None and cached[0] is op:
        return cached[1]
    forward = _vectorised(op, op.forward, ("a", "b"))
    grads = [_vectorised(op, g, ("a", "b", "out")) for g in op.local_grads]
    source = _KERNEL.format(forward=forward, da=grads[0], db=grads[1] if op.arity == 2 else "0.0")
    # Our own op table's fixed strings, checked above; no user text reaches exec.
    namespace = dict(VECTOR_NAMESPACE)
    exec(source, namespace)
    compiled: Kernel = namespace["kernel"]
    _KERNELS[id(op)] = (op, compiled)
    return compiled


def constant(expression: str) -> float | None:
    """The number a local derivative always is (``1.0`` for add), or None if it varies."""
    try:
        value = ast.literal_eval(expression)
    except ValueError:
        return None
    return float(value) if isinstance(value, (int, float)) else None
