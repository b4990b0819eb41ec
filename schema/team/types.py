"""Our side: team members and their seats on account teams."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Self

import strawberry
from strawberry import relay

from graph.rows import TeamMemberRow
from schema.common import (
    ExternalId,
    enum_or_none,
    external_ids,
    node_of,
)
from schema.context import Info
from schema.enums import (
    Seniority,
    TeamRole,
)
from schema.relationships.types import Relationship

if TYPE_CHECKING:
    from schema.accounts.types import Account


@strawberry.type(description="A seat on an account team.")
class TeamAssignment:
    role: TeamRole
    since: date | None
    member: TeamMember
    account_id: strawberry.ID

    @strawberry.field
    async def account(
        self, info: Info
    ) -> Annotated[Account, strawberry.lazy("schema.accounts.types")] | None:
        account: Account | None = await node_of(info, "Account", self.account_id)
        return account


@strawberry.type(description="Someone on our side.")
class TeamMember(relay.Node):
    id: relay.NodeID[str]
    team_member_id: strawberry.ID = strawberry.field(description="The team member's own id.")
    name: str
    email: str | None
    title: str | None
    seniority: Seniority | None
    external_ids: list[ExternalId]
    assignments: list[TeamAssignment] = strawberry.field(
        description="Seats on account teams, for every account."
    )

    @classmethod
    def from_row(cls, row: TeamMemberRow) -> Self:
        member = cls(
            id=row["id"],
            team_member_id=strawberry.ID(row["id"]),
            name=row["name"],
            email=row["email"],
            title=row["title"],
            seniority=enum_or_none(Seniority, row["seniority"]),
            external_ids=external_ids(row["external_ids"]),
            assignments=[],
        )
        member.assignments = [
            TeamAssignment(
                role=TeamRole(a["role"]),
                since=a["since"],
                member=member,
                account_id=strawberry.ID(a["account_id"]),
            )
            for a in sorted(row["assignments"], key=lambda a: (a["account_id"], a["role"]))
        ]
        return member

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        rows = await info.context.loaders.team_member_by_id.load_many(list(node_ids))
        return [cls.from_row(row) if row else None for row in rows]

    @strawberry.field(description="Relationships this team member holds with client people.")
    async def relationships(self, info: Info) -> list[Relationship]:
        rows = await info.context.loaders.relationships_by_team_member_id.load(self.id)
        return [Relationship.from_row(row) for row in rows]


@strawberry.type
class TeamMemberConnection(relay.Connection[TeamMember]):
    total_count: int


# Relay connections are typed for Node items; a team seat is a plain edge of data, and
# Strawberry builds the connection for any type at run time.
@strawberry.type
class TeamAssignmentConnection(relay.Connection[TeamAssignment]):  # type: ignore[type-var]
    total_count: int
