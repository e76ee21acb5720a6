"""Small data sets made on the spot: two moons and XOR (no download, no numpy)."""

from __future__ import annotations

import math
import random


def make_moons(
    n: int = 100, noise: float = 0.1, seed: int = 0
) -> tuple[list[list[float]], list[int]]:
    """Two interleaving half circles in the plane, with labels 0 and 1.

    Label 0: (cos t, sin t); label 1: (1 - cos t, 1/2 - sin t), for t evenly
    spaced in [0, pi] (n // 2 points on the first moon, the rest on the
    second), plus Gaussian noise of standard deviation ``noise`` on each
    coordinate, then shuffled. The same (n, noise, seed) always gives the same
    points. For ±1 labels (hinge loss) use ``2 * y - 1``.
    """
    if n < 2:
        raise ValueError(f"make_moons needs n >= 2, got {n}")
    if noise < 0:
        raise ValueError(f"noise must be >= 0, got {noise}")
    rng = random.Random(seed)
    n_outer = n // 2
    n_inner = n - n_outer
    points: list[tuple[list[float], int]] = []
    for count, label in ((n_outer, 0), (n_inner, 1)):
        for i in range(count):
            t = math.pi * i / (count - 1) if count > 1 else 0.0
            if label == 0:
                x, y = math.cos(t), math.sin(t)
            else:
                x, y = 1.0 - math.cos(t), 0.5 - math.sin(t)
            points.append(([x + rng.gauss(0.0, noise), y + rng.gauss(0.0, noise)], label))
    rng.shuffle(points)
    return [p for p, _ in points], [label for _, label in points]


def xor() -> tuple[list[list[float]], list[int]]:
    """The four XOR points: label 1 exactly when one input is 1."""
    inputs = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    return inputs, [0, 1, 1, 0]
