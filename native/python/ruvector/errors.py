"""The ruvector error hierarchy: the same class names in Python, JS and C++.

Every error raised by the library is a :class:`RuVectorError`; input errors are also
:class:`ValueError`, so ``except ValueError`` keeps working for callers that expect it.
"""

from __future__ import annotations


class RuVectorError(Exception):
    """Base class of every error raised by ruvector."""


class DimensionMismatch(RuVectorError, ValueError):
    """An array's dimension does not match the index ("expected dim 128, got 96")."""


class InvalidInput(RuVectorError, ValueError):
    """Bad input values: NaN/Inf, k <= 0, an unknown metric, duplicate ids, wrong dtype, ..."""


class EmptyIndex(RuVectorError):
    """The operation needs at least one vector in the index."""


class PersistError(RuVectorError):
    """A file or byte string could not be written or is not a valid ruvector file."""


class WitnessMismatch(RuVectorError):
    """A witness or proof does not match the data it claims to describe."""


class EmbedError(RuVectorError):
    """An embedder could not load its model or encode its input."""


class A2AError(RuVectorError):
    """Base class of Agent2Agent client errors."""


class TransportError(A2AError):
    """The HTTP transport failed: connection, timeout, TLS, cancelled stream."""


class ProtocolError(A2AError):
    """The peer answered with a JSON-RPC error or a malformed message."""


class CardSignatureInvalid(A2AError):
    """An agent card's signature is missing, malformed or does not verify."""


_BY_NAME: dict[str, type[RuVectorError]] = {
    cls.__name__: cls
    for cls in (
        RuVectorError,
        DimensionMismatch,
        InvalidInput,
        EmptyIndex,
        PersistError,
        WitnessMismatch,
        EmbedError,
        A2AError,
        TransportError,
        ProtocolError,
        CardSignatureInvalid,
    )
}


def error_class(name: str) -> type[RuVectorError]:
    """The class for a shared error name; unknown names map to :class:`RuVectorError`."""
    return _BY_NAME.get(name, RuVectorError)


__all__ = [*_BY_NAME, "error_class"]
