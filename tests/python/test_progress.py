"""``progress=True``: tqdm.auto when installed (notebook widgets), the built-in bar otherwise; the
callback form unchanged; the bar is closed even when the call fails."""

from __future__ import annotations

import sys
import types
from typing import Any

import numpy as np
import pytest

import ruvector as rv

ROWS = np.random.default_rng(3).normal(size=(600, 16)).astype(np.float32)


MADE: list[FakeTqdm] = []


class FakeTqdm:
    def __init__(self, total: int, desc: str, **_: Any) -> None:
        self.total, self.desc, self.n, self.closed, self.descriptions = total, desc, 0, False, [desc]
        MADE.append(self)

    def update(self, step: int) -> None:
        assert step > 0
        self.n += step

    def set_description(self, text: str) -> None:
        self.descriptions.append(text)

    def close(self) -> None:
        self.closed = True


def without_tqdm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)  # import tqdm.auto raises ImportError
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)


def test_progress_true_uses_tqdm_auto_when_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = types.ModuleType("tqdm.auto")
    fake.tqdm = FakeTqdm  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tqdm", types.ModuleType("tqdm"))
    monkeypatch.setitem(sys.modules, "tqdm.auto", fake)
    MADE.clear()
    rv.RabitqIndex.build(ROWS, progress=True)
    (bar,) = MADE
    assert bar.closed
    assert bar.n == bar.total == 1000  # reached 100 %
    assert len(bar.descriptions) > 1
    assert all(d.startswith("RabitqIndex.build") for d in bar.descriptions)


def test_progress_true_without_tqdm_prints_the_builtin_bar(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    without_tqdm(monkeypatch)
    rv.RabitqIndex.build(ROWS, progress=True)
    err = capsys.readouterr().err
    assert "RabitqIndex.build (600 rows)" in err
    assert "100.0%" in err


def test_the_callback_form_and_false_are_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    seen: list[tuple[str, float]] = []
    rv.RabitqIndex.build(ROWS, progress=lambda stage, fraction: seen.append((stage, fraction)))
    assert seen
    assert seen[-1][1] == pytest.approx(1.0)
    rv.RabitqIndex.build(ROWS, progress=False)
    assert capsys.readouterr().err == ""
    with pytest.raises(rv.InvalidInput, match="progress must be True, False, None or a callable, got str"):
        rv.RabitqIndex.build(ROWS, progress="yes")  # type: ignore[arg-type]


def test_the_bar_is_closed_when_the_call_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = types.ModuleType("tqdm.auto")
    fake.tqdm = FakeTqdm  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tqdm", types.ModuleType("tqdm"))
    monkeypatch.setitem(sys.modules, "tqdm.auto", fake)
    MADE.clear()
    broken = ROWS.copy()
    broken[5, 3] = np.nan
    with pytest.raises(rv.InvalidInput, match="NaN"):
        rv.RabitqIndex.build(broken, progress=True)  # the core refuses after the bar is shown
    assert MADE
    assert all(bar.closed for bar in MADE)
