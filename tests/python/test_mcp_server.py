"""`ruvector serve` (ruvector.integrations.mcp_server) through the real `mcp` package's client
(pinned in requirements-dev.txt): in-process for the tools and caps, then the command itself over
stdio and over streamable HTTP with a bearer token."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from ruvector.integrations.mcp_server import Limits, Store, build_server

DOCS = ["The cat sat on the mat.", "Stock markets fell sharply.", "Bake the apple pie for forty minutes."]
METAS = [{"topic": "pets", "year": 2020}, {"topic": "money", "year": 2021}, {"topic": "food", "year": 2022}]


def payload(result: Any) -> Any:
    assert not result.is_error, result.content
    if result.structured_content is not None:
        value = result.structured_content
        return value.get("result", value) if isinstance(value, dict) and set(value) == {"result"} else value
    return json.loads(result.content[0].text)


def error_text(result: Any) -> str:
    assert result.is_error
    return str(result.content[0].text)


async def test_tools_in_process(tmp_path: Path) -> None:
    store = Store(tmp_path, Limits(texts_per_add=3, text_bytes=100, max_k=5, rows_per_collection=4))
    async with Client(build_server(store)) as client:
        names = {t.name for t in (await client.list_tools()).tools}
        assert names == {"list_collections", "create_collection", "drop_collection", "add_texts", "query", "delete"}
        payload(await client.call_tool("create_collection", {"name": "notes"}))
        ids = payload(await client.call_tool("add_texts", {"collection": "notes", "texts": DOCS, "metadatas": METAS}))
        assert ids == {"ids": [0, 1, 2]}
        hits = payload(await client.call_tool("query", {"collection": "notes", "text": "apple pie", "k": 1}))
        assert hits[0]["id"] == 2
        assert hits[0]["metadata"] == METAS[2]
        filtered = payload(
            await client.call_tool(
                "query", {"collection": "notes", "text": "apple pie", "k": 5, "filter": {"year": {"$lt": 2022}}}
            )
        )
        assert sorted(h["id"] for h in filtered) == [0, 1]
        assert payload(await client.call_tool("delete", {"collection": "notes", "ids": [0, 99]})) == {"removed": 1}
        assert payload(await client.call_tool("list_collections", {})) == [{"name": "notes", "size": 2}]
        # Every cap and every bad name is a tool error naming the value.
        for name in ["../etc", "/abs", "a/b", "..", ".hidden", "x" * 65, ""]:
            err = error_text(await client.call_tool("create_collection", {"name": name}))
            assert "never a path" in err
        assert "4 texts in one add, over the limit of 3" in error_text(
            await client.call_tool("add_texts", {"collection": "notes", "texts": ["a"] * 4})
        )
        assert "texts[1] has 101 bytes, over the limit of 100" in error_text(
            await client.call_tool("add_texts", {"collection": "notes", "texts": ["a", "b" * 101]})
        )
        assert "holds 2 texts; 3 more would pass the limit of 4" in error_text(
            await client.call_tool("add_texts", {"collection": "notes", "texts": ["a", "b", "c"]})
        )
        assert "k must be between 1 and 5, got 6" in error_text(
            await client.call_tool("query", {"collection": "notes", "text": "x", "k": 6})
        )
        assert "filter.year.$gt expects a number, got string" in error_text(
            await client.call_tool("query", {"collection": "notes", "text": "x", "filter": {"year": {"$gt": "1"}}})
        )
        assert "no collection named 'other'" in error_text(
            await client.call_tool("query", {"collection": "other", "text": "x"})
        )
    # Saved after every change: a new server over the same directory sees the texts.
    async with Client(build_server(Store(tmp_path, Limits()))) as client:
        assert payload(await client.call_tool("list_collections", {})) == [{"name": "notes", "size": 2}]
    assert sorted(os.listdir(tmp_path)) == ["notes.rvcol"]


def serve_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "ruvector.cli", "serve", *args]


async def test_stdio_transport(tmp_path: Path) -> None:
    params = StdioServerParameters(command=serve_command()[0], args=[*serve_command()[1:], "--data-dir", str(tmp_path)])
    async with Client(params) as client:
        payload(await client.call_tool("create_collection", {"name": "docs"}))
        payload(await client.call_tool("add_texts", {"collection": "docs", "texts": DOCS}))
        hits = payload(await client.call_tool("query", {"collection": "docs", "text": "markets fell", "k": 1}))
        assert hits[0]["text"] == DOCS[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def http_server(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        serve_command("--data-dir", str(tmp_path), "--http", "--port", str(port), "--token", "s3cret"),
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


async def test_streamable_http_with_a_bearer_token(http_server: str) -> None:
    async with (
        httpx2.AsyncClient(headers={"Authorization": "Bearer s3cret"}) as http,
        Client(streamable_http_client(http_server, http_client=http)) as client,
    ):
        payload(await client.call_tool("create_collection", {"name": "web"}))
        payload(await client.call_tool("add_texts", {"collection": "web", "texts": DOCS, "metadatas": METAS}))
        hits = payload(
            await client.call_tool("query", {"collection": "web", "text": "cat", "k": 3, "filter": {"topic": "pets"}})
        )
        assert [h["id"] for h in hits] == [0]
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}
    headers = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
    async with httpx2.AsyncClient() as http:
        missing = await http.post(http_server, json=body, headers=headers)
        wrong = await http.post(http_server, json=body, headers={**headers, "Authorization": "Bearer nope"})
    assert missing.status_code == 401
    assert wrong.status_code == 401


def test_refuses_a_public_address_without_a_token(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "RUVECTOR_MCP_TOKEN"}
    run = subprocess.run(
        serve_command("--data-dir", str(tmp_path), "--http", "--host", "0.0.0.0", "--port", str(free_port())),
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert run.returncode == 2
    assert "refusing to serve on 0.0.0.0 without --token" in run.stderr
