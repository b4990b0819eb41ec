"""The one place that decides who may do what (roles come from the request's Viewer)."""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission
from strawberry.types import Info

READ_ROLES = frozenset({"admin", "writer", "analyst", "viewer"})
WRITE_ROLES = frozenset({"admin", "writer"})
CYPHER_ROLES = frozenset({"admin", "analyst"})


def _roles(info: Info[Any, Any]) -> frozenset[str]:
    viewer = getattr(info.context, "viewer", None)
    return frozenset(getattr(viewer, "roles", frozenset()))


class CanRead(BasePermission):
    message = "Reading needs one of the roles: admin, writer, analyst, viewer."

    def has_permission(self, source: Any, info: Info[Any, Any], **kwargs: Any) -> bool:
        return bool(_roles(info) & READ_ROLES)


class CanWrite(BasePermission):
    message = "Writing needs the role writer or admin."

    def has_permission(self, source: Any, info: Info[Any, Any], **kwargs: Any) -> bool:
        return bool(_roles(info) & WRITE_ROLES)


class CanRunCypher(BasePermission):
    message = "Cypher queries need the role analyst or admin."

    def has_permission(self, source: Any, info: Info[Any, Any], **kwargs: Any) -> bool:
        return bool(_roles(info) & CYPHER_ROLES)
