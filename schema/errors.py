"""Errors clients see: typed user errors in mutation payloads, and codes on request errors."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors
from strawberry.relay.types import GlobalIDValueError

from graph.dataset import camel
from graph.errors import (
    ErrorCode,
    GraphTimeoutError,
    GraphUnavailableError,
    InvalidBookmarkError,
    Subject,
    WriteRejectedError,
    WriteUnconfirmedError,
)

log = logging.getLogger("stakegraph")


# The one bridge from the codes to GraphQL (an enum named UserErrorCode, as before).
strawberry.enum(
    ErrorCode,
    name="UserErrorCode",
    description="Why an input or a request was refused: the code of a userError, and of a "
    "request error's extensions.code.",
)


@strawberry.type(description="A problem with the input; nothing was written.")
class UserError:
    field: list[str] = strawberry.field(description="Path to the input at fault.")
    code: ErrorCode
    message: str


def input_path(root: Sequence[str], subject: Subject) -> list[str]:
    """The GraphQL path of what a refusal is about: under ``root`` (where the write's input
    sits in the mutation's arguments), the import record, the field and the list item."""
    path = list(root)
    if subject.record is not None:
        kind, index = subject.record
        path += [camel(kind), str(index)]
    if subject.field is not None:
        path.append(camel(subject.field))
    if subject.item is not None:
        path.append(str(subject.item))
    return path


def user_error(exc: WriteRejectedError, root: Sequence[str] = ()) -> UserError:
    return UserError(field=input_path(root, exc.subject), code=exc.code, message=exc.message)


#: How many of the values at fault an error message names; the rest are counted.
MAX_NAMED = 10


def listing(values: Sequence[str]) -> str:
    """``values`` for a message, the first :data:`MAX_NAMED` named and the rest counted, so an
    error about 10,000 ids does not echo them all."""
    named = ", ".join(values[:MAX_NAMED])
    rest = len(values) - MAX_NAMED
    return f"{named} and {rest} more" if rest > 0 else named


def request_error(code: ErrorCode, message: str, field: str | None = None) -> GraphQLError:
    """An error of the request as a whole (a bad page size, an unknown account ...)."""
    extensions: dict[str, str] = {"code": code}
    if field is not None:
        extensions["field"] = field
    return GraphQLError(message, extensions=extensions)


def _bad_global_id(error: GraphQLError) -> bool:
    return isinstance(error.original_error, GlobalIDValueError)


def _unexpected(error: GraphQLError) -> bool:
    # Errors we raise on purpose are GraphQLErrors with a code; validation errors have no
    # original error. Anything else escaped a resolver.
    original = error.original_error
    return (
        original is not None
        and not isinstance(original, GraphQLError)
        and not isinstance(original, GlobalIDValueError)
    )


def _recoded(error: GraphQLError) -> bool:
    return _unexpected(error) or _bad_global_id(error)


def unconfirmed(stored: bool | None) -> str:
    """What a client is told of a write it cannot be told is done."""
    what = (
        "The write was stored, but the graph database became unavailable before the request "
        "finished (reading its result or refreshing the account's scores)."
        if stored
        else "The graph database became unavailable while the write committed: it may or may "
        "not be stored."
    )
    return (
        f"{what} Writes by id or external id are idempotent: retrying the same request once the "
        "service answers is safe and completes it."
    )


def deadline_error(seconds: float, *, stored: bool, write_cut_off: bool) -> GraphQLError:
    """What a request stopped at its deadline answers: TIMEOUT when none of its writes can be
    stored, WRITE_UNCONFIRMED when one committed (``stored``) or was cut off while it may have
    been committing (``write_cut_off``)."""
    limit = f"The request ran past its deadline ({seconds:g} s, REQUEST_TIMEOUT_SECONDS)"
    if stored or write_cut_off:
        what = (
            "its write was stored, but what followed (reading its result, refreshing scores) "
            "was stopped"
            if stored
            else "its write was stopped while it may have been committing: it may or may not "
            "be stored"
        )
        return request_error(
            ErrorCode.WRITE_UNCONFIRMED,
            f"{limit}: {what}. Writes by id or external id are idempotent: retrying the same "
            "request is safe and completes it.",
        )
    return request_error(
        ErrorCode.TIMEOUT,
        f"{limit}; its work was stopped and nothing was stored. Ask for less (a smaller page, "
        "fewer accounts) or retry later.",
    )


class ErrorCodes(MaskErrors):
    """Gives every error that escaped a resolver a code clients can act on.

    A malformed Relay global id is INVALID_ID (the client's mistake); Neo4j being unreachable
    is SERVICE_UNAVAILABLE (retry later), or WRITE_UNCONFIRMED when a write of the request may
    be stored (retry, it is safe); anything else is INTERNAL_ERROR. The details go to
    the log (:func:`log_errors`), not to the client.
    """

    def __init__(self) -> None:
        super().__init__(should_mask_error=_recoded)

    def _process_result(self, result: object) -> None:
        # What MaskErrors does, without its isinstance check against a Protocol: a few
        # percent of a `{ __typename }` request, paid by every request.
        errors = getattr(result, "errors", None)
        if errors:
            setattr(result, "errors", self._process_errors(errors))  # noqa: B010

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        if isinstance(original, GlobalIDValueError):
            message, code = (
                "Not a global id of this API (use the id a query returned).",
                ErrorCode.INVALID_ID,
            )
        elif isinstance(original, WriteUnconfirmedError):
            message, code = unconfirmed(original.stored), ErrorCode.WRITE_UNCONFIRMED
        elif isinstance(original, GraphUnavailableError):
            message, code = (
                "The graph database is unavailable; retry shortly.",
                ErrorCode.SERVICE_UNAVAILABLE,
            )
        elif isinstance(original, InvalidBookmarkError):
            message, code = (
                "The Stakegraph-Bookmark header holds a bookmark this database did not give; "
                "send back the value of a response's extensions.bookmark, or none.",
                ErrorCode.INVALID_BOOKMARK,
            )
        elif isinstance(original, GraphTimeoutError):
            message, code = (
                "The request's work took longer than the server allows; ask for less "
                "(a smaller page, fewer accounts) or retry later.",
                ErrorCode.TIMEOUT,
            )
        else:
            message, code = "Internal error; it has been logged.", ErrorCode.INTERNAL_ERROR
        return GraphQLError(
            message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": code},
        )


def log_errors(errors: list[GraphQLError]) -> None:
    """Log a request's errors once, at a level that matches who must act.

    Strawberry's default logs every error with its traceback at ERROR, a client's bad cursor
    as loudly as a bug; here only unexpected errors are ERROR, with their traceback.
    """
    for error in errors:
        where = ".".join(map(str, error.path or [])) or "request"
        original = error.original_error
        if not _unexpected(error):
            log.info("GraphQL %s refused: %s", where, error.message)
        elif isinstance(original, GraphUnavailableError | GraphTimeoutError):
            log.warning("GraphQL %s: %s", where, original)
        else:
            log.error("GraphQL %s failed", where, exc_info=original)
