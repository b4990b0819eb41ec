"""Relationships between our team and client people, and the touchpoints between them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Self

import strawberry
from strawberry import relay

from graph.rows import RelationshipRow, TouchpointRow
from schema.common import (
    enum_or_none,
    node_of,
    nodes_of,
)
from schema.context import Info
from schema.enums import (
    Channel,
    RelationshipOrigin,
    Strength,
    StrengthSource,
    TouchpointKind,
)

if TYPE_CHECKING:
    from schema.people.types import Person
    from schema.team.types import TeamMember


@strawberry.type(description="A relationship between one of our team members and a client person.")
class Relationship(relay.Node):
    id: relay.NodeID[str]
    team_member_id: strawberry.ID
    person_id: strawberry.ID
    since: date | None
    last_contact: date | None
    manual_strength: Strength | None = strawberry.field(description="Set by hand, if ever.")
    manual_strength_set_at: datetime | None
    notes: str | None
    origin: RelationshipOrigin = strawberry.field(
        description="ACTIVITY when a touchpoint made it (docs/model.md), else MANUAL."
    )
    account_id: strawberry.ID | None = strawberry.field(
        description="The account whose touchpoints derive the strength."
    )

    @classmethod
    def from_row(cls, row: RelationshipRow) -> Self:
        return cls(
            id=row["id"],
            team_member_id=strawberry.ID(row["team_member_id"]),
            person_id=strawberry.ID(row["person_id"]),
            since=row["since"],
            last_contact=row["last_contact"],
            manual_strength=enum_or_none(Strength, row["manual_strength"]),
            manual_strength_set_at=row["manual_strength_set_at"],
            notes=row["notes"],
            origin=RelationshipOrigin(row["origin"] or RelationshipOrigin.MANUAL.value),
            account_id=strawberry.ID(row["account_id"]) if row["account_id"] else None,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        rows = await info.context.loaders.relationship_by_id.load_many(list(node_ids))
        return [cls.from_row(row) if row else None for row in rows]

    async def _assessment(self, info: Info) -> Any:
        if self.account_id is None:
            return None
        strengths = await info.context.loaders.strengths_by_account_id.load(str(self.account_id))
        return strengths.get((str(self.team_member_id), str(self.person_id)))

    @strawberry.field(description="Derived from touchpoints (recency, channel, initiative).")
    async def derived_strength(self, info: Info) -> Strength:
        assessment = await self._assessment(info)
        return Strength(assessment.derived) if assessment else Strength.WEAK

    @strawberry.field(description="The strength in force: manual until a newer touchpoint.")
    async def strength(self, info: Info) -> Strength:
        assessment = await self._assessment(info)
        if assessment:
            return Strength(assessment.effective)
        return self.manual_strength or Strength.WEAK

    @strawberry.field
    async def strength_source(self, info: Info) -> StrengthSource:
        assessment = await self._assessment(info)
        if assessment:
            return StrengthSource(assessment.source)
        return StrengthSource.MANUAL if self.manual_strength else StrengthSource.DERIVED

    @strawberry.field
    async def team_member(
        self, info: Info
    ) -> Annotated[TeamMember, strawberry.lazy("schema.team.types")] | None:
        member: TeamMember | None = await node_of(info, "TeamMember", self.team_member_id)
        return member

    @strawberry.field
    async def person(
        self, info: Info
    ) -> Annotated[Person, strawberry.lazy("schema.people.types")] | None:
        person: Person | None = await node_of(info, "Person", self.person_id)
        return person


@strawberry.type(description="An interaction between our side and the client's at a date.")
class Touchpoint(relay.Node):
    id: relay.NodeID[str]
    touchpoint_id: strawberry.ID
    date: date
    channel: Channel
    kind: TouchpointKind
    summary: str | None
    initiated_by_client: bool
    initiator_id: strawberry.ID | None
    account_id: strawberry.ID | None
    team_member_ids: list[strawberry.ID]
    person_ids: list[strawberry.ID]

    @classmethod
    def from_row(cls, row: TouchpointRow) -> Self:
        return cls(
            id=row["id"],
            touchpoint_id=strawberry.ID(row["id"]),
            date=row["date"],
            channel=Channel(row["channel"]),
            kind=TouchpointKind(row["kind"]),
            summary=row["summary"],
            initiated_by_client=bool(row["initiated_by_client"]),
            initiator_id=strawberry.ID(row["initiator_id"]) if row["initiator_id"] else None,
            account_id=strawberry.ID(row["account_id"]) if row["account_id"] else None,
            team_member_ids=[strawberry.ID(i) for i in sorted(row["team_member_ids"])],
            person_ids=[strawberry.ID(i) for i in sorted(row["person_ids"])],
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        rows = await info.context.loaders.touchpoint_by_id.load_many(list(node_ids))
        return [cls.from_row(row) if row else None for row in rows]

    @strawberry.field(description="Our people who took part.")
    async def team_members(
        self, info: Info
    ) -> list[Annotated[TeamMember, strawberry.lazy("schema.team.types")]]:
        members: list[TeamMember] = await nodes_of(info, "TeamMember", self.team_member_ids)
        return members

    @strawberry.field(description="Client people who took part.")
    async def people(
        self, info: Info
    ) -> list[Annotated[Person, strawberry.lazy("schema.people.types")]]:
        people: list[Person] = await nodes_of(info, "Person", self.person_ids)
        return people


@strawberry.type
class RelationshipConnection(relay.Connection[Relationship]):
    total_count: int


@strawberry.type
class TouchpointConnection(relay.Connection[Touchpoint]):
    total_count: int
