"""Mutations of our team members."""

from __future__ import annotations

import strawberry

from graph import reads, writes
from graph.dataset import TEAM_MEMBER_PROPS
from schema.context import Info
from schema.errors import UserError
from schema.team.inputs import TeamMemberInput
from schema.team.types import TeamMember
from schema.validation import (
    team_member_fields,
)
from schema.writing import INPUT, DeletePayload, attempt, deleted, upsert_node


@strawberry.type
class TeamMemberPayload:
    team_member: TeamMember | None
    user_errors: list[UserError]


async def _team_member(
    info: Info, member_id: str | None, errors: list[UserError]
) -> TeamMemberPayload:
    if errors or member_id is None:
        return TeamMemberPayload(team_member=None, user_errors=errors)
    row = (await reads.team_members_by_id(info.context.graph, [member_id])).get(member_id)
    return TeamMemberPayload(team_member=TeamMember.from_row(row) if row else None, user_errors=[])


@strawberry.type
class TeamMutations:
    @strawberry.mutation(
        description="Create or update one of our people, found by id or externalId.",
    )
    async def upsert_team_member(self, info: Info, input: TeamMemberInput) -> TeamMemberPayload:
        member_id, errors = await upsert_node(
            info,
            "TeamMember",
            input,
            TEAM_MEMBER_PROPS,
            lambda checks: team_member_fields(checks, input, INPUT),
        )
        return await _team_member(info, member_id, errors)

    @strawberry.mutation(
        description="Delete one of our people with their seats, relationships and attendance.",
    )
    async def delete_team_member(self, info: Info, id: strawberry.ID) -> DeletePayload:
        _, errors = await attempt(
            info, writes.delete_node(info.context.graph, "TeamMember", str(id), info.context.today)
        )
        return deleted("TeamMember", id, errors)
