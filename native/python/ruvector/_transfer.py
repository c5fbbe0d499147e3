"""What every A2A byte transport (libcurl natively, fetch in Pyodide) hands back: a complete
response, or TransferFailed when a transfer fails. Kept apart from both transports so that using
these loads neither libcurl nor the JS bridge.
"""

from __future__ import annotations

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


__all__ = ["HttpResponse", "TransferFailed", "find_header"]
