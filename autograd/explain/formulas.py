"""Formulas: the graph's derivatives as SymPy expressions, built from the graph itself.

This module imports SymPy, so it is imported only when a formula is asked for
(``Factor.formula``, ``Trace.formula``); ``import autograd``, building graphs,
``backward`` and ``Tape`` never load it.

Every expression is made from the op table's own expressions (``Op.forward``,
``Op.local_grads``: fixed strings of the project, compiled once here with
SymPy's functions in place of the float ones), applied to the graph's nodes:

- a labelled Value is ``symbol(v)``, a ``sympy.Symbol`` named by its label
  (``out_o1``, ``target_o1``, ``w^(1)_11``); two different Values with one label
  get a prime on the second, so a symbol always stands for exactly one Value;
- an unlabelled leaf is its number (exact where it is a short binary fraction:
  0.5 is 1/2, 2.0 is 2; otherwise a Float);
- an unlabelled op node is its expression over the Values below it (``a*b + c``),
  or, when that expression is long, a symbol ``tanh#1`` standing for its value.

``folded_derivative(child, parent, is_kept, symbols)`` is d child / d parent
over the unkept ("folded") nodes between them, by the chain rule:

    d child / d parent = sum over primitive paths of the product of the op
                         table's local derivatives, each in its operands' names,

where an op's ``out`` is the node itself (``out_o1(1 - out_o1)`` for a labelled
sigmoid). SymPy simplifies the sum as it builds it: Mazur's
E_total = 1/2 (target_o1 - out_o1)^2 + ... gives d E_total / d out_o1 =
out_o1 - target_o1. That is the canonical form of the documents'
-(target_o1 - out_o1): SymPy distributes a numeric factor over a sum.

No user text is ever parsed: the only strings compiled here are the op table's.
The walks over the graph are iterative (SymPy's own routines recurse over the
expressions, which are at most ``LONGEST`` operations deep per node).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from typing import Any

import sympy as sp

from autograd.engine.ops import Op
from autograd.engine.value import Value

#: An unlabelled node whose expression has more operations than this is shown
#: as a symbol for its value (``tanh#1``) rather than written out.
LONGEST = 24


class Sigmoid(sp.Function):  # type: ignore[misc]
    """σ(x) = 1 / (1 + e^-x), kept whole so formulas read σ(net); dσ/dx = σ(x)(1 - σ(x))."""

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return self * (1 - self)

    def _eval_rewrite_as_exp(self, x: sp.Expr, **kwargs: Any) -> sp.Expr:
        return 1 / (1 + sp.exp(-x))

    def _eval_evalf(self, prec: int) -> sp.Expr:
        return self.rewrite(sp.exp)._eval_evalf(prec)


class Tanh(sp.Function):  # type: ignore[misc]
    """tanh(x), kept whole: SymPy's own tanh asks, on creation, questions about its
    argument (is it zero, real, a multiple of iπ?) that grow exponentially with the
    nesting of a deep graph. d tanh/dx = 1 - tanh(x)^2."""

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return 1 - self**2

    def _eval_rewrite_as_tanh(self, x: sp.Expr, **kwargs: Any) -> sp.Expr:
        return sp.tanh(x)

    def _eval_evalf(self, prec: int) -> sp.Expr:
        return sp.tanh(self.args[0])._eval_evalf(prec)


def _exact_power(a: Any, b: Any) -> Any:
    return a ** exact(b) if isinstance(b, (float, sp.Float)) else a**b


# The op table's helper names, as SymPy functions (``autograd.engine.functions.NAMESPACE``).
_NAMESPACE: dict[str, Any] = {
    "exp": sp.exp,
    "log": sp.log,
    "tanh": Tanh,
    "sqrt": sp.sqrt,
    "sin": sp.sin,
    "cos": sp.cos,
    "abs": sp.Abs,
    "sigmoid": Sigmoid,
    "softplus": lambda a: sp.log(1 + sp.exp(a)),
    "power": _exact_power,
    "slope": _exact_power,
    "pow_slope": lambda a, b: b * a ** (b - 1),
    "log_base": lambda a, out: out * sp.log(a),
    # the engine's heaviside(a, low) is 1 for a > 0, else low (SymPy's second argument
    # is the value at 0 alone)
    "heaviside": lambda a, low=0: exact(low) + (1 - exact(low)) * sp.Heaviside(a, 0),
    "sign": sp.sign,
    # the share of a max's gradient that goes to a: 1, 1/2 at a tie, or 0
    "share": lambda a, b: sp.Heaviside(a - b, sp.Rational(1, 2)),
    "inf": sp.oo,
    "nan": sp.nan,
    "Piecewise": sp.Piecewise,
}

_Compiled = tuple[Callable[..., Any], Callable[..., tuple[Any, ...]]]
_COMPILED: dict[tuple[str, tuple[str, ...]], _Compiled] = {}


def _compiled(op: Op) -> _Compiled:
    """(forward(a[, b]), local_grads(a[, b], out)) of ``op`` over SymPy expressions."""
    key = (op.forward, op.local_grads)
    found = _COMPILED.get(key)
    if found is None:
        args = ", ".join(("a", "b")[: op.arity])
        # The op table's own fixed strings, never user text. A forward that is a Python
        # conditional (relu, maximum, leaky_relu) cannot decide on a symbol: it is
        # written as the Piecewise it is.
        forward_text = re.sub(
            r"^(.+) if (.+) else (.+)$", r"Piecewise((\1, \2), (\3, True))", op.forward
        )
        grads_text = ", ".join(op.local_grads)
        namespace = dict(_NAMESPACE, exact=exact)
        forward = eval(f"lambda {args}: {_exact_literals(forward_text)}", namespace)
        grads = eval(f"lambda {args}, out: ({_exact_literals(grads_text)},)", namespace)
        found = _COMPILED[key] = (forward, grads)
    return found


def _exact_literals(text: str) -> str:
    """The op table's float literals (``1.0 / b``) made exact numbers, so that
    d/db (a / 3) reads 1/3, not 0.333333."""
    return re.sub(r"(?<![\w.])(\d+\.\d*(?:e-?\d+)?)", r"exact(\1)", text)


def exact(x: Any) -> sp.Expr:
    """A number as SymPy writes it: an integer or a short binary fraction exactly
    (2, 1/2, 3/4), any other as a Float of the same value."""
    number = float(x)
    if math.isinf(number):
        return sp.oo if number > 0 else -sp.oo
    if math.isnan(number):
        return sp.nan
    for denominator in (1, 2, 4, 8):
        scaled = number * denominator
        if scaled.is_integer() and abs(scaled) < 2**53:
            return sp.Rational(int(scaled), denominator)
    return sp.Float(number)


class Symbols:
    """The SymPy form of the Values of one graph (see the module doc).

    ``symbol(v)`` is the expression standing for ``v``; ``values()`` gives each
    symbol's number (its Value's ``data``), so ``expr.subs(symbols.values())``
    evaluates a formula at the graph's values; ``value_of(s)`` is the Value a
    symbol names.
    """

    def __init__(self) -> None:
        self._of: dict[Value, sp.Expr] = {}
        self._values: dict[sp.Symbol, Value] = {}
        self._by_name: dict[str, Value] = {}
        self._counters: dict[str, int] = {}

    def symbol(self, v: Value) -> sp.Expr:
        """The symbol (or number, or expression) standing for ``v``."""
        found = self._of.get(v)
        if found is not None:
            return found
        # Unlabelled op nodes are written over the nodes below them: make those first,
        # parents before children, without recursion.
        stack = [v]
        while stack:
            node = stack[-1]
            if node in self._of:
                stack.pop()
                continue
            if node.label is None and node.op is not None:
                missing = [p for p in node.parents if p not in self._of]
                if missing:
                    stack.extend(missing)
                    continue
            stack.pop()
            self._of[node] = self._make(node)
        return self._of[v]

    def _make(self, node: Value) -> sp.Expr:
        if node.label is not None:
            return self._named(node, node.label)
        if node.op is None:
            return exact(node.data)
        forward, _ = _compiled(node.op)
        expr = sp.sympify(forward(*(self._of[p] for p in node.parents)))
        if sp.count_ops(expr) <= LONGEST:
            return expr
        count = self._counters[node.op.name] = self._counters.get(node.op.name, 0) + 1
        return self._named(node, f"{node.op.name}#{count}")

    def _named(self, node: Value, name: str) -> sp.Symbol:
        while name in self._by_name and self._by_name[name] is not node:
            name += "′"
        self._by_name[name] = node
        s = sp.Symbol(name)
        self._values[s] = node
        return s

    def values(self) -> dict[sp.Symbol, float]:
        """Each symbol made so far and the ``data`` of the Value it names."""
        return {s: v.data for s, v in self._values.items()}

    def value_of(self, s: sp.Symbol) -> Value:
        """The Value a symbol names (KeyError for a symbol not made here)."""
        return self._values[s]

    def evaluate(self, expr: sp.Expr) -> float:
        """``expr`` at the graph's values, as a float."""
        return float(sp.N(expr.xreplace(self.values()), 17))


