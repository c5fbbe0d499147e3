"""CPU per event of A2A clients consuming one replayed stream (issue 13 item 4).

tests/a2a_peers/hostile.py --mode stream-n sends a Task, N updates (status / artifact, alternating)
and a final status back to back over SSE; each client consumes the whole stream and we take the
CPU time of this process (all threads: the libcurl I/O thread counts) divided by the events seen.
Clients: ruvector.A2AClient under asyncio and uvloop, the official a2a-sdk client (httpx), and raw
httpx + json.loads as a floor. The JS side (ruvector's JS client and @a2a-js/sdk) is
bench/a2a_events.mjs, run from here so that both land in one result file.

    .venv/bin/python bench/a2a_events.py [--events 10000] [--rounds 3] [--label after] \
        [--before-site DIR --before-js DIR]

--before-site (a directory holding another build of the ruvector package, e.g. ``pip install
--target``) and --before-js (a web/js directory with its dist/) measure that build's ruvector
clients against the same peer in the same run, as rows marked "(before)": an A/B on one machine
under one load. Writes bench/results/a2a-events.json and .md. The machine is shared with other
builds: the load average before and after is recorded next to the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "a2a_peers"))

from launch import run_peer  # noqa: E402

import ruvector as rv  # noqa: E402


async def ruvector_client(url: str) -> int:
    n = 0
    async with rv.A2AClient.connect(url) as client:
        async for _ in client.stream("count"):
            n += 1
    return n


async def sdk_client(url: str) -> int:
    from a2a.client import ClientConfig, create_client
    from a2a.types import Message, Part, Role, SendMessageRequest

    client = await create_client(url, client_config=ClientConfig(streaming=True))
    message = Message(message_id=str(uuid.uuid4()), role=Role.ROLE_USER, parts=[Part(text="count")])
    n = 0
    async for _ in client.send_message(SendMessageRequest(message=message)):
        n += 1
    await client.close()
    return n


async def raw_httpx(url: str) -> int:
    import httpx

    body = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "SendStreamingMessage",
        "params": {"message": {"messageId": "m", "role": "ROLE_USER", "parts": [{"text": "count"}]}},
    }
    n = 0
    async with (
        httpx.AsyncClient(timeout=60) as http,
        http.stream("POST", url + "/a2a/jsonrpc", json=body, headers={"A2A-Version": "1.0"}) as r,
    ):
        async for line in r.aiter_lines():
            if line.startswith("data: "):
                json.loads(line[6:])
                n += 1
    return n


def measure(run: Callable[[str], Coroutine[Any, Any, int]], url: str, loop: str, rounds: int) -> dict[str, Any]:
    runner = asyncio.run
    if loop == "uvloop":
        import uvloop

        runner = uvloop.run
    runner(run(url))  # warm-up: imports, card cache, connection pool, JIT-free but page-faulted
    per_event = []
    events = 0
    for _ in range(rounds):
        cpu0, wall0 = time.process_time(), time.perf_counter()
        events = runner(run(url))
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        per_event.append((cpu / events * 1e6, wall / events * 1e6))
    best = min(per_event)
    return {"events": events, "cpu_us_per_event": round(best[0], 2), "wall_us_per_event": round(best[1], 2),
            "all_rounds_cpu_us": [round(p[0], 2) for p in per_event]}  # fmt: skip


def machine() -> dict[str, Any]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())  # fmt: skip
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}


RUVECTOR_CLIENTS: list[tuple[str, Callable[[str], Coroutine[Any, Any, int]], str]] = [
    ("ruvector A2AClient (asyncio)", ruvector_client, "asyncio"),
    ("ruvector A2AClient (uvloop)", ruvector_client, "uvloop"),
]


def measure_all(clients: list[tuple[str, Any, str]], url: str, rounds: int) -> dict[str, Any]:
    rows: dict[str, Any] = {}
    for name, fn, loop in clients:
        try:
            rows[name] = measure(fn, url, loop, rounds)
        except Exception as exc:  # a peer client that cannot run is reported, not fatal
            rows[name] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        print(name, rows[name], flush=True)
    return rows


def last_json_line(run: subprocess.CompletedProcess[str], what: str) -> dict[str, Any]:
    if run.returncode != 0:
        return {what: {"error": run.stderr[-300:]}}
    rows: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1])
    return rows


def before_rows(url: str, rounds: int, site: Path | None, js_dir: Path | None) -> dict[str, Any]:
    """The ruvector rows of another build (the A/B's "before"), measured in subprocesses."""
    rows: dict[str, Any] = {}
    if site is not None:
        env = {**os.environ, "PYTHONPATH": str(site)}
        py = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--ruvector-only", url, "--rounds", str(rounds)],
            capture_output=True, text=True, timeout=600, cwd="/", env=env, check=False,
        )  # fmt: skip
        got = last_json_line(py, "Python")
        rows.update({f"{name} (before)": r for name, r in got.items()})
    if js_dir is not None:
        env = {**os.environ, "RUVECTOR_SDK": (js_dir / "index.mjs").as_uri()}
        js = subprocess.run(
            ["node", str(ROOT / "bench" / "a2a_events.mjs"), url, str(rounds), "--ruvector-only"],
            capture_output=True, text=True, timeout=600, cwd=ROOT, env=env, check=False,
        )  # fmt: skip
        got = last_json_line(js, "JS")
        rows.update({f"{name} (before)": r for name, r in got.items()})
    return rows


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--events", type=int, default=10_000)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--label", default="")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "a2a-events")
    p.add_argument("--before-site", type=Path, help="a directory holding the 'before' build of the package")
    p.add_argument("--before-js", type=Path, help="a web/js directory (with dist/) of the 'before' build")
    p.add_argument("--ruvector-only", metavar="URL", help=argparse.SUPPRESS)  # before_rows' subprocess
    args = p.parse_args()
    if args.ruvector_only:
        print(json.dumps(measure_all(RUVECTOR_CLIENTS, args.ruvector_only, args.rounds)))
        return
    load_before = os.getloadavg()
    results: dict[str, Any] = {"machine": machine(), "events_requested": args.events, "label": args.label}
    with run_peer("hostile", "--mode", "stream-n", "--events", str(args.events)) as url:
        rows = measure_all(
            [
                *RUVECTOR_CLIENTS,
                ("a2a-sdk 1.3 client (asyncio)", sdk_client, "asyncio"),
                ("raw httpx + json.loads (asyncio)", raw_httpx, "asyncio"),
            ],
            url,
            args.rounds,
        )
        rows.update(before_rows(url, args.rounds, args.before_site, args.before_js))
        js = subprocess.run(
            ["node", str(ROOT / "bench" / "a2a_events.mjs"), url, str(args.rounds)],
            capture_output=True, text=True, timeout=600, cwd=ROOT, check=False,
        )  # fmt: skip
        if js.returncode == 0:
            rows.update(json.loads(js.stdout.strip().splitlines()[-1]))
        else:
            rows["JS"] = {"error": js.stderr[-300:]}
    results["clients"] = rows
    results["load_average_before"] = [round(x, 2) for x in load_before]
    results["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n")
    lines = [
        f"# A2A client CPU per event ({args.events} streamed events, best of {args.rounds})",
        "",
        f"Machine: {results['machine']['cpu']}, {results['machine']['cores']} cores, Python "
        f"{results['machine']['python']}, Node {subprocess.run(['node', '--version'], capture_output=True, text=True, check=False).stdout.strip()}.",  # noqa: E501
        f"Load average before / after: {results['load_average_before']} / {results['load_average_after']} "
        "(the machine was shared with other builds: absolute figures are noisy, ratios within one run less so).",
        *([f"Label: {args.label}."] if args.label else []),
        *(
            [
                "Rows marked (before) are the ruvector clients of the --before-site / --before-js build, "
                "against the same peer in the same run."
            ]
            if args.before_site or args.before_js
            else []
        ),
        "",
        "| client | CPU µs / event | wall µs / event | rounds (CPU µs) |",
        "|---|---|---|---|",
    ]
    for name, r in rows.items():
        if "error" in r:
            lines.append(f"| {name} | error: {r['error'][:80]} | | |")
        else:
            lines.append(f"| {name} | {r['cpu_us_per_event']} | {r['wall_us_per_event']} | {r['all_rounds_cpu_us']} |")
    args.out.with_suffix(".md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
