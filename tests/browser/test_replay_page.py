"""The replay page in a real browser: headless Chromium at 1400 x 900, driven by selenium.

For each document's network, every frame of the network-view page (and of the op
view) is stepped through: the current node is wholly inside the window, its text
is at least 11 px on screen, each step changes what is highlighted, the keys and
the slider work, ``#step=N`` opens step N, and the console stays free of errors.
Skipped when Chromium or its driver is missing, except under CI (then it fails).
"""

from __future__ import annotations

import itertools
import json
import re
import time
from pathlib import Path
from typing import Any

import pytest

from autograd import steps
from nn.documents.examples import example

EXAMPLES = ["mazur", "punnen", "slides", "geoscience", "wang"]
MIN_TEXT_PX = 11.0

# What the test reads of the page: the view's box, the current node's boxes, and the
# smallest on-screen size of its text (font size times the SVG's scale).
_PROBE = """
var root=document.querySelector('.sg-player'), view=root.querySelector('.sg-view');
var svg=view.querySelector('svg'), v=view.getBoundingClientRect();
var scale=svg.getScreenCTM().a;
var nodes=[svg.querySelector('[id="'+root.getAttribute('data-focus')+'"]')];
var boxes=[], least=1e9, ids=[];
nodes.forEach(function(n){if(!n.classList.contains('sg-current')){return;}
  var b=n.getBoundingClientRect(); ids.push(n.id);
  boxes.push([b.left,b.top,b.right,b.bottom]);
  n.querySelectorAll('text').forEach(function(t){
    least=Math.min(least,parseFloat(t.getAttribute('font-size'))*scale);});});
return {view:[v.left,v.top,v.right,v.bottom], boxes:boxes, least:least, ids:ids,
  counter:root.querySelector('.sg-counter').textContent,
  text:root.querySelector('.sg-text').textContent,
  win:[window.innerWidth, window.innerHeight]};
"""


def _page(tmp: Path, name: str, view: str) -> Path:
    ex = example(name)
    replay = steps(ex.loss(), view=view, model=ex.model, max_nodes=1000)
    path = tmp / f"{name}-{view}.html"
    # the camera jumps instead of gliding, so that each probe sees where it lands
    page = replay.to_html().replace('tabindex="0"', 'tabindex="0" data-glide="0"', 1)
    path.write_text(page, encoding="utf-8")
    return path


def page_frames(page: str) -> list[dict[str, Any]]:
    found = re.search(r'class="sg-data">(.*?)</script>', page, re.S)
    assert found is not None
    frames: list[dict[str, Any]] = json.loads(found.group(1))["frames"]
    return frames


def _errors(driver: Any) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def _check_frame(state: dict[str, Any], where: str) -> None:
    left, top, right, bottom = state["view"]
    width, height = state["win"]
    assert state["boxes"], f"{where}: nothing is highlighted"
    for x0, y0, x1, y1 in state["boxes"]:
        assert left - 1 <= x0 and x1 <= right + 1 and top - 1 <= y0 and y1 <= bottom + 1, (
            f"{where}: the current node {state['ids']} at {(x0, y0, x1, y1)} is outside the view "
            f"{state['view']}"
        )
        assert x0 >= 0 and y0 >= 0 and x1 <= width and y1 <= height
    assert state["least"] >= MIN_TEXT_PX, f"{where}: text at {state['least']:.1f} px"


@pytest.mark.parametrize("view", ["network", "op"])
@pytest.mark.parametrize("name", EXAMPLES)
def test_every_frame_is_framed_and_readable(
    browser: Any, tmp_path: Path, name: str, view: str
) -> None:
    from selenium.webdriver.common.keys import Keys

    path = _page(tmp_path, name, view)
    frames = page_frames(path.read_text(encoding="utf-8"))
    browser.get(path.as_uri())
    body = browser.find_element("tag name", "body")
    total = int(browser.execute_script(_PROBE)["counter"].split("/")[1])
    seen = []
    for i in range(total):
        state = browser.execute_script(_PROBE)
        assert state["counter"] == f"{i + 1} / {total}"
        _check_frame(state, f"{name} {view} step {i + 1}")
        seen.append((tuple(state["ids"]), state["text"]))
        assert state["ids"] == [frames[i]["f"][0]]
        body.send_keys(Keys.ARROW_RIGHT)
    assert all(a != b for a, b in itertools.pairwise(seen)), "a step changed nothing"
    body.send_keys(Keys.ARROW_LEFT)
    assert browser.execute_script(_PROBE)["counter"] == f"{total - 1} / {total}"
    assert not _errors(browser)


def test_slider_hash_and_whole_graph(browser: Any, tmp_path: Path) -> None:
    path = _page(tmp_path, "mazur", "network")
    browser.get(path.as_uri() + "#step=4")
    state = browser.execute_script(_PROBE)
    assert state["counter"] == "4 / 7" and "out_o1" in state["text"]
    _check_frame(state, "#step=4")
    browser.execute_script(
        "var s=document.querySelector('.sg-slider'); s.value=1;s.dispatchEvent(new Event('input'));"
    )
    state = browser.execute_script(_PROBE)
    assert state["counter"] == "2 / 7"
    assert browser.current_url.endswith("#step=2")
    browser.find_element("css selector", ".sg-whole").click()
    box = browser.execute_script(
        "return document.querySelector('.sg-view svg').getAttribute('viewBox')"
    )
    full = browser.execute_script(
        "var b=document.querySelector('.sg-view svg').getBBox(); return [b.width, b.height];"
    )
    width, height = (float(x) for x in box.split()[2:])
    assert width >= full[0] - 1 and height >= full[1] - 1  # the whole graph in view
    # the wheel zooms in around the pointer
    browser.execute_script(
        "var v=document.querySelector('.sg-view');"
        "v.dispatchEvent(new WheelEvent('wheel',{deltaY:-300,clientX:300,clientY:300,"
        "bubbles:true,cancelable:true}));"
    )
    zoomed = browser.execute_script(
        "return document.querySelector('.sg-view svg').getAttribute('viewBox')"
    )
    assert float(zoomed.split()[2]) < width
    # play runs on by itself, and stops at the last step
    browser.execute_script(
        "var s=document.querySelector('.sg-speed'); s.value='4';"
        "s.dispatchEvent(new Event('change'));"
    )
    browser.find_element("css selector", ".sg-play").click()
    time.sleep(3.0)
    assert browser.execute_script(_PROBE)["counter"] == "7 / 7"
    assert "play" in browser.find_element("css selector", ".sg-play").text
    assert not _errors(browser)
