"""One exception hierarchy for everything the graph layer raises."""

from __future__ import annotations


class GraphError(Exception):
    """Base class of the graph layer's errors."""


class GraphUnavailableError(GraphError):
    """Neo4j cannot be reached or refused the credentials."""


class WriteRejectedError(GraphError):
    """A write would break a rule of the graph; nothing was written.

    ``code`` is one of the API's UserErrorCode values and ``field`` the input path at fault.
    """

    def __init__(self, code: str, message: str, field: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class NotFoundError(WriteRejectedError):
    """A referenced node does not exist."""

    def __init__(self, kind: str, key: str, field: tuple[str, ...] = ()) -> None:
        super().__init__("NOT_FOUND", f"{kind} {key!r} does not exist", field)
        self.kind = kind
        self.key = key


class ConflictError(WriteRejectedError):
    """The write conflicts with what the graph holds (a duplicate, a mismatched id, ...)."""

    def __init__(self, code: str, message: str, field: tuple[str, ...] = ()) -> None:
        super().__init__(code, message, field)


class ReadOnlyQueryError(GraphError):
    """An analyst query tried to write, or is not valid Cypher."""
