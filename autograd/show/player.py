"""Showing a backward replay: one layout restyled frame by frame, and the HTML player.

The replay's view is laid out once (``autograd.show.stage``). A frame is then
only what changes in that one SVG: the class of each node and edge it touches
and the numbers of the gradients it adds to. Classes (``sg-current``, ``sg-done``,
``sg-final``, ``sg-pending`` on nodes; ``sg-current``, ``sg-used``, ``sg-late`` on
edges) are styled by the page's CSS, so nothing moves between frames and a page
costs one Graphviz run.

The player is one HTML page that loads nothing: the SVG, each frame's changes
and text as JSON, and a script (``autograd.show.player_script``) with a camera
that frames the current node with the nodes and edges it uses, at a scale where
text is at least 11 px.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from autograd.engine.value import Value
from autograd.show.player_script import CSS, SCRIPT
from autograd.show.quiz import QUIZ_CSS, QUIZ_HTML, QUIZ_RTOL, QUIZ_SCRIPT, quiz_questions
from autograd.show.stage import grad_text

if TYPE_CHECKING:
    from autograd.show.steps import Steps

_PLAYER_NUMBERS = itertools.count(1)

CURRENT_FILL = "#ffd966"
DONE_FILL = "#d9ead3"
FINAL_LINE = "#38761d"
PENDING_FILL = "#fce5cd"

Change = list[tuple[str, str]]


def frame_changes(replay: Steps) -> Iterator[tuple[Change, Change, list[str]]]:
    """For each frame: the element classes and grad texts it changes, and the ids the
    camera frames (the current node first), from the state before frame 0 (nothing
    marked, every grad "—")."""
    stage = replay.stage
    classes: dict[str, str] = {}
    texts: dict[str, str] = {}
    states = replay.states()
    members: dict[str, list[Value]] = {}
    for drawn in (stage.nodes, stage.copies):
        for v, elements in drawn.items():
            for element in elements:
                members.setdefault(element, []).append(v)
    previous: list[str] = []
    previous_edges: list[str] = []
    for frame in replay.frames:
        grads, final, done = next(states)
        current = set(frame.nodes)
        touched: dict[str, list[Value]] = {}
        for v in [*frame.nodes, *(e.parent for e in frame.edges)]:
            for element in [*stage.nodes.get(v, []), *stage.copies.get(v, [])]:
                touched.setdefault(element, [])
        for element in previous:
            touched.setdefault(element, [])
        early = {el for v in frame.premature for el in stage.nodes.get(v, [])}
        changed: Change = []
        for element in touched:
            values = members.get(element, [])
            if any(v in current for v in values):
                state = "current"
            elif any(v in done for v in values):
                state = "done"
            elif any(v in final for v in values):
                state = "final"
            elif any(v in grads for v in values):
                state = "pending"
            else:
                state = ""
            if element in early:
                state += " premature"
            if classes.get(element, "") != state:
                classes[element] = state
                changed.append((element, state))
        edges_now: dict[str, str] = {}
        for e in frame.edges:
            for element in stage.edges.get((e.child, e.position), []):
                if edges_now.get(element) != "late":
                    edges_now[element] = "late" if e.late else "current"
        for element in previous_edges:
            if element not in edges_now and classes.get(element) == "current":
                classes[element] = "used"
                changed.append((element, "used"))
        for element, state in edges_now.items():
            if classes.get(element) != state:
                classes[element] = state
                changed.append((element, state))
        numbers: Change = []
        wrong = replay.wrong() if frame.index == len(replay) - 1 else {}
        for v in {**dict.fromkeys(frame.nodes), **{e.parent: None for e in frame.edges}, **wrong}:
            text = grad_text(replay, v, grads.get(v), v in final)
            if v in wrong:
                text += f" ≠ {replay.style.number(wrong[v])}"
            for text_id in stage.grad_texts.get(v, []):
                if texts.get(text_id) != text:
                    texts[text_id] = text
                    numbers.append((text_id, text))
        for v in wrong:
            for element in stage.nodes.get(v, [])[:1]:
                state = classes.get(element, "") + " wrong"
                classes[element] = state
                changed.append((element, state.strip()))
        focus = [el for v in frame.nodes for el in stage.nodes.get(v, [])]
        focus += [el for el in edges_now if el not in focus]
        # each parent where this frame's edge starts: in a band, the copy beside the child
        starts = [
            [stage.tails[key]]
            if (key := (e.child, e.position)) in stage.tails
            else stage.nodes.get(e.parent, [])
            for e in frame.edges
        ]
        focus += [el for elements in starts for el in elements if el not in focus]
        focus += [el for v in wrong for el in stage.nodes.get(v, [])[:1] if el not in focus]
        previous = [
            el for v in frame.nodes for el in [*stage.nodes.get(v, []), *stage.copies.get(v, [])]
        ]
        previous_edges = list(edges_now)
        yield changed, numbers, focus or ["loss"]


def frame_data(replay: Steps, quiz: bool = False) -> str:
    """The frames as JSON that can sit in a ``<script>`` element (every ``<`` escaped);
    with ``quiz``, each frame's question too (``autograd.show.quiz``)."""
    frames: list[dict[str, Any]] = [
        {"t": replay.describe(frame), "c": changed, "g": numbers, "f": focus}
        for frame, (changed, numbers, focus) in zip(replay.frames, frame_changes(replay))
    ]
    if quiz:
        for frame, question in zip(frames, quiz_questions(replay)):
            frame["q"] = question
    blank = sorted({t for ids in replay.stage.grad_texts.values() for t in ids})
    data = {
        "frames": frames,
        "grads": blank,
        "blank": grad_text(replay, replay.output, None, False),
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def frame_svg(replay: Steps, index: int) -> str:
    """Frame ``index`` as one standalone SVG: the layout with that frame's classes, numbers
    and the player's styles (what the page shows, without the script)."""
    svg: str = replay.stage.svg
    classes: dict[str, str] = {}
    texts = {
        t: grad_text(replay, replay.output, None, False)
        for ids in replay.stage.grad_texts.values()
        for t in ids
    }
    for i, (changed, numbers, _) in enumerate(frame_changes(replay)):
        classes.update(changed)
        texts.update(numbers)
        if i == index:
            break

    def restyle(match: re.Match[str]) -> str:
        element, kind = match[1], match[2]
        state = classes.get(element, "")
        extra = "".join(f" sg-{s}" for s in state.split())
        return f'<g id="{element}" class="{kind}{extra}"'

    svg = re.sub(r'<g id="([^"]+)" class="(node|edge)"', restyle, svg)

    def retext(match: re.Match[str]) -> str:
        text_id = match[1]
        if text_id not in texts:
            return match[0]
        return f'<text id="{text_id}"{match[2]}>{html.escape(texts[text_id])}</text>'

    svg = re.sub(r'<text id="([^"]+)"([^>]*)>([^<]*)</text>', retext, svg)
    return re.sub(r"(<svg[^>]*>)", lambda m: f"{m[1]}\n<style>{CSS}</style>", svg, count=1)


def player_html(
    replay: Steps, *, standalone: bool, height: str | None = None, quiz: bool = False
) -> str:
    """The player for ``replay``: a whole page (``standalone``) or a fragment for Jupyter;
    with ``quiz``, the learner types each gradient before it is shown (``autograd.show.quiz``).

    The page fills the window; the fragment is as wide as the cell and ``height`` tall
    (560 px by default). The first frame is shown as the page loads, also where
    scripts do not run. The page listens to the keys everywhere; the fragment only
    when it has focus.
    """
    data = frame_data(replay, quiz)
    # Deterministic, so re-running a notebook rewrites nothing; the counter
    # keeps two players of the same pass on one page apart.
    digest = hashlib.sha256(data.encode()).hexdigest()[:10]
    player_id = f"sg-steps-{digest}-{next(_PLAYER_NUMBERS)}"
    last = len(replay) - 1
    first = frame_svg(replay, 0) if len(replay) else replay.stage.svg
    first = re.sub(
        r"<svg[^>]*?(viewBox=\"[^\"]*\")[^>]*>",
        r'<svg \1 xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">',
        first,
        count=1,
    )
    legend = (
        f'<div class="sg-legend"><span style="background:{CURRENT_FILL}">processing</span>'
        f'<span style="background:{DONE_FILL}">done</span>'
        f'<span style="border:2px solid {FINAL_LINE}">gradient final</span>'
        f'<span style="background:{PENDING_FILL}">partial sum</span>'
        f"<span>— not reached yet</span></div>"
    )
    text0 = html.escape(replay.describe(replay.frames[0])) if len(replay) else ""
    size = "sg-page" if standalone else "sg-inline"
    style = "" if standalone else f' style="height:{height or "560px"}"'
    body = (
        f'<div class="sg-player {size}" id="{player_id}" tabindex="0"{style}>'
        '<div class="sg-controls">'
        '<button class="sg-prev" type="button" title="previous (←)">◀</button>'
        f'<button class="sg-play" type="button" title="play / pause (space)">▶ play</button>'
        f'<button class="sg-next" type="button" title="next (→)">▶|</button>'
        f'<input class="sg-slider" type="range" min="0" max="{last}" value="0" aria-label="step">'
        f'<span class="sg-counter">1 / {len(replay)}</span>'
        '<select class="sg-speed" aria-label="speed"><option value="0.5">0.5×</option>'
        '<option value="1" selected>1×</option><option value="2">2×</option>'
        '<option value="4">4×</option></select>'
        '<button class="sg-whole" type="button">whole graph</button></div>'
        f'<div class="sg-main"><div class="sg-view">{first}</div>'
        f'<div class="sg-side">{legend}{QUIZ_HTML if quiz else ""}'
        f'<pre class="sg-text">{text0}</pre></div></div>'
        f'<script type="application/json" class="sg-data">{data}</script>'
        "</div>"
    )
    script = SCRIPT % {
        "id": json.dumps(player_id),
        "keys": "document" if standalone else "root",
        "hash": "true" if standalone else "false",
        "quiz": QUIZ_SCRIPT % {"rtol": QUIZ_RTOL} if quiz else "",
    }
    css = CSS + (QUIZ_CSS if quiz else "")
    fragment = f"<style>{css}</style>{body}<script>{script}</script>"
    if not standalone:
        return fragment
    title = html.escape(f"Backward pass of {replay.output.label or 'the output'}")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width">'
        f"<title>{title}</title></head>"
        f'<body class="sg-body"><h1>{title}</h1>{fragment}</body></html>\n'
    )


def steps_widget(replay: Steps) -> Any:
    """The player inside an ipywidgets box: the same page, camera and controls."""
    try:
        import ipywidgets
    except ImportError:
        raise ImportError(
            "Steps.widget() needs ipywidgets (pip install ipywidgets, or "
            "'seegrad[notebooks]'); displaying the Steps object gives the HTML player, "
            "which needs nothing"
        ) from None
    from IPython.display import HTML

    box = ipywidgets.Output()
    box.append_display_data(HTML(player_html(replay, standalone=False)))  # type: ignore[no-untyped-call]
    return box
