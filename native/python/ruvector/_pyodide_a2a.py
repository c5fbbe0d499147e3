"""The A2A client core in Pyodide: the classes of ``_core`` that ``ruvector.a2a`` drives
(``A2AClientCore``, ``A2ACall``, ``A2AStream``, ``A2ACardCache``, ``A2ACardDiscovery``,
``A2AEvent``, ``a2a_verify_card``; see ``_core.pyi``) over the Embind handles of the wasm module
(``_ruvector_wasm``, registered by ``loadRuvector()``). Only conversions happen here: bytes are
copied into the wasm heap, error records become the ``ruvector.errors`` class of the same name and
event records become ``A2AEvent``. The state machine is the core's, the bytes move through
``ruvector._fetch_transport``.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from typing import Any, NoReturn

import js
from pyodide.ffi import JsProxy, jsnull, to_js

from ._pyodide_modules import decoders as _decoders
from ._pyodide_modules import wasm as _wasm
from .errors import error_class


def _checked(record: Any) -> Any:
    """A binding's answer, or the error its record names raised as the ruvector class."""
    if isinstance(record, JsProxy) and not js.Array.isArray(record):
        error: Any = getattr(record, "error", None)  # a missing JS member is an AttributeError
        if not _absent(error):
            raise error_class(str(error.name))(str(error.message))
    return record


def _with_heap(data: bytes, use: Callable[[int, int], Any]) -> Any:
    """Calls `use(pointer, length)` with a copy of `data` in the wasm heap."""
    pointer = _wasm._malloc(max(len(data), 1))
    if pointer == 0:
        raise MemoryError(f"cannot allocate {len(data)} bytes in the wasm heap")
    try:
        if data:
            _wasm.HEAPU8.subarray(pointer, pointer + len(data)).assign(data)
        return use(pointer, len(data))
    finally:
        _wasm._free(pointer)


def _delete(owner: Any) -> None:
    """Frees the Embind object `owner` holds now, not whenever the JS garbage collector would."""
    handle = owner.__dict__.pop("_handle", None)
    if handle is not None:
        with contextlib.suppress(Exception):  # never raise from a finalizer (e.g. at interpreter exit)
            handle.delete()


def _absent(value: Any) -> bool:
    """JS null (Pyodide's ``jsnull``) or undefined (None)."""
    return value is None or value is jsnull


def _optional_str(value: Any) -> str | None:
    return None if _absent(value) else str(value)


class A2AEvent:
    """``_core.A2AEvent`` from an event record the SDK decoded; ``value`` is parsed when read."""

    __slots__ = ("_context_id", "_final", "_kind", "_state", "_task_id", "_text", "_value", "_value_json")

    def __init__(self, record: Any) -> None:
        self._kind = str(record.kind)
        self._task_id = _optional_str(record.taskId)
        self._context_id = _optional_str(record.contextId)
        self._state = _optional_str(record.state)
        self._text = str(record.text)
        self._final = bool(record.final)
        self._value_json = str(record.valueJson)
        self._value: dict[str, Any] | None = None

    @property
    def kind(self) -> str:
        return self._kind

    @property
    def task_id(self) -> str | None:
        return self._task_id

    @property
    def context_id(self) -> str | None:
        return self._context_id

    @property
    def state(self) -> str | None:
        return self._state

    @property
    def text(self) -> str:
        return self._text

    @property
    def final(self) -> bool:
        return self._final

    @property
    def value(self) -> dict[str, Any]:
        if self._value is None:
            self._value = json.loads(self._value_json)
        return self._value

    def __repr__(self) -> str:
        return (
            f"Event(kind={self.kind!r}, task_id={self.task_id!r}, context_id={self.context_id!r}, "
            f"state={self.state!r}, text={self.text!r}, final={self.final!r})"
        )


def _events(batch: Any) -> list[A2AEvent]:
    """The events of a binding's batch (one text and seven numbers per event), decoded by the SDK."""
    return [A2AEvent(record) for record in _decoders.a2aEventRecords(batch)]


def _call_result(record: Any) -> Any:
    """finish()'s record as the native binding returns it."""
    event = getattr(record, "event", None)
    if not _absent(event):
        return _events(event)[0]
    page: Any = getattr(record, "page", None)
    if not _absent(page):
        size, total = page.pageSize, page.totalSize
        return (
            _events(page.tasks),
            _optional_str(page.nextPageToken),
            None if _absent(size) else int(size),
            None if _absent(total) else int(total),
        )
    return json.loads(str(record.resultJson))


class A2ACall:
    def __init__(self) -> None:
        self._handle = _wasm.A2ACallHandle.new()

    def request(self) -> str:
        return str(_checked(self._handle.request()))

    def fail(self, kind: str, detail: str = "") -> NoReturn:
        _checked(self._handle.fail(kind, detail))
        raise AssertionError("the core always answers a failed transfer with an error")

    def __del__(self) -> None:
        _delete(self)


