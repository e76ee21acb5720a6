"""Benchmark: this engine (eager and on the tape) against micrograd, PyTorch and plain floats.

Run ``make bench`` (or ``python tests/benchmarks/bench.py --out results.json``).
Everything runs in one process, engines taking turns round by round, so a
busy machine slows all of them alike; figures are medians after a warm-up,
with the garbage collector enabled as users run it, and are reported as
ratios. micrograd and PyTorch are measured when they are installed.

Workloads (see workloads.py): one moons training step (build, backward, SGD),
a 10,000-link chain and a 100,000-term sum (build and backward); memory per
node of long chains (tracemalloc); a 1,000,000-node chain at the default
recursion limit; a scan of the moons step with ``MLP(2, [32, 32, 1])`` on
25 to 400 points (58,000 to 928,000 nodes), where the numpy tape is checked
against the eager graph and its memory measured, plotted in step_time.png; and
the replay page of each document's network (network view and op view: build the
frames, one Graphviz layout, write the HTML), in seconds.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import platform
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workloads import (
    ALPHA,
    LEARNING_RATE,
    FloatStep,
    SeegradStep,
    TapeStep,
    chain,
    hinge_l2_loss,
    initial_weights,
    long_sum,
    mlp_forward,
    moons,
)

from autograd import Value, topological_order
from autograd.engine.tape import Tape

SCAN_SIZES = (2, 32, 32, 1)
SCAN_POINTS = (25, 50, 100, 200, 400)

Step = Callable[[], object]
HERE = Path(__file__).resolve().parent


def timed_rounds(steps: dict[str, Step], rounds: int, warmup: int) -> dict[str, float]:
    """Median seconds per call of each step; steps take turns in every round."""
    for step in steps.values():
        for _ in range(warmup):
            step()
    times: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(rounds):
        for name, step in steps.items():
            start = time.perf_counter()
            step()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


# -- the references, when installed ----------------------------------------------------


def micrograd_step(weights: Any, points: list[list[float]], labels: list[float]) -> Step | None:
    try:
        from micrograd.engine import Value as MicroValue
        from micrograd.nn import MLP
    except ImportError:
        return None
    model = MLP(2, [16, 16, 1])
    for layer, layer_weights in zip(model.layers, weights):
        for neuron, (w, b) in zip(layer.neurons, layer_weights):
            for wk, value in zip(neuron.w, w):
                wk.data = value
            neuron.b.data = b

    def step() -> float:
        model.zero_grad()
        scores = [model([MicroValue(a), MicroValue(b)]) for a, b in points]
        loss = hinge_l2_loss(scores, labels, model.parameters())
        loss.backward()
        for p in model.parameters():
            p.data -= LEARNING_RATE * p.grad
        return float(loss.data)

    return step


def torch_module() -> Any:
    try:
        import torch
    except ImportError:
        return None
    return torch


def torch_sgd(torch: Any, loss: Any, params: list[Any]) -> float:
    """Backward, then the plain SGD update of every parameter: one PyTorch training step."""
    loss.backward()
    with torch.no_grad():
        for p in params:
            p -= LEARNING_RATE * p.grad
            p.grad = None
    return float(loss.item())


def torch_step(weights: Any, points: list[list[float]], labels: list[float]) -> Step | None:
    torch = torch_module()
    if torch is None:
        return None

    def tensor(x: float, requires_grad: bool = False) -> Any:
        return torch.tensor(x, dtype=torch.float64, requires_grad=requires_grad)

    layers = [
        [([tensor(v, True) for v in w], tensor(b, True)) for w, b in layer] for layer in weights
    ]
    params = [p for layer in layers for w, b in layer for p in (*w, b)]

    def step() -> float:
        scores = [mlp_forward([tensor(a), tensor(b)], layers) for a, b in points]
        loss = hinge_l2_loss(scores, labels, params)
        return torch_sgd(torch, loss, params)

    return step


def torch_vector_step(weights: Any, points: list[list[float]], labels: list[float]) -> Step | None:
    """The step as PyTorch is meant to be used: a batch of samples, float64 matrices."""
    torch = torch_module()
    if torch is None:
        return None
    x = torch.tensor(points, dtype=torch.float64)
    y = torch.tensor(labels, dtype=torch.float64)
    params = []
    for layer in weights:
        w = torch.tensor([w for w, _ in layer], dtype=torch.float64).T.contiguous()
        b = torch.tensor([b for _, b in layer], dtype=torch.float64)
        params += [w.requires_grad_(), b.requires_grad_()]

    def step() -> float:
        h = x
        for i in range(0, len(params), 2):
            h = h @ params[i] + params[i + 1]
            if i < len(params) - 2:
                h = h.relu()
        loss = (1 - y * h[:, 0]).relu().mean() + ALPHA * sum((p * p).sum() for p in params)
        return torch_sgd(torch, loss, params)

    return step


def numpy_installed() -> bool:
    try:
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


# -- the workloads ----------------------------------------------------------------------


def bench_moons(rounds: int, warmup: int) -> dict[str, Any]:
    """One training step of micrograd's moons demo, per engine."""
    points, labels = moons()
    weights = initial_weights()
    eager = SeegradStep(weights, points, labels)
    nodes = len(topological_order(eager.loss()))
    steps: dict[str, Step] = {
        "seegrad eager": eager,
        "seegrad tape": TapeStep(SeegradStep(weights, points, labels)),
        "floats by hand": FloatStep(weights, points, labels),
    }
    if numpy_installed():
        steps["seegrad numpy tape"] = TapeStep(SeegradStep(weights, points, labels), "numpy")
    for name, make in (("micrograd 0.1.0", micrograd_step), ("torch 0-dim", torch_step)):
        step = make(weights, points, labels)
        if step is not None:
            steps[name] = step
    seconds = timed_rounds(steps, rounds, warmup)
    return {
        "nodes": nodes,
        "model": "nn.MLP" if eager.uses_nn else "plain Values (nn.MLP not available)",
        "seconds": seconds,
    }


