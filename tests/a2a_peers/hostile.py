"""A deliberately misbehaving A2A v1.0 JSON-RPC server for client robustness tests (stdlib only).

Raw HTTP/1.1 over asyncio streams on 127.0.0.1, ephemeral port; prints
``READY http://127.0.0.1:<port>`` once it accepts connections. One request per connection (every
response says ``Connection: close``), so ``GET /_stats`` -> ``{"open_connections": n, "requests": m}``
counts exactly the connections a client still holds: n excludes the /_stats connection itself, m
counts every request except /_stats ones.

The card (``/.well-known/agent-card.json``, also ``agent.json``) is a valid v1.0 card: one
``supportedInterfaces`` entry {url: <base>/a2a/jsonrpc, protocolBinding "JSONRPC",
protocolVersion "1.0"} and ``capabilities.streaming`` true. JSON-RPC POSTs are answered per
``--mode``:

  good             minimal well-behaved server: SendMessage, SendStreamingMessage, GetTask,
                   CancelTask, ListTasks (texts as in js_peer.mjs: count N, echo X, slow, other).
  malformed-json   200 with a body that is not JSON (an SSE event whose data is not JSON for
                   SendStreamingMessage / SubscribeToTask).
  wrong-id         a valid response whose id differs from the request's.
  oversized-event  streaming methods: one SSE event carrying 32 MiB of data (a valid JSON-RPC
                   response with a 32 MiB text part); other methods: a 32 MiB JSON body.
  silent           reads the request and never answers (holds the connection until the client
                   closes it).
  silent-stream    sends the headers of a text/event-stream, then nothing.
  cut-stream       two valid events, then half of a third, then closes the connection.
  bad-signature    like good, but the card carries a signature with a valid JWS structure whose
                   signature bytes are wrong (see --jwks-out).
  jsonrpc-error    every call gets error -32001 (TaskNotFoundError).
  http-500         every call gets HTTP 500.
  drip             one valid response (an SSE event for streaming methods), one byte every
                   --drip-ms (50) ms.
  stream-n         streaming methods: the Task, --events N (1000) updates alternating statusUpdate
                   WORKING / artifactUpdate "chunk i" (lastChunk on the last one), then statusUpdate
                   COMPLETED, back to back or --interval-ms apart; other methods as in good.

Trust modes (issue 9 item 5). All but stripped-signature also run a second, well-behaved server on
another port of 127.0.0.1 (another origin) that records the method, path and headers of every request it gets:
``/_stats`` of the first server lists them under "recorded". A client that leaks credentials
shows up there.
  stripped-signature  like good, but the card's signatures were removed (the JWKS of --jwks-out
                   still names a key the client may pin).
  cross-origin     the card names the recorder's JSON-RPC endpoint (another port: another origin).
  http-downgrade   the same card; the client allows https://127.0.0.1:<recorder port>, and the card
                   names its plain-http twin.
  redirect         JSON-RPC POSTs get 307 Temporary Redirect to the recorder's endpoint.
  redirect-card    the card GETs get 302 Found to the recorder's card.

SSE events are ``data: <JSON-RPC response>\\n\\n`` with the v1.0 StreamResponse wrapper
({task|message|statusUpdate|artifactUpdate}) and ProtoJSON enums ("TASK_STATE_WORKING").
``--framing chunked`` (default) sends streams with Transfer-Encoding: chunked, ``--framing close``
delimits them by closing the connection (so cut-stream ends in a clean EOF).

``--jwks-out PATH`` writes a JWKS with the Ed25519 public key (kid "hostile-ed25519") named by the
bad-signature card, so a client that trusts it reaches the signature check itself. The key is the
RFC 8032 section 7.1 TEST 1 public key and the signature bytes are that test's signature of the
empty message: a well-formed Ed25519 signature that does not match the card.

``--cors`` lets a browser page of another origin call the server (and the recorder): every
response allows any origin and exposes its headers, and a CORS preflight (OPTIONS) gets 204 allowing
the method and headers asked for. Preflights are neither counted nor recorded (they carry no
credentials), so the cases read the same in Chromium as in node.

The server exits when its parent goes away (re-parenting, or EOF of a piped stdin).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import json
import re
import sys
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parent_watch import parent_gone

RPC_PATH = "/a2a/jsonrpc"
CARD_PATHS = ("/.well-known/agent-card.json", "/.well-known/agent.json")
STREAMING_METHODS = ("SendStreamingMessage", "SubscribeToTask")
MODES = (
    "good",
    "malformed-json",
    "wrong-id",
    "oversized-event",
    "silent",
    "silent-stream",
    "cut-stream",
    "bad-signature",
    "jsonrpc-error",
    "http-500",
    "drip",
    "stream-n",
    "stripped-signature",
    "cross-origin",
    "http-downgrade",
    "redirect",
    "redirect-card",
)
FOREIGN_ENDPOINT_MODES = ("cross-origin", "http-downgrade")
RECORDER_MODES = (*FOREIGN_ENDPOINT_MODES, "redirect", "redirect-card")
OVERSIZED_BYTES = 32 << 20
MAX_HEADER_BYTES = 64 << 10
MAX_BODY_BYTES = 16 << 20
COUNT_RE = re.compile(r"^count\s+(\d+)(?:\s+delay\s+(\d+))?\s*$")

# RFC 8032 section 7.1, TEST 1: public key and the signature of the empty message.
RFC8032_TEST1_PUBLIC = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
RFC8032_TEST1_SIGNATURE = bytes.fromhex(
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
    "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
)
BAD_SIG_KID = "hostile-ed25519"

TASK_NOT_FOUND = -32001
TASK_NOT_CANCELABLE = -32002
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
PARSE_ERROR = -32700
TERMINAL_STATES = ("TASK_STATE_COMPLETED", "TASK_STATE_FAILED", "TASK_STATE_CANCELED", "TASK_STATE_REJECTED")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def dumps(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def agent_card(base: str, mode: str, endpoint_base: str = "") -> dict[str, Any]:
    card: dict[str, Any] = {
        "name": "ruvector-hostile-peer",
        "description": f"Deliberately misbehaving A2A server (mode {mode}) for ruvector client tests",
        "supportedInterfaces": [
            {"url": (endpoint_base or base) + RPC_PATH, "protocolBinding": "JSONRPC", "protocolVersion": "1.0"}
        ],
        "version": "1.0.0",
        "capabilities": {"streaming": True, "pushNotifications": False},
        "defaultInputModes": ["text/plain"],
        "defaultOutputModes": ["text/plain"],
        "skills": [
            {"id": "hostile", "name": "Hostile", "description": f"mode {mode}", "tags": ["test"]},
        ],
    }
    if mode == "bad-signature":
        protected = b64url(dumps({"alg": "EdDSA", "typ": "JOSE", "kid": BAD_SIG_KID}))
        card["signatures"] = [{"protected": protected, "signature": b64url(RFC8032_TEST1_SIGNATURE)}]
    return card


def bad_signature_jwks() -> dict[str, Any]:
    key = {"kty": "OKP", "crv": "Ed25519", "x": b64url(RFC8032_TEST1_PUBLIC), "kid": BAD_SIG_KID}
    return {"keys": [{**key, "alg": "EdDSA", "use": "sig"}]}


# ---- the "good" agent ---------------------------------------------------------------------------


class RpcError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


def text_part(text: str) -> dict[str, Any]:
    return {"text": text, "mediaType": "text/plain"}


def status(state: str) -> dict[str, Any]:
    return {"state": state, "timestamp": now_iso()}


@dataclass
class Agent:
    """In-memory tasks of the good behaviour. Results are StreamResponse / SendMessageResponse
    member dicts ({"task": ...}, {"statusUpdate": ...}, ...)."""

    tasks: dict[str, dict[str, Any]] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    cancel_events: dict[str, asyncio.Event] = field(default_factory=dict)

    def new_task(self, message: dict[str, Any]) -> dict[str, Any]:
        task_id, context_id = str(uuid.uuid4()), message.get("contextId") or str(uuid.uuid4())
        user = {**message, "taskId": task_id, "contextId": context_id}
        task = {"id": task_id, "contextId": context_id, "status": status("TASK_STATE_SUBMITTED"), "history": [user]}
        self.tasks[task_id] = task
        self.order.append(task_id)
        self.cancel_events[task_id] = asyncio.Event()
        return task

    def set_state(self, task: dict[str, Any], state: str) -> dict[str, Any]:
        task["status"] = status(state)
        return {"statusUpdate": {"taskId": task["id"], "contextId": task["contextId"], "status": task["status"]}}

    def add_chunk(self, task: dict[str, Any], artifact_id: str, text: str, index: int, last: bool) -> dict[str, Any]:
        artifacts: list[dict[str, Any]] = task.setdefault("artifacts", [])
        if index == 0:
            artifacts.append({"artifactId": artifact_id, "name": "result", "parts": [text_part(text)]})
        else:
            artifacts[-1]["parts"].append(text_part(text))
        event: dict[str, Any] = {
            "taskId": task["id"],
            "contextId": task["contextId"],
            "artifact": {"artifactId": artifact_id, "name": "result", "parts": [text_part(text)]},
        }
        if index > 0:
            event["append"] = True
        if last:
            event["lastChunk"] = True
        return {"artifactUpdate": event}

    def run(self, params: dict[str, Any]) -> AsyncIterator[dict[str, Any]]:
        """The events of SendStreamingMessage (RpcError for params without a message)."""
        message = params.get("message")
        if not isinstance(message, dict) or not isinstance(message.get("parts"), list):
            raise RpcError(INVALID_PARAMS, "params.message with parts is required")
        text = "".join(p.get("text", "") for p in message["parts"] if isinstance(p, dict)).strip()
        return self._events(message, text)

    async def _events(self, message: dict[str, Any], text: str) -> AsyncIterator[dict[str, Any]]:
        if text.startswith("echo "):
            reply = {"messageId": str(uuid.uuid4()), "role": "ROLE_AGENT", "parts": [text_part(text[5:])]}
            if message.get("contextId"):
                reply["contextId"] = message["contextId"]
            yield {"message": reply}
            return
        task = self.new_task(message)
        canceled = self.cancel_events[task["id"]]
        yield {"task": json.loads(json.dumps(task))}
        m = COUNT_RE.match(text)
        delay = int(m.group(2) or 0) / 1000 if m else 0.0
        yield self.set_state(task, "TASK_STATE_WORKING")
        if text == "slow":
            await canceled.wait()
            yield self.set_state(task, "TASK_STATE_CANCELED")  # the stream reports the end, as real SDKs do
            return
        chunks = [f"chunk {i}" for i in range(1, int(m.group(1)) + 1)] if m else [text]
        artifact_id = str(uuid.uuid4())
        for i, chunk in enumerate(chunks):
            if delay:
                await asyncio.sleep(delay)
            if canceled.is_set():
                return
            yield self.add_chunk(task, artifact_id, chunk, i, i == len(chunks) - 1)
        yield self.set_state(task, "TASK_STATE_COMPLETED")

    def get(self, params: dict[str, Any]) -> dict[str, Any]:
        task_id = params.get("id")
        if not isinstance(task_id, str) or task_id not in self.tasks:
            raise RpcError(TASK_NOT_FOUND, f"task {task_id!r} not found")
        return self.tasks[task_id]

    def cancel(self, params: dict[str, Any]) -> dict[str, Any]:
        task = self.get(params)
        if task["status"]["state"] in TERMINAL_STATES:
            raise RpcError(TASK_NOT_CANCELABLE, f"task {task['id']!r} is {task['status']['state']}")
        self.set_state(task, "TASK_STATE_CANCELED")
        self.cancel_events[task["id"]].set()
        return task

    def list(self) -> dict[str, Any]:
        tasks = [self.tasks[t] for t in reversed(self.order)]
        return {"tasks": tasks, "nextPageToken": "", "pageSize": len(tasks), "totalSize": len(tasks)}


# ---- HTTP ---------------------------------------------------------------------------------------


class BadRequest(Exception):
    pass


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


async def read_request(reader: asyncio.StreamReader) -> Request | None:
    """One HTTP/1.1 request (Content-Length or chunked body); None on a clean EOF before it."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as e:
        if not e.partial:
            return None
        raise BadRequest("connection closed inside the request head") from e
    except asyncio.LimitOverrunError as e:
        raise BadRequest("request head too large") from e
    if len(head) > MAX_HEADER_BYTES:
        raise BadRequest("request head too large")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
        raise BadRequest(f"bad request line {lines[0]!r}")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if line:
            name, sep, value = line.partition(":")
            if not sep:
                raise BadRequest(f"bad header line {line!r}")
            headers[name.strip().lower()] = value.strip()
    body = b""
    if headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0].strip(), 16)
            if len(body) + size > MAX_BODY_BYTES:
                raise BadRequest("request body too large")
            if size == 0:
                while (await reader.readuntil(b"\r\n")) != b"\r\n":
                    pass
                break
            body += await reader.readexactly(size)
            await reader.readexactly(2)
    elif "content-length" in headers:
        length = int(headers["content-length"])
        if length > MAX_BODY_BYTES:
            raise BadRequest("request body too large")
        body = await reader.readexactly(length)
    return Request(parts[0], parts[1].split("?")[0], headers, body)


