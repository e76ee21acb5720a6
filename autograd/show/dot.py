"""Graphviz DOT text: escaping user labels, assembling a graph, the shared style.

Two escapings matter. Ordinary labels, tooltips and ids are Graphviz
*escStrings* inside double quotes: a quote must become ``\\"``, a backslash
``\\\\`` (otherwise ``\\N`` or ``\\n`` in a user's label would be read as
Graphviz directives), a newline the line break ``\\n``, and ``&`` the entity
``&amp;`` (Graphviz decodes entities such as ``&lt;`` in labels). Record labels
(``{ label | data | grad }``) additionally give ``{ } | < >`` and spaces at the
ends of a field a meaning, so those are backslash-escaped too. Records are used
instead of HTML-like labels because the WebAssembly Graphviz build renders no
HTML labels. Control characters, which XML forbids, are drawn as their Unicode
control pictures (``\x00`` as "␀").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from autograd.engine.ops import Op
from autograd.engine.value import Value
from autograd.show.names import typeset
from autograd.show.numbers import format_number

_RECORD_SPECIALS = frozenset("{}|<>")
RANKDIRS = ("LR", "RL", "TB", "BT")
NOT_COMPUTED = "—"
ROUNDING_RESIDUE = 1e-12  # below this a drawing shows 0 (the exact value is in tooltips)


@dataclass(frozen=True)
class Escaped:
    """An attribute value that is already valid inside DOT double quotes."""

    text: str


# Characters XML 1.0 forbids (so an SVG holding them is refused by every browser and
# parser), and NUL, which ends a C string inside Graphviz: each is drawn as its Unicode
# "control picture" (NUL as "␀"), a lone surrogate or non-character as "�".
_UNDRAWABLE = {
    **{code: 0x2400 + code for code in range(0x20) if chr(code) not in "\t\n\r"},
    **{code: 0xFFFD for code in range(0xD800, 0xE000)},
    0x7F: 0x2421,
    0xFFFE: 0xFFFD,
    0xFFFF: 0xFFFD,
}


def escape_text(text: str) -> str:
    """``text`` as the inside of a quoted DOT escString that displays it literally."""
    out: list[str] = []
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_UNDRAWABLE)
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "&":
            out.append("&amp;")
        else:
            out.append(ch)
    return "".join(out)


def escape_tooltip(text: str) -> str:
    """``text`` for a tooltip, where Graphviz expands ``\\N`` even after an
    escaped backslash: a backslash is shown as the look-alike "⧵" instead."""
    return escape_text(text.replace("\\", "⧵"))


def escape_record_field(text: str) -> str:
    """``text`` as one field of a record label (see the module doc)."""
    # Graphviz trims spaces at the ends of a field anyway. Inside, a run of
    # spaces collapses to one unless escaped: escape all but the first, which
    # Graphviz then draws as no-break spaces.
    escaped = escape_text(text.strip(" "))
    out: list[str] = []
    for i, ch in enumerate(escaped):
        repeated_space = ch == " " and i > 0 and escaped[i - 1] == " "
        out.append("\\" + ch if ch in _RECORD_SPECIALS or repeated_space else ch)
    return "".join(out)


def record_label(fields: Iterable[str], *, horizontal: bool) -> Escaped:
    """A record label showing ``fields`` side by side (``horizontal``) or stacked.

    Graphviz lays the top-level fields of a record across the rank direction,
    so with ``rankdir=LR`` they need one level of braces to sit side by side.
    """
    body = " | ".join(escape_record_field(f) for f in fields)
    return Escaped("{ " + body + " }" if horizontal else body)


def _attribute_list(attrs: Mapping[str, str | Escaped]) -> str:
    parts = []
    for key, value in attrs.items():
        if isinstance(value, Escaped):
            text = value.text
        else:
            # Blank lines at the ends of a text show nothing, and a leading
            # newline can crash the WebAssembly Graphviz: drop them.
            value = value.replace("\r\n", "\n").strip("\n")
            text = escape_tooltip(value) if key == "tooltip" else escape_text(value)
        parts.append(f'{key}="{text}"')
    return " [" + " ".join(parts) + "]" if parts else ""


@dataclass
class DotGraph:
    """A directed graph being written as DOT; ``source()`` gives the text.

    Node ids are chosen by the caller (short, safe names such as ``v3``); every
    attribute value is escaped here unless given as ``Escaped``.
    """

    name: str
    graph_attrs: dict[str, str | Escaped]
    node_defaults: dict[str, str | Escaped]
    edge_defaults: dict[str, str | Escaped]

    def __post_init__(self) -> None:
        self._lines: list[str] = []
        # what was added, for a drawing that places this graph's layout in another's
        self.nodes: dict[str, dict[str, str | Escaped]] = {}
        self.edges: list[tuple[str, str, dict[str, str | Escaped]]] = []

    def node(self, node_id: str, **attrs: str | Escaped) -> None:
        """Add a node with the given attributes (``id`` also names its SVG group);
        adding it again adds attributes, as in DOT."""
        self.nodes[node_id] = {**self.nodes.get(node_id, {}), **attrs}
        self._lines.append(f'  "{escape_text(node_id)}"{_attribute_list(attrs)};')

    def edge(self, tail: str, head: str, **attrs: str | Escaped) -> None:
        """Add an edge ``tail -> head``; parallel edges stay separate (``a * a``)."""
        self.edges.append((tail, head, attrs))
        self._lines.append(
            f'  "{escape_text(tail)}" -> "{escape_text(head)}"{_attribute_list(attrs)};'
        )

    def same_rank(self, node_ids: Iterable[str]) -> None:
        """Lay the given nodes out side by side in one rank (a layer of a network)."""
        members = " ".join(f'"{escape_text(n)}";' for n in node_ids)
        self._lines.append(f"  {{ rank=same; {members} }}")

    def begin_cluster(self, name: str, **attrs: str | Escaped) -> None:
        """Start a cluster (a framed group, titled by its ``label``): the nodes
        added until ``end_cluster`` are drawn inside its frame."""
        self._lines.append(f'  subgraph "cluster_{escape_text(name)}" {{')
        if attrs:
            self._lines.append(f"  graph{_attribute_list(attrs)};")

    def end_cluster(self) -> None:
        """End the cluster ``begin_cluster`` started."""
        self._lines.append("  }")

    def extend(self, statements: list[str]) -> None:
        """Add another graph's ``body()`` as it is (its nodes and edges stay its own)."""
        self._lines.extend(statements)

    def body(self) -> list[str]:
        """The graph's statements (nodes, edges, ranks, clusters), one per line."""
        return list(self._lines)

    def source(self) -> str:
        """The DOT text of the graph."""
        head = [f'digraph "{escape_text(self.name)}" {{']
        if self.graph_attrs:
            head.append(f"  graph{_attribute_list(self.graph_attrs)};")
        if self.node_defaults:
            head.append(f"  node{_attribute_list(self.node_defaults)};")
        if self.edge_defaults:
            head.append(f"  edge{_attribute_list(self.edge_defaults)};")
        return "\n".join([*head, *self._lines, "}"]) + "\n"