def float_chain(n: int) -> tuple[float, float]:
    """``chain`` in plain floats with its backward by hand: (root, d root / d y)."""
    y = 1.0000001
    xs = [0.5]
    for i in range(n):
        xs.append(xs[-1] * y if i % 2 == 0 else xs[-1] + y)
    grad_x, grad_y = 1.0, 0.0
    for i in range(n - 1, -1, -1):
        if i % 2 == 0:
            grad_y += grad_x * xs[i]
            grad_x *= y
        else:
            grad_y += grad_x
    return xs[-1], grad_y


def float_sum(n: int) -> tuple[float, list[float]]:
    """``long_sum`` in plain floats: (root, the gradient of each term, all 1.0)."""
    return sum(i / n for i in range(n)), [1.0] * n


def bench_graphs(rounds: int, warmup: int) -> dict[str, Any]:
    """Build and backward of a 10,000-link chain and of a 100,000-term sum, per engine."""
    results: dict[str, Any] = {}
    workloads: dict[str, tuple[Callable[[Callable[[float], Any]], Any], Step]] = {
        "chain 10,000 links": (lambda make: chain(10_000, make)[0], lambda: float_chain(10_000)),
        "sum 100,000 terms": (lambda make: long_sum(100_000, make)[0], lambda: float_sum(100_000)),
    }
    for name, (build, by_hand) in workloads.items():
        tape = Tape(build(Value))
        steps: dict[str, Step] = {
            "seegrad eager": build_and_backward(build, Value),
            "seegrad tape": tape.run,
            "floats by hand": by_hand,
        }
        if numpy_installed():  # serial graphs: the numpy tape's node-by-node path
            steps["seegrad numpy tape"] = Tape(build(Value), backend="numpy").run
        failures: dict[str, str] = {}
        for ref, leaf in reference_leaves().items():
            step = build_and_backward(build, leaf)
            try:
                step()
            except RecursionError:
                failures[ref] = "RecursionError at the default recursion limit"
            else:
                steps[ref] = step
        results[name] = {
            "nodes": len(tape),
            "seconds": timed_rounds(steps, rounds, warmup),
            "failures": failures,
        }
    return results


def build_and_backward(
    build: Callable[[Callable[[float], Any]], Any], leaf: Callable[[float], Any]
) -> Step:
    def step() -> None:
        build(leaf).backward()

    return step


def reference_leaves() -> dict[str, Callable[[float], Any]]:
    """How micrograd and PyTorch make a leaf, for those installed."""
    leaves: dict[str, Callable[[float], Any]] = {}
    try:
        from micrograd.engine import Value as MicroValue

        leaves["micrograd 0.1.0"] = MicroValue
    except ImportError:
        pass
    torch = torch_module()
    if torch is not None:
        leaves["torch 0-dim"] = lambda x: torch.tensor(x, dtype=torch.float64, requires_grad=True)
    return leaves


