"""The shared ShardMap cases (tests/data/shard_map_cases.json, also checked natively, as wasm and by
node): Python routes every id to the shard JS and the core name."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import ruvector as rv
from ruvector.lake import ShardMap

CASES = json.loads((Path(__file__).resolve().parents[1] / "data" / "shard_map_cases.json").read_text())


def test_every_shared_case_routes_each_id_to_the_same_shard() -> None:
    ids = np.array([int(i) for i in CASES["ids"]], dtype=np.uint64)
    assert len(CASES["cases"]) == 9
    for case in CASES["cases"]:
        shard_map = ShardMap(case["shard_by"], case["shards"], ids)
        assert shard_map.rule == case["shard_by"]
        assert shard_map.shards == case["shards"]
        assert shard_map.bounds == [int(b) for b in case.get("bounds", [])]
        assert shard_map.assign(ids).tolist() == case["homes"], case
        if case["shard_by"] == "range":
            assert ShardMap.from_bounds(shard_map.bounds).assign(ids).tolist() == case["homes"]


def test_bad_bounds_get_the_core_message() -> None:
    with pytest.raises(rv.InvalidInput, match="range bounds must ascend, got 5 before 3 at 1"):
        ShardMap.from_bounds([5, 3])
