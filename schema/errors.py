"""Typed user errors that mutation payloads return instead of raising."""

from __future__ import annotations

from enum import Enum

import strawberry

from graph.errors import WriteRejectedError


@strawberry.enum(description="Why an input was refused.")
class UserErrorCode(Enum):
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


@strawberry.type(description="A problem with the input; nothing was written.")
class UserError:
    field: list[str] = strawberry.field(description="Path to the input at fault.")
    code: UserErrorCode
    message: str


def from_rejection(exc: WriteRejectedError) -> UserError:
    return UserError(field=list(exc.field), code=UserErrorCode(exc.code), message=exc.message)
