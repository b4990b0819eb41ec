"""Queries of touchpoints."""

from __future__ import annotations

import strawberry

from schema.context import Info
from schema.relationships.types import Touchpoint


@strawberry.type
class RelationshipQueries:
    @strawberry.field(description="A touchpoint by its own id.")
    async def touchpoint(self, info: Info, id: strawberry.ID) -> Touchpoint | None:
        row = await info.context.loaders.touchpoint_by_id.load(str(id))
        return Touchpoint.from_row(row) if row else None
