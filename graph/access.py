"""Who may do what: the roles, the permissions they grant, and the identity of a caller.

The one home of the role and permission names: API keys store roles by these names, JWT claims
are read against them, GraphQL fields and HTTP routes check the permissions (docs/security.md
has the roles x operations matrix).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Role(StrEnum):
    VIEWER = "viewer"
    EDITOR = "editor"
    ANALYST = "analyst"
    ADMIN = "admin"


class Permission(StrEnum):
    READ = "READ"
    """Read accounts, people, the team, relationships, scores and the portfolio."""
    WRITE = "WRITE"
    """Create, change and delete them, import data, refresh scores."""
    CYPHER = "CYPHER"
    """Run read-only analyst Cypher."""
    EXPORT = "EXPORT"
    """Download exports (CSV)."""
    ADMIN = "ADMIN"
    """Manage API keys."""


PERMISSIONS_OF: dict[Role, frozenset[Permission]] = {
    Role.VIEWER: frozenset({Permission.READ}),
    Role.EDITOR: frozenset({Permission.READ, Permission.WRITE}),
    Role.ANALYST: frozenset({Permission.READ, Permission.CYPHER, Permission.EXPORT}),
    Role.ADMIN: frozenset(Permission),
}


def roles_named(names: object) -> frozenset[Role]:
    """The roles among ``names`` (a claim's or a stored key's values); others are ignored."""
    if isinstance(names, str):
        names = names.replace(",", " ").split()
    if not isinstance(names, list | tuple | set | frozenset):
        return frozenset()
    known = {role.value for role in Role}
    return frozenset(Role(n) for n in names if isinstance(n, str) and n in known)


class IdentityKind(StrEnum):
    API_KEY = "API_KEY"
    JWT = "JWT"
    LOCAL = "LOCAL"
    """``make run`` on loopback with authentication off: the developer at the keyboard."""


@dataclass(frozen=True, slots=True)
class AccountScope:
    """The accounts a key or token may see, as Salesforce's sharing rules limit a user: these
    accounts, and those where ``seat_holder`` (a team member) holds a seat now."""

    account_ids: frozenset[str] = frozenset()
    seat_holder: str | None = None


#: What a scoped caller never gets: portfolio-wide Cypher and the keys of everyone.
NOT_FOR_SCOPED = frozenset({Permission.CYPHER, Permission.ADMIN})


@dataclass(frozen=True, slots=True)
class Identity:
    """Who sends a request: every permission check reads this.

    ``subject`` names the caller in logs (an API key's prefix, a token's ``sub``), never a
    secret. ``rate_key`` is what the rate limit counts against.
    """

    kind: IdentityKind
    subject: str
    name: str
    roles: frozenset[Role]
    expires_at: datetime | None = None
    #: None: the whole portfolio its roles allow.
    scope: AccountScope | None = None

    @property
    def permissions(self) -> frozenset[Permission]:
        granted: set[Permission] = set()
        for role in self.roles:
            granted |= PERMISSIONS_OF[role]
        if self.scope is not None:
            granted -= NOT_FOR_SCOPED
        return frozenset(granted)

    def may(self, permission: Permission) -> bool:
        return permission in self.permissions

    @property
    def rate_key(self) -> str:
        return f"{self.kind}:{self.subject}"

    def describe(self) -> str:
        """For the request's log line: kind, subject and roles, no secret."""
        roles = ",".join(sorted(self.roles)) or "-"
        scoped = " scoped" if self.scope is not None else ""
        return f"{self.kind.lower()}:{self.subject}[{roles}]{scoped}"


LOCAL_DEVELOPER = Identity(
    kind=IdentityKind.LOCAL, subject="local", name="local developer", roles=frozenset({Role.ADMIN})
)
