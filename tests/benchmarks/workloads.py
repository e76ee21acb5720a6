"""The benchmark's workloads, written once for every engine that runs them.

The moons step is micrograd's demo: an MLP(2, [16, 16, 1]) with ReLU hidden
layers and a linear output, 100 two-moons points, hinge loss (the mean of
relu(1 - y * score)) plus 1e-4 times the sum of squared parameters, then one
SGD update. Every engine starts from the same weights (``initial_weights``)
and builds the same expression in the same order, so their losses agree:

- this engine eagerly (``SeegradStep``: nn.MLP when it is there, else plain Values),
- this engine rerunning one graph on the tape (``TapeStep``),
- micrograd 0.1.0 and PyTorch with 0-dim tensors (in bench.py, when installed),
- plain Python floats with the backward pass written by hand (``float_step``),
  the floor for any pure-Python engine.

A neuron computes z = w_1 x_1 + ... + w_n x_n + b, summed left to right.
Not collected by pytest (no ``test_`` prefix); tests/test_engine_perf_semantics.py
checks that every workload computes what it claims.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Sequence
from typing import Any

from autograd import Value
from autograd.engine.tape import Tape

SIZES = (2, 16, 16, 1)
ALPHA = 1e-4  # L2 weight
LEARNING_RATE = 0.05

# weights[l][j] = (w of neuron j in layer l + 1, its bias)
Weights = list[list[tuple[list[float], float]]]


def moons(n: int = 100, noise: float = 0.1, seed: int = 1) -> tuple[list[list[float]], list[float]]:
    """Two interleaving half circles, labels -1.0 and +1.0 (as hinge loss wants)."""
    rng = random.Random(seed)
    points, labels = [], []
    for i in range(n):
        t = math.pi * (i // 2) / max(1, n // 2 - 1)
        if i % 2 == 0:
            x, y, label = math.cos(t), math.sin(t), -1.0
        else:
            x, y, label = 1.0 - math.cos(t), 0.5 - math.sin(t), 1.0
        points.append([x + rng.gauss(0.0, noise), y + rng.gauss(0.0, noise)])
        labels.append(label)
    return points, labels


def initial_weights(seed: int = 0, sizes: Sequence[int] = SIZES) -> Weights:
    """Uniform(-1, 1) weights and zero biases, as micrograd initialises."""
    rng = random.Random(seed)
    return [
        [([rng.uniform(-1.0, 1.0) for _ in range(nin)], 0.0) for _ in range(nout)]
        for nin, nout in itertools.pairwise(sizes)
    ]


def hinge_l2_loss(scores: Sequence[Any], labels: Sequence[float], params: Sequence[Any]) -> Any:
    """mean(relu(1 - y * score)) + ALPHA * sum(p * p), in micrograd's order of ops.

    Works on any scalar type with + * and a relu: seegrad and micrograd Values,
    0-dim torch tensors (which have .relu()).
    """
    losses = [(1 + -y * s).relu() for y, s in zip(labels, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    return data_loss + ALPHA * sum(p * p for p in params)


def mlp_forward(x: Sequence[Any], layers: Sequence[Sequence[tuple[Sequence[Any], Any]]]) -> Any:
    """The MLP's score for one sample, for any scalar type (hidden ReLU, linear output)."""
    for depth, layer in enumerate(layers):
        outputs = []
        for w, b in layer:
            z = w[0] * x[0]
            for wk, xk in zip(w[1:], x[1:]):
                z = z + wk * xk
            z = z + b
            outputs.append(z.relu() if depth < len(layers) - 1 else z)
        x = outputs
    return x[0]


class SeegradStep:
    """One eager training step of this engine: build the graph, backward, SGD."""

    def __init__(self, weights: Weights, points: list[list[float]], labels: list[float]) -> None:
        self.points, self.labels = points, labels
        self.model, self.params = _seegrad_model(weights)
        self.uses_nn = not isinstance(self.model, _PlainMLP)

    def loss(self) -> Value:
        """The loss graph for the current parameters (a fresh build)."""
        scores = [self.model([Value(a), Value(b)])[0] for a, b in self.points]
        loss: Value = hinge_l2_loss(scores, self.labels, self.params)
        return loss

    def __call__(self) -> float:
        for p in self.params:
            p.grad = 0.0
        loss = self.loss()
        loss.backward()
        sgd(self.params)
        return loss.data


class TapeStep:
    """The same step on a graph built once: ``Tape.run()`` then SGD.

    ``backend="numpy"`` runs the graph a level at a time (autograd.engine.tape_numpy).
    """

    def __init__(self, eager: SeegradStep, backend: str = "python") -> None:
        self.params = eager.params
        self.tape = Tape(eager.loss(), backend=backend)

    def __call__(self) -> float:
        loss = self.tape.run()
        sgd(self.params)
        return loss.data


