"""A2A gate benchmark: one event loop consumes an SSE stream of 1,000 task updates while running two
RabitqIndex.search_async calls. Target: total wall time <= 1.2x the slowest of the three alone.

The stream comes from tests/a2a_peers/hostile.py --mode stream-n (a local A2A 1.0 server, events
--interval-ms apart so the stream lasts about as long as one search). Each search is a batch on one
native thread. Everything is measured --repeat times (best of) on the same loop; --uvloop runs the
loop under uvloop.

Run: .venv/bin/python bench/a2a_gate.py [--events 1000] [--interval-ms 1] [--repeat 3] [--uvloop]
Writes bench/results/a2a-gate.json and .md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "a2a_peers"))
from launch import run_peer
from run_ann import machine

import ruvector as rv


async def timed(fn: Callable[[], Awaitable[Any]]) -> float:
    start = time.perf_counter()
    await fn()
    return time.perf_counter() - start


async def bench(url: str, args: argparse.Namespace) -> dict[str, Any]:
    rng = np.random.default_rng(3)
    data = rng.normal(size=(args.n, 128)).astype(np.float32)
    index = rv.RabitqIndex.build(data)
    queries = rng.normal(size=(args.queries, 128)).astype(np.float32)
    events_seen: list[int] = []

    async with rv.A2AClient.connect(url) as client:

        async def stream() -> None:
            count = 0
            async for _ in client.stream("count"):
                count += 1
            events_seen.append(count)

        def search() -> Awaitable[Any]:
            return index.search_async(queries, k=10, threads=1)

        best: dict[str, float] = {}
        for _ in range(args.repeat):
            for name, fn in (("stream", stream), ("search_1", search), ("search_2", search)):
                best[name] = min(best.get(name, 1e9), await timed(fn))
            together = await timed(lambda: asyncio.gather(stream(), search(), search()))
            best["together"] = min(best.get("together", 1e9), together)
    slowest = max(best["stream"], best["search_1"], best["search_2"])
    return {
        "events_per_stream": events_seen[0],
        "seconds": best,
        "ratio": best["together"] / slowest,
        "target": 1.2,
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--events", type=int, default=1000)
    p.add_argument("--interval-ms", type=int, default=1)
    p.add_argument("--n", type=int, default=100_000, help="index size (128-d)")
    p.add_argument(
        "--queries", type=int, default=16000, help="queries per search_async batch (~ as long as the stream)"
    )
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--uvloop", action="store_true")
    p.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    args = p.parse_args()
    load_start = os.getloadavg()[0]
    peer_args = ["--mode", "stream-n", "--events", str(args.events), "--interval-ms", str(args.interval_ms)]
    with run_peer("hostile", *peer_args) as url:
        if args.uvloop:
            import uvloop

            with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
                result = runner.run(bench(url, args))
        else:
            result = asyncio.run(bench(url, args))
    result.update(
        load_average_start_end=[load_start, os.getloadavg()[0]],
        loop="uvloop" if args.uvloop else "asyncio",
        config={k: v for k, v in vars(args).items() if k != "out"},
        machine=machine(),
    )
    args.out.mkdir(parents=True, exist_ok=True)
    name = "a2a-gate-uvloop" if args.uvloop else "a2a-gate"
    (args.out / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    s = result["seconds"]
    md = [
        f"# A2A gate: SSE stream of {result['events_per_stream']} events + 2 x search_async "
        f"on one {result['loop']} loop",
        "",
        f"Machine: {result['machine']['cpu_model']}, {result['machine']['logical_cpus']} logical CPUs. "
        f"Load average at start / end: {load_start:.2f} / {result['load_average_start_end'][1]:.2f} "
        "(other work on the 2 cores stretches the together run: compare on an idle machine). "
        f"Command: `.venv/bin/python bench/a2a_gate.py{' --uvloop' if args.uvloop else ''}`",
        "",
        f"| run | wall time (s, best of {args.repeat}) |",
        "|---|---|",
        f"| stream alone ({args.events} updates, {args.interval_ms} ms apart) | {s['stream']:.3f} |",
        f"| search_async 1 alone ({args.queries} queries, {args.n:,} x 128, 1 thread) | {s['search_1']:.3f} |",
        f"| search_async 2 alone | {s['search_2']:.3f} |",
        f"| all three together | {s['together']:.3f} |",
        "",
        f"**Ratio together / slowest alone: {result['ratio']:.3f}** (target <= 1.2).",
        "",
    ]
    (args.out / f"{name}.md").write_text("\n".join(md))
    print("\n".join(md))


if __name__ == "__main__":
    main()
