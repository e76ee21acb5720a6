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
from collections.abc import Iterable
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


def drawn_id(i: int, home: int, band: int) -> str:
    """The node id of Value ``i`` (home band ``home``) as drawn in ``band``:
    ``v{i}`` at home, else the copy ``v{i}s{band}``, or ``v{i}sum`` in the last band."""
    if band == home:
        return f"v{i}"
    return f"v{i}sum" if band == AFTER else f"v{i}s{band}"


def settle(used_in: Iterable[int], home: int | None) -> tuple[int, list[int]]:
    """Where a Value is drawn, given the bands of the Values that use it: at
    ``home`` if it has one, else beside its first user (the last band if none);
    and drawn again in each other band a user is in (its copies)."""
    used = sorted(set(used_in), key=band_order)
    at = home if home is not None else used[0] if used else AFTER
    return at, [b for b in used if b != at]


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
        # a leaf, or a Value computed from leaves of no sample, has no home yet
        bands.home[v], others = settle(users.get(v, ()), bands.home.get(v))
        if others:
            bands.copies[v] = others
        for p in v.parents:
            users.setdefault(p, set()).add(bands.home[v])
    bands.home = {v: bands.home[v] for v in order}  # graph order, for stable drawings
    return bands


def band_order(band: int) -> tuple[bool, int]:
    """Sorting key of bands: the samples' in order, then the last band (the sum)."""
    return (band == AFTER, band)
