"""A replay keeps nothing alive once dropped (no cache outlives the Steps it describes),
and its frames grow linearly with the graph."""

from __future__ import annotations

import gc
import tracemalloc
import weakref

from autograd import Value, steps


def chain(n: int) -> Value:
    x = Value(0.5, label="x")
    y = x
    for k in range(n):
        y = (y * 1.01 + 0.1).named(f"h{k}")
    y.backward()
    return y


def test_a_dropped_replay_and_its_graph_are_freed() -> None:
    root = chain(100)  # 201 nodes: the size that kept 272 MB alive before
    replay = steps(root, view="op")
    replay.to_html()
    watched: list[weakref.ref[object]] = [
        weakref.ref(replay),
        weakref.ref(replay[0]),
        weakref.ref(replay.stage),
    ]
    del replay, root
    gc.collect()
    assert [ref() for ref in watched] == [None, None, None]


def test_memory_after_dropping_replays_returns_to_where_it_was() -> None:
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        for _ in range(2):
            replay = steps(chain(100), view="op")
            replay.to_html()
            del replay
        gc.collect()
        after, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert after - before < 0.05 * (peak - before)


def test_frames_memory_grows_linearly() -> None:
    def frames_bytes(n: int) -> int:
        root = chain(n)
        gc.collect()
        tracemalloc.start()
        try:
            replay = steps(root, view="op", max_nodes=10**6)
            size, _ = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert len(replay) > n
        return size

    small, large = frames_bytes(500), frames_bytes(2000)
    assert large / small < 4 * 1.5  # 4x the nodes: about 4x the memory, not 16x
