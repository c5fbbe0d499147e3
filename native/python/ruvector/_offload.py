"""The one way the package's ``*_async`` methods leave the event loop: the blocking call runs on a
shared thread pool (the native core releases the GIL, so calls run truly in parallel) and the loop
keeps running, under asyncio and uvloop alike. Pyodide has no threads: there the call runs inline."""

from __future__ import annotations

import asyncio
import functools
import os
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

_executor: ThreadPoolExecutor | None = None


def _pool() -> ThreadPoolExecutor:
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=os.cpu_count() or 2, thread_name_prefix="ruvector-search")
    return _executor


async def offload[T](call: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """``await offload(f, *args, **kwargs)``: ``f(*args, **kwargs)`` without blocking the loop."""
    if sys.platform == "emscripten":
        return call(*args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(_pool(), functools.partial(call, *args, **kwargs))
