"""Which order a backward replay visits its nodes in (see ``autograd.explain.frames``).

A *plan* lists the frames: for each, its first node, the nodes it processes
(children first) and which of their edges (``None``: all of them).

- ``unit_plan``: groups of nodes (units) in a topological order of the groups
  (Kahn's algorithm), the next group chosen by priority: for ``"engine"`` the
  position of its first node in reverse topological order (so with one node per
  unit this is exactly ``backward()``'s order); for ``"document"`` its layer (the
  longest distance from the output), then its label with numbers compared as
  numbers, then its position.
- ``naive_plan``: depth first, one edge at a time, walking into a parent as soon
  as it gets its first contribution (the order that goes wrong).
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Hashable
from typing import Any

from autograd.engine.value import Value

Graph = dict[Value, tuple[tuple[Value, float], ...]]
Plan = list[tuple[Value, tuple[Value, ...], tuple[int, ...] | None]]
Unit = Callable[[Value], Hashable]
_NUMBER = re.compile(r"(\d+)")


def index_key(label: str) -> tuple[tuple[int, int | str], ...]:
    """A label's sort key with its numbers compared as numbers (w2 before w10)."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in _NUMBER.split(label) if part
    )


def unit_plan(graph: Graph, nodes: list[Value], order: str, units: Unit | None) -> Plan:
    """``nodes`` (children first) grouped by ``units`` and ordered by ``order`` (module doc)."""
    unit_of: Unit = units if units is not None else (lambda v: id(v))
    members: dict[Hashable, list[Value]] = {}
    for v in nodes:  # children first, so members come in a valid order
        members.setdefault(unit_of(v), []).append(v)
    key_of = {v: k for k, vs in members.items() for v in vs}
    # The quotient graph: unit -> units it passes to; and how many edges wait.
    waiting: dict[Hashable, int] = dict.fromkeys(members, 0)
    below: dict[Hashable, set[Hashable]] = {k: set() for k in members}
    for k, vs in members.items():
        for v in vs:
            for p, _ in graph[v]:
                q = key_of.get(p)
                if q is not None and q != k and q not in below[k]:
                    below[k].add(q)
                    waiting[q] += 1
    position = {v: i for i, v in enumerate(graph)}
    priority: dict[Hashable, tuple[Any, ...]]
    if order == "engine":
        priority = {k: (min(position[v] for v in vs),) for k, vs in members.items()}
    else:
        # A node's layer: its longest distance from the output (children first).
        depth = dict.fromkeys(graph, 0)
        for v, edges in graph.items():
            for p, _ in edges:
                depth[p] = max(depth[p], depth[v] + 1)
        priority = {
            k: (min(depth[v] for v in vs), index_key(vs[0].label or ""), position[vs[0]])
            for k, vs in members.items()
        }
    ready = [(priority[k], n, k) for n, k in enumerate(members) if waiting[k] == 0]
    heapq.heapify(ready)
    plan: Plan = []
    serial = len(members)
    while ready:
        _, _, k = heapq.heappop(ready)
        plan.append((members[k][0], tuple(members[k]), None))
        for q in below[k]:
            waiting[q] -= 1
            if waiting[q] == 0:
                heapq.heappush(ready, (priority[q], serial, q))
                serial += 1
    if len(plan) != len(members):
        raise ValueError("units: the groups of nodes depend on each other in a cycle")
    return plan


def naive_plan(graph: Graph, output: Value) -> Plan:
    """The naive depth-first order (module doc)."""
    # for each edge of a node: pass it on, then walk into the parent at once,
    # unless it was walked into before (an explicit stack, no recursion).
    plan: Plan = []
    visited = {output}
    stack = [(output, 0)]
    while stack:
        node, k = stack.pop()
        edges = graph[node]
        if k == len(edges):
            continue
        stack.append((node, k + 1))
        plan.append((node, (node,), (k,)))
        parent = edges[k][0]
        if parent not in visited and graph.get(parent):
            visited.add(parent)
            stack.append((parent, 0))
    return plan
