"""Module: parameter names, zero_grad, state_dict round trips and rejected loads."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import pytest

from nn import MLP
from nn.documents.examples import mazur


def small() -> MLP:
    return MLP(2, [3, 1], "tanh", seed=3)


def test_named_parameters_are_stable_and_readable() -> None:
    names = [name for name, _ in small().named_parameters()]
    assert names[:3] == ["layers.0.neurons.0.w.0", "layers.0.neurons.0.w.1", "layers.0.neurons.0.b"]
    assert names[-1] == "layers.1.neurons.0.b"
    assert len(names) == len(set(names)) == 3 * 3 + 4
    assert names == [name for name, _ in small().named_parameters()]


def test_a_shared_bias_is_one_parameter() -> None:
    model = mazur().model
    names = [name for name, _ in model.named_parameters()]
    assert names.count("layers.0.b") == 1 and names.count("layers.1.b") == 1
    assert len(model.parameters()) == 10
    assert len({id(p) for p in model.parameters()}) == 10


def test_zero_grad() -> None:
    model = small()
    (model([0.5, -1.0])[0] ** 2).backward()
    assert any(p.grad != 0.0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())


def test_state_dict_is_json_and_round_trips() -> None:
    source, target = small(), MLP(2, [3, 1], "tanh", seed=99)
    state = source.state_dict()
    assert state["layers.0.neurons.1.w"] == [p.data for p in source.layers[0].neurons[1].w]
    target.load_state_dict(json.loads(json.dumps(state)))
    assert target.state_dict() == state
    x = [0.3, 0.7]
    assert target(x)[0].data == source(x)[0].data


def test_save_and_load(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    source = small()
    source.save(path)
    loaded = MLP(2, [3, 1], "tanh", seed=5).load(path)
    assert loaded.state_dict() == source.state_dict()


def test_load_rejects_a_file_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json")
    model = small()
    before = model.state_dict()
    with pytest.raises(ValueError, match="not valid JSON"):
        model.load(path)
    assert model.state_dict() == before


def _broken(edit: str) -> tuple[dict[str, Any], str]:
    """A state of ``small()`` with one fault, and the key the error must name."""
    state: dict[str, Any] = copy.deepcopy(small().state_dict())
    key = "layers.0.neurons.1.w"
    if edit == "missing":
        del state[key]
    elif edit == "extra":
        state["layers.2.neurons.0.b"] = 0.5
        key = "layers.2.neurons.0.b"
    elif edit == "too many":
        state[key] = [*state[key], 1.0]
    elif edit == "too few":
        state[key] = state[key][:1]
    elif edit == "not a list":
        state[key] = 0.5
    elif edit == "string":
        state[key] = [0.1, "0.2"]
    elif edit == "bool":
        state["layers.1.neurons.0.b"] = True
        key = "layers.1.neurons.0.b"
    elif edit == "nan":
        state[key] = [0.1, math.nan]
    elif edit == "inf":
        state["layers.1.neurons.0.b"] = math.inf
        key = "layers.1.neurons.0.b"
    return state, key


@pytest.mark.parametrize(
    "edit",
    ["missing", "extra", "too many", "too few", "not a list", "string", "bool", "nan", "inf"],
)
def test_bad_loads_name_the_key_and_change_nothing(edit: str) -> None:
    model = small()
    before = model.state_dict()
    state, key = _broken(edit)
    with pytest.raises((KeyError, ValueError, TypeError)) as raised:
        model.load_state_dict(state)
    assert key in str(raised.value)
    assert model.state_dict() == before


def test_a_fault_late_in_the_state_changes_nothing_earlier() -> None:
    model = small()
    before = model.state_dict()
    state: dict[str, Any] = dict(MLP(2, [3, 1], "tanh", seed=8).state_dict())
    state["layers.1.neurons.0.b"] = math.nan  # the last key: everything before it is valid
    with pytest.raises(ValueError, match=r"layers\.1\.neurons\.0\.b"):
        model.load_state_dict(state)
    assert model.state_dict() == before


def test_a_huge_integer_is_refused_by_key() -> None:
    model = MLP(2, [1], seed=0)
    state: dict[str, Any] = model.state_dict()
    before = copy.deepcopy(state)
    key = next(iter(state))
    state[key] = [10**400, 0.0]
    with pytest.raises(ValueError, match=rf"state\['{key}'\]\[0\] = 1000.* too large for a float"):
        model.load_state_dict(state)
    assert model.state_dict() == before


def test_save_refuses_a_diverged_model_by_name(tmp_path: Path) -> None:
    model = MLP(2, [1], seed=0)
    model.parameters()[1].data = math.nan
    name = model.named_parameters()[1][0]
    with pytest.raises(ValueError, match=f"cannot save: parameter {name} is nan"):
        model.save(tmp_path / "model.json")
    assert not (tmp_path / "model.json").exists()


# -- malformed files: each a clear error naming the file, the model unchanged ---------------

MALFORMED: dict[str, tuple[bytes, type[Exception], str]] = {
    "deep": (b"[" * 200_000 + b"]" * 200_000, ValueError, "nested too deeply"),
    "latin-1": ('{"layers.0.neurons.0.b": 0.5, "é": 1}'.encode("latin-1"), ValueError, "UTF-8"),
    "truncated": (b'{"layers.0.neurons.0.w": [0.1, ', ValueError, "not valid JSON"),
    "empty": (b"", ValueError, "not valid JSON"),
    "list": (b"[1, 2]", TypeError, "JSON object"),
    "huge integer": (b'{"a": ' + b"9" * 5000 + b"}", ValueError, "cannot be read as JSON"),
    "wrong key": (b'{"x": 1}', KeyError, "missing"),
}


@pytest.mark.parametrize("kind", sorted(MALFORMED))
def test_each_malformed_file_is_a_clear_error_naming_it(kind: str, tmp_path: Path) -> None:
    content, error, words = MALFORMED[kind]
    path = tmp_path / f"{kind}.json"
    path.write_bytes(content)
    model = small()
    before = model.state_dict()
    with pytest.raises(error) as caught:
        model.load(path)
    message = str(caught.value)
    assert str(path) in message and words in message
    assert "Recursion" not in type(caught.value).__name__
    assert model.state_dict() == before


def test_a_non_finite_number_in_a_file_names_the_file_and_key(tmp_path: Path) -> None:
    state: dict[str, Any] = small().state_dict()
    text = json.dumps(state).replace(str(state["layers.1.neurons.0.b"]), "Infinity")
    path = tmp_path / "inf.json"
    path.write_text(text)
    with pytest.raises(ValueError, match=r"inf.json: state\['layers.1.neurons.0.b'\] is inf"):
        small().load(path)


def test_a_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    small().save(path)
    size = path.stat().st_size
    with pytest.raises(ValueError, match=f"larger than max_bytes={size - 1:,}"):
        small().load(path, max_bytes=size - 1)
    assert small().load(path, max_bytes=size).state_dict() == small().state_dict()
