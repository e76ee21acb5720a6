"""The symbolic half of ``check``: a learner's answer as a SymPy expression, compared with the
trace's formula (``autograd.explain.formulas``).

The answer's text was already accepted by the safe parser; here its syntax tree is walked
(iteratively) and each node turned into SymPy directly: names into the symbols of the
trace's own Values, numbers into exact numbers, calls into the functions the formulas use.
Nothing is handed to SymPy's string parsers. SymPy is the ``formulas`` extra: without it
(or when SymPy cannot decide), ``check`` judges by values alone.
"""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable, Mapping
from typing import Any

from autograd.engine.value import Value
from autograd.explain.trace import Trace

# The parser's functions as the formulas write them.
_FUNCTIONS = ("exp", "log", "tanh", "sigmoid", "sqrt", "sin", "cos", "abs", "softplus")
_OPERATORS: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}


def answer_expression(text: str, values: Mapping[str, Value], chain: Trace) -> Any:
    """The answer over the trace's symbols, or None where a construct has no formula here
    (relu, leaky_relu, maximum, minimum: judged by values)."""
    from autograd.explain.formulas import _NAMESPACE, exact

    tree = ast.parse(text.strip(), mode="eval").body
    done: dict[int, Any] = {}
    stack: list[tuple[ast.expr, bool]] = [(tree, False)]
    while stack:
        node, ready = stack.pop()
        children: list[ast.expr] = []
        if isinstance(node, ast.BinOp):
            children = [node.left, node.right]
        elif isinstance(node, ast.UnaryOp):
            children = [node.operand]
        elif isinstance(node, ast.Call):
            children = list(node.args)
        if not ready:
            stack.append((node, True))
            stack.extend((child, False) for child in children)
            continue
        args = [done[id(child)] for child in children]
        if any(a is None for a in args):
            done[id(node)] = None
        elif isinstance(node, ast.Constant):
            done[id(node)] = exact(node.value)
        elif isinstance(node, ast.Name):
            done[id(node)] = chain.symbols.symbol(values[node.id])
        elif isinstance(node, ast.BinOp):
            done[id(node)] = _OPERATORS[type(node.op)](*args)
        elif isinstance(node, ast.UnaryOp):
            done[id(node)] = -args[0] if isinstance(node.op, ast.USub) else args[0]
        else:
            assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            name = node.func.id
            done[id(node)] = _NAMESPACE[name](*args) if name in _FUNCTIONS else None
    return done[id(tree)]


def equal(answer: Any, formula: Any) -> bool | None:
    """True or False when SymPy decides whether the two are equal, None when it cannot."""
    import sympy as sp

    difference = sp.simplify(sp.expand(answer - formula))
    if difference == 0:
        return True
    if difference.is_number and difference != 0:
        return False
    return None


def formula_text(chain: Trace) -> str:
    """The trace's formula typed as an answer: names as ``identifier`` writes them and the
    parser's function names (used to check that the engine's own formula passes)."""
    import sympy as sp

    from autograd.cli.check_feedback import identifier

    formula = chain.formula
    renamed = {s: sp.Symbol(identifier(s.name)) for s in formula.free_symbols}
    text = sp.sstr(formula.xreplace(renamed))
    return re.sub(r"\b(Sigmoid|Tanh|Abs)\(", lambda m: m[1].lower() + "(", text)
