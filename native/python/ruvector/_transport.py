"""Native HTTP for the A2A client: an asyncio API (and blocking siblings) over ``ruvector._http``,
the process-wide libcurl engine whose one I/O thread drives every transfer of every transport.

This layer moves bytes. A status >= 400 is a response, not an error (the A2A layer decides);
connection, TLS, timeout and size failures raise :class:`ruvector.errors.TransportError`.

Threading: the engine calls back on its I/O thread, holding the GIL only to update a transfer's
state; it reaches an event loop only through ``loop.call_soon_threadsafe`` (coalesced: one
wake-up per batch of events) and blocking callers through a condition variable.

Memory: there is no backpressure. A whole response is capped at ``max_response_bytes``; a stream's
chunks that arrived but were not read yet are capped at the same number, after which the transfer
is aborted and the stream raises TransportError (the consumer is too slow).

Importing this module loads libcurl (linked statically into ``_http``), which is why ``import ruvector``
does not import it.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import copy
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import TracebackType
from typing import Self

from ._transfer import ChunkStream, HttpResponse, TransferFailed, find_header
from .errors import InvalidInput, TransportError

try:
    from . import _http
except ImportError as exc:  # this copy was compiled with -DRUVECTOR_HTTP=OFF (CMakeLists.txt)
    raise TransportError(
        "this ruvector was built without its native HTTP transport (ruvector._http), which A2AClient and "
        "HttpBundleBackend need: it was compiled with RUVECTOR_HTTP=OFF. Reinstall the wheel from PyPI, or "
        "rebuild without that option (pip install --force-reinstall --no-binary ruvector ruvector, or pip install . "
        "in a checkout); the transport's libcurl and Mbed TLS come with the sources"
    ) from exc

# certifi's bundle is the last place the engine looks for CA certificates (after SSL_CERT_FILE,
# SSL_CERT_DIR and the system's bundles; native/http/ca_lookup.hpp): machines without a CA
# package, e.g. slim containers, then work the way they do with requests and httpx.
with contextlib.suppress(ImportError):
    import certifi

    _http.set_fallback_ca_bundle(certifi.where())

Headers = Mapping[str, str] | Iterable[tuple[str, str]]


class _Transfer:
    """One transfer's state, written by the engine's callbacks (I/O thread, GIL held) and read by
    one consumer: a coroutine on ``loop`` or, when ``loop`` is None, a blocked thread."""

    def __init__(self, loop: asyncio.AbstractEventLoop | None, url: str, unread_limit: int) -> None:
        self.cond = threading.Condition()
        self.loop = loop
        self.url = url
        self.unread_limit = unread_limit  # 0: the engine caps the body instead
        self.handle = 0
        self.status: int | None = None
        self.headers: list[tuple[str, str]] = []
        self.chunks: collections.deque[bytes] = collections.deque()
        self.unread = 0
        self.error: str | None = None
        self.kind = "local"  # how the transfer failed, once error is set
        self.done = False
        self._wake_scheduled = False
        self._waiter: asyncio.Future[None] | None = None

    # --- engine callbacks (I/O thread) -------------------------------------------------------
    def on_head(self, status: int, headers: list[tuple[str, str]]) -> None:
        with self.cond:
            self.status, self.headers = status, headers
            self._changed()

    def on_data(self, chunk: bytes) -> bool:
        """Stores a chunk; False tells the engine to stop the transfer. The answer goes back through
        the return value, not ``_http.cancel(self.handle)``: the first chunks may arrive before
        ``start`` has returned the handle, and cancelling handle 0 would do nothing."""
        with self.cond:
            if self.error is not None:
                return False
            self.chunks.append(chunk)
            self.unread += len(chunk)
            if self.unread_limit and self.unread > self.unread_limit:
                self.error = (
                    f"stream from {self.url}: more than max_response_bytes ({self.unread_limit}) received "
                    "and not read yet (the consumer is too slow)"
                )
                self.kind = "local"
            self._changed()
            return self.error is None

    def on_done(self, error: str | None, kind: str | None) -> None:
        with self.cond:
            if self.error is None and error is not None:
                self.error, self.kind = error, kind or "local"
            self.done = True
            self._changed()

    def _changed(self) -> None:  # self.cond is held
        self.cond.notify_all()
        if self.loop is not None and not self._wake_scheduled:
            self._wake_scheduled = True
            with contextlib.suppress(RuntimeError):  # a closed loop: nobody waits there any more
                self.loop.call_soon_threadsafe(self._wake)

    # --- consumer side -------------------------------------------------------------------------
    def _wake(self) -> None:  # on the loop
        with self.cond:
            self._wake_scheduled = False
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    async def wait_async(self, ready: Callable[[], bool]) -> None:
        # No lost wake-up: an event after the check either schedules _wake now or finds one still
        # pending, and either runs on this loop only after we await.
        assert self.loop is not None
        while True:
            with self.cond:
                if ready():
                    return
            self._waiter = self.loop.create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None

    def wait_sync(self, ready: Callable[[], bool]) -> None:
        with self.cond:
            self.cond.wait_for(ready)

    def next_chunk(self) -> bytes | None:
        """The oldest unread chunk, None at the end; raises the transfer's error after the chunks."""
        with self.cond:
            if self.chunks:
                chunk = self.chunks.popleft()
                self.unread -= len(chunk)
                return chunk
            if self.error is not None:
                raise self.failure()
            return None

    def failure(self) -> TransferFailed:
        return TransferFailed(self.error or f"no response from {self.url}", self.kind)

    def cancel(self) -> None:
        if not self.done:
            _http.cancel(self.handle)

    def response(self) -> HttpResponse:
        if self.error is not None:
            raise self.failure()
        assert self.status is not None
        return HttpResponse(self.status, self.headers, b"".join(self.chunks))


