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
