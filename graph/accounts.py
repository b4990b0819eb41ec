"""Reads and writes of accounts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graph.client import GraphSession, Row
from graph.cypher import accounts as cypher
from graph.reads import Page


async def accounts_by_id(session: GraphSession, ids: Sequence[str]) -> dict[str, Row]:
    """The accounts with these ids, in one round trip; missing ids are absent from the map."""
    rows = await session.read(cypher.ACCOUNTS_BY_ID, {"ids": list(ids)})
    return {row["account"]["id"]: row["account"] for row in rows}


@dataclass(frozen=True, slots=True)
class AccountFilter:
    search: str | None = None
    tiers: list[int] | None = None
    is_key_account: bool | None = None
    industry: str | None = None
    segment: str | None = None
    risk_flag: str | None = None
    min_breadth: float | None = None
    max_breadth: float | None = None
    min_dependency: float | None = None
    max_dependency: float | None = None
    min_executive: float | None = None
    max_executive: float | None = None


async def accounts_page(
    session: GraphSession,
    where: AccountFilter,
    order_field: str,
    direction: str,
    skip: int,
    limit: int,
) -> Page:
    """One page of accounts and the total, in one round trip."""
    query = cypher.ACCOUNTS_PAGE[(order_field, direction)]
    params = {
        "search": where.search,
        "tiers": where.tiers,
        "isKeyAccount": where.is_key_account,
        "industry": where.industry,
        "segment": where.segment,
        "riskFlag": where.risk_flag,
        "minBreadth": where.min_breadth,
        "maxBreadth": where.max_breadth,
        "minDependency": where.min_dependency,
        "maxDependency": where.max_dependency,
        "minExecutive": where.min_executive,
        "maxExecutive": where.max_executive,
        "skip": skip,
        "limit": limit,
    }
    rows = await session.read(query, params)
    return Page(total=int(rows[0]["total"]), rows=list(rows[0]["page"]))
