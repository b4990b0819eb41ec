"""Sheets for spreadsheet users, shared by the HTTP exports and ``stakegraph export``: the
portfolio with its stored scores (``/export/accounts.csv``, ``export portfolio``) and an
account's stakeholder map (``/export/accounts/{id}/stakeholder-map.csv``,
``export stakeholder-map``).

The stakeholder rows come from running the GraphQL ``stakeholderMap`` (and the org chart of
the same day, for each person's manager) in this process, so a sheet says exactly what the API
says: who is a key stakeholder, the strengths, what counts as active are decided in one place.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

from strawberry import Schema

from api.graphql_http import code_request_errors
from graph.accounts import AccountFilter, accounts_page
from graph.client import GraphSession
from graph.errors import ErrorCode
from schema.context import Context

#: The portfolio sheet's columns, in order.
PORTFOLIO_COLUMNS = (
    "id",
    "name",
    "tier",
    "is_key_account",
    "industry",
    "segment",
    "annual_revenue",
    "currency",
    "client_since",
    "renewal_date",
    "breadth_score",
    "dependency_score",
    "executive_score",
    "risk_flag_codes",
    "scores_computed_at",
)
#: Accounts per page of the portfolio sheet.
PORTFOLIO_PAGE = 1000
#: The portfolio sheet's orders: names first, tiers low to high, figures high to low.
PORTFOLIO_ORDERS = ("NAME", "TIER", "ANNUAL_REVENUE", "BREADTH", "DEPENDENCY", "EXECUTIVE")


async def portfolio_pages(
    session: GraphSession, where: AccountFilter, order: str
) -> AsyncIterator[list[dict[str, Any]]]:
    """Every account the session sees (filtered by ``where``), a page of
    :data:`PORTFOLIO_COLUMNS` rows at a time, in ``order`` (one of :data:`PORTFOLIO_ORDERS`)."""
    direction = "ASC" if order in ("NAME", "TIER") else "DESC"
    after = None
    while True:
        # Keyset pages: each continues after the last account of the one before.
        page = await accounts_page(session, where, order, direction, after, PORTFOLIO_PAGE)
        yield [
            {c: ";".join(row[c]) if c == "risk_flag_codes" else row[c] for c in PORTFOLIO_COLUMNS}
            for row in page.rows
        ]
        if not page.more or not page.rows:
            return
        after = page.keys[-1]


STAKEHOLDER_MAP_SHEET = """
query StakeholderMapSheet($accountId: ID!, $asOf: Date) {
  account(id: $accountId) {
    id
    name
    stakeholderMap(asOf: $asOf) {
      person { personId name title email }
      department
      seniority
      roles
      perception
      isKeyStakeholder
      bestStrength
      targetStrength
      targetSetAt
      strengthGap
      hasActiveRelationship
      lastTouchpoint
      relationships { name strength strengthSource lastContact }
      caresAbout
    }
    orgChart(asOf: $asOf) { nodes { personId parentId depth } }
  }
}
"""

#: The sheet's columns, in order.
STAKEHOLDER_COLUMNS = (
    "account_id",
    "account_name",
    "person_id",
    "name",
    "title",
    "department",
    "seniority",
    "email",
    "manager_id",
    "manager_name",
    "level",
    "roles",
    "perception",
    "is_key_stakeholder",
    "best_strength",
    "target_strength",
    "target_set_at",
    "strength_gap",
    "has_active_relationship",
    "relationship_count",
    "relationships",
    "last_touchpoint",
    "cares_about",
)


class SheetError(Exception):
    """The sheet could not be made: the GraphQL error's code and message."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


async def stakeholder_sheet(
    schema: Schema, context: Context, account_id: str, as_of: str | None
) -> list[dict[str, Any]]:
    """The stakeholder map of ``account_id`` on ``as_of`` (ISO date, default today) as rows of
    :data:`STAKEHOLDER_COLUMNS`, in the map's order.

    Raises :class:`SheetError` with the API's error code (``NOT_FOUND``, ``INVALID_VARIABLES``
    for a bad date, ``SERVICE_UNAVAILABLE`` ...)."""
    result = await schema.execute(
        STAKEHOLDER_MAP_SHEET,
        variable_values={"accountId": account_id, "asOf": as_of},
        context_value=context,
    )
    # A bad date fails the variables' coercion, uncoded: coded as the GraphQL route codes it.
    code_request_errors(result)
    if result.errors:
        error = result.errors[0]
        code = str((error.extensions or {}).get("code"))
        known = code in ErrorCode.__members__
        raise SheetError(ErrorCode(code) if known else ErrorCode.INTERNAL_ERROR, error.message)
    account = (result.data or {}).get("account")
    if account is None:
        raise SheetError(ErrorCode.NOT_FOUND, f"account {account_id!r} does not exist")
    return _rows(account)


def _rows(account: Mapping[str, Any]) -> list[dict[str, Any]]:
    chart = {n["personId"]: n for n in account["orgChart"]["nodes"]}
    names = {r["person"]["personId"]: r["person"]["name"] for r in account["stakeholderMap"]}
    rows = []
    for entry in account["stakeholderMap"]:
        person = entry["person"]
        node = chart.get(person["personId"]) or {}
        manager = node.get("parentId")
        owners = entry["relationships"]
        rows.append(
            {
                "account_id": account["id"],
                "account_name": account["name"],
                "person_id": person["personId"],
                "name": person["name"],
                "title": person["title"],
                "department": entry["department"],
                "seniority": entry["seniority"],
                "email": person["email"],
                "manager_id": manager,
                "manager_name": names.get(manager) if manager else None,
                "level": node.get("depth"),
                "roles": ";".join(entry["roles"]),
                "perception": entry["perception"],
                "is_key_stakeholder": entry["isKeyStakeholder"],
                "best_strength": entry["bestStrength"],
                "target_strength": entry["targetStrength"],
                "target_set_at": entry["targetSetAt"],
                "strength_gap": entry["strengthGap"],
                "has_active_relationship": entry["hasActiveRelationship"],
                "relationship_count": len(owners),
                # One cell a reader can scan: "Margaret Lindqvist: STRONG (MANUAL, 2026-11-20)".
                "relationships": "; ".join(
                    f"{o['name']}: {o['strength']} ({o['strengthSource']}"
                    + (f", {o['lastContact']})" if o["lastContact"] else ")")
                    for o in owners
                ),
                "last_touchpoint": entry["lastTouchpoint"],
                "cares_about": "; ".join(entry["caresAbout"]),
            }
        )
    return rows
