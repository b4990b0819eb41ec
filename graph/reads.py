"""Reads of people, team members, relationships, touchpoints and the org chart.

Batch functions (``*_by_*``) take many keys and answer in one round trip; they back the
per-request dataloaders. Page functions return a :class:`Page` (total and one slice).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, LiteralString

from graph.client import GraphSession, Row
from graph.cypher import reads as cypher


@dataclass(frozen=True, slots=True)
class Page:
    total: int
    rows: list[Row]


async def _by_id(session: GraphSession, query: LiteralString, ids: Sequence[str]) -> dict[str, Row]:
    rows = await session.read(query, {"ids": list(ids)})
    return {row["row"]["id"]: row["row"] for row in rows}


async def _grouped(
    session: GraphSession, query: LiteralString, ids: Sequence[str]
) -> dict[str, list[Row]]:
    rows = await session.read(query, {"ids": list(ids)})
    return {row["key"]: row["rows"] for row in rows}


async def _page(session: GraphSession, query: LiteralString, params: Mapping[str, Any]) -> Page:
    rows = await session.read(query, params)
    if not rows:
        return Page(total=0, rows=[])
    return Page(total=int(rows[0]["total"]), rows=list(rows[0]["page"]))


async def people_by_id(session: GraphSession, ids: Sequence[str]) -> dict[str, Row]:
    return await _by_id(session, cypher.PEOPLE_BY_ID, ids)


async def team_members_by_id(session: GraphSession, ids: Sequence[str]) -> dict[str, Row]:
    return await _by_id(session, cypher.TEAM_MEMBERS_BY_ID, ids)


async def touchpoints_by_id(session: GraphSession, ids: Sequence[str]) -> dict[str, Row]:
    return await _by_id(session, cypher.TOUCHPOINTS_BY_ID, ids)


async def relationships_by_id(session: GraphSession, ids: Sequence[str]) -> dict[str, Row]:
    return await _by_id(session, cypher.RELATIONSHIPS_BY_ID, ids)


async def relationships_by_person_id(
    session: GraphSession, ids: Sequence[str]
) -> dict[str, list[Row]]:
    return await _grouped(session, cypher.RELATIONSHIPS_BY_PERSON_ID, ids)


async def relationships_by_team_member_id(
    session: GraphSession, ids: Sequence[str]
) -> dict[str, list[Row]]:
    return await _grouped(session, cypher.RELATIONSHIPS_BY_TEAM_MEMBER_ID, ids)


async def direct_reports_by_manager_id(
    session: GraphSession, ids: Sequence[str]
) -> dict[str, list[Row]]:
    return await _grouped(session, cypher.DIRECT_REPORTS_BY_MANAGER_ID, ids)


@dataclass(frozen=True, slots=True)
class PeopleFilter:
    account_id: str | None = None
    status: str = "CURRENT"
    search: str | None = None
    department: str | None = None
    seniority: str | None = None
    role: str | None = None


async def people_page(
    session: GraphSession, where: PeopleFilter, today: date, skip: int, limit: int
) -> Page:
    params = {
        "accountId": where.account_id,
        "status": where.status,
        "search": where.search,
        "department": where.department,
        "seniority": where.seniority,
        "role": where.role,
        "today": today,
        "skip": skip,
        "limit": limit,
    }
    query = cypher.PEOPLE_PAGE if where.account_id is None else cypher.ACCOUNT_PEOPLE_PAGE
    return await _page(session, query, params)


async def team_members_page(
    session: GraphSession, search: str | None, skip: int, limit: int
) -> Page:
    return await _page(
        session, cypher.TEAM_MEMBERS_PAGE, {"search": search, "skip": skip, "limit": limit}
    )


async def account_team_page(session: GraphSession, account_id: str, skip: int, limit: int) -> Page:
    return await _page(
        session, cypher.ACCOUNT_TEAM_PAGE, {"accountId": account_id, "skip": skip, "limit": limit}
    )


async def account_relationships_page(
    session: GraphSession,
    account_id: str,
    *,
    include_former: bool,
    today: date,
    skip: int,
    limit: int,
) -> Page:
    params = {
        "accountId": account_id,
        "status": "ALL" if include_former else "CURRENT",
        "today": today,
        "skip": skip,
        "limit": limit,
    }
    return await _page(session, cypher.ACCOUNT_RELATIONSHIPS_PAGE, params)


async def account_touchpoints_page(
    session: GraphSession,
    account_id: str,
    *,
    start: date | None,
    end: date | None,
    kind: str | None,
    skip: int,
    limit: int,
) -> Page:
    params = {
        "accountId": account_id,
        "from": start,
        "to": end,
        "kind": kind,
        "skip": skip,
        "limit": limit,
    }
    return await _page(session, cypher.ACCOUNT_TOUCHPOINTS_PAGE, params)


async def org_chart_rows(session: GraphSession, account_id: str, today: date) -> list[Row]:
    """One row per current person: person, parent_id, account_roles, owners, last_touchpoint."""
    return await session.read(cypher.ORG_CHART, {"accountId": account_id, "today": today})


async def external_id_owners(session: GraphSession, keys: Sequence[str]) -> dict[str, Row]:
    """For each external id key that identifies something already: ``{id, label}``."""
    rows = await session.read(cypher.EXTERNAL_ID_OWNERS, {"keys": list(keys)})
    return {row["key"]: {"id": row["id"], "label": row["label"]} for row in rows}
