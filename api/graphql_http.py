"""GraphQL over HTTP: which media type a response takes, and what a request error answers.

The GraphQL over HTTP spec gives two response media types. ``application/json`` is what every
client written before the spec reads: any well-formed GraphQL response is a 200, a request error
included. ``application/graphql-response+json`` is chosen by a client that asks for it in
``Accept``; then a *request error* (the request failed before execution: a document that does
not parse or validate, variables that do not fit, a limit that refused it) has no ``data`` entry
and a 4xx status, so a client or proxy can tell it from a response whose fields failed.
"""

from __future__ import annotations

from collections.abc import Sequence

from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError

from graph.errors import ErrorCode

JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"

#: The status of a request error under ``application/graphql-response+json``, by the code of its
#: first error; any other code is the client's mistake, 400.
REQUEST_ERROR_STATUS: dict[str, int] = {
    ErrorCode.RATE_LIMITED: 429,
    ErrorCode.INTERNAL_ERROR: 500,
    ErrorCode.SERVICE_UNAVAILABLE: 503,
    ErrorCode.TIMEOUT: 504,
    ErrorCode.WRITE_UNCONFIRMED: 504,
}


def _quality(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def response_media_type(accept: str | None) -> str:
    """``application/graphql-response+json`` when ``accept`` names it at least as highly as
    ``application/json``; otherwise (no header, ``*/*``, only ``application/json``, or types
    this API does not give) ``application/json``, which every client reads."""
    if not accept:
        return JSON
    quality = {GRAPHQL_RESPONSE: 0.0, JSON: 0.0}
    for part in accept.split(","):
        media, _, params = part.partition(";")
        media = media.strip().lower()
        if media in quality:
            quality[media] = max(quality[media], _quality(params))
    if quality[GRAPHQL_RESPONSE] > 0 and quality[GRAPHQL_RESPONSE] >= quality[JSON]:
        return GRAPHQL_RESPONSE
    return JSON


def is_request_error(result: ExecutionResult) -> bool:
    """Whether the request failed before execution: no data and no error at a field's path.
    (A field error always has a path; a non-null root field that failed gives ``data: null``
    with a path, and stays a response.)"""
    errors = result.errors or []
    return result.data is None and bool(errors) and all(error.path is None for error in errors)


def request_error_status(errors: Sequence[GraphQLError]) -> int:
    code = (errors[0].extensions or {}).get("code") if errors else None
    return REQUEST_ERROR_STATUS.get(str(code), 400)


def _code_of(error: GraphQLError, result: ExecutionResult) -> ErrorCode:
    if isinstance(result, PreExecutionError):
        if isinstance(error, GraphQLSyntaxError):
            return ErrorCode.GRAPHQL_PARSE_FAILED
        return ErrorCode.GRAPHQL_VALIDATION_FAILED
    # Pathless and uncoded after parsing and validation passed: graphql-core coercing the
    # variables, the one step between validation and the resolvers.
    return ErrorCode.INVALID_VARIABLES


def code_request_errors(result: ExecutionResult) -> None:
    """Give the errors of a request error that have no code one (parse, validation, variables),
    so every error a client sees carries ``extensions.code``."""
    if not is_request_error(result):
        return
    for error in result.errors or ():
        if not (error.extensions or {}).get("code"):
            error.extensions = {**(error.extensions or {}), "code": _code_of(error, result)}
