"""The shared hostile-peer cases through ``ruvector.A2AClient`` inside Pyodide (Node or a browser
worker): imported by tests/pyodide/a2a.test.mjs and a2a_worker.mjs, which pass the cases with
their options already resolved (tests/a2a_peers/case_options.mjs) and compare the outcomes.
"""

from __future__ import annotations

import json
import re
from typing import Any

import js

import ruvector as rv


def keyword(name: str, value: Any) -> tuple[str, Any]:
    """A core option (camelCase; ...Ms in milliseconds) as an A2AClient.connect keyword (seconds)."""
    snake = re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()
    return (snake.removesuffix("_ms"), value / 1000) if snake.endswith("_ms") else (snake, value)


async def recorded(url: str) -> list[Any]:
    stats = (await (await js.fetch(f"{url}/_stats")).json()).to_py()
    return list(stats.get("recorded", []))


async def run(case: dict[str, Any], url: str) -> None:
    kwargs = dict(keyword(k, v) for k, v in case["options"].items())
    async with rv.A2AClient.connect(url, **kwargs) as client:
        if case["op"] == "send":
            assert (await client.send("echo trust")).text == "trust"
        elif case["op"] == "stream":
            async for _ in client.stream("count 2"):
                pass


async def run_cases(cases_json: str, urls_json: str) -> str:
    """[{name, error: [class, message] | null, recorded: [...]}] as JSON text."""
    urls = json.loads(urls_json)
    out = []
    for case in json.loads(cases_json):
        url = urls[case["mode"]]
        has_stats = case["mode"] != "closed-port"
        before = await recorded(url) if has_stats else []
        error = None
        try:
            await run(case, url)
        except rv.RuVectorError as exc:
            error = [type(exc).__name__, str(exc)]
        after = await recorded(url) if has_stats else []
        out.append({"name": case["name"], "error": error, "recorded": after[len(before) :]})
    return json.dumps(out)
