"""The quiz's questions: one per frame but the output's, each the frame's gradient."""

from __future__ import annotations

import pytest

from autograd import steps
from autograd.show.quiz import quiz_questions
from nn.documents.examples import example


@pytest.mark.parametrize("view", ["network", "named", "op"])
def test_each_question_is_the_gradient_the_frame_uses(view: str) -> None:
    ex = example("mazur")
    loss = ex.loss()
    loss.backward()
    replay = steps(loss, view=view, model=ex.model)
    questions = quiz_questions(replay)
    assert questions[0] is None and replay[0].node is loss  # the seed is not asked
    for frame, question in zip(replay.frames[1:], questions[1:]):
        assert question is not None
        assert question["value"] == frame.upstream == frame.node.grad
        assert question["name"].startswith("∂E_total/∂")


def test_the_hint_gives_the_chain_rule_with_numbers() -> None:
    ex = example("mazur")
    loss = ex.loss()
    loss.backward()
    replay = steps(loss, view="named")
    questions = quiz_questions(replay)
    out_h1 = next(q for f, q in zip(replay, questions) if f.node.label == "out_h1")
    assert out_h1 is not None
    # out_h1 feeds both outputs: two upstream gradients times two local derivatives
    assert out_h1["hint"].count("×") == 4 and " + " in out_h1["hint"]
