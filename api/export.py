"""HTTP exports: the portfolio with stored scores as CSV for analysts, and the whole dataset as
NDJSON for a re-import, read in pages from Neo4j."""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from api.dataset_export import ndjson_chunks
from api.deps import GraphDep, needs, session_for
from api.refusals import Refusal
from api.tabular import spreadsheet_safe
from graph import exports
from graph.access import Identity, Permission
from graph.accounts import AccountFilter, accounts_page
from graph.errors import ErrorCode, GraphTimeoutError, GraphUnavailableError
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
    """Every account (optionally by tier or risk flag) with its stored scores, as CSV.

    The first page is read before the response starts, so Neo4j being down is a typed 503
    (SERVICE_UNAVAILABLE) or 504 (TIMEOUT) like any other refusal. A failure after that cuts
    the transfer off (no final chunk), so a client never takes a truncated file for a whole
    one."""
    where = AccountFilter(tiers=tier, risk_flag=risk_flag)
    direction = "ASC" if order in ("NAME", "TIER") else "DESC"
    session = await session_for(graph, identity)
    with _refused_when_unavailable("; narrow it"):
        first = await accounts_page(session, where, order, direction, None, BATCH)

    async def rows() -> AsyncIterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(COLUMNS)
        written, page = 0, first
        while True:
            if written:
                try:
                    # Keyset pages: each batch continues after the last account written.
                    page = await accounts_page(
                        session, where, order, direction, page.keys[-1], BATCH
                    )
                except (GraphUnavailableError, GraphTimeoutError):
                    log.warning("accounts export cut off after %d rows", written)
                    raise
            for row in page.rows:
                values = dict(row)
                values["risk_flag_codes"] = ";".join(row["risk_flag_codes"])
                writer.writerow([spreadsheet_safe(values[c]) for c in COLUMNS])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            written += len(page.rows)
            if not page.more or not page.rows:
                return

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
