"""What ``backprop expr`` says about an expression it cannot take: the error, a
window of the text around the column with a caret, and hints for the notations of
other languages (``x^2``, ``2x``)."""

from __future__ import annotations

import re


class ExpressionError(ValueError):
    """An expression that cannot be parsed or evaluated; says what and where.

    ``line`` and ``column`` (1-based, in characters) locate the problem when it
    has a place in the text; ``pointer()`` draws a caret under it.
    """

    def __init__(
        self,
        message: str,
        text: str = "",
        line: int | None = None,
        column: int | None = None,
        hint: str = "",
    ) -> None:
        if column is not None:
            multiline = "\n" in text.rstrip("\n")
            message += f" at line {line}, column {column}" if multiline else f" at column {column}"
        super().__init__(message + (f"; {hint}" if hint else ""))
        self.text = text
        self.line = line
        self.column = column

    def pointer(self) -> str:
        """The offending line of the expression with a ``^`` under the position ('' if none)."""
        if self.column is None or self.line is None:
            return ""
        lines = self.text.splitlines() or [""]
        shown = lines[min(self.line, len(lines)) - 1]
        caret = self.column - 1
        if len(shown) > 2 * _WINDOW:  # a window around the column, not the whole line
            start = max(0, min(caret - _WINDOW, len(shown) - 2 * _WINDOW))
            end = start + 2 * _WINDOW
            head, tail = ("…" if start > 0 else ""), ("…" if end < len(shown) else "")
            shown = head + shown[start:end] + tail
            caret += len(head) - start
        return f"  {shown}\n  {' ' * caret}^"


_WINDOW = 40  # characters shown on each side of an error's column


def syntax_hint(message: str, line: str, index: int) -> str:
    """What to write instead, for mistakes of other notations (``2x`` for ``2*x``)."""
    if "invalid decimal literal" in message or "invalid imaginary literal" in message:
        # Python points into the number (1.5e3y: at the 3): start at its first digit.
        start = min(max(index, 0), len(line))
        while start > 0 and (
            line[start - 1] in "0123456789._eE"
            or (line[start - 1] in "+-" and start > 1 and line[start - 2] in "eE")
        ):
            start -= 1
        match = re.match(r"(\d[\d._]*(?:[eE][+-]?\d+)?)([^\W\d]\w*)", line[start:])
        if match:
            return f"write {match[1]}*{match[2]} to multiply a number by {match[2]}"
        return "put * between a number and a name to multiply them"
    return ""
