"""Writes the seed corpora of the text fuzz targets (tests/fuzz/{json,sse,jsonrpc,card_verify}/) from
the project's own test data and A2A v1.0 / v0.3 protocol examples: the golden signed agent cards,
the RFC 8785 inputs, JSON-RPC responses of every method family (results, events, errors) and the
SSE streams a server sends them in, Go's signed-note example for witness_checkpoint, and upstream's
bundle sidecars for lake_sidecar. The saved
indexes (rabitq_load) and our own signed checkpoints come from make_fuzz_seeds (C++).

Run: python3 tests/fuzz/make_seeds.py   (output committed; deterministic)
"""

from __future__ import annotations

import base64
import hashlib
import json
import zlib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "fuzz"
DATA = ROOT / "tests" / "data"

MESSAGE_V1 = {
    "messageId": "m-1",
    "role": "ROLE_USER",
    "contextId": "ctx",
    "taskId": "t-1",
    "parts": [
        {"text": "hello", "mediaType": "text/plain"},
        {"url": "https://example.com/a.pdf", "filename": "a.pdf", "mediaType": "application/pdf"},
        {"raw": "aGVsbG8=", "filename": "h.txt"},
        {"data": {"k": [True, None, 1e-7]}, "metadata": {"m": 1}},
    ],
    "metadata": {"trace": "abc"},
    "extensions": ["https://ext/1"],
    "referenceTaskIds": ["t-0"],
}
MESSAGE_V03 = {
    "kind": "message",
    "messageId": "m-2",
    "role": "agent",
    "parts": [
        {"kind": "text", "text": "hi", "metadata": {"a": 1}},
        {"kind": "file", "file": {"uri": "https://example.com/x.png", "mimeType": "image/png", "name": "x.png"}},
        {"kind": "file", "file": {"bytes": "AAEC"}},
        {"kind": "data", "data": {"answer": 42}},
    ],
}
TASK_V1 = {
    "id": "t-1",
    "contextId": "ctx",
    "status": {
        "state": "TASK_STATE_INPUT_REQUIRED",
        "timestamp": "2025-01-01T00:00:00.000Z",
        "message": {"messageId": "s-1", "role": "ROLE_AGENT", "parts": [{"text": "which file?"}]},
    },
    "artifacts": [{"artifactId": "a-1", "name": "out", "parts": [{"text": "x"}], "metadata": {}}],
    "history": [{"messageId": "m-1", "role": "ROLE_USER", "parts": [{"text": "go"}]}],
    "metadata": {"k": "v"},
}
TASK_V03 = {"kind": "task", "id": "t", "contextId": "c", "status": {"state": "working"}, "history": [MESSAGE_V03]}
STATUS_V1 = {"taskId": "t", "contextId": "c", "status": {"state": "TASK_STATE_COMPLETED"}, "metadata": {"a": 1}}
ARTIFACT_V1 = {
    "taskId": "t",
    "contextId": "c",
    "artifact": {"artifactId": "a", "parts": [{"text": "chunk"}]},
    "append": True,
    "lastChunk": False,
}
STATUS_V03 = {
    "kind": "status-update",
    "taskId": "t",
    "contextId": "c",
    "status": {"state": "completed", "timestamp": "2025-01-01T00:00:00Z"},
    "final": True,
}
ARTIFACT_V03 = {
    "kind": "artifact-update",
    "taskId": "t",
    "contextId": "c",
    "artifact": {"artifactId": "a", "parts": [{"kind": "text", "text": "x"}]},
    "lastChunk": True,
}


def response(result: object) -> dict[str, object]:
    return {"jsonrpc": "2.0", "id": 1, "result": result}


def jsonrpc_bodies() -> dict[str, str]:
    cards = {p.stem: json.loads(p.read_text()) for p in sorted((DATA / "a2a_cards").glob("*.json"))}
    bodies = {
        "send_task_v1": response({"task": TASK_V1}),
        "send_message_v1": response({"message": MESSAGE_V1}),
        "send_task_v03": response(TASK_V03),
        "send_message_v03": response(MESSAGE_V03),
        "event_status_v1": response({"statusUpdate": STATUS_V1}),
        "event_artifact_v1": response({"artifactUpdate": ARTIFACT_V1}),
        "event_status_v03": response(STATUS_V03),
        "event_artifact_v03": response(ARTIFACT_V03),
        "list_tasks_v1": response({"tasks": [TASK_V1], "nextPageToken": "p2", "pageSize": 50, "totalSize": 51}),
        "extended_card_v1": response(cards["ed25519_v1"]),
        "extended_card_v03": response(cards["ed25519_v03"]),
        "error_task_not_found": {
            "jsonrpc": "2.0",
            "id": 1,
            "error": {"code": -32001, "message": "Task not found", "data": {"taskId": "t-9"}},
        },
        "error_parse_null_id": {"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": "Parse error"}},
    }
    return {name: json.dumps(body, ensure_ascii=False) for name, body in bodies.items()}


