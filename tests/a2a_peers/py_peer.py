"""A real A2A server for interop tests: the official Python ``a2a-sdk`` (DefaultRequestHandler and
its Starlette JSON-RPC routes) under uvicorn on 127.0.0.1, ephemeral port. Prints
``READY http://127.0.0.1:<port>`` once it accepts connections. Test fixture only.

Same agent behaviour and flags as js_peer.mjs (see there), except the default protocol: this peer
advertises v0.3 by default (``--protocol 0.3``: a v0.3-layout card, the SDK's v0.3 compat layer on
the endpoint) so that the two real peers cover both protocol versions out of the box.

Card signatures use PyPI ``joserfc`` (JWS, detached payload) over PyPI ``rfc8785`` (the canonical
JSON of the served card without ``signatures``); the SDK's own helper (PyJWT based) is not used.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import json
import re
import socket
import sys
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import rfc8785
import uvicorn
from a2a.server.agent_execution import AgentExecutor, RequestContext
from a2a.server.events import EventQueue
from a2a.server.request_handlers import DefaultRequestHandler
from a2a.server.routes import create_jsonrpc_routes
from a2a.server.tasks import InMemoryTaskStore
from a2a.types import a2a_pb2 as pb
from google.protobuf import json_format  # type: ignore[import-untyped]
from joserfc import jws
from joserfc.jwk import ECKey, OKPKey
from parent_watch import parent_gone
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

RPC_PATH = "/a2a/jsonrpc"
CARD_PATHS = ("/.well-known/agent-card.json", "/.well-known/agent.json")
COUNT_RE = re.compile(r"^count\s+(\d+)(?:\s+delay\s+(\d+))?\s*$")

SKILL = {
    "id": "test-stream",
    "name": "Test stream",
    "description": "count N [delay MS] | echo X | slow | anything else is echoed as an artifact",
    "tags": ["test"],
    "examples": ["count 3", "echo hello", "slow"],
}


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="py_peer.py", description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--protocol", choices=["1.0", "0.3", "both"], default="0.3")
    p.add_argument("--sign", choices=["ed25519", "es256", "none"], default="none")
    p.add_argument("--jwks-out", type=Path)
    p.add_argument("--tamper", action="store_true")
    p.add_argument("--card-cache-control")
    p.add_argument("--token")
    p.add_argument("--api-key")
    args = p.parse_args(argv)
    if args.tamper and args.sign == "none":
        p.error("--tamper needs --sign ed25519|es256")
    if args.jwks_out is not None and args.sign == "none":
        p.error("--jwks-out needs --sign ed25519|es256")
    return args


# ---- agent -----------------------------------------------------------------------------------


def _status(state: pb.TaskState) -> pb.TaskStatus:
    return pb.TaskStatus(state=state, timestamp=datetime.now(UTC))


def _text_part(text: str) -> pb.Part:
    return pb.Part(text=text, media_type="text/plain")


class TestAgentExecutor(AgentExecutor):
    """count / echo / slow / echo-as-artifact, as documented in js_peer.mjs."""

    async def execute(self, context: RequestContext, event_queue: EventQueue) -> None:
        text = context.get_user_input().strip()
        task_id = context.task_id or str(uuid.uuid4())
        context_id = context.context_id or str(uuid.uuid4())
        if text.startswith("echo "):
            reply = pb.Message(
                message_id=str(uuid.uuid4()),
                context_id=context_id,
                role=pb.Role.ROLE_AGENT,
                parts=[_text_part(text[5:])],
            )
            await event_queue.enqueue_event(reply)
            return
        history = [context.message] if context.message is not None else []
        task = pb.Task(
            id=task_id, context_id=context_id, status=_status(pb.TaskState.TASK_STATE_SUBMITTED), history=history
        )
        await event_queue.enqueue_event(task)
        m = COUNT_RE.match(text)
        delay = int(m.group(2) or 0) / 1000 if m else 0.0

        async def emit(event: pb.TaskStatusUpdateEvent | pb.TaskArtifactUpdateEvent) -> None:
            if delay > 0:
                await asyncio.sleep(delay)
            await event_queue.enqueue_event(event)

        def status_event(state: pb.TaskState) -> pb.TaskStatusUpdateEvent:
            return pb.TaskStatusUpdateEvent(task_id=task_id, context_id=context_id, status=_status(state))

        await emit(status_event(pb.TaskState.TASK_STATE_WORKING))
        if text == "slow":
            # The SDK cancels this coroutine and calls cancel() on tasks/cancel.
            await asyncio.Event().wait()
            return
        artifact_id = str(uuid.uuid4())
        chunks = [f"chunk {i}" for i in range(1, int(m.group(1)) + 1)] if m else [text]
        for i, chunk in enumerate(chunks):
            await emit(
                pb.TaskArtifactUpdateEvent(
                    task_id=task_id,
                    context_id=context_id,
                    artifact=pb.Artifact(artifact_id=artifact_id, name="result", parts=[_text_part(chunk)]),
                    append=i > 0,
                    last_chunk=i == len(chunks) - 1,
                )
            )
        await emit(status_event(pb.TaskState.TASK_STATE_COMPLETED))

    async def cancel(self, context: RequestContext, event_queue: EventQueue) -> None:
        await event_queue.enqueue_event(
            pb.TaskStatusUpdateEvent(
                task_id=context.task_id or "",
                context_id=context.context_id or "",
                status=_status(pb.TaskState.TASK_STATE_CANCELED),
            )
        )


# ---- cards -----------------------------------------------------------------------------------


def _security(args: argparse.Namespace) -> tuple[dict[str, Any], dict[str, Any]]:
    """(v1.0 card members, v0.3 card members) declaring the auth the endpoint requires."""
    v1_schemes: dict[str, Any] = {}
    v1_reqs: list[dict[str, Any]] = []
    v03_schemes: dict[str, Any] = {}
    v03_sec: list[dict[str, Any]] = []
    if args.token is not None:
        v1_schemes["bearer"] = {"httpAuthSecurityScheme": {"scheme": "Bearer"}}
        v1_reqs.append({"schemes": {"bearer": {}}})
        v03_schemes["bearer"] = {"type": "http", "scheme": "bearer"}
        v03_sec.append({"bearer": []})
    if args.api_key is not None:
        v1_schemes["apiKey"] = {"apiKeySecurityScheme": {"location": "header", "name": "X-API-Key"}}
        v1_reqs.append({"schemes": {"apiKey": {}}})
        v03_schemes["apiKey"] = {"type": "apiKey", "in": "header", "name": "X-API-Key"}
        v03_sec.append({"apiKey": []})
    v1 = {"securitySchemes": v1_schemes, "securityRequirements": v1_reqs} if v1_reqs else {}
    v03 = {"securitySchemes": v03_schemes, "security": v03_sec} if v03_sec else {}
    return v1, v03


def v1_card(base: str, args: argparse.Namespace, versions: list[str]) -> dict[str, Any]:
    return {
        "name": "ruvector-test-peer-py",
        "description": "A2A test peer (a2a-sdk) for ruvector interop tests",
        "supportedInterfaces": [
            {"url": base + RPC_PATH, "protocolBinding": "JSONRPC", "protocolVersion": v} for v in versions
        ],
        "provider": {"url": "https://example.invalid/ruvector", "organization": "ruvector tests"},
        "version": "1.0.0",
        "capabilities": {"streaming": True, "pushNotifications": False},
        "defaultInputModes": ["text/plain"],
        "defaultOutputModes": ["text/plain"],
        "skills": [SKILL],
        **_security(args)[0],
    }


def v03_card(base: str, args: argparse.Namespace) -> dict[str, Any]:
    return {
        "protocolVersion": "0.3.0",
        "name": "ruvector-test-peer-py",
        "description": "A2A test peer (a2a-sdk, v0.3 compat) for ruvector interop tests",
        "url": base + RPC_PATH,
        "preferredTransport": "JSONRPC",
        "additionalInterfaces": [{"url": base + RPC_PATH, "transport": "JSONRPC"}],
        "provider": {"url": "https://example.invalid/ruvector", "organization": "ruvector tests"},
        "version": "1.0.0",
        "capabilities": {"streaming": True, "pushNotifications": False, "stateTransitionHistory": False},
        "defaultInputModes": ["text/plain"],
        "defaultOutputModes": ["text/plain"],
        "skills": [SKILL],
        **_security(args)[1],
    }


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def sign_card(card: dict[str, Any], algorithm: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """JWS with detached payload (A2A v1.0 section 8.4): protected header {alg, typ: "JOSE", kid},
    payload = RFC 8785 canonical JSON of `card` (which has no `signatures`). Returns (signed card,
    public JWKS)."""
    key: OKPKey | ECKey
    if algorithm == "ed25519":
        key, alg = OKPKey.generate_key("Ed25519"), "EdDSA"
    else:
        key, alg = ECKey.generate_key("P-256"), "ES256"
    kid = f"py-peer-{algorithm}-{key.thumbprint()[:16]}"
    payload = rfc8785.dumps(card)
    compact = jws.serialize_compact({"alg": alg, "typ": "JOSE", "kid": kid}, payload, key, algorithms=[alg])
    protected, _, signature = compact.split(".")
    signed = {**card, "signatures": [{"protected": protected, "signature": signature}]}
    public = {**key.as_dict(private=False), "kid": kid, "alg": alg, "use": "sig"}
    return signed, {"keys": [public]}


# ---- HTTP ------------------------------------------------------------------------------------


def card_route(path: str, body: bytes, cache_control: str | None) -> Route:
    etag = '"' + _b64url(hashlib.sha256(body).digest())[:27] + '"'

    async def endpoint(request: Request) -> Response:
        headers = {"ETag": etag}
        if cache_control is not None:
            headers["Cache-Control"] = cache_control
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers=headers)
        return Response(body, media_type="application/json", headers=headers)

    return Route(path, endpoint, methods=["GET"])


class RequireAuth:
    """ASGI middleware: the JSON-RPC endpoint needs the configured bearer token / API key."""

    def __init__(self, app: ASGIApp, token: str | None, api_key: str | None) -> None:
        self.app, self.token, self.api_key = app, token, api_key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == RPC_PATH:
            headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
            problem = None
            if self.token is not None and headers.get("authorization") != f"Bearer {self.token}":
                problem = "missing or wrong bearer token"
            elif self.api_key is not None and headers.get("x-api-key") != self.api_key:
                problem = "missing or wrong X-API-Key"
            if problem is not None:
                auth = {"WWW-Authenticate": "Bearer"} if self.token is not None else {}
                await JSONResponse({"error": problem}, status_code=401, headers=auth)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def build_app(base: str, args: argparse.Namespace) -> tuple[Starlette, dict[str, Any]]:
    versions = {"1.0": ["1.0"], "0.3": ["0.3"], "both": ["1.0", "0.3"]}[args.protocol]
    handler_card_json = v1_card(base, args, versions)
    handler_card = json_format.ParseDict(handler_card_json, pb.AgentCard())
    served = v03_card(base, args) if args.protocol == "0.3" else handler_card_json
    jwks: dict[str, Any] = {}
    if args.sign != "none":
        served, jwks = sign_card(served, args.sign)
    if args.tamper:
        served = {**served, "description": served["description"] + " (tampered after signing)"}
    body = json.dumps(served, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    handler = DefaultRequestHandler(
        agent_executor=TestAgentExecutor(), task_store=InMemoryTaskStore(), agent_card=handler_card
    )
    routes = [card_route(p, body, args.card_cache_control) for p in CARD_PATHS]
    routes += create_jsonrpc_routes(handler, RPC_PATH, enable_v0_3_compat=args.protocol != "1.0")
    app = Starlette(routes=routes)
    if args.token is not None or args.api_key is not None:
        app.add_middleware(RequireAuth, token=args.token, api_key=args.api_key)
    return app, jwks


async def exit_with_parent(stop: Callable[[], Awaitable[None]]) -> None:
    """Returns (after calling `stop`) when the parent goes away: re-parenting or EOF on a piped stdin."""
    await parent_gone()
    await stop()


async def main(argv: list[str]) -> None:
    args = parse_args(argv)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    app, jwks = build_app(base, args)
    if args.jwks_out is not None:
        args.jwks_out.write_text(json.dumps(jwks, indent=2) + "\n")
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off", timeout_graceful_shutdown=1))
    serve = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        if serve.done():
            serve.result()  # raises the startup error
            raise SystemExit("py_peer: server stopped during startup")
        await asyncio.sleep(0.01)
    print(f"READY {base}", flush=True)

    async def stop() -> None:
        server.should_exit = True

    watcher = asyncio.create_task(exit_with_parent(stop))
    await serve
    watcher.cancel()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
