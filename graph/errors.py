"""One exception hierarchy for everything the graph layer raises, and the one list of codes.

``ErrorCode`` is the single home of every code a client can see: in a mutation's
``userErrors`` and in a request error's ``extensions.code``. ``schema/`` bridges it to GraphQL
once; nothing else spells a code as a string.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ErrorCode(StrEnum):
    # An input or a write refused; nothing was written.
    REQUIRED = "REQUIRED"
    INVALID = "INVALID"
    TOO_LONG = "TOO_LONG"
    OUT_OF_RANGE = "OUT_OF_RANGE"
    NOT_FOUND = "NOT_FOUND"
    INVALID_DATE_RANGE = "INVALID_DATE_RANGE"
    CYCLE = "CYCLE"
    CROSS_ACCOUNT = "CROSS_ACCOUNT"
    NOT_EMPLOYED = "NOT_EMPLOYED"
    DUPLICATE = "DUPLICATE"
    HAS_DEPENDENTS = "HAS_DEPENDENTS"
    CONFLICT = "CONFLICT"
    # A request refused or failed as a whole.
    INVALID_REQUEST = "INVALID_REQUEST"
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    INVALID_VARIABLES = "INVALID_VARIABLES"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    MAX_COST_EXCEEDED = "MAX_COST_EXCEEDED"
    RATE_LIMITED = "RATE_LIMITED"
    REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE"
    PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
    PERSISTED_QUERY_REQUIRED = "PERSISTED_QUERY_REQUIRED"
    INVALID_PAGE_SIZE = "INVALID_PAGE_SIZE"
    INVALID_CURSOR = "INVALID_CURSOR"
    INVALID_ID = "INVALID_ID"
    INVALID_BOOKMARK = "INVALID_BOOKMARK"
    CYPHER_REJECTED = "CYPHER_REJECTED"
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    WRITE_UNCONFIRMED = "WRITE_UNCONFIRMED"
    TIMEOUT = "TIMEOUT"
    INTERNAL_ERROR = "INTERNAL_ERROR"


@dataclass(frozen=True, slots=True)
class Subject:
    """What a refusal is about, in the domain's terms; ``schema/`` turns it into the path of
    the GraphQL input at fault.

    ``field`` is a field of the write (snake_case, as in :mod:`graph.dataset`), ``item`` a
    position in that field when it is a list, ``record`` the kind and position of a bulk
    import's record (``("reports_to", 3)``).
    """

    field: str | None = None
    item: int | None = None
    record: tuple[str, int] | None = None


#: A refusal of the write as a whole.
WHOLE = Subject()


class GraphError(Exception):
    """Base class of the graph layer's errors."""


class GraphUnavailableError(GraphError):
    """Neo4j cannot be reached or refused the credentials."""


class GraphMemoryError(GraphUnavailableError):
    """A query needed more memory than Neo4j lets its transactions have
    (``dbms.memory.transaction.*``); nothing was written, and a smaller query may pass."""


class WriteUnconfirmedError(GraphUnavailableError):
    """Neo4j became unreachable during or after a write of this request, so its client cannot
    be told "done": ``stored`` is True when the write committed and what followed failed (the
    score refresh, reading the result), None when the connection dropped during the commit
    itself and nobody knows."""

    def __init__(self, message: str, *, stored: bool | None) -> None:
        super().__init__(message)
        self.stored = stored


class InvalidBookmarkError(GraphError):
    """Neo4j could not read a bookmark the client passed on (not one it gave)."""


class GraphTimeoutError(GraphError):
    """A query ran past the server-side time limit; its transaction was rolled back."""


class WriteRejectedError(GraphError):
    """A write would break a rule of the graph; nothing was written."""

    def __init__(self, code: ErrorCode, message: str, subject: Subject = WHOLE) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.subject = subject


class NotFoundError(WriteRejectedError):
    """A referenced node does not exist."""

    def __init__(self, kind: str, key: str, subject: Subject = WHOLE) -> None:
        super().__init__(ErrorCode.NOT_FOUND, f"{kind} {key!r} does not exist", subject)
        self.kind = kind
        self.key = key


class ReadOnlyQueryError(GraphError):
    """An analyst query tried to write, or is not valid Cypher."""
