"""The one place that decides who may do what (roles come from the request's Viewer)."""

from __future__ import annotations

from typing import Any, Literal

from strawberry.permission import BasePermission
from strawberry.types import Info

READ_ROLES = frozenset({"admin", "writer", "analyst", "viewer"})
WRITE_ROLES = frozenset({"admin", "writer"})
CYPHER_ROLES = frozenset({"admin", "analyst"})


Action = Literal["read", "write", "cypher"]
_ROLES_FOR: dict[Action, frozenset[str]] = {
    "read": READ_ROLES,
    "write": WRITE_ROLES,
    "cypher": CYPHER_ROLES,
}


def may(roles: frozenset[str], action: Action) -> bool:
    """Whether someone with ``roles`` may ``action``; GraphQL fields and REST routes both ask."""
    return bool(roles & _ROLES_FOR[action])


def _roles(info: Info[Any, Any]) -> frozenset[str]:
    viewer = getattr(info.context, "viewer", None)
    return frozenset(getattr(viewer, "roles", frozenset()))


class CanWrite(BasePermission):
    message = "Writing needs the role writer or admin."

    def has_permission(self, source: Any, info: Info[Any, Any], **kwargs: Any) -> bool:
        return may(_roles(info), "write")


class CanRunCypher(BasePermission):
    message = "Cypher queries need the role analyst or admin."

    def has_permission(self, source: Any, info: Info[Any, Any], **kwargs: Any) -> bool:
        return may(_roles(info), "cypher")
