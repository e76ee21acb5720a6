"""Numbers as the documents print them: the one number formatter of every written form.

Traces, ledgers, drawings, the replay page and the ``backprop`` command all show
numbers through ``format_number``, so one value reads the same everywhere.
"""

from __future__ import annotations

import math


def format_number(x: float, digits: int, spec: str | None = None) -> str:
    """``x`` to ``digits`` significant digits, as a document prints it.

    A number that is a short decimal, exactly or up to float rounding (a
    relative 1e-12: 0.04250000000000001), shows as such (0.05, 0.4, 1); any
    other shows all ``digits`` digits, trailing zeros kept, so that
    0.186815602... reads 0.18681560 at 8 digits: the zero is a digit known.
    ``spec`` (a format spec such as ``".8f"``) replaces this rule when given.
    Negative zero is shown as 0.
    """
    if math.isnan(x) or math.isinf(x):
        return str(x)
    if spec is not None:  # a format spec the user chose for a drawing, such as ".8f"
        text = format(x, spec)
        return text[1:] if text.startswith("-") and float(text) == 0.0 else text
    short = format(x, f".{digits}g")
    # 0.04250000000000001 is 0.0425 plus float rounding: printed as the short decimal
    if abs(float(short) - x) > 1e-12 * abs(x):
        short = format(x, f"#.{digits}g")
        if "e" not in short:
            short = short.rstrip(".")
    return "0" if short == "-0" else short


def latex_number(text: str) -> str:
    """A formatted number in LaTeX: ``1e-05`` becomes ``1 \\times 10^{-5}``."""
    if "e" not in text or text in ("nan", "inf", "-inf"):
        return text
    mantissa, exponent = text.split("e")
    return rf"{mantissa} \times 10^{{{int(exponent)}}}"
