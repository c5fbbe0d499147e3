"""Writes tests/data/shard_map_cases.json: which shard owns each id under the core's ShardMap, the
cases every ring checks (C++ natively and as wasm, pytest, node), so Python and JS route a row alike.

The homes are computed here from the rule's definition, independently of the core: "hash" is
splitmix64(id) mod shards (Steele, Lea, Flood 2014: one generator step from state = id); "range"
cuts at the quantiles sorted_ids[n * s // shards] and a row goes to the number of cuts <= its id.
When the ruvector wheel is installed, the script also checks the core agrees before writing.

Usage: python tests/data/make_shard_map_cases.py  -> tests/data/shard_map_cases.json
"""

from __future__ import annotations

import bisect
import json
from pathlib import Path

MASK = (1 << 64) - 1


def splitmix64(state: int) -> int:
    z = (state + 0x9E3779B97F4A7C15) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def case_ids() -> list[int]:
    edges = [0, 1, 2, 3, (1 << 32) - 1, 1 << 32, (1 << 53) + 1, 1 << 63, MASK - 1, MASK]
    strided = [4 * i for i in range(24)]  # `id mod 4` would send all of these to shard 0
    spread = [splitmix64(i) for i in range(30)]  # arbitrary full-width ids
    return edges + strided + spread


def main() -> None:
    ids = case_ids()
    cases: list[dict[str, object]] = []
    for shards in (1, 2, 3, 4, 7, 64):
        cases.append({"shard_by": "hash", "shards": shards, "homes": [splitmix64(i) % shards for i in ids]})
    for shards in (2, 4, 5):
        ordered = sorted(ids)
        bounds = [ordered[len(ordered) * s // shards] for s in range(1, shards)]
        homes = [bisect.bisect_right(bounds, i) for i in ids]
        cases.append({"shard_by": "range", "shards": shards, "bounds": [str(b) for b in bounds], "homes": homes})
    try:
        import numpy as np

        from ruvector.lake import ShardMap
    except ImportError:
        print("ruvector is not installed: the core's agreement is not checked")
    else:
        array = np.array(ids, dtype=np.uint64)
        for case in cases:
            got = ShardMap(case["shard_by"], case["shards"], array).assign(array).tolist()  # type: ignore[arg-type]
            assert got == case["homes"], case
    out = {
        "about": "Owning shard of each id under lake::ShardMap (make_shard_map_cases.py). Ids and bounds are "
        "decimal strings (JSON numbers lose u64 precision in JS). Range maps are placed over `ids`.",
        "ids": [str(i) for i in ids],
        "cases": cases,
    }
    path = Path(__file__).resolve().parent / "shard_map_cases.json"
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {path} ({len(cases)} cases over {len(ids)} ids)")


if __name__ == "__main__":
    main()