@dataclass(frozen=True)
class DrawingStyle:
    """How a drawing looks: layout direction and number formatting.

    Numbers use ``number_format`` (a format spec such as ``".8f"``) when given,
    else ``digits`` significant digits.
    """

    rankdir: str = "LR"
    digits: int = 4
    number_format: str | None = None

    def __post_init__(self) -> None:
        if self.rankdir not in RANKDIRS:
            raise ValueError(f"rankdir is {self.rankdir!r}; expected one of {RANKDIRS}")
        if not isinstance(self.digits, int) or self.digits < 1:
            raise ValueError(f"digits must be a positive int, got {self.digits!r}")
        if self.number_format is not None:
            format(1.0, self.number_format)  # a bad spec fails here, with Python's message

    def number(self, x: float) -> str:
        """``x`` as shown in a drawing (see ``autograd.show.numbers``); a float
        rounding residue such as 2.776e-17 (|x| < 1e-12) is shown as 0."""
        return format_number(
            0.0 if abs(x) < ROUNDING_RESIDUE else x, self.digits, self.number_format
        )

    @property
    def horizontal(self) -> bool:
        """True when ranks run left to right, so record fields need braces."""
        return self.rankdir in ("LR", "RL")

    def graph(self, name: str) -> DotGraph:
        """An empty DOT graph with this style's layout and fonts."""
        return DotGraph(
            name=name,
            # polyline edges leave labels room: wang's named view goes from 50 label
            # collisions to 5 (tests/helpers/svg_geometry.py), at no cost in time
            graph_attrs={"rankdir": self.rankdir, "fontname": "Helvetica", "splines": "polyline"},
            node_defaults={"fontname": "Helvetica", "fontsize": "11"},
            edge_defaults={"fontname": "Helvetica", "fontsize": "9", "arrowsize": "0.6"},
        )


def value_fields(v: Value, style: DrawingStyle, grad_text: str | None = None) -> list[str]:
    """The record fields of a value node: label (typeset, if any), data, grad."""
    if grad_text is None:
        grad_text = style.number(v.grad) if v.has_grad else NOT_COMPUTED
    fields = [] if v.label is None else [typeset(v.label)]
    return [*fields, f"data {style.number(v.data)}", f"grad {grad_text}"]


def op_text(op: Op) -> str:
    """The short name of a primitive in its ellipse: ``*``, ``+``, ``σ``, ``** 2``."""
    shown = op.symbol.format(*[""] * op.arity).strip()
    if not shown.endswith(")") or "(" not in shown:
        return shown
    # a function: its name, and the numbers it takes besides its inputs (leaky_relu(0.2))
    name, _, inside = shown[:-1].partition("(")
    numbers = inside.strip(", ")
    return f"{name}({numbers})" if numbers else name
