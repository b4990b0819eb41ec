"""Reads of people, team members, relationships, touchpoints and the org chart.

Batch functions (``*_by_*``) take many keys and answer in one round trip; they back the
per-request dataloaders. Page functions return a :class:`Page` (total and one slice).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, LiteralString

from graph import scope
from graph.client import GraphSession, Row
from graph.cypher import FOLDED
from graph.cypher import opportunities as opportunity_cypher
from graph.cypher import reads as cypher
from graph.rows import PersonRow, RelationshipRow, TeamMemberRow, TouchpointRow


@dataclass(frozen=True, slots=True)
class Page:
    """One slice of a list and the list's length. The rows are those of the list's projection
    (graph.rows): a page of people holds PersonRows, and so on. ``keys``: each row's sort key
    (graph/keyset.py), its cursor; ``more``: whether rows follow the slice."""

    total: int
    rows: list[Any]
    keys: list[list[Any]] = field(default_factory=list)
    more: bool = False


EMPTY_PAGE = Page(total=0, rows=[])


def keyset_page(
    total: int,
    rows: Sequence[Any],
    keys: Sequence[list[Any]],
    limit: int,
    keep: Any = None,
    visible: frozenset[str] | None = None,
) -> Page:
    """A page from up to ``limit + 1`` rows and their keys (the extra row only says that more
    follow), the rows a scoped caller may not see dropped with their keys (``keep``, one of
    graph/scope.py's filters)."""
    pairs = list(zip(rows, keys, strict=True))
    more = len(pairs) > limit
    pairs = pairs[:limit]
    if keep is not None and visible is not None:
        pairs = [(kept, key) for row, key in pairs if (kept := keep(visible, row)) is not None]
    return Page(int(total), [row for row, _ in pairs], [list(key) for _, key in pairs], more)


async def neo4j_answers(session: GraphSession) -> bool:
    """Whether Neo4j answers a query (through the session, so it counts as a round trip)."""
    rows = await session.read(cypher.HEALTH)
    return bool(rows and rows[0]["ok"])


async def _by_id(session: GraphSession, query: LiteralString, ids: Sequence[str]) -> dict[str, Any]:
    rows = await session.read(query, {"ids": list(ids)})
    return {row["row"]["id"]: row["row"] for row in rows}


async def _grouped(
    session: GraphSession, query: LiteralString, ids: Sequence[str]
) -> dict[str, list[Any]]:
    rows = await session.read(query, {"ids": list(ids)})
    return {row["key"]: row["rows"] for row in rows}


async def paged(
    session: GraphSession,
    query: LiteralString,
    params: Mapping[str, Any],
    after: Sequence[Any] | None,
    limit: int,
    keep: Any = None,
) -> Page:
    """One keyset page (``total``, ``page`` and ``keys`` of ``query``): ``$after`` the key to
    continue after (null for the first page), ``$limit`` one more than the page."""
    found = await session.read(
        query, {**params, "after": None if after is None else list(after), "limit": limit + 1}
    )
    if not found:
        return EMPTY_PAGE
    row = found[0]
    return keyset_page(row["total"], row["page"], row["keys"], limit, keep, session.visible)


def _kept(found: dict[str, Any], keep: Any, visible: frozenset[str] | None) -> dict[str, Any]:
    """``found`` as an account-scoped caller sees it (graph/scope.py): hidden rows dropped."""
    if visible is None:
        return found
    kept = {key: keep(visible, row) for key, row in found.items()}
    return {key: row for key, row in kept.items() if row is not None}


def _kept_lists(
    found: dict[str, list[Any]], keep: Any, visible: frozenset[str] | None
) -> dict[str, list[Any]]:
    if visible is None:
        return found
    return {key: scope.each(rows, keep, visible) for key, rows in found.items()}


async def people_by_id(session: GraphSession, ids: Sequence[str]) -> dict[str, PersonRow]:
    found = await _by_id(session, cypher.PEOPLE_BY_ID, ids)
    return _kept(found, scope.person, session.visible)


async def team_members_by_id(session: GraphSession, ids: Sequence[str]) -> dict[str, TeamMemberRow]:
    found = await _by_id(session, cypher.TEAM_MEMBERS_BY_ID, ids)
    return _kept(found, scope.team_member, session.visible)


async def touchpoints_by_id(session: GraphSession, ids: Sequence[str]) -> dict[str, TouchpointRow]:
    found = await _by_id(session, cypher.TOUCHPOINTS_BY_ID, ids)
    return _kept(found, scope.touchpoint, session.visible)


async def relationships_by_id(
    session: GraphSession, ids: Sequence[str]
) -> dict[str, RelationshipRow]:
    found = await _by_id(session, cypher.RELATIONSHIPS_BY_ID, ids)
    return _kept(found, scope.relationship, session.visible)


async def relationships_by_person_id(
    session: GraphSession, ids: Sequence[str]
) -> dict[str, list[RelationshipRow]]:
    found = await _grouped(session, cypher.RELATIONSHIPS_BY_PERSON_ID, ids)
    return _kept_lists(found, scope.relationship, session.visible)


async def positions_by_person_id(session: GraphSession, ids: Sequence[str]) -> dict[str, list[Row]]:
    """Each person's positions (HELD), latest first, at the accounts the caller may see."""
    return await _grouped(session, cypher.POSITIONS_BY_PERSON_ID, ids)


async def relationships_by_team_member_id(
    session: GraphSession, ids: Sequence[str]
) -> dict[str, list[RelationshipRow]]:
    found = await _grouped(session, cypher.RELATIONSHIPS_BY_TEAM_MEMBER_ID, ids)
    return _kept_lists(found, scope.relationship, session.visible)


async def direct_reports_by_manager_id(
    session: GraphSession, ids: Sequence[str]
) -> dict[str, list[PersonRow]]:
    found = await _grouped(session, cypher.DIRECT_REPORTS_BY_MANAGER_ID, ids)
    return _kept_lists(found, scope.person, session.visible)


@dataclass(frozen=True, slots=True)
class PeopleFilter:
    account_id: str | None = None
    status: str = "CURRENT"
    search: str | None = None
    department: str | None = None
    seniority: str | None = None
    role: str | None = None


async def people_page(
    session: GraphSession,
    where: PeopleFilter,
    today: date,
    after: Sequence[Any] | None,
    limit: int,
) -> Page:
    """People of the whole graph, or of ``where.account_id``, matching the filter, by name and
    id (graph.keyset.PEOPLE or ACCOUNT_PEOPLE), after the key ``after``."""
    if where.account_id is not None:
        request = people_of_accounts(where, today, after, limit)
        pages = await account_pages(session, request, [where.account_id])
        return pages.get(where.account_id, EMPTY_PAGE)
    # PEOPLE_PAGE keeps to $visible itself, so the total is the scoped one.
    return await paged(
        session, cypher.PEOPLE_PAGE, _people_params(where, today), after, limit, scope.person
    )


async def team_members_page(
    session: GraphSession, search: str | None, after: Sequence[Any] | None, limit: int
) -> Page:
    """Our team members by name and id (graph.keyset.TEAM_MEMBERS), after the key ``after``."""
    return await paged(
        session, cypher.TEAM_MEMBERS_PAGE, {"search": search}, after, limit, scope.team_member
    )


# ---- per-account pages, many accounts per round trip ---------------------------------------

_ACCOUNT_PAGES: dict[str, LiteralString] = {
    "people": cypher.ACCOUNT_PEOPLE_PAGES,
    "team": cypher.ACCOUNT_TEAM_PAGES,
    "relationships": cypher.ACCOUNT_RELATIONSHIP_PAGES,
    "touchpoints": cypher.ACCOUNT_TOUCHPOINT_PAGES,
    "opportunities": opportunity_cypher.ACCOUNT_OPPORTUNITY_PAGES,
}


@dataclass(frozen=True, slots=True)
class AccountPageRequest:
    """One page of one of an account's lists; hashable, so equal requests for several
    accounts are answered by one query."""

    list_name: str
    after: tuple[Any, ...] | None
    limit: int
    params: tuple[tuple[str, Any], ...] = ()


def _people_params(where: PeopleFilter, today: date) -> dict[str, Any]:
    return {
        "status": where.status,
        "search": where.search,
        "department": where.department,
        "seniority": where.seniority,
        "role": where.role,
        "today": today,
    }


# Each list's order and key is a graph.keyset constant (ACCOUNT_PEOPLE, ACCOUNT_TEAM, ...);
# ``after`` is the key to continue after, the same for every account asked.


def people_of_accounts(
    where: PeopleFilter, today: date, after: Sequence[Any] | None, limit: int
) -> AccountPageRequest:
    params = tuple(sorted(_people_params(where, today).items()))
    return AccountPageRequest("people", _key(after), limit, params)


def team_of_accounts(after: Sequence[Any] | None, limit: int) -> AccountPageRequest:
    return AccountPageRequest("team", _key(after), limit)


def relationships_of_accounts(
    *, include_former: bool, today: date, after: Sequence[Any] | None, limit: int
) -> AccountPageRequest:
    status = "ALL" if include_former else "CURRENT"
    return AccountPageRequest(
        "relationships", _key(after), limit, (("status", status), ("today", today))
    )


def touchpoints_of_accounts(
    *,
    start: date | None,
    end: date | None,
    kind: str | None,
    after: Sequence[Any] | None,
    limit: int,
) -> AccountPageRequest:
    return AccountPageRequest(
        "touchpoints", _key(after), limit, (("from", start), ("kind", kind), ("to", end))
    )


def _key(after: Sequence[Any] | None) -> tuple[Any, ...] | None:
    return None if after is None else tuple(after)


async def account_pages(
    session: GraphSession, request: AccountPageRequest, account_ids: Sequence[str]
) -> dict[str, Page]:
    """The requested page of each account's list, in one round trip (of visible accounts)."""
    if session.visible is not None:
        account_ids = [a for a in account_ids if a in session.visible]
    params = {
        "accountIds": list(account_ids),
        "after": None if request.after is None else list(request.after),
        "limit": request.limit + 1,  # one more than the page: whether more follow
        **dict(request.params),
    }
    rows = await session.read(_ACCOUNT_PAGES[request.list_name], params)
    keep = _PAGE_ROWS.get(request.list_name)
    return {
        row["accountId"]: keyset_page(
            row["total"], row["page"], row["keys"], request.limit, keep, session.visible
        )
        for row in rows
    }


#: How a scoped caller sees the rows of an account's lists (the rest are the account's own).
_PAGE_ROWS: dict[str, Any] = {"people": scope.person, "team": scope.seat}


async def org_lines(
    session: GraphSession, account_ids: Sequence[str], as_of: date
) -> dict[str, list[Row]]:
    """Per account, one row per person employed there on ``as_of``: person_id and parent_id
    (their manager there on that day, or null), ordered by name (one round trip for all the
    accounts)."""
    rows = await session.read(
        cypher.ORG_LINES, {"accountIds": list(account_ids), "asOf": as_of}, accounts=account_ids
    )
    found: dict[str, list[Row]] = {account_id: [] for account_id in account_ids}
    for row in rows:
        found[row["account_id"]] = [
            {"person_id": person_id, "managers": managers}
            for person_id, managers in zip(row["person_ids"], row["managers"], strict=True)
        ]
    return {account_id: with_parents(lines) for account_id, lines in found.items()}


def with_parents(rows: list[Row]) -> list[Row]:
    """The rows (of one account's people on a day, each with the ``managers`` they report to
    then, at any account) with ``parent_id``: the first of those managers who is one of the
    account's people that day too, else None."""
    here = {row["person_id"] for row in rows}
    for row in rows:
        row["parent_id"] = next((m for m in row["managers"] if m in here), None)
    return rows


async def org_chart_people_rows(
    session: GraphSession,
    requests: Sequence[tuple[str, Sequence[str]]],
    as_of: date,
    *,
    lean: bool = False,
    today: date | None = None,
) -> list[list[Row]]:
    """For each (account id, person ids), the org-chart rows of those of the people who are
    employed there on ``as_of`` (as :func:`org_chart_rows`, without parent_id: the skeleton
    has it), in one round trip for all the requests. Without target (the charts do not show
    it) and, unless ``as_of`` is before ``today``, without positions (:func:`_chart_params`)."""
    params = {
        "requests": [
            {"key": i, "accountId": account_id, "personIds": list(people)}
            for i, (account_id, people) in enumerate(requests)
        ],
        **_chart_params(as_of, today, target=False),
    }
    query = cypher.ORG_CHART_PEOPLE_LEAN if lean else cypher.ORG_CHART_PEOPLE
    found: list[list[Row]] = [[] for _ in requests]
    (record,) = await session.read(query, params, accounts=_chart_dependency(requests, lean))
    for row in record[FOLDED]:
        found[row["carried"]].append(_chart_row(session.visible, row))
    return found


def _chart_params(as_of: date, today: date | None, *, target: bool) -> dict[str, Any]:
    """The chart statements' day and what they leave out: positions unless the day is before
    ``today`` (None: unknown, so read them), the target unless ``target``."""
    return {
        "asOf": as_of,
        "withPositions": today is None or as_of < today,
        "withTarget": target,
    }


def _chart_dependency(
    requests: Sequence[tuple[str, Sequence[str]]], lean: bool
) -> list[str] | None:
    """What chart rows depend on, for the response cache: lean rows (stored fields of people
    current here, their lines, roles and relationships here, touchpoints here) only on these
    accounts, since every write to them bumps every account the person works at; full rows
    carry other accounts' names and roles and touchpoints anywhere, so the whole portfolio."""
    return [account_id for account_id, _ in requests] if lean else None


def _chart_row(visible: frozenset[str] | None, row: Row) -> Row:
    """An org-chart row as a scoped caller sees it (the person is current at the account, so
    visible; their other employments may not be)."""
    if visible is None:
        return row
    return {**row, "person": scope.within(visible, row["person"])}


async def org_chart_rows(
    session: GraphSession,
    account_ids: Sequence[str],
    as_of: date,
    *,
    lean: bool = False,
    today: date | None = None,
    target: bool = True,
) -> dict[str, list[Row]]:
    """Per account, one row per person employed there on ``as_of``, by name: person,
    parent_id, account_roles, owners (with what their strengths derive from), last_touchpoint,
    scored_here and current_here, all as they stood that day (one round trip for all the
    accounts). ``lean``: the person's stored fields only (empty lists for the rest) and no
    last touchpoint; positions only for a day before ``today`` and the target only with
    ``target`` (else empty: :func:`_chart_params`)."""
    query = cypher.ORG_CHARTS_LEAN if lean else cypher.ORG_CHARTS
    (record,) = await session.read(
        query,
        {"accountIds": list(account_ids), **_chart_params(as_of, today, target=target)},
        accounts=_chart_dependency([(a, ()) for a in account_ids], lean),
    )
    found: dict[str, list[Row]] = {account_id: [] for account_id in account_ids}
    for row in record[FOLDED]:
        found[row["account_id"]].append(_chart_row(session.visible, row))
    return {account_id: with_parents(chart) for account_id, chart in found.items()}


async def external_id_owners(session: GraphSession, keys: Sequence[str]) -> dict[str, Row]:
    """For each external id key that identifies something already: ``{id, label}``."""
    rows = await session.read(cypher.EXTERNAL_ID_OWNERS, {"keys": list(keys)})
    return {row["key"]: {"id": row["id"], "label": row["label"]} for row in rows}