def forward_expression(
    child: Value, is_kept: Callable[[Value], bool], symbols: Symbols
) -> tuple[sp.Expr, dict[Value, sp.Expr], list[Value]]:
    """``child`` written over the kept Values below it (and leaves), with the
    expression of every folded node on the way and their order, parents first.

    ``child`` itself, and every labelled node folded on the way, is computed from
    its inputs here (Mazur's E_total is written out to 1/2 (target_o1 - out_o1)^2 + ...).
    """
    order = _region_order(child, is_kept)
    expr = _expressions(order, symbols, lambda node: False)
    return expr[child], expr, order


def _expressions(
    order: list[Value], symbols: Symbols, by_name: Callable[[Value], bool]
) -> dict[Value, sp.Expr]:
    """The expression of each node of ``order`` (parents first): a leaf or a node
    ``by_name`` chooses is its symbol, any other its op applied to its inputs'."""
    expr: dict[Value, sp.Expr] = {}
    for node in order:
        if node.op is None or by_name(node):
            expr[node] = symbols.symbol(node)
            continue
        forward, _ = _compiled(node.op)
        operands = [expr[p] if p in expr else symbols.symbol(p) for p in node.parents]
        written = sp.sympify(forward(*operands))
        # A long expression is called by its symbol (tanh#1), as ``Symbols`` does.
        expr[node] = written if sp.count_ops(written) <= LONGEST else symbols.symbol(node)
    return expr


