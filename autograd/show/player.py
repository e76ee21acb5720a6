"""Showing a backward replay: each frame as a drawing, and a self-contained HTML player.

A frame is the op view restyled: the node being processed and its operand
edges highlighted (each edge's label is its local derivative, the label at its
tail the contribution ``+ local × upstream`` it adds to the parent), processed
nodes filled green, complete gradients outlined green, pending partial sums
marked "(partial)". Every value node gets the same width in every frame, and
every operand edge carries its contribution label in every frame (transparent
except while its node is processed), so all frames share one layout and one
set of SVG elements.

The player is one HTML page that loads nothing: the first frame's SVG, every
later frame as the lines that changed from the frame before
(``autograd.show.svg_delta``), the text of each step, previous/next buttons, a
slider and the arrow keys.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from autograd.engine.value import Value
from autograd.explain.frames import Frame
from autograd.show.dot import NOT_COMPUTED, value_fields
from autograd.show.draw import Attrs, Decoration, op_view
from autograd.show.render import Drawing, choose_renderer, render_svg
from autograd.show.svg_delta import frame_deltas, inline_svg

if TYPE_CHECKING:
    from autograd.show.steps import Steps

_PLAYER_NUMBERS = itertools.count(1)

CURRENT_FILL = "#ffd966"
CURRENT_EDGE = "#e69138"
DONE_FILL = "#d9ead3"
FINAL_LINE = "#38761d"
PENDING_FILL = "#fce5cd"
# Generous per-character and per-field widths (points, 11pt Helvetica) so that
# the widest text a node ever shows fits in the width fixed for it.
_CHAR_PT = 7.0
_FIELD_PT = 16.0


def grad_text(replay: Steps, frame: Frame, v: Value) -> str:
    """What the grad field of ``v`` says in ``frame``."""
    style = replay.style
    if v not in frame.grads:
        return NOT_COMPUTED
    shown = style.number(frame.grads[v])
    return shown if v in frame.final else f"{shown} (partial)"


@lru_cache(maxsize=8)
def node_widths(replay: Steps) -> dict[Value, str]:
    """Each value node's width in inches: enough for the widest text of any frame."""
    widths: dict[Value, str] = {}
    for v in replay.order:
        texts = {NOT_COMPUTED, *(grad_text(replay, f, v) for f in replay.frames)}
        points = max(
            sum(len(field) * _CHAR_PT + _FIELD_PT for field in value_fields(v, replay.style, t))
            for t in texts
        )
        widths[v] = f"{points / 72:.2f}"
    return widths


@lru_cache(maxsize=8)
def contributions(replay: Steps) -> dict[Value, tuple[float, ...]]:
    """What each operand edge of each node adds to its parent's gradient (once, when the
    node is processed)."""
    return {f.node: tuple(e.contribution for e in f.edges) for f in replay.frames}


class FrameDecoration(Decoration):
    """Restyles the op view for one frame (see the module doc)."""

    def __init__(self, replay: Steps, frame: Frame) -> None:
        self.replay = replay
        self.frame = frame
        self.widths = node_widths(replay)
        self.contributions = contributions(replay)

    def grad_text(self, v: Value) -> str | None:
        return grad_text(self.replay, self.frame, v)

    def value_node(self, v: Value, attrs: Attrs) -> None:
        attrs["width"] = self.widths[v]
        f = self.frame
        if v is f.node:
            attrs.update(
                style="filled", fillcolor=CURRENT_FILL, penwidth="2.5", **{"class": "current"}
            )
        elif v in f.done:
            attrs.update(style="filled", fillcolor=DONE_FILL, **{"class": "done"})
        elif v in f.final:
            attrs.update(color=FINAL_LINE, penwidth="2", **{"class": "final"})
        elif v in f.grads:
            attrs.update(style="filled", fillcolor=PENDING_FILL, **{"class": "pending"})

    def op_node(self, v: Value, attrs: Attrs) -> None:
        if v is self.frame.node:
            attrs.update(style="filled", fillcolor=CURRENT_FILL, **{"class": "current"})

    def operand_edge(self, v: Value, k: int, attrs: Attrs) -> None:
        # The same label on every frame keeps the elements and layout alike;
        # only its colour says whether it is this frame's news.
        current = v is self.frame.node
        attrs.update(
            taillabel=f"+{self.replay.style.number(self.contributions[v][k])}",
            labelfontcolor=CURRENT_EDGE if current else "transparent",
        )
        if current:
            attrs.update(
                color=CURRENT_EDGE, penwidth="2.5", fontcolor=CURRENT_EDGE, **{"class": "current"}
            )


