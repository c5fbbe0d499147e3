"""The benchmark tooling the README and the regression guard depend on (no benchmark runs here)."""

from __future__ import annotations

import copy
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


speed_table = _load("speed_table")
check_regression = _load("check_regression")


def test_readme_speed_table_is_generated_from_the_committed_results() -> None:
    text = (ROOT / "README.md").read_text()
    assert speed_table.replace_block(text, speed_table.table()) == text, (
        "README.md's speed table is stale or edited by hand: run python bench/speed_table.py --write"
    )


def test_speed_table_picks_the_fastest_config_reaching_the_target() -> None:
    report = json.loads((ROOT / "bench/results/clustered-100k.json").read_text())
    best = speed_table.best_of(report, "faiss", "0.95")
    assert best is not None
    every = [
        r["points"][r["best"]["0.95"]]["qps"]
        for r in report["results"]
        if "points" in r and r["peer"].startswith("faiss") and r["best"]["0.95"] is not None
    ]
    assert best.qps == max(every)
    assert best.recall10 >= 0.95


def _report(ours_qps: float, peer_qps: float, ours_reaches_099: bool = True) -> dict[str, Any]:
    def entry(peer: str, qps: float, reaches_099: bool) -> dict[str, Any]:
        points = [{"qps": qps, "recall10": 0.97}, {"qps": qps * 0.7, "recall10": 0.992 if reaches_099 else 0.98}]
        return {"peer": peer, "points": points, "best": {"0.95": 0, "0.99": 1 if reaches_099 else None}}

    return {
        "dataset": {"fingerprint": "abc"},
        "loadavg_start": [0.5],
        "results": [entry("ruvector", ours_qps, ours_reaches_099), entry("faiss-ivf-rabitq", peer_qps, True)],
    }


def test_regression_guard_passes_when_both_sides_slow_down_together() -> None:
    committed = _report(60_000, 40_000)
    loaded_machine = _report(30_000, 20_500)
    verdicts = check_regression.compare(committed, loaded_machine, 0.15)
    assert all(v.ok for v in verdicts), verdicts


def test_regression_guard_fails_on_a_drop_of_more_than_the_tolerance() -> None:
    committed = _report(60_000, 40_000)
    slower = _report(49_000, 40_000)  # ratio 1.5 -> 1.225: an 18 % drop
    verdicts = check_regression.compare(committed, slower, 0.15)
    assert [v.ok for v in verdicts] == [False, False]
    assert "18.3%" in verdicts[0].reason
    assert all(v.ok for v in check_regression.compare(committed, _report(53_000, 40_000), 0.15))


def test_regression_guard_fails_when_a_recall_target_is_lost() -> None:
    committed = _report(60_000, 40_000)
    verdicts = check_regression.compare(committed, _report(60_000, 40_000, ours_reaches_099=False), 0.15)
    assert [v.ok for v in verdicts] == [True, False]
    assert "no longer reaches" in verdicts[1].reason


def test_regression_guard_refuses_different_data() -> None:
    other = copy.deepcopy(_report(1, 1))
    other["dataset"]["fingerprint"] = "def"
    with pytest.raises(SystemExit, match="data differ"):
        check_regression.compare(_report(1, 1), other, 0.15)


def test_regression_guard_against_the_committed_run_itself_passes() -> None:
    committed = ROOT / "bench/results/clustered-100k.json"
    assert check_regression.main(["--committed", str(committed), "--new", str(committed)]) == 0


def _wasm_vs_native() -> ModuleType:
    return _load("wasm_vs_native_embed")


def _row(engine: str, quantize: str, batch: int, wall: float, cpu: float | None = None, **extra: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"engine": engine, "quantize": quantize, "batch": batch, "texts": 128, **extra}
    row["sentences_per_s_wall"] = wall
    if cpu is not None:
        row["sentences_per_s_cpu"] = cpu
    return row


TJS_NODE = "transformers.js (Node: onnxruntime-node, native CPU)"
TJS_CHROMIUM = "transformers.js (Chromium worker: onnxruntime-web, wasm)"


def test_wasm_bench_keeps_the_least_disturbed_repetition_of_each_row() -> None:
    bench = _wasm_vs_native()
    runs = [
        _row(bench.NATIVE, "int8", 1, wall=300, cpu=500),
        _row(bench.NATIVE, "int8", 1, wall=450, cpu=480),  # faster wall, less CPU-time speed: not kept
        _row(TJS_CHROMIUM, "int8", 1, wall=20, dtype="q8"),
        _row(TJS_CHROMIUM, "int8", 1, wall=25, dtype="q8"),  # wall only: the best wall is kept
    ]
    best = {r["engine"]: r for r in bench.best_rows(runs)}
    assert best[bench.NATIVE]["sentences_per_s_cpu"] == 500
    assert best[bench.NATIVE]["repetitions"] == 2
    assert best[TJS_CHROMIUM]["sentences_per_s_wall"] == 25


