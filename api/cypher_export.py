"""Analyst Cypher over HTTP as CSV, Apache Arrow or Parquet, for pandas, polars and DuckDB.

The same query path as the GraphQL ``cypher`` field (``GraphSession.read_only``): a READ
transaction the server enforces, the plan rules of ``graph/analyst.py``, and the limits of
``SchemaConfig`` (``CYPHER_TIMEOUT_S``, ``CYPHER_MAX_ROWS``, ``CYPHER_MAX_BYTES``). The result is
read up to those caps before the answer starts, so its headers can say whether the caps cut
it and a refused or timed-out query is a plain 400; then the body is sent in chunks.
"""

from __future__ import annotations

import json
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request, status
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field

from api import tabular
from api.deps import GraphDep, needs
from api.refusals import body as error_body
from graph import analyst
from graph.access import Identity, Permission
from graph.errors import ErrorCode, GraphError, GraphUnavailableError, ReadOnlyQueryError
from schema.config import SchemaConfig

router = APIRouter(prefix="/export", tags=["export"])
log = logging.getLogger("stakegraph")

#: Response headers: how many rows came, and whether the caps cut the result.
ROW_COUNT_HEADER = "Stakegraph-Row-Count"
TRUNCATED_HEADER = "Stakegraph-Truncated"


class CypherRequest(BaseModel):
    query: str = Field(description="A read-only Cypher query.")
    params: dict[str, Any] | None = Field(default=None, description="Its parameters.")


def _error(status_code: int, code: ErrorCode, message: str) -> JSONResponse:
    return JSONResponse(error_body(code, message), status_code=status_code)


#: Analyst Cypher, as the GraphQL field asks.
AnalystDep = Annotated[Identity, needs(Permission.CYPHER)]


async def _answer(
    request: Request,
    graph: GraphDep,
    fmt: tabular.TableFormat,
    query: str,
    params: object,
) -> Response:
    if len(query) > analyst.MAX_QUERY_CHARS:
        return _error(
            status.HTTP_400_BAD_REQUEST,
            ErrorCode.TOO_LONG,
            f"query is longer than {analyst.MAX_QUERY_CHARS} characters",
        )
    if params is not None and not isinstance(params, dict):
        return _error(
            status.HTTP_400_BAD_REQUEST, ErrorCode.INVALID, "params must be a JSON object"
        )
    config: SchemaConfig = request.app.state.schema_config
    try:
        columns, rows, truncated = await graph.session().read_only(
            query,
            params or {},
            timeout_s=config.cypher_timeout_s,
            max_rows=config.cypher_max_rows,
            max_bytes=config.cypher_max_bytes,
            shape="table",
        )
    except ReadOnlyQueryError as exc:
        return _error(status.HTTP_400_BAD_REQUEST, ErrorCode.CYPHER_REJECTED, str(exc))
    except GraphUnavailableError as exc:
        return _error(status.HTTP_503_SERVICE_UNAVAILABLE, ErrorCode.SERVICE_UNAVAILABLE, str(exc))
    except GraphError:
        log.exception("analyst export failed")
        return _error(
            status.HTTP_500_INTERNAL_SERVER_ERROR, ErrorCode.INTERNAL_ERROR, "the query failed"
        )
    return StreamingResponse(
        tabular.encode(fmt, columns, rows),
        media_type=tabular.MEDIA_TYPES[fmt],
        headers={
            "Content-Disposition": f'attachment; filename="cypher.{fmt.value}"',
            ROW_COUNT_HEADER: str(len(rows)),
            TRUNCATED_HEADER: "true" if truncated else "false",
        },
    )


@router.get("/cypher.{fmt}")
async def cypher_get(
    request: Request,
    graph: GraphDep,
    analyst_: AnalystDep,
    fmt: tabular.TableFormat,
    query: Annotated[str, Query(description="A read-only Cypher query.")],
    params: Annotated[str | None, Query(description="Its parameters, a JSON object.")] = None,
) -> Response:
    """An analyst's read-only Cypher result as CSV, Arrow IPC stream or Parquet."""
    try:
        values = json.loads(params) if params is not None else None
    except json.JSONDecodeError as exc:
        return _error(
            status.HTTP_400_BAD_REQUEST, ErrorCode.INVALID, f"params is not JSON: {exc.msg}"
        )
    return await _answer(request, graph, fmt, query, values)


@router.post("/cypher.{fmt}")
async def cypher_post(
    request: Request,
    graph: GraphDep,
    analyst_: AnalystDep,
    fmt: tabular.TableFormat,
    body: Annotated[CypherRequest, Body()],
) -> Response:
    """As the GET, with the query and its parameters in a JSON body."""
    return await _answer(request, graph, fmt, body.query, body.params)
