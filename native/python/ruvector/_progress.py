"""A dependency-free progress bar for the CLI and examples (stderr, redrawn in place on a TTY)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


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
