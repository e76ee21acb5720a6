"""The op-view replay of a loss over several samples, stacked like ``draw`` stacks it:
one band per sample, copies restyled with their Value, the camera kept in one band."""

from __future__ import annotations

import re

from autograd import steps
from autograd.show.player import frame_changes
from autograd.show.sample_bands import AFTER, sample_bands
from nn.documents.examples import example


def test_a_replay_over_samples_is_stacked_and_its_camera_stays_in_the_band() -> None:
    ex = example("wang")
    loss = ex.loss()
    loss.backward()
    replay = steps(loss, view="op")
    stage = replay.stage
    assert 'layout="nop2"' in stage.source and 'id="band3"' in stage.svg
    w = ex.weights()[0]
    assert len(stage.copies[w]) == 2  # drawn again in samples 2 and 3
    # every drawing of w shows its grad, and the page rewrites them all
    assert {t.split("-g")[0] for t in stage.grad_texts[w]} == {*stage.nodes[w], *stage.copies[w]}
    bands = sample_bands(replay.order)
    assert bands is not None

    def band_of(element: str) -> int:
        """The band an element is drawn in: a copy's by its suffix, else its Value's home."""
        found = re.fullmatch(r"[voerl](\d+)(?:_\d+h?)?(s\d+|sum)?", element)
        assert found, element
        if found[2]:
            return AFTER if found[2] == "sum" else int(found[2][1:])
        return bands.home[replay.order[int(found[1])]]

    checked = 0
    for frame, (_, _, focus) in zip(replay.frames, frame_changes(replay)):
        if any(v.label and v.label.endswith("[3]") for v in frame.nodes) and frame.edges:
            assert {band_of(el) for el in focus} == {3}, (frame.index, focus)
            checked += 1
    assert checked > 10
