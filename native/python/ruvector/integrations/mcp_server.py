"""``ruvector serve``: an MCP server (``pip install ruvector[mcp]``) over named collections.

Tools: ``list_collections``, ``create_collection``, ``drop_collection``, ``add_texts``, ``query``
(with a metadata filter, evaluated inside the index scan) and ``delete``. Collections are named,
never addressed by path: a name is 1-64 letters, digits, ``_``, ``-`` or ``.`` not starting with
``.``, stored as ``<data-dir>/<name>.rvcol`` (saved atomically after every change). Transports:
stdio (default) and streamable HTTP (``--http``), bound to 127.0.0.1 unless told otherwise, and
refusing any other address without ``--token`` (or ``RUVECTOR_MCP_TOKEN``): with a token, every HTTP
request must carry ``Authorization: Bearer <token>`` (401 otherwise). Caps (``Limits``): texts per
add, bytes per text, k, rows per collection -- each refusal names the cap and the value.
"""

from __future__ import annotations

import argparse
import functools
import hmac
import ipaddress
import json
import os
import re
import sys
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError

from ..collection import Collection
from ..embed import HashEmbedder
from ..errors import InvalidInput, RuVectorError

__all__ = ["Limits", "Store", "build_server", "main"]

_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}")
_SUFFIX = ".rvcol"


@dataclass(frozen=True)
class Limits:
    texts_per_add: int = 256
    text_bytes: int = 65536
    max_k: int = 100
    rows_per_collection: int = 100_000


class Store:
    """The named collections under one data directory, loaded on first use, saved after each change."""

    def __init__(self, data_dir: Path, limits: Limits, embedder: HashEmbedder | None = None) -> None:
        self.data_dir = data_dir
        self.limits = limits
        self.embedder = embedder if embedder is not None else HashEmbedder()
        self._open: dict[str, Collection] = {}
        self._lock = threading.Lock()
        data_dir.mkdir(parents=True, exist_ok=True)

    def path_of(self, name: object) -> Path:
        if not isinstance(name, str) or not _NAME.fullmatch(name) or ".." in name:
            raise InvalidInput(
                "a collection name is 1-64 letters, digits, '_', '-' or '.', not starting with '.' and "
                f"without '..' (never a path), got {name!r}"
            )
        return self.data_dir / (name + _SUFFIX)

    def names(self) -> list[str]:
        return sorted(p.name[: -len(_SUFFIX)] for p in self.data_dir.glob("*" + _SUFFIX))

    def create(self, name: str) -> None:
        path = self.path_of(name)
        with self._lock:
            if path.exists():
                raise InvalidInput(f"collection {name!r} already exists")
            col = Collection(self.embedder)
            col.save(os.fspath(path))
            self._open[name] = col

    def drop(self, name: str) -> None:
        path = self.path_of(name)
        with self._lock:
            self._open.pop(name, None)
            if not path.exists():
                raise InvalidInput(f"no collection named {name!r}")
            path.unlink()

    def get(self, name: str) -> Collection:
        path = self.path_of(name)
        with self._lock:
            if name not in self._open:
                if not path.exists():
                    raise InvalidInput(f"no collection named {name!r} (create_collection makes one)")
                self._open[name] = Collection.load(os.fspath(path), self.embedder)
            return self._open[name]

    def save(self, name: str) -> None:
        self.get(name).save(os.fspath(self.path_of(name)))

    def check_text(self, text: object, what: str) -> str:
        if not isinstance(text, str):
            raise InvalidInput(f"{what} must be a string, got {type(text).__name__}")
        size = len(text.encode())
        if size > self.limits.text_bytes:
            raise InvalidInput(f"{what} has {size} bytes, over the limit of {self.limits.text_bytes}")
        return text


def _reported[**P, R](tool: Callable[P, R]) -> Callable[P, R]:
    """The caller sees a ruvector error's class and message (MCP hides other exceptions' text)."""

    @functools.wraps(tool)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return tool(*args, **kwargs)
        except RuVectorError as exc:
            raise ToolError(f"{type(exc).__name__}: {exc}") from exc

    return call


