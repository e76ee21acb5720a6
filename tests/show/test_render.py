"""Choosing and running a renderer: dot, WebAssembly, or a clear error with neither."""

from __future__ import annotations

import importlib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from autograd import Value, draw
from autograd.show.render import RenderError, RendererUnavailableError, choose_renderer, render_svg

render_module = importlib.import_module("autograd.show.render")
NEEDS_DOT = pytest.mark.skipif(
    not render_module.dot_on_path(), reason="the Graphviz dot binary is not on PATH"
)


def small_graph() -> Value:
    x = Value(2.0, label="x")
    return (x * x + 1).named("y")


@pytest.fixture
def no_renderer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SEEGRAD_RENDERER", raising=False)
    monkeypatch.setattr(render_module, "dot_on_path", lambda: False)
    monkeypatch.setattr(render_module, "wasm_available", lambda: False)


@pytest.mark.parametrize("renderer", ["wasm", pytest.param("dot", marks=NEEDS_DOT)])
def test_each_renderer_draws_the_same_labels(renderer: str) -> None:
    svg = draw(small_graph(), renderer=renderer).svg()
    texts = {el.text for el in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")}
    assert {"x", "y", "data 2", "data 5", "grad —", "*", "+"} <= texts


def test_environment_variable_forces_a_renderer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEEGRAD_RENDERER", "wasm")
    assert choose_renderer() == "wasm"
    assert choose_renderer("dot" if render_module.dot_on_path() else "wasm") in ("dot", "wasm")
    monkeypatch.setenv("SEEGRAD_RENDERER", "pdf")
    with pytest.raises(ValueError, match="SEEGRAD_RENDERER is 'pdf'"):
        choose_renderer()


def test_auto_prefers_dot_then_wasm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SEEGRAD_RENDERER", raising=False)
    monkeypatch.setattr(render_module, "dot_on_path", lambda: True)
    assert choose_renderer() == "dot"
    monkeypatch.setattr(render_module, "dot_on_path", lambda: False)
    assert choose_renderer() == "wasm"


@pytest.mark.usefixtures("no_renderer")
def test_without_any_renderer_the_error_names_both_fixes(tmp_path: Path) -> None:
    drawing = draw(small_graph())
    with pytest.raises(RendererUnavailableError) as info:
        drawing.svg()
    message = str(info.value)
    assert "apt-get install graphviz" in message
    assert "pip install 'seegrad[wasm]'" in message
    assert "digraph" in drawing.source  # the DOT stays available
    assert drawing.save(tmp_path / "g.dot").read_text() == drawing.source
    bundle = drawing._repr_mimebundle_()
    assert "image/svg+xml" not in bundle and "digraph" in bundle["text/plain"]
    assert drawing._repr_svg_() is None


@pytest.mark.usefixtures("no_renderer")
def test_forcing_a_missing_renderer_says_which_and_how_to_get_it() -> None:
    with pytest.raises(RendererUnavailableError, match="apt-get install graphviz"):
        choose_renderer("dot")
    with pytest.raises(RendererUnavailableError, match=r"seegrad\[wasm\]"):
        choose_renderer("wasm")


def test_wasm_makes_svg_only() -> None:
    with pytest.raises(RendererUnavailableError, match="SVG only"):
        draw(small_graph(), renderer="wasm").pipe("png")


@NEEDS_DOT
def test_png_and_svg_files_with_dot(tmp_path: Path) -> None:
    drawing = draw(small_graph(), renderer="dot")
    assert drawing.save(tmp_path / "out" / "g.png").read_bytes().startswith(b"\x89PNG")
    svg = drawing.save(tmp_path / "g.svg").read_text(encoding="utf-8")
    ET.fromstring(svg)
    assert drawing._repr_mimebundle_()["image/svg+xml"] == svg


def test_unknown_file_type_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"g\.pdf"):
        draw(small_graph()).save(tmp_path / "g.pdf")
    assert not (tmp_path / "g.pdf").exists()


@pytest.mark.parametrize("renderer", ["wasm", pytest.param("dot", marks=NEEDS_DOT)])
def test_broken_dot_is_a_render_error(renderer: str) -> None:
    with pytest.raises(RenderError):
        render_svg("digraph { a -> ", renderer)
