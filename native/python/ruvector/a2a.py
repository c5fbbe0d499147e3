"""Agent2Agent (A2A) client: card discovery with signature checks, send, stream, tasks.

>>> async with ruvector.A2AClient.connect("http://127.0.0.1:8000") as client:  # doctest: +SKIP
...     async for event in client.stream("count 3"):
...         print(event.kind, event.state, event.text)

The protocol (requests, JSON-RPC checks, SSE parsing, typed validation, when to resubscribe, what a
failure means) is the C++ core's (``A2AClientCore``, ``A2ACardDiscovery`` of the backend: the
native extension, or the wasm module in Pyodide); this module moves bytes between it and an HTTP
transport: libcurl on its own I/O thread natively (``ruvector._transport``, loaded on first use),
``fetch`` in Pyodide (``ruvector._fetch_transport``). Both report a failed transfer as
``TransferFailed`` with the core's failure kind. Events are built once by the backend (no JSON per
event). Natively, events reach the event loop through ``call_soon_threadsafe``; the loop never
blocks, and cancelling the task that consumes a stream aborts its HTTP transfer.
"""

from __future__ import annotations

import asyncio
import json
import sys
import threading
import time
from collections.abc import AsyncIterator, Coroutine, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol

from ._backend import backend
from ._transfer import TransferFailed
from .errors import InvalidInput

if TYPE_CHECKING:
    from ._core import A2AEvent as Event
else:
    Event = backend.A2AEvent

MessageLike = str | Mapping[str, Any]


@dataclass(frozen=True)
class TaskList:
    """One page of ListTasks."""

    tasks: list[Event]
    next_page_token: str | None
    page_size: int | None
    total_size: int | None


def _list_query(
    context_id: str | None,
    status: str | None,
    page_size: int | None,
    page_token: str | None,
    history_length: int | None,
    include_artifacts: bool | None,
) -> dict[str, Any]:
    """The ListTasks query in the core's (camelCase) form, unset members left out."""
    query = {
        "contextId": context_id,
        "status": status,
        "pageSize": page_size,
        "pageToken": page_token,
        "historyLength": history_length,
        "includeArtifacts": include_artifacts,
    }
    return {k: v for k, v in query.items() if v is not None}


class _Response(Protocol):
    status: int

    def header(self, name: str) -> str | None: ...

    @property
    def body(self) -> bytes: ...


class _Stream(Protocol):
    status: int

    def header(self, name: str) -> str | None: ...

    def __aiter__(self) -> AsyncIterator[bytes]: ...

    async def aclose(self) -> None: ...


def _encode(value: Any, what: str) -> str:
    if value is None:
        return ""
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(f"A2A {what} must be JSON-serializable: {exc}") from None


def _message_json(message: MessageLike) -> str:
    if not isinstance(message, (str, Mapping)):
        raise InvalidInput(f"message must be a str or a Message mapping, got {type(message).__name__}")
    return _encode(message, "message")


def _now_ms() -> int:
    return int(time.monotonic() * 1000)


_card_cache_lock = threading.Lock()
_card_cache_instance: Any = None


def _card_cache() -> Any:
    """The process-wide card cache (core CardCache), made on first use; guarded by _card_cache_lock."""
    global _card_cache_instance  # one cache per process, like the HTTP engine
    if _card_cache_instance is None:
        _card_cache_instance = backend.A2ACardCache()
    return _card_cache_instance


class _Connect:
    """What ``A2AClient.connect`` returns: await it, or use it as an async context manager."""

    def __init__(self, coro: Coroutine[Any, Any, A2AClient]) -> None:
        self._coro = coro
        self._client: A2AClient | None = None

    def __await__(self) -> Generator[Any, None, A2AClient]:
        return self._coro.__await__()

    async def __aenter__(self) -> A2AClient:
        self._client = await self._coro
        return self._client

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._client is not None:
            await self._client.aclose()


def _make_transport(verify_tls: bool, ca_file: str | None) -> Any:
    if sys.platform == "emscripten":  # Pyodide: fetch, whose TLS is the browser's or Node's
        from ._fetch_transport import FetchTransport

        return FetchTransport()
    from ._transport import HttpTransport  # loads libcurl on first use only

    return HttpTransport(verify_tls=verify_tls, ca_file=ca_file)


