"""Module: the parameters of a model, their gradients, and their saved form.

A module names every scalar parameter with a dotted path, as PyTorch does:
``layers.0.neurons.1.w.0`` is weight 0 of neuron 1 of layer 0 (all 0-based,
like Python lists), ``layers.0.neurons.1.b`` its bias and ``layers.0.b`` a bias
shared by every neuron of layer 0. A Value reachable under several names (a
shared bias) is listed once, under the first name.

``state_dict()`` is plain JSON-able data: names ending in ``.<index>`` are
grouped into one list, so a neuron's weights read ``"layers.0.neurons.1.w":
[0.25, 0.3]`` and a bias ``"layers.0.neurons.1.b": 0.35``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from autograd.engine import Value
from autograd.engine.files import write_atomically

StateValue = float | list[float]


class Module:
    """Base class: subclasses list their own parameters and their sub-modules, and
    compute in ``forward``; ``module(x)`` calls ``module.forward(x)``, as in PyTorch."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.forward(*args, **kwargs)

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """What calling the module computes; every module that computes defines it."""
        raise NotImplementedError(f"{type(self).__name__} does not define forward()")

    def children(self) -> Iterator[tuple[str, Module]]:
        """The direct sub-modules, each with the name used in parameter paths."""
        return iter(())

    def own_parameters(self) -> Iterator[tuple[str, Value]]:
        """Parameters held directly by this module (not by a child)."""
        return iter(())

    def named_parameters(self) -> list[tuple[str, Value]]:
        """Every parameter with its dotted path, each Value once, in a stable order."""
        seen: set[int] = set()
        named: list[tuple[str, Value]] = []
        for name, value in self._walk(""):
            if id(value) not in seen:
                seen.add(id(value))
                named.append((name, value))
        return named

    def _walk(self, prefix: str) -> Iterator[tuple[str, Value]]:
        for name, value in self.own_parameters():
            yield prefix + name, value
        for name, child in self.children():
            yield from child._walk(f"{prefix}{name}.")

    def parameters(self) -> list[Value]:
        """Every parameter Value, each once (the order of ``named_parameters``)."""
        return [value for _, value in self.named_parameters()]

    def zero_grad(self) -> None:
        """Set the gradient of every parameter to 0."""
        for p in self.parameters():
            p.grad = 0.0

    # -- saving and loading -----------------------------------------------------

    def _state_slots(self) -> dict[str, Value | list[Value]]:
        """Parameters grouped as in ``state_dict``: ``a.w.0``, ``a.w.1`` -> ``a.w``."""
        slots: dict[str, Value | list[Value]] = {}
        for name, value in self.named_parameters():
            stem, _, last = name.rpartition(".")
            if stem and last.isdigit():
                group = slots.setdefault(stem, [])
                assert isinstance(group, list), f"{stem} names both a value and a list"
                group.append(value)
            else:
                slots[name] = value
        return slots

    def state_dict(self) -> dict[str, StateValue]:
        """Every parameter's number, grouped by name (see the module docstring)."""
        return {
            key: [v.data for v in slot] if isinstance(slot, list) else slot.data
            for key, slot in self._state_slots().items()
        }

    def load_state_dict(self, state: Mapping[str, object]) -> None:
        """Set every parameter from ``state``, as made by ``state_dict``.

        Everything is checked before anything is set: a missing or unexpected
        key, a list of the wrong length, a non-number or a NaN/infinity raises
        an error naming the key (and index), and the model is left unchanged.
        """
        if not isinstance(state, Mapping):
            raise TypeError(f"state must be a mapping of names to numbers, got {type(state)}")
        slots = self._state_slots()
        missing = [key for key in slots if key not in state]
        if missing:
            raise KeyError(f"state is missing {_names(missing)} (expected keys: {_names(slots)})")
        unexpected = [key for key in state if key not in slots]
        if unexpected:
            raise KeyError(f"state has unexpected {_names(unexpected)} (expected: {_names(slots)})")
        updates: list[tuple[Value, float]] = []
        for key, slot in slots.items():
            given = state[key]
            if isinstance(slot, list):
                if not isinstance(given, list | tuple):
                    raise TypeError(
                        f"state[{key!r}] must be a list of {len(slot)} numbers, got {given!r}"
                    )
                if len(given) != len(slot):
                    raise ValueError(
                        f"state[{key!r}] has {len(given)} numbers, the model has {len(slot)}"
                    )
                updates += [
                    (v, _number(x, f"{key!r}][{i}")) for i, (v, x) in enumerate(zip(slot, given))
                ]
            else:
                updates.append((slot, _number(given, repr(key))))
        for value, number in updates:
            value.data = number

    def save(self, path: str | Path) -> None:
        """Write ``state_dict()`` to ``path`` as JSON.

        A parameter that is NaN or infinite (a diverged run) is refused by name:
        JSON has no such numbers, and ``load`` would refuse the file.
        """
        for name, p in self.named_parameters():
            if not math.isfinite(p.data):
                raise ValueError(f"cannot save: parameter {name} is {p.data!r}")
        # Atomically: an interrupted save leaves the previous file whole.
        write_atomically(path, json.dumps(self.state_dict(), indent=1) + "\n")

    def load(self, path: str | Path) -> Module:
        """Set the parameters from a JSON file written by ``save``; returns self."""
        text = Path(path).read_text(encoding="utf-8")
        try:
            state = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path} is not valid JSON: {exc}") from None
        if not isinstance(state, dict):
            raise TypeError(f"{path} must hold a JSON object of names to numbers")
        self.load_state_dict(state)
        return self


def _number(x: object, where: str) -> float:
    """``x`` as a finite float, or an error naming ``where`` (bools are not numbers)."""
    if isinstance(x, bool) or not isinstance(x, int | float):
        raise TypeError(f"state[{where}] must be a number, got {type(x).__name__} {x!r}")
    try:
        number = float(x)
    except OverflowError:
        raise ValueError(f"state[{where}] = {x!r} is too large for a float") from None
    if not math.isfinite(number):
        raise ValueError(f"state[{where}] is {number!r}; parameters must be finite")
    return number


def _names(keys: Iterable[str]) -> str:
    return ", ".join(repr(k) for k in keys)