def sse_streams(bodies: dict[str, str]) -> dict[str, str]:
    events = [bodies[n] for n in ("event_status_v1", "event_artifact_v1", "send_task_v1")]
    return {
        "stream_v1_lf": "".join(f"id: {i}\ndata: {e}\n\n" for i, e in enumerate(events)),
        "stream_v03_crlf": "".join(
            f"event: message\r\ndata: {bodies[n]}\r\n\r\n" for n in ("event_status_v03", "event_artifact_v03")
        ),
        "multiline_cr_comments": ": keep-alive\r\rretry: 1500\rdata: a\rdata: b\r\rid: 7\rdata:c\r\r",
        "bom_event_types": '\ufeffevent: update\ndata: {"x":1}\n\nevent\ndata\n\n:comment\n\n',
        "unterminated": "data: x\n\ndata: partial",
    }


def write(target: str, name: str, text: str) -> None:
    folder = OUT / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(text.encode())


def main() -> None:
    bodies = jsonrpc_bodies()
    for name, body in bodies.items():
        write("jsonrpc", name, body)
    for name, stream in sse_streams(bodies).items():
        write("sse", name, stream)
    for card in sorted((DATA / "a2a_cards").glob("*.json")):
        if card.name != "manifest.json":
            write("card_verify", card.stem, card.read_text())
    json_inputs = [*sorted((DATA / "jcs" / "input").glob("*.json")), DATA / "a2a_cards" / "numbers.json"]
    for path in json_inputs:
        write("json", path.stem, path.read_text())
    for name in ("send_task_v1", "error_task_not_found", "extended_card_v03"):
        write("json", name, bodies[name])
    numbers = json.loads((DATA / "jcs_numbers.json").read_text())["cases"]
    # A few hundred of Node's shortest number forms, in one array (exact double parsing).
    write("json", "numbers_array", "[" + ",".join(c[1] for c in numbers[:: max(1, len(numbers) // 300)]) + "]")
    go_note = json.loads((DATA / "witness" / "go_note_example.json").read_text())
    write("witness_checkpoint", "go_note_example", go_note["note"])
    # Upstream's own bundle sidecars (table.rulake.json), as its implementation wrote them.
    upstream = json.loads((DATA / "witness" / "upstream_bundle_witness.json").read_text())
    for i, vector in enumerate(upstream["vectors"]):
        write("lake_sidecar", f"upstream_{i}", vector["bundle_json_upstream"])
    # Transparency-log state files (witness_log_state): the layout of docs/lake.md, CRC-32 as zlib's.
    for size, root in ((0, hashlib.sha256(b"").digest()), (1, bytes(range(32))), (18446744073709551615, b"\xff" * 32)):
        body = f"ruvector-tlog 1\n{size}\n{base64.b64encode(root).decode()}\n"
        write("witness_log_state", f"size_{size}", body + f"{zlib.crc32(body.encode()):08x}\n")
    # Bundle witness files (lake_bundle_witness): one with a log proof, one without.
    record: dict[str, Any] = {
        "format": "ruvector-bundle-witness 1",
        "rvf_witness": "7eac1775d1f76a4d" * 4,
        "params": {
            "dim": 128,
            "metric": "l2",
            "rotation_kind": "hadamard",
            "rotation_seed": 42,
            "bits": 1,
            "generation": 7,
        },
        "content_witness": {"root": "11" * 32, "params_hash": "22" * 32, "data_root": "33" * 32, "count": 1000},
        "index": {"file": "index.rvq", "bytes": 123456, "chunk_bytes": 1048576, "root": "44" * 32},
    }
    write("lake_bundle_witness", "unsigned", json.dumps(record, separators=(",", ":")) + "\n")
    record["params"]["generation"] = "etag-9"
    record["log"] = {
        "leaf_index": 2,
        "tree_size": 3,
        "inclusion_proof": ["55" * 32, "66" * 32],
        "checkpoint": go_note["note"],
    }
    write("lake_bundle_witness", "signed", json.dumps(record, separators=(",", ":")) + "\n")
    print(f"seeds written under {OUT}")


if __name__ == "__main__":
    main()
