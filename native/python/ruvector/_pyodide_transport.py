"""The A2A client's HTTP transport in Pyodide: the browser's (or Node's) ``fetch``, awaited on
Pyodide's event loop. Same interface as the native ``_transport.HttpTransport`` (request / stream);
the bytes go to the same C++ core (through the wasm module) as natively."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from types import TracebackType
from typing import Any

import js
from pyodide.ffi import JsException, to_js

from .errors import TransportError


def _init(method: str, headers: Sequence[tuple[str, str]], body: bytes | None, signal: Any) -> Any:
    init: dict[str, Any] = {"method": method, "headers": to_js(dict(headers), dict_converter=js.Object.fromEntries)}
    if body is not None:
        init["body"] = to_js(body)
    init["signal"] = signal
    return to_js(init, dict_converter=js.Object.fromEntries)


def _js_message(exc: BaseException) -> str:
    err = getattr(exc, "js_error", None)
    return str(getattr(err, "message", None) or exc)


class FetchResponse:
    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k == name), None)


def _headers_of(response: Any) -> list[tuple[str, str]]:
    return [(str(k).lower(), str(v)) for k, v in js.Array.from_(response.headers.entries())]


class FetchStream:
    """``async with transport.stream(...) as s``: ``s.status``, ``s.header()``, ``async for chunk in s``."""

    def __init__(
        self, transport: FetchTransport, method: str, url: str, headers: Sequence[tuple[str, str]], body: bytes | None
    ) -> None:
        self._transport = transport
        self._args = (method, url, headers, body)
        self._controller: Any = None
        self._reader: Any = None
        self.status = 0
        self.headers: list[tuple[str, str]] = []

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k == name), None)

    async def __aenter__(self) -> FetchStream:
        method, url, headers, body = self._args
        self._controller = js.AbortController.new()
        try:
            response = await asyncio.wait_for(
                js.fetch(url, _init(method, headers, body, self._controller.signal)),
                self._transport.connect_timeout,
            )
        except TimeoutError:
            self._controller.abort()
            raise TransportError(
                f"no response from {url} within {self._transport.connect_timeout:g} s (timeout)"
            ) from None
        except JsException as exc:
            raise TransportError(f"fetch {url} failed: {_js_message(exc)}") from None
        self.status = int(response.status)
        self.headers = _headers_of(response)
        self._reader = response.body.getReader() if response.body else None
        return self

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self._chunks()

    async def _chunks(self) -> AsyncIterator[bytes]:
        if self._reader is None:
            return
        url = self._args[1]
        while True:
            try:
                chunk = await asyncio.wait_for(self._reader.read(), self._transport.read_timeout)
            except TimeoutError:
                raise TransportError(
                    f"no data from {url} for {self._transport.read_timeout:g} s (read timeout)"
                ) from None
            except JsException as exc:
                raise TransportError(f"stream from {url} failed: {_js_message(exc)}") from None
            if chunk.done:
                return
            yield bytes(chunk.value.to_py())

    async def aclose(self) -> None:
        if self._controller is not None:
            self._controller.abort()
            self._controller = None

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()


class FetchTransport:
    def __init__(self, *, connect_timeout: float = 10.0, read_timeout: float = 60.0) -> None:
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout

    async def request(
        self,
        method: str,
        url: str,
        *,
        headers: Sequence[tuple[str, str]] = (),
        body: bytes | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 - the native transport's signature
    ) -> FetchResponse:
        controller = js.AbortController.new()
        try:
            response = await asyncio.wait_for(
                js.fetch(url, _init(method, headers, body, controller.signal)), timeout or self.connect_timeout
            )
            data = await asyncio.wait_for(response.arrayBuffer(), timeout or self.read_timeout)
        except TimeoutError:
            controller.abort()
            raise TransportError(f"no answer from {url} in time (timeout)") from None
        except JsException as exc:
            raise TransportError(f"fetch {url} failed: {_js_message(exc)}") from None
        return FetchResponse(int(response.status), _headers_of(response), bytes(js.Uint8Array.new(data).to_py()))

    def stream(
        self, method: str, url: str, *, headers: Sequence[tuple[str, str]] = (), body: bytes | None = None
    ) -> FetchStream:
        return FetchStream(self, method, url, headers, body)
