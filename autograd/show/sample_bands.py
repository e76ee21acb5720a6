"""Drawing a loss over several samples in bands, one per sample, stacked.

A loss over m samples (the documents' cross-entropies, written ``name[i]`` for
sample i) computes the same network m times. Drawn top to bottom those m copies
stand side by side, m times as wide as one network: wang's op view was 3,696 pt
wide. In bands, each sample's forward pass is drawn apart, framed and titled
"sample i", one under the other, and the sum over the samples follows the last
band (``autograd.show.band_layout``).

Which band a Value is in:

- a computed Value that depends on one sample's labelled Values (``x_1[2]``),
  with or without the weights, is in that sample's band;
- a computed Value that depends on several samples (the sum of their losses)
  is in the last band, after the samples;
- a leaf (an input, a target, a weight, the constant m), or a Value computed
  from leaves of no sample, is in the band of the first Value that uses it;
- a Value used in other bands as well is drawn again in each (a *copy*, dashed,
  without the op that made it): a weight in every sample, a sample's loss term
  where the sum is. All copies show the one Value, its data and its grad.

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
    """Where each Value of a drawing in bands is drawn (see the module doc)."""

    samples: list[int]
    home: dict[Value, int] = field(default_factory=dict)
    copies: dict[Value, list[int]] = field(default_factory=dict)
    of_sample: dict[Value, int] = field(default_factory=dict)  # computed from one sample

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
    fewer than two samples have a forward pass (nothing to stack).

    A sample is a suffix ``[i]`` on the label of at least one computed Value
    (``z^2_1[3]``): leaves alone labelled ``x[0]``, ``x[1]`` are a vector's
    entries, micrograd's way of naming inputs, not samples.
    """
    forward = {i for v in order if v.op is not None and (i := sample_of(v)) is not None}
    if len(forward) < 2:
        return None
    reached: dict[Value, frozenset[int]] = {}
    for v in order:
        own = sample_of(v)
        found = frozenset([own]) if own in forward else frozenset()
        for p in v.parents:
            found |= reached[p]
        reached[v] = found
    bands = Bands(sorted(forward))
    for v in order:
        if v.op is not None and len(reached[v]) == 1:
            bands.home[v] = bands.of_sample[v] = next(iter(reached[v]))
        elif v.op is not None and reached[v]:
            bands.home[v] = AFTER
    users: dict[Value, set[int]] = {}
    # children before parents, so every Value's users already have a band
    for v in reversed(order):
        used_in = sorted(users.get(v, set()), key=band_order)
        if v not in bands.home:  # a leaf, or computed from leaves of no sample
            bands.home[v] = used_in[0] if used_in else AFTER
        others = [b for b in used_in if b != bands.home[v]]
        if others:
            bands.copies[v] = others
        for p in v.parents:
            users.setdefault(p, set()).add(bands.home[v])
    bands.home = {v: bands.home[v] for v in order}  # graph order, for stable drawings
    return bands


def band_order(band: int) -> tuple[bool, int]:
    """Sorting key of bands: the samples' in order, then the last band (the sum)."""
    return (band == AFTER, band)
