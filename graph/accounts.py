"""Reads and writes of accounts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, LiteralString

from graph.client import GraphSession
from graph.cypher import accounts as cypher
from graph.reads import Page
from graph.rows import AccountRow


async def accounts_by_id(session: GraphSession, ids: Sequence[str]) -> dict[str, AccountRow]:
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


def accounts_page_query(
    where: AccountFilter, order_field: str, direction: str, skip: int, limit: int
) -> tuple[LiteralString, dict[str, Any]]:
    """The Cypher and parameters of one page of accounts (also profiled by the tests)."""
    filters = {
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
    }
    filtered = any(value is not None for value in filters.values())
    query = cypher.ACCOUNTS_PAGE[(order_field, direction, filtered)]
    return query, {**filters, "skip": skip, "limit": limit}


async def accounts_page(
    session: GraphSession,
    where: AccountFilter,
    order_field: str,
    direction: str,
    skip: int,
    limit: int,
) -> Page:
    """One page of accounts and the total, in one round trip."""
    query, params = accounts_page_query(where, order_field, direction, skip, limit)
    rows = await session.read(query, params)
    return Page(total=int(rows[0]["total"]), rows=list(rows[0]["page"]))
