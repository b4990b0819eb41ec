"""CSV exports for analysts: the portfolio with stored scores, read in pages from Neo4j."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from api.deps import GraphDep, needs, session_for
from api.tabular import spreadsheet_safe
from graph.access import Identity, Permission
from graph.accounts import AccountFilter, accounts_page
from scoring.vocabulary import RiskFlagCode

router = APIRouter(prefix="/export", tags=["export"])

COLUMNS = (
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
BATCH = 1000


@router.get("/accounts.csv")
async def accounts_csv(
    graph: GraphDep,
    identity: Annotated[Identity, needs(Permission.EXPORT)],
    tier: Annotated[list[int] | None, Query()] = None,
    risk_flag: RiskFlagCode | None = None,
    order: Annotated[
        str, Query(pattern="^(NAME|TIER|ANNUAL_REVENUE|BREADTH|DEPENDENCY|EXECUTIVE)$")
    ] = "NAME",
) -> StreamingResponse:
    """Every account (optionally by tier or risk flag) with its stored scores, as CSV."""
    where = AccountFilter(tiers=tier, risk_flag=risk_flag)
    direction = "ASC" if order in ("NAME", "TIER") else "DESC"
    session = await session_for(graph, identity)

    async def rows() -> AsyncIterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(COLUMNS)
        skip = 0
        while True:
            page = await accounts_page(session, where, order, direction, skip, BATCH)
            for row in page.rows:
                values = dict(row)
                values["risk_flag_codes"] = ";".join(row["risk_flag_codes"])
                writer.writerow([spreadsheet_safe(values[c]) for c in COLUMNS])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            skip += BATCH
            if skip >= page.total:
                return

    return StreamingResponse(
        rows(),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="accounts.csv"'},
    )