def _call_result(result: Any) -> Any:
    """finish()'s answer as the API returns it: a ListTasks page becomes a TaskList."""
    return TaskList(*result) if isinstance(result, tuple) else result


def _timed(transport: Any, request: Mapping[str, Any]) -> Any:
    """The transport with the timeouts and the body limit the core put on `request`."""
    return transport.with_timeouts_ms(
        request["connectTimeoutMs"], request["readTimeoutMs"], request["maxResponseBytes"]
    )


def _seconds_ms(value: float | None) -> float | None:
    """Seconds as the core's milliseconds (the core checks the value and owns the default)."""
    return None if value is None else value * 1000


class A2AClient:
    """An A2A client bound to one agent. Create it with ``A2AClient.connect(url, ...)``."""

    def __init__(self, core: Any, transport: Any) -> None:
        self._core = core
        self._transport = transport
        info = json.loads(core.info())
        self.card: dict[str, Any] = info["card"]
        self.name: str = info["name"]
        self.endpoint: str = info["endpoint"]
        self.protocol_version: str = info["version"]
        self.card_verified: bool = info["cardVerified"]
        self.card_key_id: str = info["cardKeyId"]
        self.supports_streaming: bool = info["streaming"]

    def __repr__(self) -> str:
        verified = "verified" if self.card_verified else "unverified"
        return f"A2AClient({self.name!r}, endpoint={self.endpoint!r}, version={self.protocol_version}, card {verified})"

    # ---- connecting -------------------------------------------------------------------------------

    @classmethod
    def connect(
        cls,
        url: str,
        *,
        bearer_token: str | None = None,
        api_key: str | None = None,
        api_key_header: str = "X-API-Key",
        headers: Mapping[str, str] | None = None,
        trusted_keys: Mapping[str, Any] | str | None = None,
        require_signature: bool | None = None,
        credential_origins: Sequence[str] | None = None,
        protocol_version: str | None = None,
        max_resubscribes: int = 3,
        connect_timeout: float | None = None,
        read_timeout: float | None = None,
        verify_tls: bool = True,
        ca_file: str | None = None,
    ) -> _Connect:
        """Fetches the agent card of ``url`` (``/.well-known/agent-card.json``, then ``agent.json``;
        an URL ending in ``.json`` is the card itself), verifies its signatures against
        ``trusted_keys`` (a JWKS or a JWK) and picks the JSON-RPC endpoint and protocol version.
        With ``trusted_keys``, an unsigned (stripped) or unverifiable card is ``CardSignatureInvalid``
        unless ``require_signature=False``; ``require_signature=True`` demands a signature even
        without keys. Credentials (``bearer_token``, ``api_key``, ``headers``) go only to the card's
        origin or to the https origins in ``credential_origins``: a card naming any other endpoint
        is a ``ProtocolError`` before a request leaves. Redirects are never followed.
        Cards are cached per URL and credentials as their HTTP caching headers allow.
        ``connect_timeout`` / ``read_timeout`` (seconds; None: the core's 10 s / 60 s) bound the
        handshake and any silence, the wait for a response included."""
        options = {
            "bearerToken": bearer_token,
            "apiKey": api_key,
            "apiKeyHeader": api_key_header,
            "headers": dict(headers) if headers else None,
            "trustedKeys": trusted_keys,
            "requireSignature": require_signature,
            "credentialOrigins": list(credential_origins) if credential_origins is not None else None,
            "protocolVersion": protocol_version,
            "maxResubscribes": max_resubscribes,
            "connectTimeoutMs": _seconds_ms(connect_timeout),
            "readTimeoutMs": _seconds_ms(read_timeout),
        }
        options_json = _encode({k: v for k, v in options.items() if v is not None}, "options")

        async def run() -> A2AClient:
            transport = _make_transport(verify_tls, ca_file)
            card_url, card_json = await _discover(transport, url, options_json)
            core = backend.A2AClientCore(card_json, card_url, options_json)
            return cls(core, transport)

        return _Connect(run())

    async def aclose(self) -> None:
        """Releases the client (open streams end when their iterators are closed)."""
        close = getattr(self._transport, "aclose", None)
        if close is not None:
            await close()

    # ---- calls ----------------------------------------------------------------------------------------

    async def _finish(self, call: Any) -> Any:
        request = json.loads(call.request())
        try:
            response: _Response = await _timed(self._transport, request).request(
                request["method"],
                request["url"],
                headers=[tuple(h) for h in request["headers"]],
                body=request["body"].encode(),
            )
        except TransferFailed as exc:
            call.fail(exc.kind, str(exc))  # raises the core's error, chained to the transport's
            raise
        content_type = response.header("content-type") or ""
        return _call_result(self._core.finish(call, response.status, content_type, response.body))

    async def send(
        self,
        message: MessageLike,
        *,
        configuration: Mapping[str, Any] | None = None,
        metadata: Mapping[str, Any] | None = None,
    ) -> Event:
        """SendMessage: the agent's answer, a task (``kind == "task"``) or a message. To bound the
        wait, wrap the call in ``asyncio.timeout(...)``: cancelling aborts the HTTP request."""
        call = self._core.send_message(
            _message_json(message), _encode(configuration, "configuration"), _encode(metadata, "metadata")
        )
        event: Event = await self._finish(call)
        return event

    async def get_task(self, task_id: str, *, history_length: int | None = None) -> Event:
        """GetTask."""
        call = self._core.get_task(task_id, -1 if history_length is None else history_length)
        event: Event = await self._finish(call)
        return event

    async def cancel_task(self, task_id: str) -> Event:
        """CancelTask: the task as the agent reports it after the request."""
        event: Event = await self._finish(self._core.cancel_task(task_id))
        return event

    async def list_tasks(
        self,
        *,
        context_id: str | None = None,
        status: str | None = None,
        page_size: int | None = None,
        page_token: str | None = None,
        history_length: int | None = None,
        include_artifacts: bool | None = None,
    ) -> TaskList:
        """ListTasks (A2A 1.0; a 0.3 agent has no such method: ProtocolError)."""
        query = _list_query(context_id, status, page_size, page_token, history_length, include_artifacts)
        page: TaskList = await self._finish(self._core.list_tasks(_encode(query, "query")))
        return page

    async def call(self, method: str, params: Mapping[str, Any] | None = None) -> Any:
        """Any A2A method by its 1.0 name (e.g. ``"CreateTaskPushNotificationConfig"``,
        ``"GetExtendedAgentCard"``) with params in the wire form; returns the JSON-RPC result (for
        the methods above, what their typed call returns: an Event or a TaskList)."""
        return await self._finish(self._core.call(method, _encode(params, "params")))

    # ---- streams ------------------------------------------------------------------------------------

    def stream(
        self,
        message: MessageLike,
        *,
        configuration: Mapping[str, Any] | None = None,
        metadata: Mapping[str, Any] | None = None,
    ) -> AsyncIterator[Event]:
        """SendStreamingMessage: the task's events as they happen, ending with the event whose
        ``final`` is True. A dropped connection is resumed with SubscribeToTask (``max_resubscribes``)."""
        session = self._core.stream_message(
            _message_json(message), _encode(configuration, "configuration"), _encode(metadata, "metadata")
        )
        return self._run(session)

    def subscribe(self, task_id: str) -> AsyncIterator[Event]:
        """SubscribeToTask: the events of a running task."""
        return self._run(self._core.subscribe(task_id))

    async def _run(self, session: Any) -> AsyncIterator[Event]:
        # Moves bytes only: what a failure or an early end means (resubscribe, give up, which
        # error) is the core's StreamSession.
        while True:
            request = json.loads(session.request())
            stream: _Stream = _timed(self._transport, request).stream(
                request["method"],
                request["url"],
                headers=[tuple(h) for h in request["headers"]],
                body=request["body"].encode(),
            )
            try:
                async with stream as s:  # type: ignore[attr-defined]
                    session.on_head(s.status, s.header("content-type") or "")
                    async for chunk in s:
                        for event in session.on_data(chunk):
                            yield event
                        if session.done:
                            break
            except TransferFailed as exc:
                if session.on_fail(exc.kind, str(exc)):
                    return
                continue
            if session.on_end():
                return


