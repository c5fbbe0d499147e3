"""How the package's ``*_async`` methods leave the event loop, under asyncio and uvloop alike: a
blocking call runs on a shared thread pool (the native core releases the GIL, so calls run truly in
parallel), or the core answers on a thread of its own and calls back (``native_future``). Pyodide has
no threads: there the call runs inline."""

from __future__ import annotations

import asyncio
import functools
import os
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from . import errors

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


def native_future[T](
    loop: asyncio.AbstractEventLoop,
) -> tuple[asyncio.Future[T], Callable[[T | None, str | None, str | None], None]]:
    """A future of ``loop`` and the callback that settles it from a native thread: ``done(result,
    None, None)``, or ``done(None, error_name, message)`` raising that ``ruvector.errors`` class. A
    cancelled future ignores the answer; nothing but the callback touches the loop off its thread."""
    future: asyncio.Future[T] = loop.create_future()

    def settle(result: T | None, error: str | None, message: str | None) -> None:
        if future.cancelled():
            return
        if error is None:
            future.set_result(result)  # type: ignore[arg-type]
        else:
            future.set_exception(getattr(errors, error, errors.RuVectorError)(message))

    def done(result: T | None, error: str | None, message: str | None) -> None:
        loop.call_soon_threadsafe(settle, result, error, message)

    return future, done
