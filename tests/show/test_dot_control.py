"""Labels with control characters (NUL included) draw as well-formed SVG, each
character shown as its Unicode control picture instead of breaking the XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from autograd import Value, draw
from autograd.show.dot import escape_text

XML_FORBIDDEN = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"]
ODD = ["\x7f", "\ud800", "\udfff", "\ufffe", "\uffff"]


def test_escaping_leaves_no_character_xml_forbids() -> None:
    for ch in [*XML_FORBIDDEN, *ODD]:
        escaped = escape_text(f"a{ch}b")
        assert escaped[0] == "a" and escaped[-1] == "b" and len(escaped) == 3
        assert all(c == "\t" or c == "\n" or ord(c) >= 0x20 for c in escaped)
        assert escaped.encode("utf-8")  # no lone surrogate left
    assert escape_text("\x00") == "␀" and escape_text("\x1b") == "␛" and escape_text("\x7f") == "␡"


def text_of(svg: str) -> str:
    return "".join(ET.fromstring(svg).itertext())


@pytest.mark.parametrize("view", ["op", "named"])
def test_every_control_character_in_a_label_draws_well_formed_svg(view: str) -> None:
    leaves = [Value(float(i), label=f"x{ch}{i}") for i, ch in enumerate(XML_FORBIDDEN + ODD)]
    total = leaves[0]
    for leaf in leaves[1:]:
        total = total + leaf
    total = total.named("sum\x00\t\x0bend")
    total.backward()
    text = text_of(draw(total, view=view, max_nodes=200).svg())
    for i, ch in enumerate(XML_FORBIDDEN):
        assert f"x{chr(0x2400 + ord(ch))}{i}" in text
    assert "sum␀" in text and "␋end" in text
