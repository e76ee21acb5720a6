"""Graphs shared by the fold, trace and ledger tests: the documents' networks built
by hand from Values (no nn), and a hypothesis strategy for random expression graphs."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

from autograd import Value


@dataclass
class Mazur:
    """Seed 003: Mazur's 2-2-2 sigmoid network, every node named as the document names it."""

    values: dict[str, Value]

    def __getitem__(self, name: str) -> Value:
        return self.values[name]

    @property
    def loss(self) -> Value:
        return self.values["E_total"]


def mazur() -> Mazur:
    """Forward pass of seed 003 (backward not yet run)."""
    v: dict[str, Value] = {}
    for name, data in [
        ("i1", 0.05),
        ("i2", 0.10),
        ("w1", 0.15),
        ("w2", 0.20),
        ("w3", 0.25),
        ("w4", 0.30),
        ("b1", 0.35),
        ("w5", 0.40),
        ("w6", 0.45),
        ("w7", 0.50),
        ("w8", 0.55),
        ("b2", 0.60),
    ]:
        v[name] = Value(data, label=name)
    v["net_h1"] = (v["w1"] * v["i1"] + v["w2"] * v["i2"] + v["b1"]).named("net_h1")
    v["net_h2"] = (v["w3"] * v["i1"] + v["w4"] * v["i2"] + v["b1"]).named("net_h2")
    v["out_h1"] = v["net_h1"].sigmoid().named("out_h1")
    v["out_h2"] = v["net_h2"].sigmoid().named("out_h2")
    v["net_o1"] = (v["w5"] * v["out_h1"] + v["w6"] * v["out_h2"] + v["b2"]).named("net_o1")
    v["net_o2"] = (v["w7"] * v["out_h1"] + v["w8"] * v["out_h2"] + v["b2"]).named("net_o2")
    v["out_o1"] = v["net_o1"].sigmoid().named("out_o1")
    v["out_o2"] = v["net_o2"].sigmoid().named("out_o2")
    v["E_o1"] = (0.5 * (0.01 - v["out_o1"]) ** 2).named("E_o1")
    v["E_o2"] = (0.5 * (0.99 - v["out_o2"]) ** 2).named("E_o2")
    v["E_total"] = (v["E_o1"] + v["E_o2"]).named("E_total")
    return Mazur(v)


MAZUR_PARAMETERS = ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "b1", "b2")


def slides(x1: float = 0.6, x2: float = -0.4, d1: float = 0.2, d2: float = 0.9) -> dict[str, Value]:
    """Seed 002's two-layer network: q = x w, h = σ(q), z = h w, y = σ(z),
    e = 1/2 (y - d)^2, E = e1 + e2 (no biases, as in the slides)."""
    v: dict[str, Value] = {"x1": Value(x1, "x1"), "x2": Value(x2, "x2")}
    for k, data in enumerate([0.3, -0.2, 0.5, 0.1, -0.6, 0.4, 0.7, -0.3], start=1):
        v[f"w{k}"] = Value(data, f"w{k}")
    v["q1"] = (v["x1"] * v["w1"] + v["x2"] * v["w2"]).named("q1")
    v["q2"] = (v["x1"] * v["w3"] + v["x2"] * v["w4"]).named("q2")
    v["h1"] = v["q1"].sigmoid().named("h1")
    v["h2"] = v["q2"].sigmoid().named("h2")
    v["z1"] = (v["h1"] * v["w5"] + v["h2"] * v["w6"]).named("z1")
    v["z2"] = (v["h1"] * v["w7"] + v["h2"] * v["w8"]).named("z2")
    v["y1"] = v["z1"].sigmoid().named("y1")
    v["y2"] = v["z2"].sigmoid().named("y2")
    v["e1"] = (0.5 * (v["y1"] - d1) ** 2).named("e1")
    v["e2"] = (0.5 * (v["y2"] - d2) ** 2).named("e2")
    v["E"] = (v["e1"] + v["e2"]).named("E")
    return v


@dataclass
class RandomGraph:
    """A random expression graph: its leaves (all labelled) and its root."""

    leaves: list[Value]
    nodes: list[Value]
    root: Value


_UNARY = ("tanh", "sigmoid", "neg", "square", "scale", "shift")
_BINARY = ("add", "sub", "mul")


@st.composite
def random_graphs(draw: st.DrawFn, max_ops: int = 12) -> RandomGraph:
    """Leaves in [-1.5, 1.5], then ops on earlier nodes (operands may repeat, so
    duplicate edges occur), some results labelled; the root sums the last nodes.
    Bounded ops only, so no value overflows."""
    number = st.floats(-1.5, 1.5, allow_nan=False, allow_infinity=False)
    leaves = [Value(draw(number), label=f"x{k}") for k in range(draw(st.integers(1, 4)))]
    nodes = list(leaves)
    for k in range(draw(st.integers(1, max_ops))):
        pick = st.integers(0, len(nodes) - 1)
        op = draw(st.sampled_from(_UNARY + _BINARY))
        a = nodes[draw(pick)]
        if op in _BINARY:
            b = nodes[draw(pick)]
            out = a + b if op == "add" else a - b if op == "sub" else a * b
            out = out.tanh() if abs(out.data) > 4 else out
        elif op == "square":
            out = a.tanh() ** 2
        elif op == "scale":
            out = draw(number) * a
        elif op == "shift":
            out = a + draw(number)
        else:
            out = getattr(a, op)() if op != "neg" else -a
        if draw(st.booleans()):
            out.label = f"n{k}"
        nodes.append(out)
    tail = nodes[-draw(st.integers(1, min(3, len(nodes) - len(leaves) or 1))) :]
    root = tail[0]
    for node in tail[1:]:
        root = root + node
    return RandomGraph(leaves, nodes, root.named("root") if root.label is None else root)
