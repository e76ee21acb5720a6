"""Compare this checkout's speed with another's, side by side: ``make compare REF=<commit>``.

    python tests/benchmarks/compare.py /path/to/reference/checkout [--runs 3]

A refactoring must not slow the engine, but two timings taken minutes apart on a
busy machine differ by more than the change being judged. This script therefore
alternates: reference, this tree, reference, this tree, ... each run a fresh
interpreter that times the moons step eagerly, on the tape and in micrograd
(when installed) in interleaved rounds, and reports each engine as a ratio
against micrograd (and the tape against the hand-written floats). The medians
over the runs are compared; timing noise hits both trees alike.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# One run: the moons step per engine, as JSON. The tree under test is first on
# sys.path, so `import autograd` finds that tree's package.
_RUN = r"""
import json, sys
sys.path.insert(0, sys.argv[1] + "/tests/benchmarks")
import workloads as w
import bench
step_class = getattr(w, "TapeStep", None) or getattr(w, "ReplayStep")
points, labels = w.moons()
weights = w.initial_weights()
steps = {
    "eager": w.SeegradStep(weights, points, labels),
    "tape": step_class(w.SeegradStep(weights, points, labels)),
    "floats": w.FloatStep(weights, points, labels),
}
micro = bench.micrograd_step(weights, points, labels)
if micro is not None:
    steps["micrograd"] = micro
print(json.dumps(bench.timed_rounds(steps, int(sys.argv[2]), 1)))
"""


def run(tree: Path, rounds: int) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(tree))
    # cwd too: `python -c` puts the working folder first on sys.path.
    out = subprocess.run(
        [sys.executable, "-c", _RUN, str(tree), str(rounds)],
        env=env,
        cwd=tree,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise SystemExit(f"the run in {tree} failed:\n{out.stderr}")
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def ratios(seconds: dict[str, float]) -> dict[str, float]:
    shown = {"tape / floats": seconds["tape"] / seconds["floats"]}
    if "micrograd" in seconds:
        shown["micrograd / eager"] = seconds["micrograd"] / seconds["eager"]
        shown["micrograd / tape"] = seconds["micrograd"] / seconds["tape"]
    return shown


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("reference", type=Path, help="a checkout of the code to compare with")
    parser.add_argument("--runs", type=int, default=3, help="alternating runs per tree")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds per run")
    args = parser.parse_args()
    trees = {"reference": args.reference.resolve(), "this tree": HERE.parent.parent}
    found: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
    for _ in range(args.runs):
        for name, tree in trees.items():
            found[name].append(ratios(run(tree, args.rounds)))
    keys = found["this tree"][0].keys()
    print(f"{'ratio (median of runs)':24} {'reference':>10} {'this tree':>10} {'change':>8}")
    for key in keys:
        ref = statistics.median(r[key] for r in found["reference"])
        new = statistics.median(r[key] for r in found["this tree"])
        print(f"{key:24} {ref:10.2f} {new:10.2f} {100 * (new / ref - 1):+7.1f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
