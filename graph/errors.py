"""One exception hierarchy for everything the graph layer raises."""

from __future__ import annotations


class GraphError(Exception):
    """Base class of the graph layer's errors."""


class GraphUnavailableError(GraphError):
    """Neo4j cannot be reached or refused the credentials."""


class NotFoundError(GraphError):
    """A referenced node does not exist."""

    def __init__(self, kind: str, key: str) -> None:
        super().__init__(f"{kind} {key!r} does not exist")
        self.kind = kind
        self.key = key


class ConflictError(GraphError):
    """A write would break an invariant of the graph (a cycle, a duplicate, ...)."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.field = field


class ReadOnlyQueryError(GraphError):
    """An analyst query tried to write, or is not valid Cypher."""
