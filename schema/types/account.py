"""GraphQL types of accounts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, Self

import strawberry
from strawberry import relay

from schema.context import Info


@strawberry.type
class ExternalId:
    system: str
    value: str


@strawberry.type
class Account(relay.Node):
    id: relay.NodeID[str]
    name: str
    domain: str | None
    industry: str | None
    segment: str | None
    tier: int
    is_key_account: bool
    annual_revenue: float | None
    currency: str | None
    client_since: date | None
    renewal_date: date | None
    external_ids: list[ExternalId]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Self:
        return cls(
            id=row["id"],
            name=row["name"],
            domain=row["domain"],
            industry=row["industry"],
            segment=row["segment"],
            tier=row["tier"],
            is_key_account=row["is_key_account"],
            annual_revenue=row["annual_revenue"],
            currency=row["currency"],
            client_since=row["client_since"],
            renewal_date=row["renewal_date"],
            external_ids=[ExternalId(**e) for e in row["external_ids"]],
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        rows = await info.context.loaders.account_by_id.load_many(list(node_ids))
        return [cls.from_row(row) if row else None for row in rows]