CORS_HEADERS: dict[str, str] = {}  # set by --cors
CUT_PAUSE_S = 0.05  # cut-stream: the pause before the half event and before the cut


def response_head(code: int, reason: str, headers: dict[str, str]) -> bytes:
    all_headers = {**CORS_HEADERS, **headers}
    lines = [f"HTTP/1.1 {code} {reason}", "Connection: close", *(f"{k}: {v}" for k, v in all_headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


class Stream:
    """A text/event-stream response body, chunked or close-delimited."""

    def __init__(self, writer: asyncio.StreamWriter, chunked: bool) -> None:
        self.writer, self.chunked = writer, chunked

    async def start(self) -> None:
        headers = {"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
        if self.chunked:
            headers["Transfer-Encoding"] = "chunked"
        self.writer.write(response_head(200, "OK", headers))
        await self.writer.drain()

    async def send(self, data: bytes) -> None:
        if self.chunked:
            self.writer.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        else:
            self.writer.write(data)
        await self.writer.drain()

    async def end(self) -> None:
        if self.chunked:
            self.writer.write(b"0\r\n\r\n")
            await self.writer.drain()


def sse(payload: bytes) -> bytes:
    return b"data: " + payload + b"\n\n"


@dataclass
class Server:
    mode: str
    events: int
    interval_ms: int
    drip_ms: int
    chunked: bool
    base: str = ""
    open_connections: int = 0
    requests: int = 0
    agent: Agent = field(default_factory=Agent)
    recorder: Server | None = None  # the trust modes' second origin
    recorded: list[dict[str, Any]] = field(default_factory=list)  # what this server got, as a recorder
    records: bool = False

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.open_connections += 1
        try:
            await self.serve_one(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError, BadRequest):
            pass
        finally:
            self.open_connections -= 1
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    async def serve_one(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            req = await read_request(reader)
        except BadRequest as e:
            await self.plain(writer, 400, "Bad Request", str(e).encode())
            return
        if req is None:
            return
        if req.method == "OPTIONS" and CORS_HEADERS:
            allow = {
                "Access-Control-Allow-Methods": "GET, POST",
                "Access-Control-Allow-Headers": req.headers.get("access-control-request-headers", ""),
                "Access-Control-Max-Age": "600",
                "Content-Length": "0",
            }
            writer.write(response_head(204, "No Content", allow))
            await writer.drain()
            return
        if req.method == "GET" and req.path == "/_stats":
            stats: dict[str, Any] = {"open_connections": self.open_connections - 1, "requests": self.requests}
            if self.recorder is not None:
                stats["recorder"] = self.recorder.base
                stats["recorded"] = self.recorder.recorded
            await self.plain(writer, 200, "OK", dumps(stats), "application/json")
            return
        self.requests += 1
        if self.records:
            self.recorded.append({"method": req.method, "path": req.path, "headers": req.headers})
        other = self.recorder.base if self.recorder is not None else ""
        if req.method == "GET" and req.path in CARD_PATHS and self.mode == "redirect-card":
            await self.redirect(writer, 302, "Found", other + req.path)
        elif req.method == "POST" and req.path == RPC_PATH and self.mode == "redirect":
            await self.redirect(writer, 307, "Temporary Redirect", other + RPC_PATH)
        elif req.method == "GET" and req.path in CARD_PATHS:
            endpoint_base = other if self.mode in FOREIGN_ENDPOINT_MODES else ""
            card = agent_card(self.base, self.mode, endpoint_base)
            await self.plain(writer, 200, "OK", dumps(card), "application/json")
        elif req.method == "POST" and req.path == RPC_PATH:
            await self.rpc(req, reader, writer)
        else:
            await self.plain(writer, 404, "Not Found", f"no route for {req.method} {req.path}".encode())

    async def redirect(self, writer: asyncio.StreamWriter, code: int, reason: str, location: str) -> None:
        body = f"moved to {location}".encode()
        headers = {"Location": location, "Content-Type": "text/plain", "Content-Length": str(len(body))}
        writer.write(response_head(code, reason, headers) + body)
        await writer.drain()

    async def plain(
        self, writer: asyncio.StreamWriter, code: int, reason: str, body: bytes, ctype: str = "text/plain"
    ) -> None:
        writer.write(response_head(code, reason, {"Content-Type": ctype, "Content-Length": str(len(body))}) + body)
        await writer.drain()

    # ---- JSON-RPC ----

    async def rpc(self, req: Request, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            call = json.loads(req.body)
            if not isinstance(call, dict):
                raise ValueError("not an object")
        except ValueError:
            await self.json(writer, {"jsonrpc": "2.0", "id": None, "error": {"code": PARSE_ERROR, "message": "bad"}})
            return
        rid = call.get("id")
        method = call.get("method")
        raw_params = call.get("params")
        params: dict[str, Any] = raw_params if isinstance(raw_params, dict) else {}
        streaming = method in STREAMING_METHODS
        mode = self.mode
        client_gone: asyncio.Future[Any] = asyncio.ensure_future(reader.read(1))  # b"" once the client closes
        try:
            if mode == "silent":
                await client_gone
            elif mode == "http-500":
                await self.plain(writer, 500, "Internal Server Error", b"hostile: internal error")
            elif mode == "jsonrpc-error":
                error = {"code": TASK_NOT_FOUND, "message": "Task not found"}
                await self.json(writer, {"jsonrpc": "2.0", "id": rid, "error": error})
            elif mode == "malformed-json":
                if streaming:
                    stream = Stream(writer, self.chunked)
                    await stream.start()
                    await stream.send(b'data: {"jsonrpc":"2.0","id":' + dumps(rid) + b',"result":{"task":\n\n')
                    await stream.end()
                else:
                    await self.plain(writer, 200, "OK", b'{"jsonrpc":"2.0","id":1,"result":{oops', "application/json")
            elif mode == "oversized-event":
                parts = [text_part("x" * OVERSIZED_BYTES)]
                big = {"message": {"messageId": "big", "role": "ROLE_AGENT", "parts": parts}}
                body = dumps({"jsonrpc": "2.0", "id": rid, "result": big})
                if streaming:
                    stream = Stream(writer, self.chunked)
                    await stream.start()
                    await stream.send(sse(body))
                    await stream.end()
                else:
                    await self.plain(writer, 200, "OK", body, "application/json")
            elif mode == "silent-stream":
                await Stream(writer, self.chunked).start()
                await client_gone
            elif mode == "cut-stream":
                await self.cut_stream(writer, rid)
            elif mode == "drip":
                await self.drip(writer, rid, streaming, client_gone)
            elif mode == "stream-n" and streaming:
                await self.stream_n(writer, rid, params, client_gone)
            else:  # good, bad-signature, wrong-id, stream-n (non-streaming), the trust modes
                reply_id: Any = rid
                if mode == "wrong-id":
                    reply_id = f"{rid}-wrong" if isinstance(rid, str) else (rid + 1 if isinstance(rid, int) else 1)
                await self.good(writer, method, params, reply_id, client_gone)
        finally:
            client_gone.cancel()

    async def json(self, writer: asyncio.StreamWriter, value: Any) -> None:
        await self.plain(writer, 200, "OK", dumps(value), "application/json")

    async def good(
        self,
        writer: asyncio.StreamWriter,
        method: Any,
        params: dict[str, Any],
        rid: Any,
        client_gone: asyncio.Future[Any],
    ) -> None:
        try:
            if method == "SendStreamingMessage":
                events = self.agent.run(params)
                stream = Stream(writer, self.chunked)
                await stream.start()
                it = events.__aiter__()
                while True:
                    step: asyncio.Future[Any] = asyncio.ensure_future(it.__anext__())
                    done, _ = await asyncio.wait([step, client_gone], return_when=asyncio.FIRST_COMPLETED)
                    if step not in done:  # the client left (e.g. a "slow" stream it gave up on)
                        step.cancel()
                        return
                    try:
                        event = step.result()
                    except StopAsyncIteration:
                        break
                    await stream.send(sse(dumps({"jsonrpc": "2.0", "id": rid, "result": event})))
                await stream.end()
                return
            result: Any
            if method == "SendMessage":
                result = await self.send_message(params)
            elif method == "GetTask":
                result = self.agent.get(params)
            elif method == "CancelTask":
                result = self.agent.cancel(params)
            elif method == "ListTasks":
                result = self.agent.list()
            else:
                raise RpcError(METHOD_NOT_FOUND, f"method {method!r} not found")
            await self.json(writer, {"jsonrpc": "2.0", "id": rid, "result": result})
        except RpcError as e:
            await self.json(writer, {"jsonrpc": "2.0", "id": rid, "error": {"code": e.code, "message": str(e)}})

    async def send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        """Runs the agent to its end (or, for slow, to WORKING) and returns the task or message."""
        events = self.agent.run(params)
        first: dict[str, Any] | None = None
        async for event in events:
            if first is None:
                first = event
                if "message" in event:
                    return event
            if event.get("statusUpdate", {}).get("status", {}).get("state") == "TASK_STATE_WORKING":
                task_id = event["statusUpdate"]["taskId"]
                if self.agent.tasks[task_id]["history"][0]["parts"][0].get("text", "").strip() == "slow":
                    break
        if first is None or "task" not in first:
            raise RpcError(-32603, "the agent produced no task")
        task: dict[str, Any] = self.agent.tasks[first["task"]["id"]]
        return {"task": task}

    async def cut_stream(self, writer: asyncio.StreamWriter, rid: Any) -> None:
        task_id, context_id = str(uuid.uuid4()), str(uuid.uuid4())
        task = {"id": task_id, "contextId": context_id, "status": status("TASK_STATE_SUBMITTED")}
        working = {"taskId": task_id, "contextId": context_id, "status": status("TASK_STATE_WORKING")}
        third = sse(dumps({"jsonrpc": "2.0", "id": rid, "result": {"statusUpdate": working}}))
        stream = Stream(writer, self.chunked)
        await stream.start()
        await stream.send(sse(dumps({"jsonrpc": "2.0", "id": rid, "result": {"task": task}})))
        await stream.send(sse(dumps({"jsonrpc": "2.0", "id": rid, "result": {"statusUpdate": working}})))
        # Pauses let the client read what came before the cut: a browser's fetch drops the bytes
        # it has not handed to the page yet when a chunked body breaks.
        await asyncio.sleep(CUT_PAUSE_S)
        await stream.send(third[: len(third) // 2])
        await asyncio.sleep(CUT_PAUSE_S)
        # No terminating chunk: the connection just ends.

    async def drip(
        self, writer: asyncio.StreamWriter, rid: Any, streaming: bool, client_gone: Awaitable[bytes]
    ) -> None:
        task = {"id": str(uuid.uuid4()), "contextId": str(uuid.uuid4()), "status": status("TASK_STATE_COMPLETED")}
        payload = dumps({"jsonrpc": "2.0", "id": rid, "result": {"task": task}})
        if streaming:
            body = sse(payload)
            headers = {"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
        else:
            body = payload
            headers = {"Content-Type": "application/json"}
        headers["Content-Length"] = str(len(body))  # framing is fixed: only the pace is hostile
        writer.write(response_head(200, "OK", headers))
        await writer.drain()
        for i in range(len(body)):
            writer.write(body[i : i + 1])
            await writer.drain()
            if await self.sleep_or_gone(self.drip_ms, client_gone):
                return

    async def stream_n(
        self, writer: asyncio.StreamWriter, rid: Any, params: dict[str, Any], client_gone: Awaitable[bytes]
    ) -> None:
        message = params.get("message") if isinstance(params.get("message"), dict) else {}
        assert isinstance(message, dict)
        task = self.agent.new_task({**message, "parts": message.get("parts", [])})
        artifact_id = str(uuid.uuid4())
        stream = Stream(writer, self.chunked)
        await stream.start()

        async def send(result: dict[str, Any]) -> bool:
            await stream.send(sse(dumps({"jsonrpc": "2.0", "id": rid, "result": result})))
            return self.interval_ms > 0 and await self.sleep_or_gone(self.interval_ms, client_gone)

        if await send({"task": json.loads(json.dumps(task))}):
            return
        chunk = 0
        last_artifact = self.events - 1 if self.events % 2 == 0 else self.events - 2
        for i in range(self.events):
            if i % 2 == 0:
                event = self.agent.set_state(task, "TASK_STATE_WORKING")
            else:
                event = self.agent.add_chunk(task, artifact_id, f"chunk {chunk + 1}", chunk, i == last_artifact)
                chunk += 1
            if await send(event):
                return
        await send(self.agent.set_state(task, "TASK_STATE_COMPLETED"))
        await stream.end()

    @staticmethod
    async def sleep_or_gone(ms: int, client_gone: Awaitable[bytes]) -> bool:
        """Sleeps `ms`; True if the client closed the connection meanwhile."""
        done, _ = await asyncio.wait([asyncio.ensure_future(client_gone)], timeout=ms / 1000)
        return bool(done)


async def exit_with_parent(stop: Callable[[], None]) -> None:
    await parent_gone()
    stop()


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="hostile.py", description="Misbehaving A2A v1.0 server for tests.")
    p.add_argument("--mode", choices=MODES, default="good")
    p.add_argument("--events", type=int, default=1000, help="stream-n: number of updates (default 1000)")
    p.add_argument("--interval-ms", type=int, default=0, help="stream-n: pause between events")
    p.add_argument("--drip-ms", type=int, default=50, help="drip: pause between bytes (default 50)")
    p.add_argument("--framing", choices=["chunked", "close"], default="chunked")
    p.add_argument("--jwks-out", type=Path, help="write the JWKS of the bad-signature key here")
    p.add_argument("--cors", action="store_true", help="allow browser pages of any origin (CORS)")
    args = p.parse_args(argv)
    if args.events < 0:
        p.error(f"--events must be >= 0, got {args.events}")
    if args.interval_ms < 0 or args.drip_ms < 0:
        p.error("--interval-ms and --drip-ms must be >= 0")
    return args


async def main(argv: list[str]) -> None:
    args = parse_args(argv)
    if args.cors:
        CORS_HEADERS.update({"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "*"})
    server = Server(args.mode, args.events, args.interval_ms, args.drip_ms, args.framing == "chunked")
    listener = await asyncio.start_server(server.handle, "127.0.0.1", 0, limit=MAX_HEADER_BYTES)
    server.base = f"http://127.0.0.1:{listener.sockets[0].getsockname()[1]}"
    recorder_listener: asyncio.Server | None = None
    if args.mode in RECORDER_MODES:
        recorder = Server("good", args.events, args.interval_ms, args.drip_ms, args.framing == "chunked", records=True)
        recorder_listener = await asyncio.start_server(recorder.handle, "127.0.0.1", 0, limit=MAX_HEADER_BYTES)
        recorder.base = f"http://127.0.0.1:{recorder_listener.sockets[0].getsockname()[1]}"
        server.recorder = recorder
    if args.jwks_out is not None:
        args.jwks_out.write_text(json.dumps(bad_signature_jwks(), indent=2) + "\n")
    done = asyncio.Event()
    watcher = asyncio.create_task(exit_with_parent(done.set))
    print(f"READY {server.base}", flush=True)
    async with listener:
        await done.wait()
    if recorder_listener is not None:
        recorder_listener.close()
    watcher.cancel()


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main(sys.argv[1:]))
