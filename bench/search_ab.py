"""Same-run A/B of RabitqIndex::search between two builds of bench/rabitq_profile.cpp.

Usage: python bench/search_ab.py OLD_BINARY NEW_BINARY CACHE_PREFIX INDEX_FILE [INDEX_FILE ...]
           --rounds N --passes P --settings nprobe:rerank ... --out bench/results/NAME

Each round runs OLD then NEW on every index file (alternating which goes first), so both see the
same machine load; each run reports its best-of-P per-query CPU time. The table gives, per setting,
the median and best QPS over the rounds, recall, and whether the result digests (ids and distance
bits) are identical. Writes NAME.json and NAME.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import time
from pathlib import Path

LINE = re.compile(r"^(\S+)\s+R@10 ([\d.]+)\s+([\d.]+) us/query\s+(\d+) QPS\s+digest ([0-9a-f]+)$")


def run(binary: str, prefix: str, index: str, passes: int, settings: list[str]) -> dict[str, dict[str, object]]:
    out = subprocess.run([binary, prefix, index, str(passes), *settings], check=True, capture_output=True, text=True)
    rows: dict[str, dict[str, object]] = {}
    for line in out.stdout.splitlines():
        m = LINE.match(line.strip())
        if m:
            rows[m[1]] = {"recall": float(m[2]), "us": float(m[3]), "qps": int(m[4]), "digest": m[5]}
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("prefix")
    ap.add_argument("indexes", nargs="+")
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--passes", type=int, default=5)
    ap.add_argument("--settings", nargs="+", default=["6:16", "8:24"])
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    load_start = os.getloadavg()
    started = time.time()
    runs: dict[str, dict[str, dict[str, list[dict[str, object]]]]] = {}
    for r in range(a.rounds):
        order = [("old", a.old), ("new", a.new)] if r % 2 == 0 else [("new", a.new), ("old", a.old)]
        for index in a.indexes:
            for label, binary in order:
                for setting, row in run(binary, a.prefix, index, a.passes, a.settings).items():
                    runs.setdefault(Path(index).name, {}).setdefault(setting, {}).setdefault(label, []).append(row)
    load_end = os.getloadavg()
    lines = [
        f"# RabitqIndex search A/B: {Path(a.prefix).name}",
        "",
        f"`bench/search_ab.py`, {a.rounds} interleaved rounds (old/new order alternating), each run the best of "
        f"{a.passes} passes of 1,000 queries, k = 10, 1 thread, CPU time of the searching thread "
        "(bench/rabitq_profile.cpp). Same index file for both builds.",
        f"Run {time.strftime('%Y-%m-%d %H:%M:%SZ', time.gmtime(started))} ({time.time() - started:.0f} s) on "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs; load average at start / end "
        f"{load_start[0]:.1f} / {load_end[0]:.1f} (shared machine: compare the two columns, not absolute speed).",
        "",
        "| index | nprobe:rerank | R@10 old | R@10 new | QPS old median (best) | QPS new median (best) "
        "| new/old median | identical results |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for index, settings in runs.items():
        for setting, by in settings.items():
            med = {k: statistics.median(float(x["qps"]) for x in v) for k, v in by.items()}
            best = {k: max(int(x["qps"]) for x in v) for k, v in by.items()}
            digests = {str(x["digest"]) for v in by.values() for x in v}
            lines.append(
                f"| {index} | {setting} | {by['old'][0]['recall']:.4f} | {by['new'][0]['recall']:.4f} | "
                f"{med['old']:,.0f} ({best['old']:,}) | {med['new']:,.0f} ({best['new']:,}) | "
                f"{med['new'] / med['old']:.3f} | {'yes' if len(digests) == 1 else 'NO'} |"
            )
    out = Path(a.out)
    out.with_suffix(".md").write_text("\n".join(lines) + "\n")
    out.with_suffix(".json").write_text(
        json.dumps({"load_start": load_start, "load_end": load_end, "args": vars(a), "runs": runs}, indent=1) + "\n"
    )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
