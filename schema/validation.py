"""Input checks that need no database: presence, lengths, ranges, shapes, date order."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any, TypeVar

import strawberry

from graph.dataset import camel
from graph.errors import ErrorCode, WriteRejectedError
from schema.errors import UserError, user_error
from scoring.vocabulary import TARGET_STRENGTHS

T = TypeVar("T")
UNSET: Any = strawberry.UNSET

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

    def add(self, path: Sequence[str], code: ErrorCode, message: str) -> None:
        self.errors.append(UserError(field=list(path), code=code, message=message))

    def reject(self, root: Sequence[str], refusal: WriteRejectedError | None) -> None:
        """Record a rule's refusal (if any) of the record at ``root``."""
        if refusal is not None:
            self.errors.append(user_error(refusal, root))

    def text(
        self, path: Sequence[str], value: Any, *, required: bool = False, limit: int | None = None
    ) -> None:
        """A string: stripped non-empty when required, at most ``limit`` characters."""
        name = path[-1]
        if value is None:
            if required:
                self.add(path, ErrorCode.REQUIRED, f"{name} is required")
            return
        if not isinstance(value, str):
            return
        if required and not value.strip():
            self.add(path, ErrorCode.REQUIRED, f"{name} must not be empty")
        cap = limit or LIMITS.get(name, 500)
        if len(value) > cap:
            self.add(path, ErrorCode.TOO_LONG, f"{name} is longer than {cap} characters")

    def own_id(self, path: Sequence[str], value: Any) -> None:
        """An id a client gives: when given at all, non-empty and of bounded length."""
        if value is not None and value is not UNSET:
            self.text(path, str(value), required=True, limit=LIMITS["id"])

    def external_id(self, path: Sequence[str], system: str, value: str) -> None:
        """An external id (``system``, ``value``): both present; ``system`` without a colon,
        since ``system:value`` is the key and a colon in it would let two ids collide."""
        self.text([*path, "system"], system, required=True)
        if ":" in system:
            self.add([*path, "system"], ErrorCode.INVALID, "system must not contain ':'")
        self.text([*path, "value"], value, required=True)

    def email(self, path: Sequence[str], value: str | None) -> None:
        self.text(path, value)
        if value and not EMAIL.match(value):
            self.add(path, ErrorCode.INVALID, f"{value!r} is not an email address")

    def url(self, path: Sequence[str], value: str | None) -> None:
        self.text(path, value)
        if value and not value.startswith(("http://", "https://")):
            self.add(path, ErrorCode.INVALID, "profileUrl must be an http(s) URL")

    def currency(self, path: Sequence[str], value: str | None) -> None:
        if value is not None and not CURRENCY.match(value):
            self.add(path, ErrorCode.INVALID, "currency must be a 3-letter ISO 4217 code")

    def number(self, path: Sequence[str], value: float | None, low: float, high: float) -> None:
        if value is not None and not low <= value <= high:
            self.add(
                path, ErrorCode.OUT_OF_RANGE, f"{path[-1]} must be between {low:g} and {high:g}"
            )

    def not_negative(self, path: Sequence[str], value: float | None) -> None:
        if value is not None and value < 0:
            self.add(path, ErrorCode.OUT_OF_RANGE, f"{path[-1]} must not be negative")

    def order(self, path: Sequence[str], first: date | None, then: date | None, what: str) -> None:
        if first is not None and then is not None and then < first:
            self.add(path, ErrorCode.INVALID_DATE_RANGE, what)

    def not_future(self, path: Sequence[str], value: date | None, today: date) -> None:
        if value is not None and value > today:
            self.add(path, ErrorCode.INVALID, f"{path[-1]} is in the future")

    def items(
        self, path: Sequence[str], values: Sequence[str] | None, *, limit: int, count: int
    ) -> None:
        if values is None:
            return
        if len(values) > count:
            self.add(path, ErrorCode.TOO_LONG, f"{path[-1]} has more than {count} items")
        for i, value in enumerate(values):
            self.text([*path, str(i)], value, required=True, limit=limit)


# ---- input plumbing shared by the mutations and the bulk import ----------------------------


def given(value: T | None) -> T | None:
    """The value, or None when the field was omitted."""
    return None if value is UNSET else value


