"""The root fields that belong to no domain: Relay's node lookups and the health check."""

from __future__ import annotations

import asyncio
from typing import Annotated

import strawberry
from strawberry import relay

from graph import reads
from graph.errors import ErrorCode
from schema.context import Info
from schema.errors import request_error


@strawberry.type
class Health:
    ok: bool
    neo4j: bool


@strawberry.type
class SystemQueries:
    # Written out rather than ``relay.node()``: that field is bound to its schema when the
    # schema is built, so a second schema in the process could not use it. The loaders batch
    # the ids of one type into one round trip.
    @strawberry.field(description="Fetches an object given its ID.")
    async def node(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, strawberry.argument(description="The ID of the object.")],
    ) -> relay.Node | None:
        return await id.resolve_node(info, required=False)

    @strawberry.field(description="Fetches objects given their IDs.")
    async def nodes(
        self,
        info: Info,
        ids: Annotated[
            list[relay.GlobalID],
            strawberry.argument(description="The IDs of the objects (at most MAX_PAGE_SIZE)."),
        ],
    ) -> list[relay.Node | None]:
        cap = info.context.config.max_page_size
        if len(ids) > cap:
            raise request_error(
                ErrorCode.OUT_OF_RANGE, f"`ids` holds {len(ids)} ids; at most {cap}", "ids"
            )
        return list(await asyncio.gather(*(i.resolve_node(info, required=False) for i in ids)))

    @strawberry.field(description="Whether the API and its Neo4j answer.")
    async def health(self, info: Info) -> Health:
        return Health(ok=True, neo4j=await reads.neo4j_answers(info.context.graph))