def sgd(params: Sequence[Value]) -> None:
    for p in params:
        p.data -= LEARNING_RATE * p.grad


class _PlainMLP:
    """The MLP from plain Values, used until nn.MLP is available."""

    def __init__(self, weights: Weights) -> None:
        self.layers = [[([Value(v) for v in w], Value(b)) for w, b in layer] for layer in weights]

    def __call__(self, x: Sequence[Value]) -> list[Value]:
        return [mlp_forward(x, self.layers)]

    def parameters(self) -> list[Value]:
        return [p for layer in self.layers for w, b in layer for p in (*w, b)]


def _seegrad_model(
    weights: Weights,
) -> tuple[Callable[[Sequence[Value]], list[Value]], list[Value]]:
    """nn.MLP loaded with ``weights`` when nn provides it, else the plain-Value MLP."""
    sizes = [len(weights[0][0][0]), *(len(layer) for layer in weights)]
    try:
        from nn import MLP

        model = MLP(
            sizes[0],
            sizes[1:],
            "relu",
            output_activation="linear",
            weights=[[w for w, _ in layer] for layer in weights],
            biases=[[b for _, b in layer] for layer in weights],
        )
        params: list[Value] = model.parameters()
        return model, params
    except ImportError:
        plain = _PlainMLP(weights)
        return plain, plain.parameters()


def float_step(
    weights: Weights, points: list[list[float]], labels: list[float]
) -> tuple[float, Weights]:
    """The step in plain floats with a hand-written backward pass: (loss, gradients).

    Gradients have the shape of ``weights``. The caller applies the update.
    """
    n = len(points)
    depth = len(weights)
    grads: Weights = [[([0.0] * len(w), 0.0) for w, _ in layer] for layer in weights]
    data_loss = 0.0
    for x0, label in zip(points, labels):
        # Forward, keeping each layer's inputs for the backward pass.
        inputs = [x0]
        x = x0
        for d, layer in enumerate(weights):
            zs = []
            for w, b in layer:
                z = w[0] * x[0]
                for k in range(1, len(w)):
                    z = z + w[k] * x[k]
                zs.append(z + b)
            x = [max(z, 0.0) if d < depth - 1 else z for z in zs]
            inputs.append(x)
        margin = 1.0 + -label * x[0]
        data_loss += max(margin, 0.0)
        # d loss / d score for this sample, then back through the layers. Like
        # the graph, the pass runs even when relu makes the gradient zero.
        upstream = [-label / n if margin > 0.0 else 0.0]
        for d in range(depth - 1, -1, -1):
            below = inputs[d]
            back = [0.0] * len(below)
            for j, (w, _) in enumerate(weights[d]):
                g = upstream[j]
                if d < depth - 1 and inputs[d + 1][j] <= 0.0:
                    g = 0.0
                gw, gb = grads[d][j]
                for k in range(len(w)):
                    gw[k] += g * below[k]
                    back[k] += g * w[k]
                grads[d][j] = (gw, gb + g)
            upstream = back
    reg = 0.0
    for d, layer in enumerate(weights):
        for j, (w, b) in enumerate(layer):
            gw, gb = grads[d][j]
            for k, wk in enumerate(w):
                reg += wk * wk
                gw[k] += 2.0 * ALPHA * wk
            grads[d][j] = (gw, gb + 2.0 * ALPHA * b)
            reg += b * b
    return data_loss / n + ALPHA * reg, grads


class FloatStep:
    """``float_step`` plus the SGD update, as a callable step like the others."""

    def __init__(self, weights: Weights, points: list[list[float]], labels: list[float]) -> None:
        self.weights = [[(list(w), b) for w, b in layer] for layer in weights]
        self.points, self.labels = points, labels

    def __call__(self) -> float:
        loss, grads = float_step(self.weights, self.points, self.labels)
        self.weights = [
            [
                ([wk - LEARNING_RATE * gk for wk, gk in zip(w, gw)], b - LEARNING_RATE * gb)
                for (w, b), (gw, gb) in zip(layer, glayer)
            ]
            for layer, glayer in zip(self.weights, grads)
        ]
        return loss


def chain(n: int, make: Callable[[float], Any]) -> tuple[Any, Any]:
    """A chain of n binary ops on one running value: (root, the leaf y it reuses).

    Links alternate x * y and x + y, with y = 1.0000001 so nothing overflows.
    """
    x, y = make(0.5), make(1.0000001)
    for i in range(n):
        x = x * y if i % 2 == 0 else x + y
    return x, y


def long_sum(n: int, make: Callable[[float], Any]) -> tuple[Any, list[Any]]:
    """sum(x_i) over n leaves x_i = i / n: (root, the leaves)."""
    leaves = [make(i / n) for i in range(n)]
    return sum(leaves), leaves
