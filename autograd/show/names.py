"""How traces and ledgers name nodes and print numbers, in plain text and LaTeX.

A labelled Value is called by its label (``net_o1``; in LaTeX ``net_{o1}``), a
constant by its value, and an unnamed op node by its expression when that is
short (``w5 * out_h1``), else by its op and a number (``mul#3``). Expressions
take parentheses only where precedence needs them: ``w1 * x1 + w2 * x2 + b``.
"""

from __future__ import annotations

import re
import unicodedata

from autograd.engine.graph import topological_order
from autograd.engine.ops import Op
from autograd.engine.value import Value
from autograd.show.numbers import format_number, latex_number

_LONGEST_EXPRESSION = 32
# How tightly each op binds, as in Python; names, numbers and calls bind tightest.
_PRECEDENCE = {"add": 1, "sub": 1, "mul": 2, "div": 2, "neg": 3, "pow": 4, "slope": 4, "zero": 2}
# Function-like ops whose LaTeX is an operator name or a command of its own.
_LATEX_FUNCTIONS = {
    "exp(": r"\exp(",
    "log(": r"\log(",
    "tanh(": r"\tanh(",
    "sin(": r"\sin(",
    "cos(": r"\cos(",
    "maximum(": r"\max(",
    "minimum(": r"\min(",
    "relu(": r"\operatorname{relu}(",
    "leaky_relu(": r"\operatorname{leaky\_relu}(",
    "softplus(": r"\operatorname{softplus}(",
    "sign(": r"\operatorname{sign}(",
    "step(": r"\operatorname{step}(",
    "share(": r"\operatorname{share}(",
}
_ATOM = 5
_GREEK = {"σ": r"\sigma", "δ": r"\delta", "ε": r"\varepsilon", "η": r"\eta", "∂": r"\partial"}
_LATEX_SPECIAL = {c: "\\" + c for c in "#$%&{}"} | {"\\": r"\backslash ", "~": r"\sim "}


def _escape(text: str) -> str:
    return "".join(_GREEK.get(c, _LATEX_SPECIAL.get(c, c)) for c in text)


def latex_text(words: str) -> str:
    """``words`` inside ``\\text{...}``: LaTeX's specials, underscores included, escaped."""
    return _escape(words).replace("_", r"\_")


def label_to_latex(label: str) -> str:
    """``net_o1`` -> ``net_{o1}``, ``w^1_23`` -> ``w^{1}_{23}``, ``w5`` -> ``w_{5}``.

    One superscript and one subscript at most; any further ``^`` or ``_`` is
    shown literally, so every label gives valid LaTeX.
    """
    match = re.fullmatch(r"([A-Za-z]+)(\d+)", label)
    if match:
        return f"{match[1]}_{{{match[2]}}}"
    parts = re.split(r"([_^])", label, maxsplit=0)
    base, out, used = parts[0], [], set()
    out.append(_escape(base))
    i = 1
    while i < len(parts):
        marker, content = parts[i], parts[i + 1]
        i += 2
        # Content runs on through markers already used, shown literally.
        while i < len(parts) and (parts[i] in used or parts[i] == marker):
            content += parts[i] + parts[i + 1]
            i += 2
        used.add(marker)
        literal = _escape(content).replace("_", r"\_").replace("^", r"\^{}")
        out.append(f"{marker}{{{literal}}}")
    return "".join(out)


def _latex_symbol(op: Op) -> str:
    """The op's symbol in LaTeX, operands marked by the characters \\x00 and \\x01
    (not ``{0}``, which LaTeX braces such as ``x^{1}`` would be mistaken for)."""
    symbol = op.symbol.replace("{0}", "\x00").replace("{1}", "\x01").replace(" * ", r" \cdot ")
    symbol = re.sub(r" \*\* (\x01|[-\d.e]+)$", r"^{\1}", symbol)
    if symbol == "sqrt(\x00)":
        return "\\sqrt{\x00}"
    if symbol == "abs(\x00)":
        return "\\lvert \x00 \\rvert"
    # longest first: "leaky_relu(" before "relu(", "softplus(" has none inside it
    for plain in sorted(_LATEX_FUNCTIONS, key=len, reverse=True):
        if symbol.startswith(plain):
            return _LATEX_FUNCTIONS[plain] + symbol[len(plain) :]
    return symbol.replace("σ", r"\sigma").replace("·", r" \cdot ")


def _fill(template: str, operands: list[str]) -> str:
    """Put operand names where ``_latex_symbol`` marked them, in one pass."""
    return re.sub("[\x00\x01]", lambda m: operands[ord(m[0])], template)


