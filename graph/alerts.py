"""Alert events: the risk-flag transitions recorded when stored scores change, and their reads.

A stored scoring keeps each account's flags as keys: the code, and for a flag raised once per
person it names (``PER_PERSON_FLAGS``: each champion who left) ``CODE|personId``. The next
scoring compares its keys with those in the same transaction (``STORE_SCORES``), so a
transition is recorded exactly when the stored flags change, and never lost by a process that
dies after its write: the change and its event commit together, or neither.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from graph.client import GraphSession
from graph.cypher import alerts as cypher
from graph.reads import Page, paged
from scoring.results import RiskFlag
from scoring.vocabulary import PER_PERSON_FLAGS

#: Between a flag's code and the person it names, in its key (no code holds it).
KEY_SEPARATOR = "|"


def flag_key(flag: RiskFlag) -> str:
    """The key a flag is stored under: its code, with the person for per-person flags."""
    if flag.code in PER_PERSON_FLAGS and flag.person_ids:
        return f"{flag.code}{KEY_SEPARATOR}{flag.person_ids[0]}"
    return flag.code


def raised(flags: Sequence[RiskFlag]) -> list[dict[str, object]]:
    """The flags of one scoring as ``STORE_SCORES`` takes them (one entry per key)."""
    by_key: dict[str, dict[str, object]] = {}
    for flag in flags:
        key = flag_key(flag)
        by_key.setdefault(
            key,
            {
                "key": key,
                "code": flag.code,
                "personId": flag.person_ids[0] if flag.code in PER_PERSON_FLAGS else None,
                "personIds": list(flag.person_ids),
                "message": flag.message,
                "evidence": list(flag.evidence),
                "severity": flag.severity.value,
            },
        )
    return list(by_key.values())


@dataclass(frozen=True, slots=True)
class AlertFilter:
    account_id: str | None = None
    codes: Sequence[str] | None = None
    transitions: Sequence[str] | None = None
    since: datetime | None = None


async def alerts_page(
    session: GraphSession, where: AlertFilter, after: Sequence[Any] | None, limit: int
) -> Page:
    """One page of alert events, newest first, after the key ``after`` (graph.keyset.ALERTS;
    one round trip)."""
    if where.account_id is None:
        query = cypher.ALERTS_PAGE if after is None else cypher.ALERTS_PAGE_AFTER
    else:
        query = cypher.ACCOUNT_ALERTS_PAGE if after is None else cypher.ACCOUNT_ALERTS_PAGE_AFTER
    return await paged(
        session,
        query,
        {
            "accountId": where.account_id,
            "codes": None if where.codes is None else list(where.codes),
            "transitions": None if where.transitions is None else list(where.transitions),
            "since": where.since,
        },
        after,
        limit,
    )