def frame_drawing(replay: Steps, frame: Frame) -> Drawing:
    """One frame of the replay as a drawing."""
    graph = op_view(replay.output, replay.order, replay.style, True, FrameDecoration(replay, frame))
    return Drawing(graph.source(), replay.renderer)


def render_frames(replay: Steps, indices: Sequence[int]) -> list[str]:
    """SVG of each listed frame. With the ``dot`` binary, one thread per core (and one
    more) writes a frame's DOT while the others wait for ``dot``, which runs in parallel."""
    renderer = choose_renderer(replay.renderer)
    # Fill the caches once, before the threads share them.
    node_widths(replay)
    contributions(replay)

    def render_frame(i: int) -> str:
        return render_svg(frame_drawing(replay, replay.frames[i]).source, renderer)

    if renderer != "dot" or len(indices) < 2:
        return [render_frame(i) for i in indices]
    with ThreadPoolExecutor(max_workers=min(8, (os.cpu_count() or 1) + 1)) as pool:
        return list(pool.map(render_frame, indices))


_CSS = """
.sg-player{font-family:Helvetica,Arial,sans-serif;max-width:100%}
.sg-controls{display:flex;gap:.5em;align-items:center;margin:.4em 0}
.sg-controls input[type=range]{flex:1}
.sg-view{overflow:auto}
.sg-view svg{max-width:100%;height:auto}
.sg-view.sg-actual{max-height:85vh}
.sg-view.sg-actual svg{max-width:none}
.sg-text{white-space:pre-wrap;background:#f6f6f6;padding:.5em;margin:.3em 0;font-size:90%}
.sg-legend span{display:inline-block;padding:0 .4em;margin-right:.4em;border:1px solid #999}
"""

# Frame i is rebuilt as autograd.show.svg_delta.rebuild does: from the nearest
# whole frame at or before it, each later frame's changed lines in turn.
_SCRIPT = """
(function(){
  var root=document.getElementById(%(id)s);
  var frames=JSON.parse(root.querySelector('.sg-data').textContent);
  var view=root.querySelector('.sg-view');
  var text=root.querySelector('.sg-text');
  var slider=root.querySelector('input[type=range]');
  var counter=root.querySelector('.sg-counter');
  var current=0, lines=frames[0].svg.split('\\n');
  function change(changes){
    changes.forEach(function(c){lines[c[0]]=c[1];});
  }
  function rebuild(i){
    var start=i;
    while(frames[start].svg===undefined){start--;}
    lines=frames[start].svg.split('\\n');
    for(var k=start+1;k<=i;k++){change(frames[k].lines);}
  }
  function show(i){
    i=Math.max(0,Math.min(frames.length-1,i));
    if(i===current){return;}
    if(i===current+1&&frames[i].lines){change(frames[i].lines);}else{rebuild(i);}
    view.innerHTML=lines.join('\\n');
    current=i;
    slider.value=i;
    counter.textContent=(i+1)+' / '+frames.length;
    text.textContent=frames[i].text;
  }
  // A wide graph fits the width by default; "actual size" shows it 1:1, scrolling.
  root.querySelector('.sg-zoom').onclick=function(){
    this.textContent=view.classList.toggle('sg-actual')?'fit width':'actual size';
  };
  root.querySelector('.sg-prev').onclick=function(){show(current-1);};
  root.querySelector('.sg-next').onclick=function(){show(current+1);};
  slider.oninput=function(){show(parseInt(slider.value,10));};
  %(keys)s.addEventListener('keydown',function(e){
    if(e.key==='ArrowLeft'){show(current-1);e.preventDefault();}
    if(e.key==='ArrowRight'){show(current+1);e.preventDefault();}
  });
})();
"""


