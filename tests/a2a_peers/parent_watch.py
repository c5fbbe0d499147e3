"""How the peers notice that the test that started them is gone: their stdin (a pipe from the
launcher) reaches EOF, or they are re-parented. Polled every 0.5 s besides the EOF wake-up."""

from __future__ import annotations

import asyncio
import contextlib
import os
import stat
import sys


async def parent_gone() -> None:
    """Returns once the parent process has gone away."""
    parent = os.getppid()
    loop = asyncio.get_running_loop()
    eof = asyncio.Event()
    mode = os.fstat(0).st_mode
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        reader = asyncio.StreamReader()
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)

        async def drain() -> None:
            while await reader.read(4096):
                pass

        loop.create_task(drain()).add_done_callback(lambda _t: eof.set())
    while not eof.is_set() and os.getppid() == parent:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(eof.wait(), timeout=0.5)
