"""The replay page as a quiz (``to_html(quiz=True)``), answered in a real browser."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from selenium.webdriver.common.by import By

from autograd import steps
from autograd.show.quiz import QUIZ_RTOL
from nn.documents.examples import example


def _quiz_page(tmp_path: Path) -> tuple[Path, list[Any]]:
    ex = example("mazur")
    loss = ex.loss()
    loss.backward()
    path = tmp_path / "quiz.html"
    page = steps(loss, model=ex.model).to_html(path, quiz=True)
    data = page.split('class="sg-data">', 1)[1].split("</script>", 1)[0]
    frames = json.loads(data.replace("\\u003c", "<"))["frames"]
    return path, frames


def _box(browser: Any) -> Any:
    return browser.find_element(By.CSS_SELECTOR, ".sg-q-input")


def _answer(browser: Any, text: str) -> tuple[str, str]:
    box = _box(browser)
    box.clear()
    box.send_keys(text)
    browser.find_element(By.CSS_SELECTOR, ".sg-q-check").click()
    feedback = browser.find_element(By.CSS_SELECTOR, ".sg-q-feedback").text
    return box.get_attribute("class") or "", feedback


def _hidden(browser: Any, ids: list[str]) -> list[bool]:
    return [
        browser.execute_script(
            "var e=document.querySelector('[id=\"'+arguments[0]+'\"]');"
            "return getComputedStyle(e).visibility==='hidden';",
            text_id,
        )
        for text_id in ids
    ]


def test_a_right_answer_turns_green_and_reveals_the_gradient(browser: Any, tmp_path: Path) -> None:
    path, frames = _quiz_page(tmp_path)
    asked = next(i for i, f in enumerate(frames) if f.get("q") and f["q"]["ids"])
    question = frames[asked]["q"]
    browser.get(f"{path.as_uri()}#step={asked + 1}")
    assert browser.find_element(By.CSS_SELECTOR, ".sg-q-name").text == question["name"]
    assert question["ids"] and all(_hidden(browser, question["ids"]))  # not given away
    near = question["value"] * (1 + QUIZ_RTOL / 2)  # within 3 significant digits
    classes, feedback = _answer(browser, f"{near:.6g}")
    assert "sg-right" in classes and feedback.startswith("right")
    assert not any(_hidden(browser, question["ids"]))


def test_a_wrong_answer_turns_red_with_the_numbers_to_multiply(
    browser: Any, tmp_path: Path
) -> None:
    path, frames = _quiz_page(tmp_path)
    asked = next(i for i, f in enumerate(frames) if f.get("q") and f["q"]["ids"])
    question = frames[asked]["q"]
    browser.get(f"{path.as_uri()}#step={asked + 1}")
    classes, feedback = _answer(browser, f"{question['value'] * 2:.6g}")
    assert "sg-wrong" in classes and "Hint" in feedback and "×" in feedback
    assert all(_hidden(browser, question["ids"]))  # still hidden
    browser.find_element(By.CSS_SELECTOR, ".sg-q-show").click()
    assert not any(_hidden(browser, question["ids"]))
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
