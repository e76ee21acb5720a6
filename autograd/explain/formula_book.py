"""The formulas of one trace, made on first use.

A trace is computed from stored numbers alone; its formulas need SymPy, which
is imported (with ``autograd.explain.formulas``) only when ``Factor.formula`` or
``Trace.formula`` is first read. One ``FormulaBook`` is shared by a trace and
its factors, so every formula of the trace uses the same symbols.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Literal

from autograd.engine.value import Value

if TYPE_CHECKING:
    from autograd.explain.formulas import Symbols

#: How ``Trace.formula`` orders a product: from the output down (Mazur, the
#: slides: dE/dout · dout/dnet · dnet/dw) or from the input up (Punnen:
#: dz/dw · da/dz · dC/da).
Order = Literal["output-first", "input-first"]
ORDERS: tuple[str, ...] = ("output-first", "input-first")


def formulas_available() -> bool:
    """True when SymPy (the ``formulas`` extra) can be imported; importing it is the test."""
    try:
        import sympy  # noqa: F401
    except ImportError:
        return False
    return True


def require_sympy() -> None:
    """Raise a clear error when SymPy is missing: formulas need the ``formulas`` extra."""
    if not formulas_available():
        raise ModuleNotFoundError(
            "formulas need SymPy: pip install 'seegrad[formulas]' (traces print without them)",
            name="sympy",
        )


class FormulaBook:
    """SymPy formulas of the factors of one trace and of the whole derivative.

    ``is_kept`` is the trace's choice of kept nodes: a factor's formula is the
    derivative through the nodes folded between its two ends.
    """

    def __init__(self, is_kept: Callable[[Value], bool], order: Order = "output-first") -> None:
        if order not in ORDERS:
            raise ValueError(f"order must be one of {', '.join(ORDERS)}, got {order!r}")
        self.is_kept = is_kept
        self.order: Order = order
        self._symbols: Symbols | None = None
        self._factors: dict[tuple[Value, Value], Any] = {}
        self._whole: Any = None

    @property
    def symbols(self) -> Symbols:
        """The symbol of each Value (``autograd.explain.formulas.Symbols``)."""
        if self._symbols is None:
            require_sympy()
            from autograd.explain.formulas import Symbols

            self._symbols = Symbols()
        return self._symbols

    def factor(self, child: Value, parent: Value) -> Any:
        """d child / d parent as a SymPy expression."""
        key = (child, parent)
        if key not in self._factors:
            require_sympy()
            from autograd.explain.formulas import folded_derivatives

            # One sweep gives every factor below this child (a cost's, for all outputs).
            for p, d in folded_derivatives(child, self.is_kept, self.symbols).items():
                self._factors[child, p] = d
        return self._factors[key]

    def whole(self, output: Value, wrt: Value, steps: Sequence[tuple[Value, Value]]) -> Any:
        """d output / d wrt as one expression: ``steps`` are the trace's factors
        (child, parent), in any order; by the chain rule

            d output / d p = sum over steps (c, p) of d output / d c * d c / d p,

        each product in ``order``, each sum in the order of the steps. A node's
        gradient is complete once every step from a child above it is added: the
        steps are taken children first (Kahn's order over the steps, no recursion)."""
        if self._whole is None:
            require_sympy()
            import sympy as sp

            from autograd.explain.formulas import product, total

            pending: dict[Value, int] = {}
            by_child: dict[Value, list[Value]] = {}
            rank: dict[Value, int] = {output: -1}  # where a child first appears in steps
            for i, (child, parent) in enumerate(steps):
                pending[parent] = pending.get(parent, 0) + 1
                by_child.setdefault(child, []).append(parent)
                rank.setdefault(child, i)
            terms: dict[Value, list[Any]] = {}
            gradient: dict[Value, Any] = {output: sp.Integer(1)}
            ready = [(-1, 0, output)]
            while ready:
                _, _, child = heapq.heappop(ready)
                for parent in by_child.get(child, []):
                    local = self.factor(child, parent)
                    upstream = gradient[child]
                    pair = (upstream, local) if self.order == "output-first" else (local, upstream)
                    terms.setdefault(parent, []).append(product(_flat(pair)))
                    pending[parent] -= 1
                    if pending[parent] == 0:
                        gradient[parent] = total(terms[parent])
                        heapq.heappush(ready, (rank.get(parent, len(rank)), id(parent), parent))
            self._whole = gradient[wrt]
        return self._whole


def _flat(pair: tuple[Any, Any]) -> list[Any]:
    """The factors of both sides, so that a chain is one product, not nested ones."""
    import sympy as sp

    out: list[Any] = []
    for x in pair:
        out.extend(x.args if isinstance(x, sp.Mul) else (x,))
    return out
