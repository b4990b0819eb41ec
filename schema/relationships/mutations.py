"""Mutations of relationships and touchpoints."""

from __future__ import annotations

from collections.abc import Awaitable

import strawberry

from graph import reads, writes
from graph.dataset import RELATIONSHIP_PROPS
from graph.rules import initiated_by_client
from graph.writes import Written
from schema.context import Info
from schema.enums import (
    Strength,
)
from schema.errors import UserError
from schema.relationships.inputs import RelationshipInput, TouchpointInput
from schema.relationships.types import Relationship, Touchpoint
from schema.validation import (
    UNSET,
    Checks,
    given,
    relationship_fields,
    strength_set_at,
    touchpoint_fields,
)
from schema.writing import INPUT, DeletePayload, attempt, deleted, given_props


@strawberry.type
class RelationshipPayload:
    relationship: Relationship | None
    user_errors: list[UserError]


@strawberry.type
class TouchpointPayload:
    touchpoint: Touchpoint | None
    user_errors: list[UserError]


async def _relationship(
    info: Info, write: Awaitable[Written], root: tuple[str, ...]
) -> RelationshipPayload:
    written, errors = await attempt(info, write, root)
    if errors or written is None:
        return RelationshipPayload(relationship=None, user_errors=errors)
    row = (await reads.relationships_by_id(info.context.graph, [written.id]))[written.id]
    return RelationshipPayload(relationship=Relationship.from_row(row), user_errors=[])


@strawberry.type
class RelationshipMutations:
    @strawberry.mutation(
        description="Create or update the relationship between one of our people and a client "
        "person (idempotent on the pair).",
    )
    async def upsert_relationship(
        self, info: Info, input: RelationshipInput
    ) -> RelationshipPayload:
        checks = Checks()
        relationship_fields(checks, input, ["input"], info.context.today)
        set_at = strength_set_at(checks, input, ["input"], info.context.today)
        if checks.errors:
            return RelationshipPayload(relationship=None, user_errors=checks.errors)
        props = given_props(input, RELATIONSHIP_PROPS)
        strength = given(input.manual_strength)
        return await _relationship(
            info,
            writes.upsert_relationship(
                info.context.graph,
                str(input.team_member_id),
                str(input.person_id),
                props=props,
                strength=strength.value if strength else None,
                strength_given=input.manual_strength is not UNSET,
                today=info.context.today,
                set_at=set_at,
            ),
            INPUT,
        )

    @strawberry.mutation(
        description="Set (or with null, clear) the strength of a relationship by hand; creates "
        "the relationship when missing. A newer touchpoint hands over to the derived value.",
    )
    async def set_relationship_strength(
        self,
        info: Info,
        team_member_id: strawberry.ID,
        person_id: strawberry.ID,
        # Omitted is null, as GraphQL reads an optional argument (it ended in a TypeError).
        strength: Strength | None = None,
    ) -> RelationshipPayload:
        return await _relationship(
            info,
            writes.upsert_relationship(
                info.context.graph,
                str(team_member_id),
                str(person_id),
                props={},
                strength=strength.value if strength else None,
                strength_given=True,
                today=info.context.today,
            ),
            (),
        )

    @strawberry.mutation(
        description="Record a touchpoint; the same id updates it (safe to retry). Updates the "
        "last contact of the relationships between its participants.",
    )
    async def log_touchpoint(self, info: Info, input: TouchpointInput) -> TouchpointPayload:
        checks = Checks()
        touchpoint_fields(checks, input, ["input"], info.context.today)
        if checks.errors:
            return TouchpointPayload(touchpoint=None, user_errors=checks.errors)
        people = list(dict.fromkeys(str(i) for i in input.person_ids))
        team = list(dict.fromkeys(str(i) for i in input.team_member_ids))
        initiator = str(input.initiator_id) if input.initiator_id else None
        props = {
            "date": input.date,
            "channel": input.channel.value,
            "kind": input.kind.value,
            "summary": input.summary,
            "initiatorId": initiator,
            "initiatedByClient": initiated_by_client(initiator, people, input.initiated_by_client),
        }
        written, errors = await attempt(
            info,
            writes.log_touchpoint(
                info.context.graph,
                str(input.id) if input.id else None,
                str(input.account_id),
                input.date,
                props,
                team,
                people,
            ),
            INPUT,
        )
        if errors or written is None:
            return TouchpointPayload(touchpoint=None, user_errors=errors)
        row = (await reads.touchpoints_by_id(info.context.graph, [written.id]))[written.id]
        return TouchpointPayload(touchpoint=Touchpoint.from_row(row), user_errors=[])

    @strawberry.mutation(description="Delete a touchpoint.")
    async def delete_touchpoint(self, info: Info, id: strawberry.ID) -> DeletePayload:
        _, errors = await attempt(
            info, writes.delete_node(info.context.graph, "Touchpoint", str(id), info.context.today)
        )
        return deleted("Touchpoint", id, errors)