def build_server(store: Store) -> MCPServer:
    server: MCPServer = MCPServer(
        "ruvector", instructions="Named text collections: add texts with JSON metadata, query by text with filters."
    )
    limits = store.limits
    write_lock = threading.Lock()

    @server.tool()
    @_reported
    def list_collections() -> list[dict[str, Any]]:
        """The collections in the data directory, with their number of texts."""
        return [{"name": n, "size": len(store.get(n))} for n in store.names()]

    @server.tool()
    @_reported
    def create_collection(name: str) -> dict[str, Any]:
        """Creates an empty collection (texts embedded with ruvector's HashEmbedder, cosine)."""
        store.create(name)
        return {"name": name, "size": 0}

    @server.tool()
    @_reported
    def drop_collection(name: str) -> dict[str, Any]:
        """Deletes a collection and its file."""
        store.drop(name)
        return {"name": name, "dropped": True}

    @server.tool()
    @_reported
    def add_texts(
        collection: str, texts: list[str], metadatas: list[dict[str, Any] | None] | None = None
    ) -> dict[str, Any]:
        """Adds texts (with optional JSON-object metadata, one per text); returns their ids."""
        if len(texts) > limits.texts_per_add:
            raise InvalidInput(f"{len(texts)} texts in one add, over the limit of {limits.texts_per_add}")
        for i, t in enumerate(texts):
            store.check_text(t, f"texts[{i}]")
        with write_lock:
            col = store.get(collection)
            if len(col) + len(texts) > limits.rows_per_collection:
                raise InvalidInput(
                    f"collection {collection!r} holds {len(col)} texts; {len(texts)} more would pass the limit of "
                    f"{limits.rows_per_collection}"
                )
            ids = col.add(texts, metas=metadatas)
            store.save(collection)
        return {"ids": ids}

    @server.tool()
    @_reported
    def query(collection: str, text: str, k: int = 5, filter: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """The k texts closest to `text`, best first ({id, score, text, metadata}). `filter`: metadata
        conditions such as {"topic": "a"}, {"year": {"$gte": 2020}}, {"tag": {"$in": ["x", "y"]}},
        {"$or": [...]}, {"$and": [...]}, {"$not": {...}}; k texts come back whenever k match."""
        if not 1 <= k <= limits.max_k:
            raise InvalidInput(f"k must be between 1 and {limits.max_k}, got {k}")
        store.check_text(text, "text")
        hits = store.get(collection).query(text, k, filter=filter)
        return [{"id": h.id, "score": h.score, "text": h.text, "metadata": h.meta} for h in hits]

    @server.tool()
    @_reported
    def delete(collection: str, ids: list[int]) -> dict[str, Any]:
        """Removes texts by id (unknown ids are ignored); returns how many were removed."""
        if len(ids) > limits.texts_per_add:
            raise InvalidInput(f"{len(ids)} ids in one delete, over the limit of {limits.texts_per_add}")
        with write_lock:
            removed = store.get(collection).remove(ids)
            store.save(collection)
        return {"removed": removed}

    return server


ASGIApp = Callable[[MutableMapping[str, Any], Any, Any], Awaitable[None]]


def bearer_guard(app: ASGIApp, token: str) -> ASGIApp:
    """Every HTTP request must carry ``Authorization: Bearer <token>``; 401 otherwise."""
    expected = f"Bearer {token}".encode()

    async def guarded(scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            given = dict(scope.get("headers") or []).get(b"authorization", b"")
            if not hmac.compare_digest(given, expected):
                body = json.dumps({"error": "missing or wrong bearer token"}).encode()
                await send(
                    {
                        "type": "http.response.start",
                        "status": 401,
                        "headers": [(b"content-type", b"application/json"), (b"www-authenticate", b"Bearer")],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
        await app(scope, receive, send)

    return guarded


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def http_app(server: MCPServer, host: str, token: str | None) -> ASGIApp:
    if not is_loopback(host) and not token:
        raise InvalidInput(
            f"refusing to serve on {host} without --token (or RUVECTOR_MCP_TOKEN): only loopback is open"
        )
    app: ASGIApp = server.streamable_http_app(host=host)
    return bearer_guard(app, token) if token else app


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="ruvector serve", description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--data-dir", type=Path, default=Path("ruvector-data"), help="where the collections live")
    p.add_argument("--http", action="store_true", help="streamable HTTP instead of stdio")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--token", default=os.environ.get("RUVECTOR_MCP_TOKEN"), help="bearer token for HTTP")
    d = Limits()
    p.add_argument("--max-texts-per-add", type=int, default=d.texts_per_add)
    p.add_argument("--max-text-bytes", type=int, default=d.text_bytes)
    p.add_argument("--max-k", type=int, default=d.max_k)
    p.add_argument("--max-rows", type=int, default=d.rows_per_collection, help="texts per collection")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    limits = Limits(args.max_texts_per_add, args.max_text_bytes, args.max_k, args.max_rows)
    server = build_server(Store(args.data_dir, limits))
    if not args.http:
        server.run("stdio")
        return 0
    try:
        app = http_app(server, args.host, args.token)
    except InvalidInput as exc:
        print(f"ruvector serve: {exc}", file=sys.stderr)
        return 2
    import uvicorn

    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
