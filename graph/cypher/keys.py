"""API keys: stored as a SHA-256 hash under a public prefix, never as the key itself."""

from __future__ import annotations

#: What a key's record shows: everything but its hash.
_KEY_FIELDS = (
    ".prefix, .name, .owner, .roles, .createdAt, .expiresAt, .lastUsedAt, .revokedAt,"
    " .scoped, .accountIds, .seatHolder"
)

CREATE_API_KEY = (
    """
CREATE (k:ApiKey {prefix: $prefix, hash: $hash, name: $name, owner: $owner, roles: $roles,
                  createdAt: datetime(), expiresAt: $expires_at, scoped: $scoped,
                  accountIds: $account_ids, seatHolder: $seat_holder})
RETURN k {"""
    + _KEY_FIELDS
    + "} AS key"
)

API_KEY_FOR_CHECK = (
    "MATCH (k:ApiKey {prefix: $prefix}) RETURN k {.hash, " + _KEY_FIELDS + "} AS key"
)

API_KEYS = (
    "MATCH (k:ApiKey) WHERE $include_revoked OR k.revokedAt IS NULL "
    "RETURN k {" + _KEY_FIELDS + "} AS key ORDER BY k.createdAt, k.prefix"
)

REVOKE_API_KEY = (
    "MATCH (k:ApiKey {prefix: $prefix}) SET k.revokedAt = coalesce(k.revokedAt, datetime()) "
    "RETURN k {" + _KEY_FIELDS + "} AS key"
)

TOUCH_API_KEY = "MATCH (k:ApiKey {prefix: $prefix}) SET k.lastUsedAt = datetime()"

#: Which of a scope's accounts and team member exist.
SCOPE_TARGETS = """
RETURN [id IN $account_ids WHERE EXISTS { MATCH (:Account {id: id}) }] AS accounts,
       EXISTS { MATCH (:TeamMember {id: $seat_holder}) } AS seat_holder
"""
