"""TEMPORARY placeholder while the graph mutations are written (replaced before commit)."""

from __future__ import annotations

import strawberry


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def placeholder(self) -> bool:
        return False
