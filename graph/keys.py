"""API keys: issued once, stored as a hash, told apart by a public prefix.

A key reads ``sgk_<prefix>_<secret>``: the prefix (8 hex digits) names it in lists and logs,
the secret (32 random bytes) is never stored; Neo4j keeps the SHA-256 of the whole key, which
is enough for a key of that entropy (no slow hash needed, unlike a password) and is compared
in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from graph.access import AccountScope, Role, roles_named
from graph.client import GraphSession
from graph.cypher import keys as cypher
from graph.errors import ErrorCode, NotFoundError, Subject, WriteRejectedError

KEY_START = "sgk_"
_KEY = re.compile(r"^sgk_([0-9a-f]{8})_[A-Za-z0-9_-]{43}$")
MAX_NAME_LENGTH = 200


@dataclass(frozen=True, slots=True)
class ApiKey:
    prefix: str
    name: str
    owner: str | None
    roles: frozenset[Role]
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None
    #: None: the whole portfolio its roles allow.
    scope: AccountScope | None = None

    def usable(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or now < self.expires_at)


@dataclass(frozen=True, slots=True)
class IssuedKey:
    """A new key and, this once, its secret: it cannot be shown again."""

    key: ApiKey
    secret: str


def looks_like_key(credential: str) -> bool:
    return credential.startswith(KEY_START)


def key_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _stored(record: dict[str, Any]) -> ApiKey:
    return ApiKey(
        prefix=record["prefix"],
        name=record["name"],
        owner=record.get("owner"),
        roles=roles_named(record.get("roles") or []),
        created_at=record["createdAt"],
        expires_at=record.get("expiresAt"),
        last_used_at=record.get("lastUsedAt"),
        revoked_at=record.get("revokedAt"),
        scope=(
            AccountScope(frozenset(record.get("accountIds") or []), record.get("seatHolder"))
            if record.get("scoped")
            else None
        ),
    )


def _checked(name: str, roles: frozenset[Role], expires_at: datetime | None, now: datetime) -> None:
    if not name.strip():
        raise WriteRejectedError(ErrorCode.REQUIRED, "a key needs a name", Subject("name"))
    if len(name) > MAX_NAME_LENGTH:
        raise WriteRejectedError(
            ErrorCode.TOO_LONG, f"at most {MAX_NAME_LENGTH} characters", Subject("name")
        )
    if not roles:
        raise WriteRejectedError(ErrorCode.REQUIRED, "a key needs a role", Subject("roles"))
    if expires_at is not None and expires_at <= now:
        raise WriteRejectedError(
            ErrorCode.INVALID_DATE_RANGE, "the expiry must be in the future", Subject("expires_at")
        )


async def _checked_scope(
    session: GraphSession, scope: AccountScope, roles: frozenset[Role]
) -> None:
    if not scope.account_ids and scope.seat_holder is None:
        raise WriteRejectedError(
            ErrorCode.REQUIRED,
            "a scope needs accounts or a team member whose seats it follows",
            Subject("account_ids"),
        )
    if Role.ADMIN in roles:
        raise WriteRejectedError(
            ErrorCode.INVALID,
            "a key limited to some accounts cannot be an admin (admins manage every key)",
            Subject("roles"),
        )
    rows = await session.read(
        cypher.SCOPE_TARGETS,
        {"account_ids": sorted(scope.account_ids), "seat_holder": scope.seat_holder},
    )
    unknown = sorted(scope.account_ids - set(rows[0]["accounts"]))
    if unknown:
        raise NotFoundError("account", unknown[0], Subject("account_ids"))
    if scope.seat_holder is not None and not rows[0]["seat_holder"]:
        raise NotFoundError("team member", scope.seat_holder, Subject("team_member_id"))


async def create_key(
    session: GraphSession,
    name: str,
    roles: frozenset[Role],
    *,
    owner: str | None = None,
    expires_at: datetime | None = None,
    scope: AccountScope | None = None,
) -> IssuedKey:
    """A new key; with ``scope``, limited to those accounts (graph/scope.py)."""
    _checked(name, roles, expires_at, datetime.now(UTC))
    if scope is not None:
        await _checked_scope(session, scope, roles)
    prefix = secrets.token_hex(4)
    secret = f"{KEY_START}{prefix}_{secrets.token_urlsafe(32)}"
    rows = await session.write(
        cypher.CREATE_API_KEY,
        {
            "prefix": prefix,
            "hash": key_hash(secret),
            "name": name.strip(),
            "owner": owner,
            "roles": sorted(roles),
            "expires_at": expires_at,
            "scoped": scope is not None,
            "account_ids": sorted(scope.account_ids) if scope else [],
            "seat_holder": scope.seat_holder if scope else None,
        },
    )
    return IssuedKey(key=_stored(rows[0]["key"]), secret=secret)


async def list_keys(session: GraphSession, *, include_revoked: bool = False) -> list[ApiKey]:
    rows = await session.read(cypher.API_KEYS, {"include_revoked": include_revoked})
    return [_stored(row["key"]) for row in rows]


async def revoke_key(session: GraphSession, prefix: str) -> ApiKey:
    """Revoke the key with this prefix (revoking twice keeps the first revocation's time)."""
    rows = await session.write(cypher.REVOKE_API_KEY, {"prefix": prefix})
    if not rows:
        raise NotFoundError("API key", prefix, Subject("prefix"))
    return _stored(rows[0]["key"])


async def key_for(session: GraphSession, secret: str) -> ApiKey | None:
    """The stored key ``secret`` is, or None (malformed, unknown, or a wrong secret); whether
    it is still usable is the caller's question (:meth:`ApiKey.usable`)."""
    match = _KEY.match(secret)
    if match is None:
        return None
    rows = await session.read(cypher.API_KEY_FOR_CHECK, {"prefix": match.group(1)})
    if not rows:
        return None
    record = rows[0]["key"]
    if not hmac.compare_digest(str(record["hash"]), key_hash(secret)):
        return None
    return _stored(record)


async def mark_used(session: GraphSession, prefix: str) -> None:
    await session.write(cypher.TOUCH_API_KEY, {"prefix": prefix})
