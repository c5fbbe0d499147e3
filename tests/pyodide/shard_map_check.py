"""The shared ShardMap cases (tests/data/shard_map_cases.json, also checked by C++ natively and as wasm,
node and a Chromium worker) through the `ruvector` Python package, without numpy: the same script runs
in CPython (tests/python/test_shard_map_cases.py) and inside Pyodide (node.test.mjs, browser.test.mjs).

Inside Pyodide:   import shard_map_check; shard_map_check.main("/path/shard_map_cases.json")
main() returns "N passed, 0 failed" and raises AssertionError listing every failed case.
"""

from __future__ import annotations

import json
import os
from typing import Any

from ruvector.lake import ShardMap


def _check(case: dict[str, Any], ids: list[int]) -> list[str]:
    problems = []
    shard_map = ShardMap(case["shard_by"], case["shards"], ids)
    if (shard_map.rule, shard_map.shards) != (case["shard_by"], case["shards"]):
        problems.append(f"rule/shards {shard_map.rule}/{shard_map.shards}")
    if shard_map.bounds != [int(b) for b in case.get("bounds", [])]:
        problems.append(f"bounds {shard_map.bounds}")
    if [int(h) for h in shard_map.assign(ids)] != case["homes"]:
        problems.append("homes differ")
    if case["shard_by"] == "range":
        again = ShardMap.from_bounds(shard_map.bounds)
        if [int(h) for h in again.assign(ids)] != case["homes"]:
            problems.append("from_bounds homes differ")
    return problems


def main(path: str | os.PathLike[str]) -> str:
    with open(path) as f:
        cases = json.load(f)
    ids = [int(i) for i in cases["ids"]]
    failed = {}
    for case in cases["cases"]:
        problems = _check(case, ids)
        if problems:
            failed[f"{case['shard_by']} over {case['shards']}"] = problems
    assert not failed, failed
    return f"{len(cases['cases'])} passed, 0 failed"
