"""Creating and revoking API keys (admins)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from graph import keys
from graph.access import Role
from graph.errors import WriteRejectedError
from schema.admin.types import ApiKey, CreateApiKeyPayload, RevokeApiKeyPayload
from schema.context import Info
from schema.errors import user_error
from schema.permissions import CanAdminister


@strawberry.type
class AdminMutations:
    @strawberry.mutation(
        description="Create an API key; the payload shows its secret this once.",
        permission_classes=[CanAdminister],
    )
    async def create_api_key(
        self,
        info: Info,
        name: str,
        roles: list[Role],
        owner: str | None = None,
        expires_at: datetime | None = None,
    ) -> CreateApiKeyPayload:
        try:
            issued = await keys.create_key(
                info.context.graph, name, frozenset(roles), owner=owner, expires_at=expires_at
            )
        except WriteRejectedError as exc:
            return CreateApiKeyPayload(api_key=None, secret=None, user_errors=[user_error(exc)])
        return CreateApiKeyPayload(
            api_key=ApiKey.of(issued.key), secret=issued.secret, user_errors=[]
        )

    @strawberry.mutation(
        description="Revoke an API key by its prefix: requests with it get 401 from now on.",
        permission_classes=[CanAdminister],
    )
    async def revoke_api_key(self, info: Info, prefix: str) -> RevokeApiKeyPayload:
        try:
            revoked = await keys.revoke_key(info.context.graph, prefix)
        except WriteRejectedError as exc:
            return RevokeApiKeyPayload(api_key=None, user_errors=[user_error(exc)])
        info.context.forget_key(prefix)
        return RevokeApiKeyPayload(api_key=ApiKey.of(revoked), user_errors=[])
