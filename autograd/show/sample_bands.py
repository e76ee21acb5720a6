"""Folding the op view of a loss over several samples: one band per sample.

A loss over m samples (the documents' cross-entropies, written ``name[i]`` for
sample i) computes the same network m times. Drawn top to bottom those m copies
stand side by side, m times as wide as one network: wang's op view was 3,696 pt
wide. Folded, each sample's forward pass is a band of its own (a Graphviz
cluster titled "sample i"), stacked one under the other, and the sum over the
samples follows the last band.

Which band a Value is in:

- a Value computed from one sample's named Values (``x_1[2]``, and everything
  computed from it and the weights) is in that sample's band;
- a Value computed from several samples (the sum of their losses) comes after
  the bands;
- a Value without a sample (a weight, a bias, the constant m, or one computed
  from such alone) is in the band of the Values that use it; used by several
  bands, it is drawn again in each (a *copy*, without the op that made it),
  all copies showing the one Value, its data and its grad summed over the
  samples;
- a sample's result that the sum uses (its loss term) is drawn again, as a
  copy, where the sum is.

So no edge runs from one band to another: each band is a drawing of its own,
and Graphviz stacks them without long edges pulling them sideways.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from autograd.engine.value import Value

SAMPLE = re.compile(r"\[(\d+)\]$")
AFTER = -1  # the band of the Values after the samples' bands: the sum over them


@dataclass
class Bands:
    """Where each Value of a folded op view is drawn (see the module doc)."""

    samples: list[int]
    home: dict[Value, int] = field(default_factory=dict)
    copies: dict[Value, list[int]] = field(default_factory=dict)

    def members(self, band: int) -> list[Value]:
        """The Values drawn in ``band`` (at home or as copies), in graph order."""
        return [v for v, b in self.home.items() if b == band or band in self.copies.get(v, ())]

    def drawn_in(self, parent: Value, band: int) -> int:
        """The band whose drawing of ``parent`` an edge from a Value in ``band`` starts at."""
        return band if band in self.copies.get(parent, ()) else self.home[parent]


def sample_of(v: Value) -> int | None:
    """The sample a label names: 3 for ``z^2_1[3]``, None without a ``[i]`` suffix."""
    match = SAMPLE.search(v.label) if v.label else None
    return int(match[1]) if match else None


def sample_bands(order: list[Value]) -> Bands | None:
    """The bands of the graph whose topological order is ``order``; None when
    fewer than two samples are named (nothing to fold)."""
    reached: dict[Value, frozenset[int]] = {}
    for v in order:
        own = sample_of(v)
        found = frozenset() if own is None else frozenset([own])
        for p in v.parents:
            found |= reached[p]
        reached[v] = found
    samples = sorted(set().union(*reached.values()))
    if len(samples) < 2:
        return None
    bands = Bands(samples)
    for v in order:
        if len(reached[v]) == 1:
            bands.home[v] = next(iter(reached[v]))
        elif reached[v]:
            bands.home[v] = AFTER
    users: dict[Value, list[int]] = {}
    # children before parents, so a sample-less Value's users already have a band
    for v in reversed(order):
        if v not in bands.home:
            used_in = sorted(set(users.get(v, [])), key=_band_order)
            bands.home[v] = used_in[0] if used_in else AFTER
            if len(used_in) > 1:
                bands.copies[v] = used_in[1:]
        for p in v.parents:
            users.setdefault(p, []).append(bands.home[v])
            crosses = p in bands.home and bands.home[p] != bands.home[v] and p.op is not None
            if crosses and bands.home[v] not in bands.copies.setdefault(p, []):
                bands.copies[p].append(bands.home[v])
    bands.home = {v: bands.home[v] for v in order}  # graph order, for stable drawings
    return bands


def _band_order(band: int) -> tuple[bool, int]:
    return (band == AFTER, band)
