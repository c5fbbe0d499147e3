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


def with_fake_tqdm(monkeypatch: pytest.MonkeyPatch, bar: type[FakeTqdm] = FakeTqdm) -> None:
    """tqdm.auto is installed and its tqdm is ``bar`` (which records itself in MADE, cleared here)."""
    fake = types.ModuleType("tqdm.auto")
    fake.tqdm = bar  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tqdm", types.ModuleType("tqdm"))
    monkeypatch.setitem(sys.modules, "tqdm.auto", fake)
    MADE.clear()


def without_tqdm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)  # import tqdm.auto raises ImportError
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)


def test_progress_true_uses_tqdm_auto_when_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    with_fake_tqdm(monkeypatch)
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
    with_fake_tqdm(monkeypatch)
    broken = ROWS.copy()
    broken[5, 3] = np.nan
    with pytest.raises(rv.InvalidInput, match="NaN"):
        rv.RabitqIndex.build(broken, progress=True)  # the core refuses after the bar is shown
    assert MADE
    assert all(bar.closed for bar in MADE)


# Encoders: the same progress=True machinery as builds, driven by the core's steps (one "embed"
# stage); the callback form stays progress(done, total).
@pytest.fixture(scope="module")
def text_encoder() -> rv.TextEncoder:
    from test_text_encoder import model_dir

    return rv.TextEncoder.load(model_dir())


TEXTS = [f"text number {i} about {'vectors ' * (i % 5)}" for i in range(20)]


def test_embed_progress_true_uses_tqdm_auto(monkeypatch: pytest.MonkeyPatch, text_encoder: rv.TextEncoder) -> None:
    with_fake_tqdm(monkeypatch)
    text_encoder.embed(TEXTS, batch_size=3, progress=True)
    (bar,) = MADE
    assert bar.closed
    assert bar.n == bar.total == 1000
    assert bar.descriptions == ["TextEncoder.embed (20 texts)", "TextEncoder.embed (20 texts) embed"]


def test_embed_progress_true_without_tqdm_prints_the_builtin_bar(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], text_encoder: rv.TextEncoder
) -> None:
    without_tqdm(monkeypatch)
    text_encoder.embed(TEXTS, batch_size=3, progress=True)
    err = capsys.readouterr().err
    assert "TextEncoder.embed (20 texts)   embed" in err
    assert "100.0%" in err


def test_embed_callback_counts_up_to_the_total(text_encoder: rv.TextEncoder) -> None:
    seen: list[tuple[int, int]] = []
    text_encoder.embed(TEXTS, batch_size=3, progress=lambda done, total: seen.append((done, total)))
    assert len(seen) == 7  # ceil(20 / 3) batches
    assert all(total == len(TEXTS) for _, total in seen)
    done = [d for d, _ in seen]
    assert done == sorted(done)
    assert len(set(done)) == len(done)
    assert done[-1] == len(TEXTS)
    with pytest.raises(rv.InvalidInput, match="progress must be True, False, None or a callable, got int"):
        text_encoder.embed(TEXTS, progress=3)  # type: ignore[arg-type]


def test_embed_bar_is_closed_when_the_callback_cancels(
    monkeypatch: pytest.MonkeyPatch, text_encoder: rv.TextEncoder
) -> None:
    class CancellingTqdm(FakeTqdm):
        def update(self, step: int) -> None:
            super().update(step)
            raise KeyboardInterrupt  # the user stops the call from the bar

    with_fake_tqdm(monkeypatch, CancellingTqdm)
    with pytest.raises(KeyboardInterrupt):
        text_encoder.embed(TEXTS, batch_size=3, progress=True)
    (bar,) = MADE
    assert bar.closed
    assert 0 < bar.n < bar.total


def test_image_embed_progress_true(monkeypatch: pytest.MonkeyPatch) -> None:
    from image_model import model_path

    with_fake_tqdm(monkeypatch)
    images = np.random.default_rng(5).integers(0, 256, size=(3, 40, 48, 3), dtype=np.uint8)
    rv.ImageEncoder.load(model_path()).embed(images, progress=True)
    (bar,) = MADE
    assert bar.closed
    assert bar.n == bar.total == 1000
    assert bar.descriptions[-1] == "ImageEncoder.embed (3 images) embed"
