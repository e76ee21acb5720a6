"""The chain rule written out: why ``wrt.grad`` is what it is.

After ``output.backward()``, ``trace(output, wrt)`` reads the graph between the
two and returns every path from ``output`` down to ``wrt`` as a product of
local derivatives, the sum over paths, and a factored form:

    d out / d wrt = sum over paths P of  prod over factors (c -> p) in P of  d c / d p.

Steps go between kept nodes (named Values, plus ``output`` and ``wrt``; with
``expand=True``, every node): unnamed nodes in between are folded into the factor,
whose local derivative is then the sum over the folded primitive sub-paths of
the products of their stored local derivatives (``autograd.explain.fold``). Nothing is
recomputed: every number is a stored ``local_grads`` entry, multiplied and added.

The number of paths grows exponentially with depth, so the factored form is
the readable one for deep graphs: each node v on the way is described once, by
the chain up to the nearest node where paths split, and at a split by

    d out / d v = sum over kept children c of v of  d out / d c * d c / d v.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from autograd.engine.graph import topological_order
from autograd.engine.value import Value
from autograd.explain.fold import fold_from, keep_predicate
from autograd.explain.formula_book import FormulaBook, Order


@dataclass(frozen=True)
class Factor:
    """One factor d child / d parent between kept nodes.

    ``paths`` counts the primitive sub-paths folded into it; ``local`` is its
    number (the engine's stored local derivatives, multiplied and summed).
    ``formula`` is the same derivative as a SymPy expression in the graph's names
    (``autograd.explain.formulas``), made when first read.
    """

    child: Value
    parent: Value
    local: float
    paths: int
    book: FormulaBook = field(compare=False, repr=False)

    @property
    def formula(self) -> Any:
        """d child / d parent as a SymPy expression: ``out_o1*(1 - out_o1)``, and for a
        folded step the whole derivative through it (``out_o1 - target_o1``)."""
        return self.book.factor(self.child, self.parent)


@dataclass(frozen=True)
class Path:
    """Steps from the output down to ``wrt``; their product is this path's share."""

    factors: tuple[Factor, ...]
    product: float


@dataclass(frozen=True)
class Chain:
    """d out / d node = d out / d top * (product of factors, from top down to node);
    ``top`` is the output, the nearest node above where paths split, or the first
    node above that an earlier chain already passed through."""

    node: Value
    top: Value
    top_grad: float
    factors: tuple[Factor, ...]
    value: float


@dataclass(frozen=True)
class Split:
    """d out / d node = sum over ``terms`` (d out / d child, factor child -> node)."""

    node: Value
    terms: tuple[tuple[float, Factor], ...]
    value: float


#: A graph with no named Value between output and wrt is traced primitive by primitive
#: when it has at most this many nodes in between (a longer one stays one folded step).
EXPAND_UNNAMED = 32


class TraceError(ValueError):
    """A trace was asked for something the graph cannot answer."""


@dataclass(frozen=True, eq=False)
class Trace:
    """The chain rule from ``output`` to ``wrt``, as data. ``autograd.trace`` returns
    it with its written forms (``autograd.show.trace_text``): str(), ``unicode()``,
    ``latex()``, ``markdown()``, ``html()``, ``to_dict()``.

    ``value`` is d output / d wrt summed over all paths: after one
    ``output.backward()`` it equals ``wrt.grad`` up to rounding in the last
    digit (the sum runs path by path, backward node by node).
    """

    output: Value
    wrt: Value
    value: float
    paths: tuple[Path, ...]
    path_count: int
    factored: tuple[Chain | Split, ...]
    factors: tuple[Factor, ...]
    on_paths: frozenset[Value]
    digits: int
    max_paths: int
    book: FormulaBook = field(compare=False, repr=False)

    @property
    def formula(self) -> Any:
        """d output / d wrt as one SymPy expression in the named Values, e.g. Mazur's
        d E_total / d w5 = (out_o1 - target_o1) * out_o1*(1 - out_o1) * out_h1.

        Products keep the order of ``book.order`` (the trace's ``order``), sums the
        order of the factors; a hidden weight's gradient nests the sums of the
        factored form. ``symbols`` maps Values to its symbols and back.
        """
        return self.book.whole(self.output, self.wrt, [(f.child, f.parent) for f in self.factors])

    @property
    def symbols(self) -> Any:
        """``autograd.explain.formulas.Symbols`` of this trace: ``symbols.symbol(value)``,
        ``symbols.values()`` (symbol -> number), ``symbols.evaluate(expr)``."""
        return self.book.symbols

    @property
    def truncated(self) -> bool:
        """True when there are more paths than ``max_paths`` and only the first are listed."""
        return self.path_count > len(self.paths)

    def highlight_nodes(self) -> frozenset[Value]:
        """Every Value on some path from output to wrt, folded or not (for drawings)."""
        return self.on_paths

    def __repr__(self) -> str:
        names = f"d{_who(self.output)}/d{_who(self.wrt)}"
        return f"<Trace {names} = {self.value!r}, {self.path_count} path(s)>"


def _who(v: Value) -> str:
    return v.label if v.label is not None else f"Value({v.data!r})"


def trace(
    output: Value,
    wrt: Value,
    *,
    expand: bool = False,
    max_paths: int = 64,
    digits: int = 8,
    keep: Iterable[Value] | None = None,
    order: Order = "output-first",
) -> Trace:
    """The chain rule from ``output`` to ``wrt`` (see the module doc).

    ``expand=True`` keeps every node (one primitive per factor); ``keep`` chooses
    the kept nodes instead of "every labelled Value" (output and wrt always are).
    With neither, and no labelled Value among the (at most ``EXPAND_UNNAMED``)
    nodes between output and wrt, every node is kept: a single folded step
    would hide every step of the chain.
    Paths beyond ``max_paths`` are counted, not listed; ``digits`` is the number
    of significant digits shown; ``order`` is how ``Trace.formula`` writes its
    products ("output-first" or "input-first").
    """
    if not isinstance(output, Value) or not isinstance(wrt, Value):
        raise TypeError(
            f"trace(output, wrt) takes two Values, got {type(output).__name__} "
            f"and {type(wrt).__name__}"
        )
    if max_paths < 1 or digits < 1:
        raise ValueError(f"max_paths and digits must be at least 1, got {max_paths}, {digits}")
    if not output.has_grad:
        raise TraceError(
            f"{_who(output)} has no gradient yet: call {_who(output)}.backward() before trace()"
        )
    graph_order = topological_order(output)
    on_paths = _descendants_of(wrt, graph_order)
    if wrt not in on_paths:
        raise TraceError(
            f"{_who(wrt)} is not in the graph of {_who(output)}: "
            f"{_who(output)} does not depend on it"
        )
    if keep is None and not expand:
        between = [v for v in on_paths if v is not output and v is not wrt]
        expand = 0 < len(between) <= EXPAND_UNNAMED and all(v.label is None for v in between)
    base = keep_predicate(output, (lambda v: True) if expand else keep)

    def is_kept(v: Value) -> bool:
        return v is wrt or base(v)

    kept = [v for v in graph_order if v in on_paths and is_kept(v)]
    book = FormulaBook(is_kept, order)
    below: dict[Value, list[Factor]] = {v: [] for v in kept}  # factors child -> parent, by child
    above: dict[Value, list[Factor]] = {v: [] for v in kept}  # the same factors, by parent
    for child in reversed(kept):
        if child is wrt:
            continue
        for parent, (local, paths) in fold_from(child, is_kept).items():
            if parent in on_paths:
                factor = Factor(child, parent, local, paths, book)
                below[child].append(factor)
                above[parent].append(factor)

    grads, counts = _backward_over(output, kept, below)
    factors = tuple(s for v in reversed(kept) for s in below[v])
    return Trace(
        output=output,
        wrt=wrt,
        value=grads[wrt],
        paths=_enumerate_paths(output, wrt, below, max_paths),
        path_count=counts[wrt],
        factored=_factor(output, wrt, above, grads),
        factors=factors,
        on_paths=frozenset(on_paths),
        digits=digits,
        max_paths=max_paths,
        book=book,
    )


def _descendants_of(wrt: Value, order: list[Value]) -> set[Value]:
    """Nodes of ``order`` (parents first) that depend on ``wrt``, wrt included."""
    found = {wrt}
    for node in order:
        if any(p in found for p in node.parents):
            found.add(node)
    return found if wrt in order else set()


def _backward_over(
    output: Value, kept: list[Value], below: dict[Value, list[Factor]]
) -> tuple[dict[Value, float], dict[Value, int]]:
    """d output / d v and the number of paths from output to v, over the factors."""
    grads = dict.fromkeys(kept, 0.0)
    counts = dict.fromkeys(kept, 0)
    grads[output], counts[output] = 1.0, 1
    for child in reversed(kept):
        for factor in below[child]:
            grads[factor.parent] += grads[child] * factor.local
            counts[factor.parent] += counts[child]
    return grads, counts


# A path under construction, newest step first: (factor, rest of the path) or None.
_Link: TypeAlias = "tuple[Factor, _Link] | None"


def _enumerate_paths(
    output: Value, wrt: Value, below: dict[Value, list[Factor]], limit: int
) -> tuple[Path, ...]:
    """The first ``limit`` paths, depth first in reading order (no recursion).

    A partial path is a linked list (factor, rest): extending it costs one pair,
    not a copy, so a path of n steps is found in O(n), not O(n^2)."""
    found: list[Path] = []
    stack: list[tuple[Value, _Link]] = [(output, None)]
    while stack and len(found) < limit:
        node, link = stack.pop()
        if node is wrt:
            factors: list[Factor] = []
            while link is not None:
                factor, link = link
                factors.append(factor)
            factors.reverse()
            found.append(Path(tuple(factors), math.prod(s.local for s in factors)))
            continue
        stack.extend((s.parent, (s, link)) for s in reversed(below[node]))
    return tuple(found)


def _factor(
    output: Value, wrt: Value, above: dict[Value, list[Factor]], grads: dict[Value, float]
) -> tuple[Chain | Split, ...]:
    """Each node from ``wrt`` up, described once: a chain up to the next split, the
    output or a node already described, then the split as a sum over its children,
    then theirs. Stopping at a described node keeps the whole form linear in the
    graph: the terms of a long sum do not each repeat the chain above them."""
    factored: list[Chain | Split] = []
    todo, done = deque([wrt]), {output}
    described: set[Value] = set()  # nodes inside some chain already written
    while todo:
        node = todo.popleft()
        if node in done:
            continue
        done.add(node)
        chain: list[Factor] = []
        top = node
        while top is not output and len(above[top]) == 1 and (top is node or top not in described):
            chain.append(above[top][0])
            top = chain[-1].child
        described.update(s.child for s in chain[:-1])
        if chain:
            factors = tuple(reversed(chain))
            factored.append(Chain(node, top, grads[top], factors, grads[node]))
        if top is not output and len(above[top]) > 1 and (top is node or top not in done):
            done.add(top)
            terms = tuple((grads[s.child], s) for s in above[top])
            factored.append(Split(top, terms, grads[top]))
            todo.extend(s.child for s in above[top])
    return tuple(factored)
