"""Regression guard: a quick sweep compared to the committed run by ratio to a peer in the same run.

    bench/run --check                          # quick clustered-100k sweep of ruvector + Faiss IVF-RaBitQ
    bench/run --check --dataset clustered-1m   # the same against the committed 1M run (long)

Absolute QPS moves with the machine and its load; the ratio of ruvector's best QPS to the reference
peer's best QPS at the same recall target, both measured minutes apart in one process, moves much
less. The check fails when that ratio falls more than `--tolerance` (15 %) below the committed run's,
or when ruvector no longer reaches a recall target it reached before.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

REFERENCE_PEER = "faiss-ivf-rabitq"
OURS = "ruvector"
TARGETS = ("0.95", "0.99")
NOISY_LOAD = 0.75  # as run_ann.py: a 1-min load average above this makes a run noisy


@dataclass(frozen=True)
class Verdict:
    target: str
    committed_ratio: float | None
    new_ratio: float | None
    ok: bool
    reason: str


def best_qps(report: dict[str, Any], peer: str, target: str) -> float | None:
    """The fastest QPS over the peer's configurations at the target (None when none reaches it)."""
    best: float | None = None
    for r in report["results"]:
        if r.get("peer") != peer or "points" not in r:
            continue
        i = r["best"].get(target)
        if i is not None:
            qps = float(r["points"][i]["qps"])
            best = qps if best is None else max(best, qps)
    return best


def ratio(report: dict[str, Any], target: str) -> float | None:
    ours, peer = best_qps(report, OURS, target), best_qps(report, REFERENCE_PEER, target)
    return None if ours is None or peer is None else ours / peer


def compare(committed: dict[str, Any], new: dict[str, Any], tolerance: float) -> list[Verdict]:
    if committed["dataset"]["fingerprint"] != new["dataset"]["fingerprint"]:
        raise SystemExit(
            f"data differ: committed fingerprint {committed['dataset']['fingerprint']}, "
            f"new {new['dataset']['fingerprint']} (same --dataset and no --limit?)"
        )
    verdicts = []
    for t in TARGETS:
        before, after = ratio(committed, t), ratio(new, t)
        if before is None:
            verdicts.append(Verdict(t, before, after, True, "not reached in the committed run: nothing to guard"))
        elif best_qps(new, OURS, t) is None:
            verdicts.append(Verdict(t, before, after, False, "ruvector no longer reaches this recall target"))
        elif after is None:
            verdicts.append(Verdict(t, before, after, True, f"{REFERENCE_PEER} did not reach it in this run"))
        elif after < before * (1.0 - tolerance):
            drop = 1.0 - after / before
            verdicts.append(Verdict(t, before, after, False, f"ratio fell {drop:.1%} (more than {tolerance:.0%})"))
        else:
            verdicts.append(Verdict(t, before, after, True, "within tolerance"))
    return verdicts


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dataset", default="clustered-100k")
    ap.add_argument("--tolerance", type=float, default=0.15, help="allowed relative drop of the ratio (0.15)")
    ap.add_argument(
        "--committed", type=Path, default=None, help="committed JSON (default bench/results/<dataset>.json)"
    )
    ap.add_argument("--new", type=Path, default=None, help="compare this JSON instead of running a quick sweep")
    args = ap.parse_args(argv)
    committed_path = args.committed or HERE / "results" / f"{args.dataset}.json"
    committed = json.loads(committed_path.read_text())
    if args.new is not None:
        new = json.loads(args.new.read_text())
    else:
        import run_ann  # the harness; imported here so --new comparisons need no peers installed

        with tempfile.TemporaryDirectory() as out:
            rc = run_ann.main(
                ["--dataset", args.dataset, "--quick", "--peers", f"{REFERENCE_PEER},{OURS}", "--out", out]
            )
            if rc != 0:
                return rc
            new = json.loads((Path(out) / f"{args.dataset}.json").read_text())
    verdicts = compare(committed, new, args.tolerance)
    print(f"regression check on {args.dataset}: ruvector best QPS / {REFERENCE_PEER} best QPS, committed vs now")
    for v in verdicts:
        status = "ok" if v.ok else "FAIL"
        print(f"  R@10 >= {v.target}: {_fmt(v.committed_ratio)} -> {_fmt(v.new_ratio)}  {status}: {v.reason}")
    load = new.get("loadavg_start", [0.0])[0]
    print(f"  load average at start: {load:.1f} (committed run: {committed.get('loadavg_start', [0.0])[0]:.1f})")
    if load > NOISY_LOAD:
        print(f"  warning: the machine was busy (load {load:.1f}); rerun on an idle machine before trusting a FAIL")
    return 0 if all(v.ok for v in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
