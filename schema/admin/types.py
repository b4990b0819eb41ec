"""API keys and the caller's identity, as GraphQL types."""

from __future__ import annotations

from datetime import datetime

import strawberry

from graph.access import AccountScope, Identity, IdentityKind, Permission, Role
from graph.keys import ApiKey as StoredKey
from schema.errors import UserError

strawberry.enum(Role, description="What a caller may do: see docs/security.md.")
strawberry.enum(Permission, name="Permission", description="A right a role grants.")
strawberry.enum(IdentityKind, name="IdentityKind", description="How a caller proved who it is.")


@strawberry.type(
    name="AccountScope",
    description="The accounts a key or token is limited to: these accounts, and those where "
    "a team member holds a seat (docs/security.md).",
)
class AccountScopeInfo:
    account_ids: list[strawberry.ID]
    team_member_id: strawberry.ID | None

    @classmethod
    def of(cls, scope: AccountScope | None) -> AccountScopeInfo | None:
        if scope is None:
            return None
        return cls(
            account_ids=[strawberry.ID(a) for a in sorted(scope.account_ids)],
            team_member_id=strawberry.ID(scope.seat_holder) if scope.seat_holder else None,
        )


@strawberry.type(description="An API key; its secret was shown once, when it was created.")
class ApiKey:
    prefix: str = strawberry.field(description="Tells the key apart: `sgk_<prefix>_...`.")
    name: str
    owner: str | None
    roles: list[Role]
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None = strawberry.field(
        description="When a request last used it (written at most once a minute)."
    )
    revoked_at: datetime | None
    scope: AccountScopeInfo | None = strawberry.field(
        description="The accounts it is limited to; null: the whole portfolio its roles allow."
    )

    @classmethod
    def of(cls, key: StoredKey) -> ApiKey:
        return cls(
            scope=AccountScopeInfo.of(key.scope),
            prefix=key.prefix,
            name=key.name,
            owner=key.owner,
            roles=sorted(key.roles),
            created_at=key.created_at,
            expires_at=key.expires_at,
            last_used_at=key.last_used_at,
            revoked_at=key.revoked_at,
        )


@strawberry.type(description="Who sends this request.")
class Viewer:
    kind: IdentityKind
    subject: str = strawberry.field(description="The key's prefix, or the token's subject.")
    name: str
    roles: list[Role]
    permissions: list[Permission]
    expires_at: datetime | None
    scope: AccountScopeInfo | None

    @classmethod
    def of(cls, identity: Identity) -> Viewer:
        return cls(
            scope=AccountScopeInfo.of(identity.scope),
            kind=identity.kind,
            subject=identity.subject,
            name=identity.name,
            roles=sorted(identity.roles),
            permissions=sorted(identity.permissions),
            expires_at=identity.expires_at,
        )


@strawberry.type
class CreateApiKeyPayload:
    api_key: ApiKey | None
    secret: str | None = strawberry.field(
        description="The key itself: shown this once, stored only as a hash. Send it as "
        "`Authorization: Bearer <secret>`."
    )
    user_errors: list[UserError]


@strawberry.type
class RevokeApiKeyPayload:
    api_key: ApiKey | None
    user_errors: list[UserError]
