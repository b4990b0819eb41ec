"""The root Query type."""

from __future__ import annotations

import strawberry
from strawberry import relay

from schema.context import Info
from schema.types.account import Account


@strawberry.type
class Health:
    ok: bool
    neo4j: bool


@strawberry.type
class Query:
    node: relay.Node = relay.node()
    nodes: list[relay.Node] = relay.node()

    @strawberry.field(description="Whether the API and its Neo4j answer.")
    async def health(self, info: Info) -> Health:
        rows = await info.context.graph.read("RETURN true AS ok")
        return Health(ok=True, neo4j=bool(rows and rows[0]["ok"]))

    @strawberry.field(description="An account by its own id (not the global Relay id).")
    async def account(self, info: Info, id: strawberry.ID) -> Account | None:
        row = await info.context.loaders.account_by_id.load(str(id))
        return Account.from_row(row) if row else None
