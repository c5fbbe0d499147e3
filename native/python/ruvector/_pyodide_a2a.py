"""The A2A client in Pyodide: the async Python API of ``ruvector.A2AClient`` on top of the JS SDK's
``A2AClient`` (the same C++ client core in wasm, ``fetch`` + ``ReadableStream`` for the bytes),
reached through Pyodide's JS bridge. JS errors become the ``ruvector.errors`` class of the same name;
cancelling an awaiting Python task aborts the JS request through an ``AbortController``."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Awaitable, Mapping
from typing import Any

import _ruvector_js as _sdk  # type: ignore[import-not-found]  # registered by loadRuvector
import js
from pyodide.ffi import JsException, to_js

from .a2a import A2AClient, Event, MessageLike, TaskList, _list_query
from .errors import error_class


def _to_js(value: Any) -> Any:
    return to_js(value, dict_converter=js.Object.fromEntries)


def _py(value: Any) -> Any:
    """A JS value (plain objects and arrays) as Python data, via JSON so nested objects convert too."""
    return json.loads(js.JSON.stringify(value))


def _error(exc: JsException) -> BaseException:
    err = getattr(exc, "js_error", exc)
    name = str(getattr(err, "name", "RuVectorError"))
    message = str(getattr(err, "message", str(exc)))
    if name == "AbortError":
        return asyncio.CancelledError(message)
    return error_class(name)(message)


async def _await(make: Any) -> Any:
    """Awaits the promise `make(signal)` returns; a Python cancellation aborts it."""
    controller = js.AbortController.new()
    try:
        return await make(controller.signal)
    except JsException as exc:
        raise _error(exc) from None
    except asyncio.CancelledError:
        controller.abort()
        raise


class PyodideA2AClient(A2AClient):
    def __init__(self, js_client: Any) -> None:
        self._js = js_client
        self.card = _py(js_client.card)
        self.name = str(js_client.name)
        self.endpoint = str(js_client.endpoint)
        self.protocol_version = str(js_client.protocolVersion)
        self.card_verified = bool(js_client.cardVerified)
        self.card_key_id = str(js_client.cardKeyId)
        self.supports_streaming = bool(js_client.streaming)

    @classmethod
    async def open(cls, url: str, options: Mapping[str, Any]) -> PyodideA2AClient:
        js_options = _to_js({k: v for k, v in options.items() if v is not None})

        def connect(signal: Any) -> Awaitable[Any]:
            js_options.signal = signal
            return _sdk.A2AClient.connect(url, js_options)  # type: ignore[no-any-return]

        return cls(await _await(connect))

    async def aclose(self) -> None:
        self._js.close()

    async def _unary(self, make: Any) -> Any:
        return _py(await _await(make))

    async def send(
        self,
        message: MessageLike,
        *,
        configuration: Mapping[str, Any] | None = None,
        metadata: Mapping[str, Any] | None = None,
    ) -> Event:
        msg = _to_js(message)
        opts = {"configuration": configuration, "metadata": metadata}

        def call(signal: Any) -> Any:
            return self._js.send(msg, _to_js({**{k: v for k, v in opts.items() if v is not None}, "signal": signal}))

        return Event._from_view(await self._unary(call))

    async def get_task(self, task_id: str, *, history_length: int | None = None) -> Event:
        def call(signal: Any) -> Any:
            return self._js.getTask(task_id, _to_js({"historyLength": history_length, "signal": signal}))

        return Event._from_view(await self._unary(call))

    async def cancel_task(self, task_id: str) -> Event:
        view = await self._unary(lambda signal: self._js.cancelTask(task_id, _to_js({"signal": signal})))
        return Event._from_view(view)

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
        query = _list_query(context_id, status, page_size, page_token, history_length, include_artifacts)
        q = _to_js(query)
        view = await self._unary(lambda signal: self._js.listTasks(q, _to_js({"signal": signal})))
        return TaskList._from_view(view)

    async def call(self, method: str, params: Mapping[str, Any] | None = None) -> Any:
        p = _to_js(params) if params is not None else js.undefined
        return await self._unary(lambda signal: self._js.call(method, p, _to_js({"signal": signal})))

    def stream(
        self,
        message: MessageLike,
        *,
        configuration: Mapping[str, Any] | None = None,
        metadata: Mapping[str, Any] | None = None,
    ) -> AsyncIterator[Event]:
        opts = {k: v for k, v in {"configuration": configuration, "metadata": metadata}.items() if v is not None}
        return self._iterate(lambda signal: self._js.stream(_to_js(message), _to_js({**opts, "signal": signal})))

    def subscribe(self, task_id: str) -> AsyncIterator[Event]:
        return self._iterate(lambda signal: self._js.subscribe(task_id, _to_js({"signal": signal})))

    async def _iterate(self, make: Any) -> AsyncIterator[Event]:
        controller = js.AbortController.new()
        iterable = make(controller.signal)
        iterator = js.Reflect.get(iterable, js.Symbol.asyncIterator).call(iterable)
        finished = False
        try:
            while True:
                try:
                    step = await iterator.next()
                except JsException as exc:
                    finished = True
                    raise _error(exc) from None
                if step.done:
                    finished = True
                    return
                yield Event._from_view(_py(step.value))
        finally:
            if not finished:  # left early or cancelled: abort the fetch
                controller.abort()
                with_return = getattr(iterator, "return", None)
                if with_return is not None:
                    with contextlib.suppress(JsException):
                        await with_return()


def verify_card(card_json: str, keys_json: str, require_signature: bool | None) -> dict[str, Any]:
    options = {} if require_signature is None else {"requireSignature": require_signature}
    try:
        result = _sdk.verifyAgentCard(card_json, keys_json, _to_js(options))
    except JsException as exc:
        raise _error(exc) from None
    out: dict[str, Any] = _py(result)
    return out
