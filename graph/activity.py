"""The backfill of relationships from activity: every stored touchpoint followed as
``logTouchpoint`` follows a new one (``graph.cypher.writes.follow_activity``), for data written
before the rule existed. Idempotent: a second run writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from graph import scope, versions
from graph.client import GraphSession, Row, Transaction
from graph.cypher import writes as cypher

#: Touchpoints per transaction: each page commits on its own, so a stopped run keeps what it
#: did and a rerun goes on from there (it finds those relationships in place).
PAGE = 2000


@dataclass(frozen=True, slots=True)
class Followed:
    """What a backfill did."""

    touchpoints: int
    #: relationships made from activity
    created: int
    #: relationships made or moved (last contact forward, since back)
    followed: int
    #: the accounts whose stored scores it may have changed
    accounts: frozenset[str]


async def touchpoint_count(session: GraphSession) -> int:
    (row,) = await session.read(cypher.COUNT_TOUCHPOINTS)
    return int(row["touchpoints"])


async def derive_relationships(
    session: GraphSession,
    *,
    page: int = PAGE,
    on_page: Callable[[int], None] | None = None,
) -> Followed:
    """Follow every touchpoint, a page at a time (one transaction each, which bumps the graph
    versions of the accounts it changed, as every write does)."""
    after = ""
    seen = created = followed = 0
    touched: set[str] = set()
    while True:

        async def work(tx: Transaction, after: str = after) -> list[Row]:
            rows = await tx.run(cypher.FOLLOW_TOUCHPOINTS, {"after": after, "limit": page})
            accounts = frozenset(str(a) for row in rows for a in row["accounts"])
            refusal = scope.write_refusal(tx.visible, "derive", accounts) if tx.changed else None
            if refusal is not None:
                raise refusal
            if tx.changed:
                await versions.bump(tx, accounts)
            return rows

        rows = await session.transaction(work)
        seen += len(rows)
        for row in rows:
            created += int(row["created"])
            followed += int(row["followed"])
            touched.update(str(a) for a in row["accounts"])
        if on_page is not None:
            on_page(len(rows))
        if len(rows) < page:
            return Followed(seen, created, followed, frozenset(touched))
        after = str(rows[-1]["id"])
