"""Neuron, Layer and MLP: z = w·x + b, a = activation(z), layer after layer.

Every Value made here carries a label in Nielsen's notation (all indices
1-based, as in the documents): weight ``w^l_jk`` from neuron k of layer l-1 to
neuron j of layer l, bias ``b^l_j`` (``b^l`` when the layer shares one bias),
weighted input ``z^l_j``, activation ``a^l_j``, input ``x_k``. An example
renames them by setting the labels of the weights and the ``z_label`` /
``a_label`` of a neuron (seed 003 calls them w1..w8, net_h1, out_h1, ...).

Each neuron keeps the ``z`` and ``a`` of its most recent forward pass, so after
``loss.backward()`` the gradient of ``neuron.z`` is the error term delta^l_j.
"""

from __future__ import annotations

import numbers
import random
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, cast

from autograd.engine import Value
from nn.module import Module
from nn.torch_bridge import LayerSpec, layer_specs, sequential

ACTIVATIONS = ("sigmoid", "tanh", "relu", "linear")
Number = float | int
Input = Value | float | int


def _check_activation(name: str) -> str:
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; choose one of {', '.join(ACTIVATIONS)}")
    return name


def _index(j: int, k: int) -> str:
    """``12`` for (1, 2); ``10,3`` once an index has two digits, so it stays unambiguous."""
    return f"{j}{k}" if j < 10 and k < 10 else f"{j},{k}"


class Neuron(Module):
    """One unit: z = w_1 x_1 + ... + w_n x_n + b, a = activation(z).

    The sum is built left to right in that order (seed 003's
    ``net_h1 = w1*i1 + w2*i2 + b1``). With activation "linear", a is z itself.
    """

    def __init__(
        self,
        w: Sequence[Value],
        b: Value | None,
        activation: str = "tanh",
        *,
        z_label: str | None = None,
        a_label: str | None = None,
    ) -> None:
        if not w:
            raise ValueError("a Neuron needs at least one weight")
        self.w: list[Value] = list(w)
        self.b: Value | None = b  # None for a neuron without bias (seed 002)
        self.activation: str = _check_activation(activation)
        self.z_label = z_label
        self.a_label = a_label
        self.z: Value | None = None
        self.a: Value | None = None

    @property
    def nin(self) -> int:
        return len(self.w)

    def own_parameters(self) -> Iterator[tuple[str, Value]]:
        for k, w in enumerate(self.w):
            yield f"w.{k}", w
        if self.b is not None:
            yield "b", self.b

    if TYPE_CHECKING:  # Module.__call__ runs forward; this gives calls forward's types

        def __call__(self, x: Sequence[Value]) -> Value: ...

    def forward(self, x: Sequence[Value]) -> Value:
        """a = activation(w·x + b), keeping z and a on the neuron."""
        if len(x) != len(self.w):
            raise ValueError(
                f"neuron {self.z_label or ''} expects {len(self.w)} inputs, got {len(x)}"
            )
        z = self.w[0] * x[0]
        for w, xk in zip(self.w[1:], x[1:]):
            z = z + w * xk
        if self.b is not None:
            z = z + self.b
        z.label = self.z_label
        if self.activation == "linear":
            a = z
        else:
            a = getattr(z, self.activation)()
            a.label = self.a_label
        self.z, self.a = z, a
        return a

    def __repr__(self) -> str:
        return f"Neuron({self.activation}, {len(self.w)} inputs)"


