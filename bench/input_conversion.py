"""What accepting any real array costs (issue 12 item 7): FlatIndex.build of 20,000 x 128 from a
float32 array (zero-copy), float64, a Fortran-ordered array, an ``__array__`` object (what torch
tensors and DataFrames offer) and nested lists, beside one ``np.asarray(..., float32)`` copy.
Writes bench/results/input-conversion.{json,md}.  Run: .venv/bin/python bench/input_conversion.py"""

from __future__ import annotations

import json
import os
import platform
import time
from pathlib import Path
from typing import Any

import numpy as np

import ruvector as rv

N, D, REPEAT = 20_000, 128, 7
RESULTS = Path(__file__).resolve().parent / "results"


class ArrayLike:
    def __init__(self, data: Any) -> None:
        self._data = data

    def __array__(self, dtype: object = None, copy: object = None) -> Any:
        return self._data


def best_ms(fn: Any) -> float:
    times = []
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return min(times)


def main() -> None:
    x = np.random.default_rng(0).normal(size=(N, D)).astype(np.float32)
    x64 = x.astype(np.float64)
    inputs = {
        "float32 C-contiguous (zero-copy)": x,
        "float64": x64,
        "float32 Fortran order": np.asfortranarray(x),
        "__array__ object over float64 (torch tensor / DataFrame path)": ArrayLike(x64),
        "nested Python lists": x[:2000].tolist(),
    }
    copy_ms = best_ms(lambda: np.asarray(x64, dtype=np.float32))
    rows = []
    for name, data in inputs.items():
        n = 2000 if isinstance(data, list) else N
        ms = best_ms(lambda data=data: rv.FlatIndex.build(data))
        rows.append({"input": name, "rows": n, "build_ms": round(ms, 3)})
    base = rows[0]["build_ms"]
    for row in rows:
        row["extra_ms_over_float32"] = round(row["build_ms"] - base * row["rows"] / N, 3)
    out = {
        "what": f"FlatIndex.build of {N:,} x {D} by input kind, best of {REPEAT}",
        "one_float64_to_float32_copy_ms": round(copy_ms, 3),
        "rows": rows,
        "machine": {
            "cpu": platform.processor() or platform.machine(),
            "cores": os.cpu_count(),
            "load_average": os.getloadavg()[0],
        },
        "ruvector": rv.__version__,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "input-conversion.json").write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    lines = [
        f"# {out['what']}",
        "",
        f"One `np.asarray(float64, dtype=float32)` copy of the same data: "
        f"{copy_ms:.2f} ms. Load average {out['machine']['load_average']:.1f}.",
        "",
        "| input | rows | build ms | extra ms vs float32 |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {r['input']} | {r['rows']:,} | {r['build_ms']:.2f} | {r['extra_ms_over_float32']:.2f} |" for r in rows
    ]
    (RESULTS / "input-conversion.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