def bench_scan(rounds: int, warmup: int, counts: tuple[int, ...] = SCAN_POINTS) -> dict[str, Any]:
    """The moons step with MLP(2, [32, 32, 1]) on more and more points, per engine.

    For each size, before timing: the numpy tape's loss against the eager graph's
    (equal) and its largest relative gradient difference; its memory (tracemalloc,
    what the tape holds beyond the graph, per node).
    """
    results: dict[str, Any] = {}
    weights = initial_weights(sizes=SCAN_SIZES)
    for count in counts:
        points, labels = moons(count)
        eager = SeegradStep(weights, points, labels)
        steps: dict[str, Step] = {
            "seegrad eager": eager,
            "seegrad tape": TapeStep(SeegradStep(weights, points, labels)),
            "floats by hand": FloatStep(weights, points, labels),
        }
        entry: dict[str, Any] = {}
        if numpy_installed():
            check = SeegradStep(weights, points, labels)
            loss = check.loss()
            loss.backward()
            expected = [p.grad for p in check.params]
            gc.collect()
            tracemalloc.start()
            before, _ = tracemalloc.get_traced_memory()
            tape = Tape(loss, backend="numpy")
            after, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            eager_loss = loss.data
            entry["numpy tape"] = {
                "loss equals eager": tape.run().data == eager_loss,
                "largest relative gradient difference": max(
                    abs(p.grad - g) / abs(g) if g else abs(p.grad)
                    for p, g in zip(check.params, expected)
                ),
                "bytes per node": (after - before) / len(tape),
                "peak bytes per node while making it": (peak - before) / len(tape),
            }
            del check, loss, tape
            steps["seegrad numpy tape"] = TapeStep(SeegradStep(weights, points, labels), "numpy")
        vector = torch_vector_step(weights, points, labels)
        if vector is not None:
            steps["torch vectorised"] = vector
        entry["nodes"] = len(steps["seegrad tape"].tape)  # type: ignore[attr-defined]
        entry["points"] = count
        entry["seconds"] = timed_rounds(steps, rounds, warmup)
        results[f"{count} points"] = entry
        del steps
        gc.collect()
    return results


def plot_scan(scan: dict[str, Any], path: Path) -> bool:
    """Step time against graph size, one line per engine (False without matplotlib)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    entries = list(scan.values())
    nodes = [e["nodes"] for e in entries]
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for name in entries[0]["seconds"]:
        ax.plot(nodes, [e["seconds"][name] * 1e3 for e in entries], marker="o", label=name)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("nodes in the graph (moons points x MLP(2, [32, 32, 1]), hinge + L2)")
    ax.set_ylabel("one training step (ms, median)")
    ax.set_title("Step time against graph size")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def bench_memory(n: int = 100_000) -> dict[str, Any]:
    """Bytes per node of chains of n ops (tracemalloc), graph alive.

    ``graph``: what the built graph holds, after backward (data, grads, edges);
    ``peak``: the highest point during build and backward, which adds the
    backward pass's own bookkeeping (the topological order and its visited set).
    """
    results: dict[str, Any] = {}
    links: dict[str, Callable[[Value, Value, int], Value]] = {
        "add": lambda x, y, i: x + y,
        "mul": lambda x, y, i: x * y,
        "mix": lambda x, y, i: x * y if i % 2 == 0 else x + y,
    }
    for name, link in links.items():
        gc.collect()
        tracemalloc.start()
        x, y = Value(0.5), Value(1.0000001)
        for i in range(n):
            x = link(x, y, i)
        x.backward()
        graph, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        nodes = n + 2
        results[name] = {"graph": graph / nodes, "peak": peak / nodes}
        del x, y
    try:
        from micrograd.engine import Value as MicroValue
    except ImportError:
        return results
    gc.collect()
    tracemalloc.start()
    mx, my = MicroValue(0.5), MicroValue(1.0000001)
    for _ in range(n):
        mx = mx * my
    built, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    results["micrograd 0.1.0 mul (built, before backward)"] = {"graph": built / (n + 2)}
    del mx, my
    return results


def bench_depth(sizes: tuple[int, ...] = (100_000, 1_000_000)) -> dict[str, Any]:
    """Backward through chains of each size at the default recursion limit."""
    results: dict[str, Any] = {"recursion_limit": sys.getrecursionlimit()}
    for n in sizes:
        root, y = chain(n, Value)
        start = time.perf_counter()
        root.backward()
        results[str(n)] = {"backward_seconds": time.perf_counter() - start, "dy": y.grad}
        del root, y
    return results


# -- reporting ----------------------------------------------------------------------------


def ratios(seconds: dict[str, float]) -> dict[str, dict[str, float]]:
    """For each seegrad mode, reference time / our time (above 1: we are faster)."""
    ours = {k: v for k, v in seconds.items() if k.startswith("seegrad")}
    return {
        mode: {ref: t / mine for ref, t in seconds.items() if ref not in ours}
        for mode, mine in ours.items()
    }


def print_table(title: str, nodes: int, seconds: dict[str, float]) -> None:
    print(f"\n{title} ({nodes:,} nodes)")
    print(f"  {'engine':<18}{'median ms':>12}{'nodes/s':>14}")
    for name, t in sorted(seconds.items(), key=lambda item: item[1]):
        print(f"  {name:<18}{t * 1e3:>12.2f}{nodes / t:>14,.0f}")
    for mode, against in ratios(seconds).items():
        shown = ", ".join(
            f"{r:.1f}x faster than {ref}" if r >= 1 else f"{1 / r:.1f}x the time of {ref}"
            for ref, r in against.items()
        )
        print(f"  {mode}: {shown}")


def bench_replay_pages(rounds: int) -> dict[str, dict[str, float]]:
    """Seconds to build each example's replay page (median of ``rounds``), per view."""
    from autograd import steps
    from nn.documents.examples import EXAMPLES, example

    pages: dict[str, dict[str, float]] = {}
    for name in EXAMPLES:
        for view in ("network", "op"):
            times = []
            for _ in range(rounds):
                ex = example(name)
                loss = ex.loss()
                start = time.perf_counter()
                steps(loss, view=view, model=ex.model, max_nodes=1000).to_html()
                times.append(time.perf_counter() - start)
            pages.setdefault(name, {})[view] = statistics.median(times)
    return pages


