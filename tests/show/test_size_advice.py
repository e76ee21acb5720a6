"""A size refusal suggests only what the refusing call can do."""

from __future__ import annotations

import inspect
import re

import pytest

from autograd import Value, draw, steps
from autograd.show.draw import GraphTooLargeError


def labelled_chain(n: int) -> Value:
    y = Value(0.5, label="x")
    for i in range(n):
        y = (y * 1.5).named(f"y{i}")
    return y


def options_named(message: str) -> set[str]:
    return set(re.findall(r"\b([a-z_]+)=", message))


def test_the_named_view_does_not_suggest_itself() -> None:
    with pytest.raises(GraphTooLargeError) as caught:
        draw(labelled_chain(30), view="named", max_nodes=10)
    message = str(caught.value)
    assert "the named view of y29 has 31 nodes" in message
    assert "view='named'" not in message and "label fewer" in message
    assert options_named(message) <= set(inspect.signature(draw).parameters)


def test_the_op_view_suggests_the_named_view() -> None:
    with pytest.raises(GraphTooLargeError, match="view='named'"):
        draw(labelled_chain(30), view="op", max_nodes=10)


def test_steps_suggests_only_its_own_options() -> None:
    with pytest.raises(GraphTooLargeError) as caught:
        steps(labelled_chain(30), max_nodes=10)
    message = str(caught.value)
    assert "the backward pass of y29" in message and "raise max_nodes" in message
    # steps() takes view= (the named and network replays are smaller), so it may say so
    assert "view='named'" in message
    assert options_named(message) <= set(inspect.signature(steps).parameters)
