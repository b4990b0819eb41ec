"""Input checks that need no database: presence, lengths, ranges, shapes, date order."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from schema.errors import UserError, UserErrorCode

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
LIMITS = {
    "name": 200,
    "title": 200,
    "email": 320,
    "domain": 253,
    "industry": 100,
    "segment": 100,
    "department": 100,
    "location": 200,
    "profileUrl": 2000,
    "summary": 2000,
    "notes": 2000,
    "note": 2000,
    "system": 100,
    "value": 200,
    "id": 200,
}


class Checks:
    """Collects every problem of an input so a client can fix them in one go."""

    def __init__(self) -> None:
        self.errors: list[UserError] = []

    def add(self, path: Sequence[str], code: UserErrorCode, message: str) -> None:
        self.errors.append(UserError(field=list(path), code=code, message=message))

    def text(
        self, path: Sequence[str], value: Any, *, required: bool = False, limit: int | None = None
    ) -> None:
        """A string: stripped non-empty when required, at most ``limit`` characters."""
        name = path[-1]
        if value is None:
            if required:
                self.add(path, UserErrorCode.REQUIRED, f"{name} is required")
            return
        if not isinstance(value, str):
            return
        if required and not value.strip():
            self.add(path, UserErrorCode.REQUIRED, f"{name} must not be empty")
        cap = limit or LIMITS.get(name, 500)
        if len(value) > cap:
            self.add(path, UserErrorCode.TOO_LONG, f"{name} is longer than {cap} characters")

    def email(self, path: Sequence[str], value: str | None) -> None:
        self.text(path, value)
        if value and not EMAIL.match(value):
            self.add(path, UserErrorCode.INVALID, f"{value!r} is not an email address")

    def url(self, path: Sequence[str], value: str | None) -> None:
        self.text(path, value)
        if value and not value.startswith(("http://", "https://")):
            self.add(path, UserErrorCode.INVALID, "profileUrl must be an http(s) URL")

    def currency(self, path: Sequence[str], value: str | None) -> None:
        if value is not None and not CURRENCY.match(value):
            self.add(path, UserErrorCode.INVALID, "currency must be a 3-letter ISO 4217 code")

    def number(self, path: Sequence[str], value: float | None, low: float, high: float) -> None:
        if value is not None and not low <= value <= high:
            self.add(
                path, UserErrorCode.OUT_OF_RANGE, f"{path[-1]} must be between {low:g} and {high:g}"
            )

    def not_negative(self, path: Sequence[str], value: float | None) -> None:
        if value is not None and value < 0:
            self.add(path, UserErrorCode.OUT_OF_RANGE, f"{path[-1]} must not be negative")

    def order(self, path: Sequence[str], first: date | None, then: date | None, what: str) -> None:
        if first is not None and then is not None and then < first:
            self.add(path, UserErrorCode.INVALID_DATE_RANGE, what)

    def not_future(self, path: Sequence[str], value: date | None, today: date) -> None:
        if value is not None and value > today:
            self.add(path, UserErrorCode.INVALID, f"{path[-1]} is in the future")

    def items(
        self, path: Sequence[str], values: Sequence[str] | None, *, limit: int, count: int
    ) -> None:
        if values is None:
            return
        if len(values) > count:
            self.add(path, UserErrorCode.TOO_LONG, f"{path[-1]} has more than {count} items")
        for i, value in enumerate(values):
            self.text([*path, str(i)], value, required=True, limit=limit)