def plain(value: Any) -> Any:
    """An input value as the graph stores it: enums by name, strings stripped."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


# ---- field checks of an account, person or team member, wherever the record sits -----------

NOT_CLEARABLE = ("name", "tier")


def no_clearing(checks: Checks, source: object, fields: Sequence[str], path: Sequence[str]) -> None:
    for name in fields:
        if getattr(source, name, UNSET) is None:
            checks.add([*path, camel(name)], ErrorCode.REQUIRED, f"{camel(name)} cannot be cleared")


def account_fields(checks: Checks, data: Any, path: Sequence[str]) -> None:
    no_clearing(checks, data, NOT_CLEARABLE, path)
    checks.text([*path, "name"], given(data.name), required=data.name is not UNSET)
    for name in ("domain", "industry", "segment"):
        checks.text([*path, name], given(getattr(data, name)))
    checks.number([*path, "tier"], given(data.tier), 1, 4)
    checks.not_negative([*path, "annualRevenue"], given(data.annual_revenue))
    checks.currency([*path, "currency"], given(data.currency))
    for name in ("expansion_potential", "icp_fit", "strategic_value", "risk_cost_to_serve"):
        checks.number([*path, camel(name)], given(getattr(data, name)), 0, 3)


def person_fields(checks: Checks, data: Any, path: Sequence[str]) -> None:
    no_clearing(checks, data, ("name",), path)
    checks.text([*path, "name"], given(data.name), required=data.name is not UNSET)
    for name in ("title", "department", "location"):
        checks.text([*path, name], given(getattr(data, name)))
    checks.email([*path, "email"], given(data.email))
    checks.url([*path, "profileUrl"], given(data.profile_url))
    checks.items([*path, "caresAbout"], given(data.cares_about), limit=200, count=20)


def team_member_fields(checks: Checks, data: Any, path: Sequence[str]) -> None:
    no_clearing(checks, data, ("name",), path)
    checks.text([*path, "name"], given(data.name), required=data.name is not UNSET)
    checks.text([*path, "title"], given(data.title))
    checks.email([*path, "email"], given(data.email))


def opportunity_fields(checks: Checks, data: Any, path: Sequence[str]) -> None:
    no_clearing(checks, data, ("name", "stage"), path)
    checks.text([*path, "name"], given(data.name), required=data.name is not UNSET)
    checks.not_negative([*path, "amount"], given(data.amount))
    checks.currency([*path, "currency"], given(data.currency))


def touchpoint_fields(checks: Checks, data: Any, path: Sequence[str], today: date) -> None:
    checks.own_id([*path, "id"], data.id)
    checks.text([*path, "summary"], data.summary)
    checks.not_future([*path, "date"], data.date, today)
    if not data.team_member_ids:
        checks.add([*path, "teamMemberIds"], ErrorCode.REQUIRED, "at least one of our people")
    if not data.person_ids:
        checks.add([*path, "personIds"], ErrorCode.REQUIRED, "at least one client person")
    participants = {str(i) for i in [*data.team_member_ids, *data.person_ids]}
    if data.initiator_id is not None and str(data.initiator_id) not in participants:
        checks.add([*path, "initiatorId"], ErrorCode.INVALID, "the initiator must take part")


def utc(moment: datetime | None) -> datetime | None:
    """An instant as the graph stores it: with a time zone, UTC when it had none."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


#: The rule of a hand-set strength's date, in upsertRelationship and the import alike.
STRENGTH_SET_AT = (
    "When manualStrength was set, for a strength carried over from another system (default: "
    "now, or kept when the same strength comes again); only with a manualStrength, not in the "
    "future, UTC when it has no offset."
)


def strength_set_at(checks: Checks, data: Any, path: Sequence[str], today: date) -> datetime | None:
    """The given ``manualStrengthSetAt`` in UTC, checked against :data:`STRENGTH_SET_AT`."""
    set_at = utc(data.manual_strength_set_at)
    if set_at is not None:
        where = [*path, "manualStrengthSetAt"]
        if data.manual_strength is UNSET or data.manual_strength is None:
            checks.add(where, ErrorCode.INVALID, "manualStrengthSetAt needs a manualStrength")
        checks.not_future(where, set_at.astimezone(UTC).date(), today)
    return set_at


def target_strength(checks: Checks, path: Sequence[str], target: str | None) -> None:
    """A target strength (setTargetStrength, an import's strengthTargets) is STRONG,
    DEVELOPING or WEAK: AT_RISK is a warning, not a goal."""
    if target is not None and target not in TARGET_STRENGTHS:
        checks.add(path, ErrorCode.INVALID, "a target is STRONG, DEVELOPING or WEAK")


def relationship_fields(checks: Checks, data: Any, path: Sequence[str], today: date) -> None:
    checks.text([*path, "notes"], given(data.notes))
    checks.not_future([*path, "lastContact"], given(data.last_contact), today)
    checks.order(
        [*path, "lastContact"],
        given(data.since),
        given(data.last_contact),
        "lastContact is before since",
    )
