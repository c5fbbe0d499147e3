"""What every A2A byte transport (libcurl natively, fetch in Pyodide) hands back: a complete
response, or TransferFailed when a transfer fails. Kept apart from both transports so that using
these loads neither libcurl nor the JS bridge.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from types import TracebackType
from typing import Self

from .errors import TransportError


class TransferFailed(TransportError):
    """A failed transfer. ``kind`` says how, in the A2A core's words (``connect``, ``read-timeout``,
    ``dropped``, ``too-large``, ``local``; the transport decides it, nobody reads it from the message).
    Never reaches the user: the core turns it into the error, the same on every target."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


def find_header(headers: list[tuple[str, str]], name: str) -> str | None:
    """The first value of header `name` (any case) in lower-case-named pairs, or None."""
    wanted = name.lower()
    return next((value for key, value in headers if key == wanted), None)


class HttpResponse:
    """A complete response: status, headers (names lower-case, in arrival order) and body."""

    __slots__ = ("body", "headers", "status")

    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (any case), or None."""
        return find_header(self.headers, name)

    def __repr__(self) -> str:
        return f"HttpResponse(status={self.status}, {len(self.headers)} headers, {len(self.body)} bytes)"


class ChunkStream:
    """``async with transport.stream(...) as s``: status and headers on entry, then ``async for
    chunk in s`` yields body bytes as they arrive; leaving the block aborts an unfinished transfer.
    The life cycle every transport shares; a transport supplies how to start, wait for the head,
    read a chunk, abort, and let go."""

    _closed = False

    def _begin(self) -> None:
        """Starts the request (nothing to abort yet if this raises)."""

    async def _head(self) -> None:
        raise NotImplementedError

    async def _next_chunk(self) -> bytes | None:
        """The next body chunk, None at the end."""
        raise NotImplementedError

    def _abort(self) -> None:
        raise NotImplementedError

    async def _release(self) -> None:
        """Aborts an unfinished transfer and waits until the transport has let go of it."""
        self._abort()

    async def __aenter__(self) -> Self:
        self._begin()
        try:
            await self._head()
        except BaseException:
            self._abort()
            raise
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self

    async def __anext__(self) -> bytes:
        chunk = None if self._closed else await self._next_chunk()
        if chunk is None:
            raise StopAsyncIteration
        return chunk

    async def aclose(self) -> None:
        if not self._closed:
            self._closed = True
            await self._release()


__all__ = ["ChunkStream", "HttpResponse", "TransferFailed", "find_header"]
