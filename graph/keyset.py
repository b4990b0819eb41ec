"""Keyset pagination: the sort key each page query returns with its rows, and its shape.

Every paged query orders by a key that ends in a unique id and returns, with each row, the
row's key as a list of plain values; the next page continues after the last row's key
(``WHERE key > $after`` in the order's direction), so a page costs the same however deep it
is. A :class:`Keyset` names one connection in one order and says what its key holds, so a
cursor (schema/pagination.py) of another connection or order, or one whose values do not fit,
is refused before Cypher sees it. Pure: no Neo4j here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

#: What one position of a key may hold: ``str``, ``int`` (not bool), ``num`` (int or float),
#: ``date`` (an ISO day in a cursor, a ``date`` in Cypher); a trailing ``?`` also allows null
#: (an optional sort value: nulls sort last, see each query). Datetimes are keyed as ``int``
#: epochSeconds and ``ns`` nanosecond, so a cursor keeps Neo4j's full precision.
_TYPES = ("str", "int", "num", "date", "ns")
_NANOS = 1_000_000_000
_LARGEST_INT = 1 << 53


@dataclass(frozen=True, slots=True)
class Keyset:
    """One connection in one order: ``name`` goes into its cursors, ``shape`` types its key."""

    name: str
    shape: tuple[str, ...]

    def __post_init__(self) -> None:
        for kind in self.shape:
            if kind.rstrip("?") not in _TYPES:
                raise ValueError(f"unknown key type {kind!r} in {self.name}")


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def to_plain(key: Sequence[Any]) -> list[Any]:
    """A row's key as JSON values (dates as ISO days)."""
    return [_plain(value) for value in key]


def _typed(kind: str, value: Any) -> Any:
    if value is None:
        if kind.endswith("?"):
            return None
        raise ValueError("null in a required key position")
    kind = kind.rstrip("?")
    if kind == "str" and isinstance(value, str):
        return value
    if kind == "int" and isinstance(value, int) and not isinstance(value, bool):
        if abs(value) > _LARGEST_INT:
            raise ValueError("integer out of range")
        return value
    if kind == "ns" and isinstance(value, int) and not isinstance(value, bool):
        if not 0 <= value < _NANOS:
            raise ValueError("nanosecond out of range")
        return value
    if kind == "num" and isinstance(value, int | float) and not isinstance(value, bool):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("not a finite number")
        return value
    if kind == "date" and isinstance(value, str) and len(value) == 10:
        return date.fromisoformat(value)
    raise ValueError(f"{value!r} is not a {kind}")


def from_plain(keyset: Keyset, values: Any) -> tuple[Any, ...]:
    """The key a cursor carries, as Cypher parameters; ValueError when it does not fit."""
    if not isinstance(values, list) or len(values) != len(keyset.shape):
        raise ValueError("a key of the wrong length")
    return tuple(_typed(kind, value) for kind, value in zip(keyset.shape, values, strict=True))


PEOPLE = Keyset("people", ("str", "str"))  # name, id
ACCOUNT_PEOPLE = Keyset("account.people", ("str", "str"))  # name, id
TEAM_MEMBERS = Keyset("teamMembers", ("str", "str"))  # name, id
ACCOUNT_TEAM = Keyset("account.team", ("int", "str", "str"))  # seat rank, name, id
RELATIONSHIPS = Keyset("account.relationships", ("str", "str", "str"))  # person, member, id
TOUCHPOINTS = Keyset("account.touchpoints", ("date", "str"))  # date (newest first), id
OPPORTUNITIES = Keyset("account.opportunities", ("date?", "str", "str"))  # close, name, id
ALERTS = Keyset("alerts", ("int", "ns", "str"))  # at (newest first), id (descending)
DELIVERIES = Keyset("webhookDeliveries", ("int", "ns", "str"))  # createdAt, id: as ALERTS
ORG_CHART = Keyset("account.orgChart", ("str",))  # the last person shown in the walk

#: The value type of each portfolio sort field (graph/cypher/accounts.py), optional but NAME.
ACCOUNT_SORT_TYPES = {
    "TIER": "int?",
    "ANNUAL_REVENUE": "num?",
    "CLIENT_SINCE": "date?",
    "RENEWAL_DATE": "date?",
    "BREADTH": "num?",
    "DEPENDENCY": "num?",
    "EXECUTIVE": "num?",
    "NAME": "str",
}


def accounts(field: str, direction: str) -> Keyset:
    """The portfolio page in one order: (sort value, id)."""
    return Keyset(f"accounts.{field}.{direction}", (ACCOUNT_SORT_TYPES[field], "str"))
