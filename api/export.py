"""HTTP exports: the portfolio with stored scores as CSV for analysts, and the whole dataset as
NDJSON for a re-import, read in pages from Neo4j."""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from api.dataset_export import ndjson_chunks
from api.deps import GraphDep, needs, session_for
from api.refusals import Refusal
from api.sheets import (
    PORTFOLIO_COLUMNS,
    PORTFOLIO_ORDERS,
    STAKEHOLDER_COLUMNS,
    SheetError,
    portfolio_pages,
    stakeholder_sheet,
)
from api.tabular import csv_cell, csv_chunks
from graph import exports
from graph.access import Identity, Permission
from graph.accounts import AccountFilter
from graph.errors import ErrorCode, GraphTimeoutError, GraphUnavailableError
from schema.context import Context
from scoring.vocabulary import RiskFlagCode

log = logging.getLogger("stakegraph")


@contextmanager
def _refused_when_unavailable(hint: str = "") -> Iterator[None]:
    """An export's first read, made before its response starts: Neo4j down is a typed 503 and
    a statement past its time limit a typed 504, as any refusal (later, a failure can only cut
    the transfer off)."""
    try:
        yield
    except GraphUnavailableError as exc:
        raise Refusal(
            503,
            ErrorCode.SERVICE_UNAVAILABLE,
            "the graph database is unavailable; retry shortly",
            {"Retry-After": "1"},
        ) from exc
    except GraphTimeoutError as exc:
        raise Refusal(
            504, ErrorCode.TIMEOUT, f"the export ran past the server's time limit{hint}"
        ) from exc


router = APIRouter(prefix="/export", tags=["export"])


@router.get("/accounts.csv")
async def accounts_csv(
    graph: GraphDep,
    identity: Annotated[Identity, needs(Permission.EXPORT)],
    tier: Annotated[list[int] | None, Query()] = None,
    risk_flag: RiskFlagCode | None = None,
    order: Annotated[str, Query(pattern="^(" + "|".join(PORTFOLIO_ORDERS) + ")$")] = "NAME",
) -> StreamingResponse:
    """Every account (optionally by tier or risk flag) with its stored scores, as CSV.

    The first page is read before the response starts, so Neo4j being down is a typed 503
    (SERVICE_UNAVAILABLE) or 504 (TIMEOUT) like any other refusal. A failure after that cuts
    the transfer off (no final chunk), so a client never takes a truncated file for a whole
    one."""
    session = await session_for(graph, identity)
    pages = portfolio_pages(session, AccountFilter(tiers=tier, risk_flag=risk_flag), order)
    with _refused_when_unavailable("; narrow it"):
        first = await anext(pages)

    async def rows() -> AsyncIterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(PORTFOLIO_COLUMNS)
        page, written = first, 0
        while True:
            writer.writerows([csv_cell(row[c]) for c in PORTFOLIO_COLUMNS] for row in page)
            written += len(page)
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            try:
                page = await anext(pages)
            except StopAsyncIteration:
                return
            except (GraphUnavailableError, GraphTimeoutError):
                log.warning("accounts export cut off after %d rows", written)
                raise

    return StreamingResponse(
        rows(),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="accounts.csv"'},
    )


@router.get("/dataset.ndjson")
async def dataset_ndjson(
    graph: GraphDep, identity: Annotated[Identity, needs(Permission.EXPORT)]
) -> StreamingResponse:
    """Every record of the graph as NDJSON, in the format ``stakegraph import`` reads
    (``{"<kind>": record}`` per line, docs/import.md), streamed a page at a time.

    The whole portfolio only: a key limited to some accounts is refused (403 FORBIDDEN), since
    a part of the graph would not import as what it is. The record counts are read before the
    response starts, so Neo4j being down is a typed 503 or 504."""
    if identity.scope is not None:
        raise Refusal(
            403,
            ErrorCode.FORBIDDEN,
            "the dataset export is the whole portfolio; this key is limited to some accounts "
            "(use GET /export/accounts.csv or GraphQL for those)",
        )
    session = await session_for(graph, identity)
    with _refused_when_unavailable():
        await exports.dataset_counts(session)
    return StreamingResponse(
        ndjson_chunks(session, date.today()),
        media_type="application/x-ndjson",
        headers={"Content-Disposition": 'attachment; filename="dataset.ndjson"'},
    )


#: The status of a sheet the API could not make, by its error code (others: 400).
SHEET_STATUS = {
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.SERVICE_UNAVAILABLE: 503,
    ErrorCode.TIMEOUT: 504,
    ErrorCode.INTERNAL_ERROR: 500,
}


@router.get("/accounts/{account_id}/stakeholder-map.csv")
async def stakeholder_map_csv(
    request: Request,
    account_id: str,
    graph: GraphDep,
    identity: Annotated[Identity, needs(Permission.EXPORT)],
    as_of: Annotated[str | None, Query(alias="asOf", max_length=40)] = None,
) -> StreamingResponse:
    """An account's stakeholder map as CSV, one row per current person (on ``asOf``, an ISO
    date, default today): the answer of ``stakeholderMap`` with each person's manager and
    level from the org chart of that day (docs/import.md). A key limited to some accounts
    exports those. A bad date is a typed 400 (INVALID_VARIABLES), an unknown account 404."""
    context = Context(
        graph=await session_for(graph, identity),
        config=request.app.state.schema_config,
        identity=identity,
    )
    try:
        rows = await stakeholder_sheet(request.app.state.schema, context, account_id, as_of)
    except SheetError as exc:
        headers = {"Retry-After": "1"} if exc.code is ErrorCode.SERVICE_UNAVAILABLE else None
        raise Refusal(SHEET_STATUS.get(exc.code, 400), exc.code, exc.message, headers) from exc
    name = re.sub(r"[^A-Za-z0-9._-]", "_", account_id)[:100]
    return StreamingResponse(
        csv_chunks(STAKEHOLDER_COLUMNS, rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="stakeholder-map-{name}.csv"'},
    )