class Names:
    """Display names of every node of ``root``'s graph (see the module doc).

    ``order`` is the graph's topological order when the caller has it already.
    """

    def __init__(self, root: Value, digits: int = 8, order: list[Value] | None = None) -> None:
        self.digits = digits
        self._plain: dict[Value, str] = {}
        self._latex: dict[Value, str] = {}
        self._precedence: dict[Value, int] = {}
        counters: dict[str, int] = {}
        for v in topological_order(root) if order is None else order:
            self._name(v, counters)

    def _name(self, v: Value, counters: dict[str, int]) -> None:
        if v.label is not None:
            plain, latex = v.label, label_to_latex(v.label)
            if "^" in latex:  # braced, so a power after it cannot make a double superscript
                latex = "{" + latex + "}"
            precedence = _ATOM if " " not in v.label else 0
        elif v.op is None:
            plain = format_number(v.data, self.digits)
            latex = latex_number(plain)
            precedence = _PRECEDENCE["neg"] if plain.startswith("-") else _ATOM
        else:
            op = v.op
            plain = op.describe(
                *(self._operand(op, i, p, self._plain) for i, p in enumerate(v.parents))
            )
            latex = _fill(
                _latex_symbol(op),
                [self._operand(op, i, p, self._latex) for i, p in enumerate(v.parents)],
            )
            precedence = _PRECEDENCE.get(op.name, _ATOM)
            if len(plain) > _LONGEST_EXPRESSION:
                counters[op.name] = counters.get(op.name, 0) + 1
                number = counters[op.name]
                plain = f"{op.name}#{number}"
                latex, precedence = rf"\mathrm{{{op.name}}}\#{number}", _ATOM
        self._plain[v], self._latex[v], self._precedence[v] = plain, latex, precedence

    def _operand(self, op: Op, position: int, v: Value, names: dict[Value, str]) -> str:
        """``v``'s name as operand ``position`` of ``op``, parenthesized where
        precedence requires and where the graph's grouping would otherwise be lost:
        a right operand of ``+ - * /`` at equal precedence (``a * (b * c)`` is
        another graph than ``a * b * c``), the base of ``**`` at equal precedence."""
        outer = _PRECEDENCE.get(op.name, 0)  # functions print their own parentheses
        inner = self._precedence[v]
        tighter_needed = (op.name in ("add", "sub", "mul", "div") and position == 1) or (
            op.name in ("pow", "neg") and position == 0
        )
        wrap = inner < outer or (inner == outer and tighter_needed)
        return f"({names[v]})" if wrap else names[v]

    def _wrapped(self, v: Value, names: dict[Value, str]) -> str:
        return names[v] if self._precedence[v] == _ATOM else f"({names[v]})"

    def plain(self, v: Value) -> str:
        """The name in plain text."""
        return self._plain[v]

    def latex(self, v: Value) -> str:
        """The name in LaTeX."""
        return self._latex[v]

    def plain_operand(self, v: Value) -> str:
        """The name as a factor inside a formula: parenthesized unless atomic."""
        return self._wrapped(v, self._plain)

    def latex_operand(self, v: Value) -> str:
        """The LaTeX name as a factor inside a formula."""
        return self._wrapped(v, self._latex)


def formula_to_latex(formula: str) -> str:
    """An op-table formula in LaTeX (names ``out``, ``a``, ``b`` untouched)."""
    text = formula.replace("·", r" \cdot ").replace("²", "^{2}")
    text = re.sub(r"\^\(([^()]*)\)", r"^{\1}", text)
    text = re.sub(r"\^(-?[\d.]+)", r"^{\1}", text)
    text = re.sub(r"\b(exp|ln|log|sin|cos)\(", r"\\\1(", text)
    text = re.sub(r"\bsqrt\(([^()]*)\)", r"\\sqrt{\1}", text)
    text = re.sub(r"\bsign\(", r"\\operatorname{sign}(", text).replace("σ", r"\sigma")
    return re.sub(r" (if|else) ", r" \\text{ \1 } ", text)


def substitute(formula: str, names: dict[str, str], bare: dict[str, str] | None = None) -> str:
    """Replace the whole words ``out``, ``a``, ``b`` of a formula by operand names.

    ``names`` are the operand forms (parenthesized unless atomic); a formula that
    is a single name (mul's ``b``) takes it from ``bare`` when given, unparenthesized.
    """
    if bare is not None and formula in bare:
        return bare[formula]
    # ASCII word boundaries: in "b²" the ² must not count as part of the name.
    text = re.sub(r"\b(out|a|b)\b", lambda m: names.get(m[1], m[1]), formula, flags=re.ASCII)
    # exp's "exp(a) = out" says the same thing twice once names are in.
    # a function of a parenthesized operand: sign(x - y), not sign((x - y))
    text = re.sub(r"(\w)\(\(([^()]*)\)\)", r"\1(\2)", text)
    sides = text.split(" = ")
    return " = ".join(s for i, s in enumerate(sides) if s not in sides[:i])


_SUPERSCRIPT = dict(zip("0123456789()+-=ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾⁺⁻⁼ⁿⁱ"))
_SUBSCRIPT = dict(zip("0123456789()+-=aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₍₎₊₋₌ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))


def _script(text: str, table: dict[str, str]) -> str | None:
    return "".join(table[c] for c in text) if all(c in table for c in text) else None


def typeset(label: str) -> str:
    """A label as the documents typeset it, in Unicode: ``w^1_11`` -> ``w¹₁₁``,
    ``b^(1)`` -> ``b⁽¹⁾``, ``net_h1`` -> ``netₕ₁``, ``w5`` -> ``w₅``, ``y_hat`` -> ``ŷ``.

    A script with a character Unicode has no raised or lowered form for (most
    capitals, some letters) keeps its ``^`` or ``_``; the plain label stays the
    form of text output.
    """
    sample = re.search(r"\[\d+\]$", label)  # x1[2]: sample 2's x1, the suffix kept
    if sample and sample.start() > 0:
        return typeset(label[: sample.start()]) + sample[0]
    whole = re.fullmatch(r"([A-Za-z]+)(\d+)", label)
    if whole:
        return whole[1] + (_script(whole[2], _SUBSCRIPT) or whole[2])
    text = re.sub(r"([A-Za-z])_hat\b", "\\1\u0302", label)

    def replace(match: re.Match[str]) -> str:
        table = _SUPERSCRIPT if match[1] == "^" else _SUBSCRIPT
        return _script(match[2], table) or match[0]

    return unicodedata.normalize("NFC", re.sub(r"([_^])(\([^()]*\)|[A-Za-z0-9]+)", replace, text))
