"""The analyst's read-only Cypher query."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from schema.analyst.types import CypherResult, resolve_cypher
from schema.context import Info
from schema.permissions import CanRunCypher


@strawberry.type
class AnalystQueries:
    @strawberry.field(
        description="Run a read-only Cypher query (analysts). The server rejects writes; rows "
        "are capped and the query is time-limited.",
        permission_classes=[CanRunCypher],
    )
    async def cypher(self, info: Info, query: str, params: JSON | None = None) -> CypherResult:
        return await resolve_cypher(info, query, params)