async def _discover(transport: Any, url: str, options_json: str) -> tuple[str, str]:
    """The card URL and body, as the core's CardDiscovery decides (cache, agent.json fallback, 304)."""
    with _card_cache_lock:
        discovery = backend.A2ACardDiscovery(_card_cache(), url, options_json, _now_ms())
    while not discovery.done:
        request = json.loads(discovery.request())
        try:
            response: _Response = await _timed(transport, request).request(
                "GET", request["url"], headers=[tuple(h) for h in request["headers"]], body=None
            )
        except TransferFailed as exc:
            discovery.on_fail(exc.kind, str(exc))  # raises
            raise
        headers = list(getattr(response, "headers", []))
        with _card_cache_lock:
            discovery.on_response(response.status, headers, response.body, _now_ms())
    return discovery.card_url, discovery.card_json


# ---- synchronous siblings -------------------------------------------------------------------------


class _LoopThread:
    """A private event loop on a daemon thread that runs the async client for the sync API."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="ruvector-a2a-sync", daemon=True)
        self._thread.start()

    def run(self, coro: Coroutine[Any, Any, Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result()

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=5)
        self.loop.close()


class SyncA2AClient:
    """The blocking sibling of A2AClient (for scripts and notebooks without a running loop):
    ``with SyncA2AClient.connect(url) as client: client.send("hi")``."""

    def __init__(self, runner: _LoopThread, client: A2AClient) -> None:
        self._runner = runner
        self._client = client
        self.card = client.card
        self.name = client.name
        self.endpoint = client.endpoint
        self.protocol_version = client.protocol_version
        self.card_verified = client.card_verified

    @classmethod
    def connect(cls, url: str, **options: Any) -> SyncA2AClient:
        """Same arguments as ``A2AClient.connect``."""
        runner = _LoopThread()
        try:

            async def make() -> A2AClient:
                return await A2AClient.connect(url, **options)

            return cls(runner, runner.run(make()))
        except BaseException:
            runner.close()
            raise

    def __enter__(self) -> SyncA2AClient:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._runner.run(self._client.aclose())
        self._runner.close()

    def send(self, message: MessageLike, **kwargs: Any) -> Event:
        result: Event = self._runner.run(self._client.send(message, **kwargs))
        return result

    def get_task(self, task_id: str, *, history_length: int | None = None) -> Event:
        result: Event = self._runner.run(self._client.get_task(task_id, history_length=history_length))
        return result

    def cancel_task(self, task_id: str) -> Event:
        result: Event = self._runner.run(self._client.cancel_task(task_id))
        return result

    def list_tasks(self, **query: Any) -> TaskList:
        result: TaskList = self._runner.run(self._client.list_tasks(**query))
        return result

    def call(self, method: str, params: Mapping[str, Any] | None = None) -> Any:
        return self._runner.run(self._client.call(method, params))

    def stream(self, message: MessageLike, **kwargs: Any) -> Iterator[Event]:
        return self._iterate(self._client.stream(message, **kwargs))

    def subscribe(self, task_id: str) -> Iterator[Event]:
        return self._iterate(self._client.subscribe(task_id))

    def _iterate(self, events: AsyncIterator[Event]) -> Iterator[Event]:
        agen: Any = events
        try:
            while True:
                try:
                    yield self._runner.run(agen.__anext__())
                except StopAsyncIteration:
                    return
        finally:
            self._runner.run(agen.aclose())  # leaving the loop early aborts the HTTP stream


def verify_card(
    card: str | bytes | Mapping[str, Any],
    trusted_keys: Mapping[str, Any] | str | None = None,
    *,
    require_signature: bool | None = None,
) -> dict[str, Any]:
    """Checks an agent card's signatures (JWS over its RFC 8785 form) against trusted keys.
    Returns ``{"verified", "kid", "alg"}``; raises CardSignatureInvalid as ``A2AClient.connect`` would
    (``require_signature=None``: required exactly when keys are given)."""
    if isinstance(card, bytes):
        text = card.decode("utf-8")
    elif isinstance(card, str):
        text = card
    else:
        text = _encode(card, "card")
    keys = trusted_keys if isinstance(trusted_keys, str) or trusted_keys is None else _encode(trusted_keys, "keys")
    result: dict[str, Any] = backend.a2a_verify_card(text, keys or "", require_signature)
    return result


__all__ = ["A2AClient", "Event", "SyncA2AClient", "TaskList", "verify_card"]