def _seconds_to_ms(value: float | None, name: str, *, allow_none: bool) -> int:
    if value is None and allow_none:
        return 0
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0 or value == float("inf"):
        expected = "a positive number of seconds" + (" or None" if allow_none else "")
        raise InvalidInput(f"{name} must be {expected}, got {value!r}")
    return max(1, round(value * 1000))


def _header_list(headers: Headers) -> list[tuple[str, str]]:
    items = headers.items() if isinstance(headers, Mapping) else headers
    out: list[tuple[str, str]] = []
    for item in items:
        if not (isinstance(item, tuple) and len(item) == 2 and all(isinstance(x, str) for x in item)):
            raise InvalidInput(f"headers must be (str, str) pairs or a str -> str mapping, got {item!r}")
        out.append(item)
    return out


def _body_bytes(body: bytes | bytearray | memoryview | None) -> bytes | None:
    if body is None or isinstance(body, bytes):
        return body
    if isinstance(body, bytearray | memoryview):
        return bytes(body)
    raise InvalidInput(f"body must be bytes or None, got {type(body).__name__} (encode text first)")


class HttpTransport:
    """HTTP client settings; every transport shares the process's one engine and connection cache.

    ``read_timeout`` is the longest silence allowed once connected (None: wait forever, e.g. for
    quiet event streams); ``connect_timeout`` covers TCP and TLS handshakes. TLS verification is
    on unless ``verify_tls=False``; ``ca_file`` replaces the system CAs with a PEM bundle. Without it,
    https requests use ``SSL_CERT_FILE``, then ``SSL_CERT_DIR``, then the system's CA bundle or
    directory (Debian/Ubuntu, Fedora/RHEL, openSUSE, Alpine, FreeBSD paths), then ``certifi`` when
    installed; if none exists the request raises TransportError listing what was tried.
    """

    def __init__(
        self,
        *,
        connect_timeout: float = 10.0,
        read_timeout: float | None = 60.0,
        verify_tls: bool = True,
        ca_file: str | None = None,
        max_response_bytes: int = 64 << 20,
    ) -> None:
        self._connect_ms = _seconds_to_ms(connect_timeout, "connect_timeout", allow_none=False)
        self._read_ms = _seconds_to_ms(read_timeout, "read_timeout", allow_none=True)
        if isinstance(max_response_bytes, bool) or not isinstance(max_response_bytes, int) or max_response_bytes <= 0:
            raise InvalidInput(f"max_response_bytes must be a positive int, got {max_response_bytes!r}")
        self._verify_tls = bool(verify_tls)
        self._ca_file = ca_file or ""
        self._max_bytes = max_response_bytes

    def with_timeouts_ms(self, connect_ms: int, read_ms: int, max_response_bytes: int | None = None) -> HttpTransport:
        """The same settings with other timeouts, in ms (0 read: none), and optionally another body
        limit, e.g. the ones a request of the A2A core carries."""
        other = copy.copy(self)
        other._connect_ms = _seconds_to_ms(connect_ms / 1000, "connect_timeout", allow_none=False)
        other._read_ms = 0 if read_ms == 0 else _seconds_to_ms(read_ms / 1000, "read_timeout", allow_none=False)
        if max_response_bytes is not None:
            other._max_bytes = max_response_bytes
        return other

    def _start(
        self,
        loop: asyncio.AbstractEventLoop | None,
        method: str,
        url: str,
        headers: Headers,
        body: bytes | bytearray | memoryview | None,
        timeout: float | None,
        *,
        stream: bool,
    ) -> _Transfer:
        for name, value in (("method", method), ("url", url)):
            if not isinstance(value, str):
                raise InvalidInput(f"{name} must be a str, got {value!r}")
        transfer = _Transfer(loop, url, self._max_bytes if stream else 0)
        transfer.handle = _http.start(
            method,
            url,
            _header_list(headers),
            _body_bytes(body),
            self._connect_ms,
            self._read_ms,
            _seconds_to_ms(timeout, "timeout", allow_none=True),
            self._verify_tls,
            self._ca_file,
            0 if stream else self._max_bytes,
            transfer.on_head,
            transfer.on_data,
            transfer.on_done,
        )
        return transfer

    async def request(
        self,
        method: str,
        url: str,
        *,
        headers: Headers = (),
        body: bytes | bytearray | memoryview | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 (libcurl enforces it on the transfer itself)
    ) -> HttpResponse:
        """Sends a request and returns the whole response. ``timeout`` bounds the whole transfer.
        Cancelling the awaiting task aborts the transfer (its connection is closed)."""
        transfer = self._start(asyncio.get_running_loop(), method, url, headers, body, timeout, stream=False)
        try:
            await transfer.wait_async(lambda: transfer.done)
        finally:
            transfer.cancel()  # no-op when done; aborts when the task was cancelled
        return transfer.response()

    def request_sync(
        self,
        method: str,
        url: str,
        *,
        headers: Headers = (),
        body: bytes | bytearray | memoryview | None = None,
        timeout: float | None = None,
    ) -> HttpResponse:
        """:meth:`request` for blocking code (the GIL is released while waiting)."""
        transfer = self._start(None, method, url, headers, body, timeout, stream=False)
        try:
            transfer.wait_sync(lambda: transfer.done)
        finally:
            transfer.cancel()
        return transfer.response()

    def stream(
        self,
        method: str,
        url: str,
        *,
        headers: Headers = (),
        body: bytes | bytearray | memoryview | None = None,
    ) -> HttpStream:
        """``async with transport.stream(...) as s``: status and headers on entry, then
        ``async for chunk in s`` yields body bytes as they arrive. Leaving the block aborts an
        unfinished transfer."""
        return HttpStream(lambda loop: self._start(loop, method, url, headers, body, None, stream=True))

    def stream_sync(
        self,
        method: str,
        url: str,
        *,
        headers: Headers = (),
        body: bytes | bytearray | memoryview | None = None,
    ) -> HttpStreamSync:
        """:meth:`stream` for blocking code: ``with transport.stream_sync(...) as s: for chunk in s``."""
        return HttpStreamSync(lambda: self._start(None, method, url, headers, body, None, stream=True))


