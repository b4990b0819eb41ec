"""Requests refused before GraphQL runs (401, 403, 429 ...), answered as GraphQL errors.

Every route, GraphQL or not, answers a refusal with the body a GraphQL client already reads:
``{"errors": [{"message", "extensions": {"code", ...}}]}``, with the status and headers the
refusal carries (``WWW-Authenticate``, ``Retry-After``).
"""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import Request
from fastapi.responses import JSONResponse

from graph.errors import ErrorCode


class Refusal(Exception):
    def __init__(
        self,
        status: int,
        code: ErrorCode,
        message: str,
        headers: Mapping[str, str] | None = None,
        extensions: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})
        self.extensions = dict(extensions or {})


def body(code: ErrorCode, message: str, **extensions: object) -> dict[str, object]:
    return {"errors": [{"message": message, "extensions": {"code": code, **extensions}}]}


async def answer_refusal(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Refusal)
    return JSONResponse(
        body(exc.code, exc.message, **exc.extensions), status_code=exc.status, headers=exc.headers
    )
