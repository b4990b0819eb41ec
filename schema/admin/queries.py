"""Who is asking, and (for admins) the API keys."""

from __future__ import annotations

import strawberry

from graph import keys
from schema.admin.types import ApiKey, Viewer
from schema.context import Info
from schema.permissions import CanAdminister


@strawberry.type
class AdminQueries:
    @strawberry.field(description="Who sends this request: kind, name, roles, permissions.")
    def viewer(self, info: Info) -> Viewer:
        return Viewer.of(info.context.identity)

    @strawberry.field(description="The API keys (admins).", permission_classes=[CanAdminister])
    async def api_keys(self, info: Info, include_revoked: bool = False) -> list[ApiKey]:
        found = await keys.list_keys(info.context.graph, include_revoked=include_revoked)
        return [ApiKey.of(key) for key in found]
