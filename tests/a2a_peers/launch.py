"""Starts the A2A test peers of this directory as subprocesses for Python tests.

    with run_peer("js", "--sign", "ed25519", "--jwks-out", str(path)) as url:
        ...  # url = "http://127.0.0.1:<port>"

Kinds: "js" (js_peer.mjs under node), "py" (py_peer.py), "hostile" (hostile.py); Python peers run
under the interpreter running the tests. The child gets its own process group (killed as a whole on
exit), a stdin pipe (its EOF tells the peer that the parent is gone) and a stdout pipe that is read
until the READY line and drained afterwards; stderr goes to a temporary file shown on failure.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from queue import Empty, Queue
from typing import IO

PEERS_DIR = Path(__file__).resolve().parent
REPO_ROOT = PEERS_DIR.parents[1]
KINDS = ("js", "py", "hostile")


class PeerStartError(RuntimeError):
    """The peer exited or printed nothing usable before its READY line."""


def peer_command(kind: str) -> list[str]:
    if kind == "js":
        node = shutil.which("node")
        if node is None:
            raise PeerStartError("node is not on PATH (needed for the js peer)")
        return [node, str(PEERS_DIR / "js_peer.mjs")]
    if kind == "py":
        return [sys.executable, str(PEERS_DIR / "py_peer.py")]
    if kind == "hostile":
        return [sys.executable, str(PEERS_DIR / "hostile.py")]
    raise ValueError(f"unknown peer kind {kind!r}; expected one of {', '.join(KINDS)}")


def _pump(stream: IO[bytes], lines: Queue[bytes]) -> None:
    """Forwards the child's stdout lines; after READY it just keeps the pipe from filling."""
    for line in iter(stream.readline, b""):
        lines.put(line)
    lines.put(b"")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.stdin is not None:
        proc.stdin.close()
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
        except ProcessLookupError:
            pass
    if proc.stdout is not None:
        proc.stdout.close()


@contextmanager
def run_peer(kind: str, *args: str, timeout: float = 20.0) -> Iterator[str]:
    """Runs a peer until the block ends; yields its base URL."""
    cmd = [*peer_command(kind), *args]
    with tempfile.TemporaryFile() as stderr:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            cwd=REPO_ROOT,
            start_new_session=True,
        )
        try:
            assert proc.stdout is not None
            lines: Queue[bytes] = Queue()
            threading.Thread(target=_pump, args=(proc.stdout, lines), daemon=True).start()
            try:
                line = lines.get(timeout=timeout)
            except Empty:
                line = None
            if line is None or not line.startswith(b"READY http://127.0.0.1:"):
                _stop(proc)
                stderr.seek(0)
                err = stderr.read().decode("utf-8", "replace").strip()
                what = f"no READY line within {timeout:.0f} s" if line is None else f"stdout {line!r}"
                raise PeerStartError(
                    f"{' '.join(cmd)}: {what} (exit status {proc.returncode}); stderr:\n{err or '(empty)'}"
                )
            yield line.decode().split()[1]
        finally:
            _stop(proc)
