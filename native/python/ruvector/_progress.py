"""Progress display: ``progress=True`` uses ``tqdm.auto`` when it is installed (Jupyter widgets) and
otherwise a dependency-free bar on stderr (redrawn in place on a TTY, one line per stage in logs)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from .errors import InvalidInput


class ProgressBar:
    """Callable as a ruvector ``progress(stage, fraction)`` callback."""

    def __init__(self, label: str, stream: TextIO | None = None, width: int = 30) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.start = time.perf_counter()
        self.last = ""
        self.tty = self.stream.isatty()

    def __call__(self, stage: str, fraction: float) -> None:
        filled = round(self.width * max(0.0, min(1.0, fraction)))
        bar = "#" * filled + "-" * (self.width - filled)
        line = f"{self.label} {stage:>7} [{bar}] {fraction * 100:5.1f}% {time.perf_counter() - self.start:6.1f}s"
        if line == self.last:
            return
        self.last = line
        if self.tty:
            self.stream.write("\r" + line)
        elif fraction >= 1.0:  # in logs, one line per finished stage
            self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.tty and self.last:
            self.stream.write("\n")
            self.stream.flush()


class _TqdmBar:
    """The same ``(stage, fraction)`` callable over ``tqdm.auto`` (a widget in Jupyter, text elsewhere)."""

    def __init__(self, tqdm: Any, label: str) -> None:
        self.label = label
        self.stage = ""
        self.bar = tqdm(total=1000, desc=label, unit="‰", leave=True)

    def __call__(self, stage: str, fraction: float) -> None:
        if stage != self.stage:
            self.stage = stage
            self.bar.set_description(f"{self.label} {stage}")
        target = round(1000 * max(0.0, min(1.0, fraction)))
        if target > self.bar.n:
            self.bar.update(target - self.bar.n)

    def close(self) -> None:
        self.bar.close()


def make_bar(label: str) -> ProgressBar | _TqdmBar:
    """``tqdm.auto`` when it is installed (notebooks get a widget), else the built-in bar."""
    try:
        from tqdm.auto import tqdm  # type: ignore[import-untyped]  # optional; no stubs needed
    except ImportError:
        return ProgressBar(label)
    return _TqdmBar(tqdm, label)


@contextmanager
def progress_callback(
    progress: bool | Callable[..., object] | None, label: str
) -> Iterator[Callable[..., object] | None]:
    """What a ``progress=`` argument means: a callable is used as it is (in the call's own shape:
    ``(stage, fraction)`` for builds, ``(done, total)`` for encoders), ``True`` shows a bar for the
    duration of the call (closed even when the call fails; the bindings call it as ``(stage,
    fraction)`` from the core's steps), ``None``/``False`` shows nothing."""
    if progress is None or progress is False:
        yield None
    elif progress is True:
        bar = make_bar(label)
        try:
            yield bar
        finally:
            bar.close()
    elif callable(progress):
        yield progress
    else:
        raise InvalidInput(f"progress must be True, False, None or a callable, got {type(progress).__name__}")