def test_transformersjs_rows_are_fractions_of_our_native_with_the_same_weights() -> None:
    bench = _wasm_vs_native()
    rows = [
        _row(bench.NATIVE, "fp32", 1, wall=200, cpu=250),
        _row(bench.NATIVE, "int8", 1, wall=400, cpu=500),
        _row(TJS_NODE, "int8", 1, wall=100, cpu=250, dtype="q8", busy_threads=1),
        _row(TJS_CHROMIUM, "int8", 1, wall=200, dtype="q8"),
        _row(TJS_NODE, "fp32", 1, wall=50, cpu=125, dtype="fp32", busy_threads=1),
    ]
    bench.add_ratios(rows)
    assert rows[2]["vs_native_cpu"] == 0.5  # q8 against our INT8, not our fp32
    assert rows[2]["vs_native_wall"] == 0.25
    assert "vs_native_cpu" not in rows[3]  # no CPU time in a browser
    assert rows[3]["vs_native_wall"] == 0.5
    assert rows[4]["vs_native_cpu"] == 0.5


def test_markdown_names_what_transformersjs_runs_on_and_the_load() -> None:
    bench = _wasm_vs_native()
    rows = [
        _row(bench.NATIVE, "int8", 1, wall=400, cpu=500),
        _row(TJS_NODE, "int8", 1, wall=100, cpu=250, dtype="q8", busy_threads=1),
        _row(TJS_CHROMIUM, "int8", 1, wall=200, dtype="q8"),
        _row(bench.WASM_CHROMIUM, "int8", 1, wall=250),
    ]
    bench.add_ratios(rows)
    result = {
        "texts": "first 256 distinct Debian package descriptions",
        "isa_native": "avx512",
        "node": "v20.20.2",
        "browser": "HeadlessChrome/156",
        "cpus": 2,
        "load_average_before": [7.4, 7.9, 6.5],
        "load_average_after": [9.1, 8.0, 7.0],
        "repetitions": 3,
        "lowest_cosine_wasm_vs_native": {"fp32": 0.9999999, "int8": 0.99996},
        "transformers_js": {
            "version": "4.3.2",
            "onnxruntime_node": "1.30.0",
            "onnxruntime_web": "1.31.0-dev",
            "cross_origin_isolated": False,
            "lowest_cosine_vs_native": {"node fp32": 0.9999998, "chromium q8": 0.9991},
        },
        "rows": rows,
    }
    text = "\n".join(bench.markdown(result))
    assert "before the run 7.4 / 7.9 / 6.5, after 9.1 / 8.0 / 7.0 on 2 CPUs: a busy machine" in text
    assert "onnxruntime-node 1.30.0 in Node: native CPU code, not wasm" in text
    assert "onnxruntime-web 1.31.0-dev in the Chromium worker: wasm SIMD" in text
    assert "node fp32 0.9999998, chromium q8 0.9991000" in text
    assert f"| {TJS_NODE} | int8 (q8) | 1 | 128 | 250.0 | 100.0 | 50% | 25% |" in text
    assert f"| {TJS_CHROMIUM} | int8 (q8) | 1 | 128 | - | 200.0 | - | 50% |" in text
    assert f"| {bench.NATIVE} | int8 | 1 | 128 | 500.0 | 400.0 | 100% | 100% |" in text
    assert "transformers.js runs at int8 batch 1 80% of ruvector wasm's sentences/s" in text
    without = {k: v for k, v in result.items() if k != "transformers_js"}
    without["rows"] = rows[:1]
    assert "transformers.js" not in "\n".join(bench.markdown(without))


def test_transformersjs_is_a_pinned_bench_only_dependency() -> None:
    bench = _wasm_vs_native()
    js = (ROOT / "bench/transformersjs_bench.mjs").read_text()
    assert f"export const MODEL_ID = '{bench.TJS_MODEL_ID}';" in js
    manifest = json.loads((ROOT / "bench/js/package.json").read_text())
    assert manifest["dependencies"] == {"@huggingface/transformers": "4.3.2"}
    lock = json.loads((ROOT / "bench/js/package-lock.json").read_text())
    assert lock["packages"]["node_modules/@huggingface/transformers"]["version"] == "4.3.2"
    sdk = json.loads((ROOT / "package.json").read_text())
    assert not any("transformers" in name for key in ("dependencies", "devDependencies") for name in sdk.get(key, {}))
    assert not any(entry.startswith("bench") for entry in sdk["files"])
