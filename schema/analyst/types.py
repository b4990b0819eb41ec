"""Read-only Cypher for analysts: limits, and results as JSON."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

import strawberry
from strawberry.scalars import JSON

from graph import analyst
from graph.errors import ErrorCode, ReadOnlyQueryError
from schema.context import Info
from schema.errors import request_error


@strawberry.type(description="The result of a read-only Cypher query.")
class CypherResult:
    columns: list[str]
    rows: JSON = strawberry.field(
        description="One list of values per row, in the order of `columns`. A node is "
        "{elementId, labels, properties}, a relationship {elementId, type, start, end, "
        "properties} (start and end are element ids), a path {nodes, relationships}; dates, "
        "times and durations are ISO 8601 strings, a point is {srid, coordinates}."
    )
    row_count: int
    truncated: bool = strawberry.field(
        description="More rows existed than the caps allow (CYPHER_MAX_ROWS rows, "
        "CYPHER_MAX_BYTES of JSON)."
    )


def _json_safe(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


async def resolve_cypher(info: Info, query: str, params: JSON | None) -> CypherResult:
    config = info.context.config
    if len(query) > analyst.MAX_QUERY_CHARS:
        raise request_error(
            ErrorCode.TOO_LONG, f"query is longer than {analyst.MAX_QUERY_CHARS} characters"
        )
    if params is not None and not isinstance(params, dict):
        raise request_error(ErrorCode.INVALID, "params must be a JSON object")
    try:
        columns, rows, truncated = await info.context.graph.read_only(
            query,
            params or {},
            timeout_s=config.cypher_timeout_s,
            max_rows=config.cypher_max_rows,
            max_bytes=config.cypher_max_bytes,
        )
    except ReadOnlyQueryError as exc:
        raise request_error(ErrorCode.CYPHER_REJECTED, str(exc)) from exc
    return CypherResult(
        columns=columns,
        rows=cast(JSON, [[_json_safe(row[c]) for c in columns] for row in rows]),
        row_count=len(rows),
        truncated=truncated,
    )
