"""The parts of a worked example: steps (equations with numbers), sections, notes.

A ``Worked`` is what a reader holds next to the document: sections of
``Step``s, each an equation as the document writes it (``net_h1 = w1*i1 +
w2*i2 + b1*1``), the same with the example's numbers filled in, and the value
the engine computed (a node's data or gradient, a trace, an SGD update). Where
the document prints a number, the step keeps it as printed; where that number
slips, ``note`` says what the right value is and why. ``remarks`` list the
slips of notation that carry no number.

``nn.documents.worked.worked(name)`` builds it for one of
``nn.documents.examples``; the steps of each document live in
``worked_mazur``, ``worked_chains`` and ``worked_samples``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from autograd.engine import Value, topological_order
from autograd.show.numbers import format_number


@dataclass(frozen=True)
class Step:
    """One equation: ``symbol = formula = numbers = value``.

    ``numbers`` is a template whose ``{}`` fields take ``operands`` (formatted to
    the example's digits); ``document`` is the document's own number, as printed,
    or None where it prints none.
    """

    symbol: str
    formula: str
    numbers: str
    operands: tuple[float, ...]
    value: float
    document: str | None = None
    note: str = ""

    @property
    def agrees(self) -> bool | None:
        """The value rounded to the decimals the document prints equals its number
        (None where the document prints none)."""
        if self.document is None:
            return None
        decimals = len(self.document.partition(".")[2])
        return round(self.value, decimals) == float(self.document)

    def equation(self, digits: int) -> str:
        """``symbol = formula = numbers = value``, dropping parts that repeat."""
        parts = [self.symbol]
        if self.formula:
            parts.append(self.formula)
        if self.numbers:
            shown = [format_number(x, digits) for x in self.operands]
            parts.append(self.numbers.format(*(f"({s})" if s[0] == "-" else s for s in shown)))
        value = format_number(self.value, digits)
        if parts[-1] != value:
            parts.append(value)
        return " = ".join(parts)


@dataclass(frozen=True)
class Section:
    title: str
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Worked:
    """A document's worked example: its citation, what it derives, the sections."""

    name: str
    source: str
    derives: str
    sections: tuple[Section, ...]
    remarks: tuple[str, ...] = field(default=())

    def steps(self) -> list[Step]:
        return [step for section in self.sections for step in section.steps]

    def step(self, symbol: str) -> Step:
        """The first step whose symbol is ``symbol``; KeyError otherwise."""
        for step in self.steps():
            if step.symbol == symbol:
                return step
        raise KeyError(f"no step {symbol!r} in the worked example {self.name!r}")

    def text(self, digits: int) -> str:
        """Every section's equations; the document's number beside each it prints,
        and a note under each where it slips; then the remarks."""
        lines: list[str] = []
        for section in self.sections:
            lines += ["", section.title]
            for step in section.steps:
                line = "  " + step.equation(digits)
                if step.agrees:
                    line += f"   [document: {step.document}]"
                lines.append(line)
                if step.agrees is False:
                    lines.append(f"      the document prints {step.document}: {step.note}")
                elif step.note:
                    lines.append(f"      {step.note}")
        if self.remarks:
            lines += ["", "Notes on the document's notation:"]
            lines += [f"  - {remark}" for remark in self.remarks]
        return "\n".join(lines[1:]) + "\n"

    def to_dict(self, digits: int) -> dict[str, object]:
        return {
            "source": self.source,
            "derives": self.derives,
            "sections": [
                {
                    "title": section.title,
                    "steps": [
                        {
                            "symbol": s.symbol,
                            "formula": s.formula,
                            "equation": s.equation(digits),
                            "value": s.value,
                            "document": s.document,
                            "agrees": s.agrees,
                            "note": s.note,
                        }
                        for s in section.steps
                    ],
                }
                for section in self.sections
            ],
            "remarks": list(self.remarks),
        }


def named(root: Value) -> dict[str, Value]:
    """The labelled Values of ``root``'s graph, by label."""
    return {v.label: v for v in topological_order(root) if v.label is not None}


def sigmoid_slope(v: Value) -> float:
    """σ'(z) read off the graph: the local derivative of the sigmoid that made ``v``."""
    if v.op is None or v.op.name != "sigmoid":
        raise ValueError(f"{v.label or v!r} is not the output of a sigmoid")
    return v.local_grads[0]


def step(
    symbol: str,
    formula: str,
    numbers: str,
    operands: Sequence[float],
    value: float,
    document: str | None = None,
    note: str = "",
) -> Step:
    return Step(symbol, formula, numbers, tuple(operands), value, document, note)