def machine() -> dict[str, Any]:
    torch = torch_module()
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": __import__("os").cpu_count(),
        "gc_enabled": gc.isenabled(),
        "gc_thresholds": gc.get_threshold(),
        "torch": None if torch is None else torch.__version__,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    parser.add_argument("--rounds", type=int, default=7, help="timed rounds per workload")
    parser.add_argument("--warmup", type=int, default=1, help="untimed rounds first")
    parser.add_argument("--quick", action="store_true", help="skip memory, depth and the scan")
    parser.add_argument("--scan-rounds", type=int, default=3, help="timed rounds per scan size")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {"machine": machine()}
    print(json.dumps(results["machine"]))
    results["moons step"] = moons_result = bench_moons(args.rounds, args.warmup)
    print_table(
        f"moons step, model {moons_result['model']}", moons_result["nodes"], moons_result["seconds"]
    )
    for name, result in bench_graphs(args.rounds, args.warmup).items():
        results[name] = result
        print_table(name, result["nodes"], result["seconds"])
        for ref, why in result["failures"].items():
            print(f"  {ref}: {why}")
    if not args.quick:
        results["memory bytes per node"] = memory = bench_memory()
        print("\nbytes per node, chains of 100,000 ops:")
        for name, m in memory.items():
            print(f"  {name}: " + ", ".join(f"{k} {v:.0f}" for k, v in m.items()))
        results["depth"] = depth = bench_depth()
        print(f"\nbackward at recursion limit {depth['recursion_limit']}:")
        for n in ("100000", "1000000"):
            print(f"  {int(n):>9,} nodes: {depth[n]['backward_seconds']:.2f} s")
    results["replay page seconds"] = pages = bench_replay_pages(max(3, args.rounds // 2))
    print("\nreplay page (frames, one layout, HTML), seconds:")
    for name, views in pages.items():
        print(f"  {name}: " + ", ".join(f"{v} view {t:.2f}" for v, t in views.items()))
    if not args.quick:
        results["scan"] = scan = bench_scan(args.scan_rounds, 1)
        for name, entry in scan.items():
            title = f"moons step, MLP(2, [32, 32, 1]), {name}"
            print_table(title, entry["nodes"], entry["seconds"])
            for key, value in entry.get("numpy tape", {}).items():
                shown = value if isinstance(value, bool) else f"{value:.3g}"
                print(f"  numpy tape, {key}: {shown}")
            entry["ratios"] = ratios(entry["seconds"])
        plot = args.out.parent / "step_time.png"
        if plot_scan(scan, plot):
            print(f"\nwrote {plot}")
    for value in results.values():
        if isinstance(value, dict) and "seconds" in value:
            value["ratios"] = ratios(value["seconds"])
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