class Layer(Module):
    """``nout`` neurons reading the same ``nin`` inputs.

    ``index`` is the layer number l (1 = first layer after the inputs) used in
    labels. ``weights[j][k]`` gives neuron j's weight on input k; ``biases`` is
    one number per neuron, or a single number to share ONE bias Value across
    the layer (seed 003: b1 = 0.35 for both hidden neurons). Anything not given
    is drawn from ``rng``: weights and biases uniform in [-1/sqrt(nin), 1/sqrt(nin)]
    (PyTorch's default). ``bias=False`` makes neurons without a bias (``neuron.b`` is None).
    """

    def __init__(
        self,
        nin: int,
        nout: int,
        activation: str = "tanh",
        *,
        index: int = 1,
        weights: Sequence[Sequence[Number]] | None = None,
        biases: Sequence[Number] | Number | None = None,
        rng: random.Random | None = None,
        bias: bool = True,
    ) -> None:
        if not bias and biases is not None:
            raise ValueError(f"layer {index}: biases given but bias=False")
        if nin < 1 or nout < 1:
            raise ValueError(f"layer {index} needs nin >= 1 and nout >= 1, got {nin} and {nout}")
        rng = rng if rng is not None else random.Random(0)
        bound = nin**-0.5
        if weights is not None:
            _check_shape(weights, nin, nout, index)
        self.index = index
        self.shared_bias: Value | None = None
        # One number (numpy scalars too) is a bias shared by the layer; anything
        # else given is one number per neuron (a list, a tuple, a numpy array).
        per_neuron: Sequence[Number] | None = None
        if isinstance(biases, numbers.Real):
            self.shared_bias = Value(float(biases), label=f"b^{index}")
        elif biases is not None:
            per_neuron = cast(Sequence[Number], biases)
            if len(per_neuron) != nout:
                raise ValueError(
                    f"layer {index}: biases has {len(per_neuron)} numbers, expected {nout}"
                )
        self.neurons: list[Neuron] = []
        for j in range(1, nout + 1):
            row = weights[j - 1] if weights is not None else None
            w = [
                Value(
                    row[k - 1] if row is not None else rng.uniform(-bound, bound),
                    label=f"w^{index}_{_index(j, k)}",
                )
                for k in range(1, nin + 1)
            ]
            b: Value | None
            if self.shared_bias is not None:
                b = self.shared_bias
            elif not bias:
                b = None
            else:
                given = per_neuron[j - 1] if per_neuron is not None else rng.uniform(-bound, bound)
                b = Value(given, label=f"b^{index}_{j}")
            self.neurons.append(
                Neuron(w, b, activation, z_label=f"z^{index}_{j}", a_label=f"a^{index}_{j}")
            )

    @property
    def activation(self) -> str:
        return self.neurons[0].activation

    def children(self) -> Iterator[tuple[str, Module]]:
        for j, neuron in enumerate(self.neurons):
            yield f"neurons.{j}", neuron

    def _walk(self, prefix: str) -> Iterator[tuple[str, Value]]:
        # A shared bias is listed once, after all the weights, as "b".
        for name, neuron in self.children():
            for own, value in neuron.own_parameters():
                if value is not self.shared_bias:
                    yield f"{prefix}{name}.{own}", value
        if self.shared_bias is not None:
            yield prefix + "b", self.shared_bias

    if TYPE_CHECKING:

        def __call__(self, x: Sequence[Value]) -> list[Value]: ...

    def forward(self, x: Sequence[Value]) -> list[Value]:
        """Each neuron's activation, in order."""
        return [neuron(x) for neuron in self.neurons]

    def __repr__(self) -> str:
        shared = ", shared bias" if self.shared_bias is not None else ""
        return f"Layer({self.activation}, {len(self.neurons[0].w)} -> {len(self.neurons)}{shared})"


def _bias(neuron: Neuron) -> Value:
    assert neuron.b is not None  # the caller checked the layer has biases
    return neuron.b


def _check_shape(weights: Sequence[Sequence[Number]], nin: int, nout: int, index: int) -> None:
    if len(weights) != nout:
        raise ValueError(f"layer {index}: weights has {len(weights)} rows, expected {nout}")
    for j, row in enumerate(weights):
        if len(row) != nin:
            raise ValueError(
                f"layer {index}: weights[{j}] has {len(row)} numbers, expected {nin}, one per input"
            )