class A2AStream:
    def __init__(self) -> None:
        self._handle = _wasm.A2AStreamHandle.new()

    def request(self) -> str:
        return str(_checked(self._handle.request()))

    def on_head(self, status: int, content_type: str) -> None:
        _checked(self._handle.onHead(status, content_type))

    def on_data(self, chunk: bytes) -> list[A2AEvent]:
        return _events(_checked(_with_heap(chunk, self._handle.onData)))

    def on_end(self) -> bool:
        return bool(_checked(self._handle.onEnd()))

    def on_fail(self, kind: str, detail: str = "") -> bool:
        return bool(_checked(self._handle.onFail(kind, detail)))

    @property
    def done(self) -> bool:
        return bool(self._handle.done())

    @property
    def task_id(self) -> str:
        return str(self._handle.taskId())

    def __del__(self) -> None:
        _delete(self)


class A2AClientCore:
    def __init__(self, card_json: str, card_url: str, options_json: str = "") -> None:
        handle = _wasm.A2AClientHandle.new()
        try:
            _checked(handle.init(card_json, card_url, options_json))
        except BaseException:
            handle.delete()
            raise
        self._handle = handle

    def info(self) -> str:
        return str(_checked(self._handle.info()))

    def _call(self, fill: Callable[[Any], Any]) -> A2ACall:
        call = A2ACall()
        _checked(fill(call._handle))
        return call

    def _stream(self, fill: Callable[[Any], Any]) -> A2AStream:
        stream = A2AStream()
        _checked(fill(stream._handle))
        return stream

    def send_message(self, message_json: str, config_json: str = "", metadata_json: str = "") -> A2ACall:
        return self._call(lambda c: self._handle.sendMessage(c, message_json, config_json, metadata_json))

    def get_task(self, task_id: str, history_length: int = -1) -> A2ACall:
        return self._call(lambda c: self._handle.getTask(c, task_id, history_length))

    def list_tasks(self, query_json: str = "") -> A2ACall:
        return self._call(lambda c: self._handle.listTasks(c, query_json))

    def cancel_task(self, task_id: str) -> A2ACall:
        return self._call(lambda c: self._handle.cancelTask(c, task_id))

    def call(self, method: str, params_json: str = "") -> A2ACall:
        return self._call(lambda c: self._handle.call(c, method, params_json))

    def finish(self, call: A2ACall, status: int, content_type: str, body: bytes) -> Any:
        record = _with_heap(body, lambda p, n: self._handle.finish(call._handle, status, content_type, p, n))
        return _call_result(_checked(record))

    def stream_message(self, message_json: str, config_json: str = "", metadata_json: str = "") -> A2AStream:
        return self._stream(lambda s: self._handle.streamMessage(s, message_json, config_json, metadata_json))

    def subscribe(self, task_id: str) -> A2AStream:
        return self._stream(lambda s: self._handle.subscribe(s, task_id))

    def __del__(self) -> None:
        # Streams keep the C++ client alive (shared ownership in the binding) until they are freed.
        _delete(self)


class A2ACardCache:
    def __init__(self) -> None:
        self._handle = _wasm.A2ACardCacheHandle.new()

    def clear(self) -> None:
        self._handle.clear()


class A2ACardDiscovery:
    def __init__(self, cache: A2ACardCache, base_url: str, options_json: str, now_ms: int) -> None:
        self._cache = cache  # the handle reads and fills it: it must outlive this discovery
        self._handle = _wasm.A2ACardDiscoveryHandle.new()
        try:
            _checked(self._handle.start(cache._handle, base_url, options_json, now_ms))
        except BaseException:
            _delete(self)
            raise

    @property
    def done(self) -> bool:
        return bool(self._handle.done())

    def request(self) -> str:
        return str(_checked(self._handle.request()))

    def on_response(self, status: int, headers: list[tuple[str, str]], body: bytes, now_ms: int) -> None:
        pairs = to_js([list(h) for h in headers])
        _checked(_with_heap(body, lambda p, n: self._handle.onResponse(status, pairs, p, n, now_ms)))

    def on_fail(self, kind: str, detail: str = "") -> NoReturn:
        _checked(self._handle.onFail(kind, detail))
        raise AssertionError("the core always answers a failed transfer with an error")

    def _card(self) -> Any:
        return _checked(self._handle.card())

    @property
    def card_url(self) -> str:
        return str(self._card().url)

    @property
    def card_json(self) -> str:
        return str(self._card().body)

    def __del__(self) -> None:
        _delete(self)


def a2a_verify_card(card_json: str, keys_json: str = "", require_signature: bool | None = None) -> dict[str, Any]:
    require = js.undefined if require_signature is None else require_signature
    result = _checked(_wasm.a2aVerifyCard(card_json, keys_json, require))
    return {"verified": bool(result.verified), "kid": str(result.kid), "alg": str(result.alg)}


__all__ = [
    "A2ACall",
    "A2ACardCache",
    "A2ACardDiscovery",
    "A2AClientCore",
    "A2AEvent",
    "A2AStream",
    "a2a_verify_card",
]
