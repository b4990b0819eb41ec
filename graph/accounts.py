"""Reads and writes of accounts."""

from __future__ import annotations

from collections.abc import Sequence

from graph.client import GraphSession, Row
from graph.cypher import accounts as cypher


async def accounts_by_id(session: GraphSession, ids: Sequence[str]) -> dict[str, Row]:
    """The accounts with these ids, in one round trip; missing ids are absent from the map."""
    rows = await session.read(cypher.ACCOUNTS_BY_ID, {"ids": list(ids)})
    return {row["account"]["id"]: row["account"] for row in rows}