class MLP(Module):
    """A multilayer perceptron: ``nin`` inputs, then one layer per entry of ``sizes``.

    ``activation`` is used by every layer, ``output_activation`` (if given) by
    the last one instead. Parameters not given explicitly are drawn from
    ``random.Random(seed)``, layer by layer, neuron by neuron, weights before
    bias, so the same seed always gives the same network. ``weights[l][j][k]``
    and ``biases[l]`` (a list, or one number for a shared bias) set layer l
    explicitly; either may be None for a layer to draw it at random.
    ``bias=False`` builds every neuron without a bias.

    ``model(x)`` returns a list with one Value per output neuron; numbers in
    ``x`` become input leaves labelled ``x_1, x_2, ...`` (``input_labels``).
    """

    def __init__(
        self,
        nin: int,
        sizes: Sequence[int],
        activation: str = "tanh",
        output_activation: str | None = None,
        *,
        seed: int = 0,
        weights: Sequence[Sequence[Sequence[Number]] | None] | None = None,
        biases: Sequence[Sequence[Number] | Number | None] | None = None,
        bias: bool = True,
    ) -> None:
        if not sizes:
            raise ValueError("an MLP needs at least one layer: sizes is empty")
        for name, given in (("weights", weights), ("biases", biases)):
            if given is not None and len(given) != len(sizes):
                raise ValueError(f"{name} has {len(given)} layers, sizes has {len(sizes)}")
        _check_activation(activation)
        last = _check_activation(output_activation) if output_activation else activation
        rng = random.Random(seed)
        self.nin = nin
        self.seed = seed
        self.input_labels = [f"x_{k}" for k in range(1, nin + 1)]
        self.layers: list[Layer] = []
        fan_in = nin
        for i, size in enumerate(sizes):
            self.layers.append(
                Layer(
                    fan_in,
                    size,
                    last if i == len(sizes) - 1 else activation,
                    index=i + 1,
                    weights=weights[i] if weights is not None else None,
                    biases=biases[i] if biases is not None else None,
                    rng=rng,
                    bias=bias,
                )
            )
            fan_in = size
        self.last_inputs: list[Value] | None = None

    def children(self) -> Iterator[tuple[str, Module]]:
        for i, layer in enumerate(self.layers):
            yield f"layers.{i}", layer

    @property
    def neurons(self) -> list[Neuron]:
        """Every neuron, layer by layer."""
        return [n for layer in self.layers for n in layer.neurons]

    if TYPE_CHECKING:

        def __call__(self, x: Sequence[Input]) -> list[Value]: ...

    def forward(self, x: Sequence[Input]) -> list[Value]:
        """The last layer's activations for inputs ``x`` (numbers become labelled leaves)."""
        if len(x) != self.nin:
            raise ValueError(f"the MLP expects {self.nin} inputs, got {len(x)}")
        inputs = [
            xk if isinstance(xk, Value) else Value(xk, label=label)
            for xk, label in zip(x, self.input_labels)
        ]
        self.last_inputs = inputs
        out: list[Value] = inputs
        for layer in self.layers:
            out = layer(out)
        return out

    def to_torch(self) -> Any:
        """An equivalent ``torch.nn.Sequential`` (float64) with these weights and biases:
        the same outputs and gradients (``nn.torch_bridge``). Needs PyTorch installed."""
        specs = [
            LayerSpec(
                [[w.data for w in n.w] for n in layer.neurons],
                None if layer.neurons[0].b is None else [_bias(n).data for n in layer.neurons],
                layer.activation,
            )
            for layer in self.layers
        ]
        return sequential(specs)

    @classmethod
    def from_torch(cls, model: Any) -> MLP:
        """The MLP of a ``torch.nn.Sequential`` of Linear layers, each followed by at
        most one Sigmoid, Tanh or ReLU; every hidden layer must use the same one."""
        specs = layer_specs(model)
        hidden = {spec.activation for spec in specs[:-1]}
        if len(hidden) > 1:
            raise ValueError(
                f"the hidden layers use different activations ({', '.join(sorted(hidden))}); "
                "an MLP has one activation for its hidden layers"
            )
        has_bias = {spec.biases is not None for spec in specs}
        if len(has_bias) > 1:
            raise ValueError("some layers have a bias and some do not; an MLP has all or none")
        last = specs[-1].activation
        return cls(
            len(specs[0].weights[0]),
            [len(spec.weights) for spec in specs],
            hidden.pop() if hidden else last,
            last,
            weights=[spec.weights for spec in specs],
            biases=[spec.biases for spec in specs] if specs[0].biases is not None else None,
            bias=specs[0].biases is not None,
        )

    def __repr__(self) -> str:
        sizes = [len(layer.neurons) for layer in self.layers]
        kinds = "/".join(layer.activation for layer in self.layers)
        return f"MLP({self.nin}, {sizes}, {kinds})"
