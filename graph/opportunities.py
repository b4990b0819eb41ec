"""Reads of opportunities (deals): by id, and pages of each account's deals."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph.client import GraphSession
from graph.cypher import opportunities as cypher
from graph.reads import AccountPageRequest
from graph.rows import OpportunityRow
from scoring.vocabulary import OPEN_STAGES

#: The open stages as the Cypher compares them (a fixed order, so equal requests batch).
OPEN_STAGE_NAMES = tuple(sorted(OPEN_STAGES))


async def opportunities_by_id(
    session: GraphSession, ids: Sequence[str]
) -> dict[str, OpportunityRow]:
    """The deals with these ids, in one round trip; missing ids (and, for a scoped caller,
    deals of accounts outside its scope) are absent from the map."""
    rows = await session.read(cypher.OPPORTUNITIES_BY_ID, {"ids": list(ids)})
    return {row["opportunity"]["id"]: row["opportunity"] for row in rows}


def opportunities_of_accounts(
    *, open_only: bool, after: Sequence[Any] | None, limit: int
) -> AccountPageRequest:
    """A page of each account's deals (only the open ones with ``open_only``) after the key
    ``after`` (graph.keyset.OPPORTUNITIES)."""
    return AccountPageRequest(
        "opportunities",
        None if after is None else tuple(after),
        limit,
        (("openOnly", open_only), ("openStages", OPEN_STAGE_NAMES)),
    )
