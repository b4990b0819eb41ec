"""Creating and revoking API keys (admins)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from graph import keys
from graph.access import AccountScope, Role
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
        account_ids: Annotated[
            list[strawberry.ID] | None,
            strawberry.argument(description="Limit the key to these accounts."),
        ] = None,
        team_member_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="Limit the key to the accounts where this team member holds a seat."
            ),
        ] = None,
    ) -> CreateApiKeyPayload:
        scope = (
            AccountScope(
                frozenset(map(str, account_ids or [])),
                str(team_member_id) if team_member_id else None,
            )
            if account_ids is not None or team_member_id is not None
            else None
        )
        try:
            issued = await keys.create_key(
                info.context.graph,
                name,
                frozenset(roles),
                owner=owner,
                expires_at=expires_at,
                scope=scope,
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
