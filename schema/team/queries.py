"""Queries of our team members."""

from __future__ import annotations

import strawberry

from graph import keyset, reads
from schema.common import (
    ExternalIdInput,
    own_id_of,
)
from schema.context import Info
from schema.pagination import build_connection, page_window
from schema.team.types import TeamMember, TeamMemberConnection


@strawberry.type
class TeamQueries:
    @strawberry.field(
        description="Someone on our side by their own or Relay global id, or an external id (one)."
    )
    async def team_member(
        self,
        info: Info,
        id: strawberry.ID | None = None,
        external_id: ExternalIdInput | None = None,
    ) -> TeamMember | None:
        own_id = await own_id_of(info, "TeamMember", id, external_id)
        row = await info.context.loaders.team_member_by_id.load(own_id) if own_id else None
        return TeamMember.from_row(row) if row else None

    @strawberry.field(description="Our people, ordered by name.")
    async def team_members(
        self,
        info: Info,
        search: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> TeamMemberConnection:
        key, limit = page_window(first, after, info.context.config, keyset.TEAM_MEMBERS)
        page = await reads.team_members_page(info.context.graph, search, key, limit)
        return build_connection(
            TeamMemberConnection,
            page,
            keyset=keyset.TEAM_MEMBERS,
            after=key,
            make=TeamMember.from_row,
        )