class _StreamBase:
    _transfer: _Transfer

    @property
    def status(self) -> int:
        assert self._transfer.status is not None, "the stream is not open yet"
        return self._transfer.status

    @property
    def headers(self) -> list[tuple[str, str]]:
        return self._transfer.headers

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (any case), or None."""
        return find_header(self._transfer.headers, name)

    def _check_head(self) -> None:
        if self._transfer.status is None:
            raise self._transfer.failure()


class HttpStream(_StreamBase, ChunkStream):
    """A streamed response; see :meth:`HttpTransport.stream`."""

    def __init__(self, start: Callable[[asyncio.AbstractEventLoop], _Transfer]) -> None:
        self._start = start

    def _begin(self) -> None:
        self._transfer = self._start(asyncio.get_running_loop())

    async def _head(self) -> None:
        t = self._transfer
        await t.wait_async(lambda: t.status is not None or t.done)
        self._check_head()

    async def _next_chunk(self) -> bytes | None:
        t = self._transfer
        await t.wait_async(lambda: bool(t.chunks) or t.done)
        return t.next_chunk()

    def _abort(self) -> None:
        self._transfer.cancel()

    async def _release(self) -> None:
        """Aborts the transfer if it is still running (the server sees the connection close) and
        waits until the engine has let go of it."""
        t = self._transfer
        t.cancel()
        await t.wait_async(lambda: t.done)


class HttpStreamSync(_StreamBase):
    """A streamed response for blocking code; see :meth:`HttpTransport.stream_sync`."""

    def __init__(self, start: Callable[[], _Transfer]) -> None:
        self._start = start
        self._closed = False

    def __enter__(self) -> Self:
        self._transfer = t = self._start()
        try:
            t.wait_sync(lambda: t.status is not None or t.done)
            self._check_head()
        except BaseException:
            t.cancel()
            raise
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __iter__(self) -> Iterator[bytes]:
        t = self._transfer
        while not self._closed:
            t.wait_sync(lambda: bool(t.chunks) or t.done)
            chunk = t.next_chunk()
            if chunk is None:
                return
            yield chunk

    def close(self) -> None:
        """Aborts the transfer if it is still running and waits until the engine let go of it."""
        if self._closed:
            return
        self._closed = True
        t = self._transfer
        t.cancel()
        t.wait_sync(lambda: t.done)


__all__ = ["HttpResponse", "HttpStream", "HttpStreamSync", "HttpTransport", "TransferFailed"]
