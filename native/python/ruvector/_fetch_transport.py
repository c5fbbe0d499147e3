"""The A2A byte transport in Pyodide: ``fetch`` through the JS bridge (Node's or the browser's),
with the interface ``ruvector.a2a`` drives natively over libcurl (``request``, ``stream``,
``with_timeouts_ms``).

It moves bytes and names failures, nothing else: a rejected ``fetch`` is ``connect``, a rejected
body read is ``dropped``, silence longer than the request's read timeout is ``read-timeout``, a
whole body above the request's ``maxResponseBytes`` is ``too-large``; the core turns each into the
error. ``fetch`` cannot time the handshake alone, so the read timeout also bounds the wait for the
response head. Redirects are never followed (``redirect: 'manual'``): the core refuses the 3xx.
Cancelling the awaiting task aborts the fetch.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Awaitable, Iterable
from typing import Any

import js
from pyodide.ffi import JsException, jsnull, to_js

from ._transfer import ChunkStream, HttpResponse, TransferFailed


def _js_message(exc: BaseException) -> str:
    """A rejected fetch's message with its cause, as the JS transport words it."""
    err = getattr(exc, "js_error", None)
    if err is None:
        return str(exc)
    message = str(getattr(err, "message", exc))
    cause = getattr(err, "cause", None)
    cause_message = getattr(cause, "message", None) if cause is not None and cause is not jsnull else None
    return f"{message} ({cause_message})" if cause_message else message


class _Exchange:
    """One fetch: its AbortController, the read timeout of every wait, and the body reader."""

    def __init__(self, read_ms: int) -> None:
        self.controller = js.AbortController.new()
        self.read_ms = read_ms
        self.reader: Any = None
        self.response: Any = None

    async def wait(self, pending: Awaitable[Any], kind: str) -> Any:
        """Awaits a JS promise within the read timeout; a rejection becomes a `kind` failure."""
        try:
            return await asyncio.wait_for(pending, self.read_ms / 1000)
        except TimeoutError:
            self.abort()
            raise TransferFailed(f"nothing within {self.read_ms} ms", "read-timeout") from None
        except JsException as exc:
            raise TransferFailed(_js_message(exc), kind) from exc
        except asyncio.CancelledError:
            self.abort()
            raise

    async def head(self, method: str, url: str, headers: Iterable[tuple[str, str]], body: bytes | None) -> None:
        init = {"method": method, "headers": [list(h) for h in headers], "redirect": "manual"}
        options = to_js(init, dict_converter=js.Object.fromEntries)
        options.signal = self.controller.signal
        if body is not None and method != "GET":
            options.body = to_js(memoryview(body))
        self.response = await self.wait(js.fetch(url, options), "connect")
        body_stream = self.response.body
        if body_stream is not None and body_stream is not jsnull:  # null: no body (an opaque redirect)
            self.reader = body_stream.getReader()

    @property
    def status(self) -> int:
        # A browser hides an opaque redirect's status (0); the core treats every 3xx but 304 alike.
        return 307 if str(self.response.type) == "opaqueredirect" else int(self.response.status)

    def header(self, name: str) -> str | None:
        value = self.response.headers.get(name)
        return None if value is None or value is jsnull else str(value)

    @property
    def headers(self) -> list[tuple[str, str]]:
        return [(str(entry[0]), str(entry[1])) for entry in self.response.headers.entries()]

    async def read(self) -> bytes | None:
        """The next chunk, None at the end."""
        if self.reader is None:
            return None
        step = await self.wait(self.reader.read(), "dropped")
        return None if step.done else bytes(step.value.to_bytes())

    def abort(self) -> None:
        # Abort only (it errors the body stream too): cancelling the reader as well made Node's
        # fetch keep the socket open (see web/js/a2a.mjs).
        self.controller.abort()
        self.reader = None


class FetchStream(ChunkStream):
    """``async with transport.stream(...) as s`` over one fetch (see :class:`ChunkStream`)."""

    def __init__(self, exchange: _Exchange, request: tuple[str, str, list[tuple[str, str]], bytes | None]) -> None:
        self._exchange = exchange
        self._request = request

    async def _head(self) -> None:
        await self._exchange.head(*self._request)

    async def _next_chunk(self) -> bytes | None:
        return await self._exchange.read()

    def _abort(self) -> None:
        self._exchange.abort()

    @property
    def status(self) -> int:
        return self._exchange.status

    def header(self, name: str) -> str | None:
        return self._exchange.header(name)


class FetchTransport:
    """HTTP over ``fetch`` with the timeouts of the request being sent (``with_timeouts_ms``)."""

    def __init__(self) -> None:
        self._read_ms = 60_000  # replaced by with_timeouts_ms before every request of the A2A client
        self._max_bytes = 64 << 20

    def with_timeouts_ms(self, connect_ms: int, read_ms: int, max_response_bytes: int | None = None) -> FetchTransport:
        """The same transport with a request's limits (fetch has no separate connect timeout)."""
        del connect_ms
        other = copy.copy(self)
        other._read_ms = read_ms
        if max_response_bytes is not None:
            other._max_bytes = max_response_bytes
        return other

    async def request(
        self, method: str, url: str, *, headers: Iterable[tuple[str, str]] = (), body: bytes | None = None
    ) -> HttpResponse:
        """Sends a request and returns the whole response (a status >= 400 is a response too)."""
        exchange = _Exchange(self._read_ms)
        try:
            await exchange.head(method, url, list(headers), body)
            chunks: list[bytes] = []
            size = 0
            while (chunk := await exchange.read()) is not None:
                chunks.append(chunk)
                size += len(chunk)
                if size > self._max_bytes:
                    raise TransferFailed(f"more than {self._max_bytes} bytes", "too-large")
            return HttpResponse(exchange.status, exchange.headers, b"".join(chunks))
        finally:
            exchange.abort()  # no-op once the body was read to the end

    def stream(
        self, method: str, url: str, *, headers: Iterable[tuple[str, str]] = (), body: bytes | None = None
    ) -> FetchStream:
        return FetchStream(_Exchange(self._read_ms), (method, url, list(headers), body))


__all__ = ["FetchStream", "FetchTransport"]
