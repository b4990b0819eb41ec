"""Reads and writes of accounts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any, LiteralString

from graph import scope
from graph.client import GraphSession
from graph.cypher import accounts as cypher
from graph.dataset import camel
from graph.reads import Page, keyset_page
from graph.rows import AccountRow


async def accounts_by_id(session: GraphSession, ids: Sequence[str]) -> dict[str, AccountRow]:
    """The accounts with these ids, in one round trip; missing ids (and, for a scoped caller,
    accounts outside its scope) are absent from the map."""
    rows = await session.read(cypher.ACCOUNTS_BY_ID, {"ids": list(ids)}, accounts=ids)
    return scope.accounts(session, {row["account"]["id"]: row["account"] for row in rows})


@dataclass(frozen=True, slots=True)
class AccountFilter:
    """Conditions on accounts, all of which must hold; each is the Cypher parameter of the same
    name in camelCase (graph/cypher/accounts.py ACCOUNT_FILTER)."""

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
    where: AccountFilter,
    order_field: str,
    direction: str,
    after: Sequence[Any] | None,
    limit: int,
    *,
    scoped: bool = False,
) -> tuple[LiteralString, dict[str, Any]]:
    """The Cypher and parameters of one page of accounts after the key ``after`` (a key of
    graph.keyset.accounts(order_field, direction); also profiled by the tests), with one row
    more than the page; ``scoped``: the caller sees only ``$visible`` accounts."""
    filters = {camel(f.name): getattr(where, f.name) for f in fields(where)}
    filtered = scoped or any(value is not None for value in filters.values())
    if after is None:
        resume, value, last_id = "FIRST", None, None
    else:
        value, last_id = after
        resume = "NULL" if value is None else "VALUE"
    query = cypher.ACCOUNTS_PAGE[(order_field, direction, filtered, resume)]
    return query, {**filters, "afterValue": value, "afterId": last_id, "limit": limit + 1}


async def accounts_page(
    session: GraphSession,
    where: AccountFilter,
    order_field: str,
    direction: str,
    after: Sequence[Any] | None,
    limit: int,
) -> Page:
    """One page of accounts after the key ``after``, and the total, in one round trip."""
    query, params = accounts_page_query(
        where, order_field, direction, after, limit, scoped=session.visible is not None
    )
    rows = await session.read(query, params)
    row = rows[0]
    return keyset_page(row["total"], row["page"], row["keys"], limit)