def folded_derivatives(
    child: Value, is_kept: Callable[[Value], bool], symbols: Symbols
) -> dict[Value, sp.Expr]:
    """d child / d p for every kept Value p reached through folded nodes only
    (see the module doc), all in one sweep over the folded region."""
    order = _region_order(child, is_kept)
    # A labelled Value is called by its name, folded or not (the child's ``out`` of a
    # sigmoid is out_o1; a folded out_h1 is still out_h1), which is how documents write it.
    expr = _expressions(order, symbols, lambda node: node.label is not None or node is child)
    # A coefficient is a sum of products kept as lists of factors, multiplied out once
    # at the end: multiplying step by step would re-sort a growing product at every
    # node of a long chain. Past a few terms a sum is added up, so it cannot blow up.
    coefficient: dict[Value, list[list[sp.Expr]]] = {child: [[]]}
    found: dict[Value, list[list[sp.Expr]]] = {}
    for node in reversed(order):  # children first: a coefficient is complete when reached
        c = coefficient.pop(node, None)
        if c is None or node.op is None:
            continue
        _, grads = _compiled(node.op)
        operands = [expr[p] if p in expr else symbols.symbol(p) for p in node.parents]
        for p, g in zip(node.parents, grads(*operands, expr[node])):
            if p in expr and p.op is None:
                continue  # a constant: nothing to differentiate by
            into = coefficient if p in expr else found
            terms = into.setdefault(p, [])
            terms.extend([*factors, g] for factors in c)
            if len(terms) > 4:
                terms[:] = [[_added(terms)]]
    return {p: tidy(common_factor_out(_added(terms))) for p, terms in found.items()}


