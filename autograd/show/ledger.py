"""The ledger in writing: the table of ``autograd.explain.ledger`` as text, Markdown,
LaTeX, HTML and CSV, each node called by its display name and each local
derivative shown with its op-table formula in the operands' names.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from html import escape

from autograd.engine.graph import topological_order
from autograd.engine.value import Value
from autograd.explain.ledger import LedgerEdge, Row, ledger_rows
from autograd.show.names import Names, formula_to_latex, substitute
from autograd.show.numbers import format_number, latex_number


class Ledger:
    """The table of ``ledger(output)``; ``rows`` in topological order."""

    def __init__(self, output: Value, digits: int = 8) -> None:
        self.output, self.digits = output, digits
        order = topological_order(output)
        self.names = Names(output, digits, order)
        self.rows = ledger_rows(output, order)

    def name(self, v: Value) -> str:
        """The display name of a node of the graph."""
        return self.names.plain(v)

    def formula(self, e: LedgerEdge) -> str:
        """The op-table formula of ``e``'s local derivative in the operands' names."""
        op = e.child.op
        assert op is not None
        operands = _operands(e.child, self.names.plain_operand)
        return substitute(op.formulas[e.position], operands, _operands(e.child, self.names.plain))

    def __len__(self) -> int:
        return len(self.rows)

    # -- forms ---------------------------------------------------------------------

    HEADER = ("#", "node", "op", "data", "grad", "local derivatives")

    def _number(self, x: float | None) -> str:
        return "" if x is None else format_number(x, self.digits)

    def _edge_text(self, e: LedgerEdge) -> str:
        value, parent = self._number(e.local), self.names.plain_operand(e.parent)
        formula = self.formula(e)
        if formula == value:
            return f"d/d{parent} = {value}"
        return f"d/d{parent} = {formula} = {value}"

    def _cells(self, row: Row) -> tuple[str, ...]:
        edges = "; ".join(self._edge_text(e) for e in row.edges)
        grad = self._number(row.grad)
        return (str(row.index), self.name(row.node), row.op, self._number(row.data), grad, edges)

    def to_text(self) -> str:
        """Aligned columns, one line per node."""
        table = [self.HEADER, *map(self._cells, self.rows)]
        widths = [max(len(r[c]) for r in table) for c in range(len(self.HEADER) - 1)]
        return "\n".join(
            ("  ".join(cell.ljust(w) for cell, w in zip(r, widths)) + "  " + r[-1]).rstrip()
            for r in table
        )

    def __str__(self) -> str:
        return self.to_text()

    def to_markdown(self) -> str:
        """A Markdown table."""
        lines = ["| " + " | ".join(self.HEADER) + " |", "|" + "---|" * len(self.HEADER)]
        for row in self.rows:
            cells = (c.replace("|", r"\|") for c in self._cells(row))
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines) + "\n"

    def to_latex(self) -> str:
        """A ``tabular`` with names and formulas in math mode."""
        lines = [r"\begin{tabular}{rlllll}", r"\# & node & op & data & grad & local derivatives \\"]
        lines.append(r"\hline")
        for row in self.rows:
            name = f"${self.names.latex(row.node)}$"
            data = f"${latex_number(self._number(row.data))}$"
            grad = "" if row.grad is None else f"${latex_number(self._number(row.grad))}$"
            edges = ", ".join(self._edge_latex(row.node, e) for e in row.edges)
            lines.append(f"{row.index} & {name} & {row.op} & {data} & {grad} & {edges} \\\\")
        lines.append(r"\end{tabular}")
        return "\n".join(lines)

    def _edge_latex(self, node: Value, e: LedgerEdge) -> str:
        assert node.op is not None
        i = e.position
        operands = _operands(node, self.names.latex_operand)
        bare = _operands(node, self.names.latex)
        formula = substitute(formula_to_latex(node.op.formulas[i]), operands, bare)
        value = latex_number(self._number(e.local))
        parent = self.names.latex_operand(e.parent)
        shown = value if formula == value else f"{formula} = {value}"
        return rf"$\frac{{\partial}}{{\partial {parent}}} = {shown}$"

    def to_html(self) -> str:
        """An HTML ``<table class="seegrad-ledger">``."""
        head = "".join(f"<th>{escape(h)}</th>" for h in self.HEADER)
        body = "".join(
            "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in self._cells(row)) + "</tr>"
            for row in self.rows
        )
        return (
            f'<table class="seegrad-ledger"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_csv(self) -> str:
        """CSV with full-precision numbers; one column pair per edge (ops have at most two)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            ["index", "node", "op", "data", "grad", "parent_a", "local_a", "parent_b", "local_b"]
        )
        for row in self.rows:
            edges: list[object] = []
            for e in row.edges:
                edges += [self.name(e.parent), repr(e.local)]
            edges += [""] * (4 - len(edges))
            grad = "" if row.grad is None else repr(row.grad)
            writer.writerow([row.index, self.name(row.node), row.op, repr(row.data), grad, *edges])
        return out.getvalue()


def _operands(node: Value, name: Callable[[Value], str]) -> dict[str, str]:
    """What ``out``, ``a`` and ``b`` stand for in the formulas of ``node``'s op."""
    return {"out": name(node)} | {k: name(p) for k, p in zip("ab", node.parents)}


def ledger(output: Value, *, digits: int = 8) -> Ledger:
    """Every node of ``output``'s graph with its data, gradient and local derivatives.

    Works before ``backward()`` too (the grad column is then empty).
    """
    if not isinstance(output, Value):
        raise TypeError(f"ledger(output) takes a Value, got {type(output).__name__}")
    if digits < 1:
        raise ValueError(f"digits must be at least 1, got {digits}")
    return Ledger(output, digits)