def frame_data(replay: Steps, svgs: list[str]) -> str:
    """Each frame's text and SVG delta (``autograd.show.svg_delta``) as JSON that can sit in a
    ``<script>`` element: every ``<`` is escaped, so nothing in it can end the element."""
    frames = [
        {"text": replay.describe(frame), **delta}
        for frame, delta in zip(replay.frames, frame_deltas(svgs))
    ]
    return json.dumps(frames, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def player_html(replay: Steps, *, standalone: bool) -> str:
    """The player for ``replay``: a whole page (``standalone``) or a fragment for Jupyter.

    The first frame is also inline, so it shows where scripts do not run (an
    untrusted notebook, a code host's preview). The page listens to the arrow
    keys everywhere; the fragment only when it has focus.
    """
    svgs = replay.render_all()
    data = frame_data(replay, svgs)
    # Deterministic, so re-running a notebook rewrites nothing; the counter
    # keeps two players of the same pass on one page apart.
    digest = hashlib.sha256(data.encode()).hexdigest()[:10]
    player_id = f"sg-steps-{digest}-{next(_PLAYER_NUMBERS)}"
    last = len(svgs) - 1
    legend = (
        f'<div class="sg-legend"><span style="background:{CURRENT_FILL}">processing</span>'
        f'<span style="background:{DONE_FILL}">done</span>'
        f'<span style="border:2px solid {FINAL_LINE}">gradient final</span>'
        f'<span style="background:{PENDING_FILL}">partial sum</span>'
        f"<span>— not reached yet</span></div>"
    )
    body = (
        f'<div class="sg-player" id="{player_id}" tabindex="0">'
        f'<div class="sg-controls"><button class="sg-prev" type="button">◀ previous</button>'
        f'<input type="range" min="0" max="{last}" value="0" aria-label="step">'
        f'<button class="sg-next" type="button">next ▶</button>'
        f'<span class="sg-counter">1 / {len(svgs)}</span>'
        f'<button class="sg-zoom" type="button">actual size</button></div>{legend}'
        f'<pre class="sg-text">{html.escape(replay.describe(replay.frames[0]))}</pre>'
        f'<div class="sg-view">{inline_svg(svgs[0])}</div>'
        f'<script type="application/json" class="sg-data">{data}</script>'
        "</div>"
    )
    script = _SCRIPT % {"id": repr(player_id), "keys": "document" if standalone else "root"}
    fragment = f"<style>{_CSS}</style>{body}<script>{script}</script>"
    if not standalone:
        return fragment
    title = html.escape(f"Backward pass of {replay.output.label or 'the output'}")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body><h1>{title}</h1>{fragment}</body></html>\n"
    )


def steps_widget(replay: Steps) -> Any:
    """An ipywidgets slider over ``replay``'s frames: the step's text and its SVG."""
    try:
        import ipywidgets
    except ImportError:
        raise ImportError(
            "Steps.widget() needs ipywidgets (pip install ipywidgets, or "
            "'seegrad[notebooks]'); displaying the Steps object gives the HTML player, "
            "which needs nothing"
        ) from None
    svgs = replay.render_all()
    slider = ipywidgets.IntSlider(
        value=0, min=0, max=len(svgs) - 1, description="step", continuous_update=True
    )
    text = ipywidgets.HTML()
    view = ipywidgets.HTML()

    def show(_change: object = None) -> None:
        i = slider.value
        text.value = f"<pre>{html.escape(replay.describe(replay.frames[i]))}</pre>"
        view.value = inline_svg(svgs[i])

    slider.observe(show, names="value")
    show()
    return ipywidgets.VBox([slider, text, view])