def _added(terms: list[list[sp.Expr]]) -> sp.Expr:
    return sp.Add(*(sp.Mul(*factors) for factors in terms))


def common_factor_out(expr: sp.Expr) -> sp.Expr:
    """A factor shared by every term of a sum taken out of it, as the documents write
    a mean's 1/m: y/(m y_hat) - (1 - y)/(m (1 - y_hat)) becomes (y/y_hat - (1 - y)/(1 - y_hat))/m.
    (``sympy.factor_terms`` does more, and is slow on the many factors of a trace.)"""
    if not isinstance(expr, sp.Add):
        return expr
    shared = set.intersection(*(set(sp.Mul.make_args(t)) for t in expr.args))
    shared = {f for f in shared if not f.is_Number}
    if not shared:
        return expr
    common = sp.Mul(*shared)
    return sp.Mul(common, sp.Add(*(t / common for t in expr.args)))


def folded_derivative(
    child: Value, parent: Value, is_kept: Callable[[Value], bool], symbols: Symbols
) -> sp.Expr:
    """d child / d parent through the folded nodes between them (see the module doc)."""
    return folded_derivatives(child, is_kept, symbols).get(parent, sp.Integer(0))


def tidy(expr: sp.Expr) -> sp.Expr:
    """A negative factor moved into the one sum of a product, as the documents
    write it: -(y/y_hat - (1 - y)/(1 - y_hat))/m becomes ((1 - y)/(1 - y_hat) - y/y_hat)/m.
    (``common_factor_out`` first takes the common 1/m out of the sum.)"""
    if not isinstance(expr, sp.Mul):
        return expr
    coefficient, factors = expr.as_coeff_mul()
    sums = [f for f in factors if isinstance(f, sp.Add)]
    if coefficient >= 0 or len(sums) != 1:
        return expr
    rest = [f for f in factors if f is not sums[0]]
    return sp.Mul(-coefficient, -sums[0], *rest)


def _region_order(child: Value, is_kept: Callable[[Value], bool]) -> list[Value]:
    """``child`` and the unkept nodes reached from it through unkept nodes only,
    in topological order (parents first), by an iterative depth-first search."""
    order: list[Value] = []
    done: set[Value] = set()
    stack: list[tuple[Value, bool]] = [(child, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if node in done:
            continue
        done.add(node)
        stack.append((node, True))
        for p in reversed(node.parents):
            if p not in done and not is_kept(p):
                stack.append((p, False))
    return order


def product(factors: Iterable[sp.Expr]) -> sp.Expr:
    """The factors multiplied in the order given, left unevaluated so that a
    printer shows them in that order (ones dropped: they say nothing)."""
    kept = [f for f in factors if f is not sp.S.One]
    if not kept:
        return sp.Integer(1)
    return kept[0] if len(kept) == 1 else sp.Mul(*kept, evaluate=False)


def total(terms: Iterable[sp.Expr]) -> sp.Expr:
    """The terms added in the order given, unevaluated (zeros dropped)."""
    kept = [t for t in terms if t is not sp.S.Zero]
    if not kept:
        return sp.Integer(0)
    return kept[0] if len(kept) == 1 else sp.Add(*kept, evaluate=False)
