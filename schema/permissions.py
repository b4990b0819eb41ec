"""Permissions on GraphQL fields: every root field needs one, by default if not by choice.

:func:`require_by_default` gives each Query field that names none READ and each Mutation field
WRITE, when the schema is composed, so a field added later cannot forget its check; fields that
need more name it (``permission_classes=[CanRunCypher]``). Nested fields are reached only
through a root field. A caller without the permission gets a FORBIDDEN error naming it.
"""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission, PermissionExtension
from strawberry.types import Info

from graph.access import PERMISSIONS_OF, Identity, Permission
from graph.errors import ErrorCode


def roles_with(permission: Permission) -> str:
    return ", ".join(
        sorted(role for role, granted in PERMISSIONS_OF.items() if permission in granted)
    )


class _Needs(BasePermission):
    permission: Permission

    def has_permission(self, source: Any, info: Info[Any, Any], **kwargs: Any) -> bool:
        identity: Identity | None = getattr(info.context, "identity", None)
        allowed = identity is not None and identity.may(self.permission)
        if not allowed:
            self.message = (
                f"{info.field_name} needs the permission {self.permission} "
                f"(roles: {roles_with(self.permission)})"
            )
        return allowed


def _needs(permission: Permission) -> type[BasePermission]:
    return type(
        f"Needs{permission.title()}",
        (_Needs,),
        {
            "permission": permission,
            "error_extensions": {"code": ErrorCode.FORBIDDEN, "permission": permission},
        },
    )


CanRead = _needs(Permission.READ)
CanWrite = _needs(Permission.WRITE)
CanRunCypher = _needs(Permission.CYPHER)
CanExport = _needs(Permission.EXPORT)
CanAdminister = _needs(Permission.ADMIN)


def required_permission(field: Any) -> Permission | None:
    """The permission a composed root field checks (None: it checks none)."""
    for permission_class in getattr(field, "permission_classes", ()):
        if issubclass(permission_class, _Needs):
            needed: Permission = permission_class.permission
            return needed
    return None


def require_by_default(root: type, default: type[BasePermission]) -> None:
    """Give every field of ``root`` (a composed root type) that names no permission
    ``default``."""
    for field in root.__strawberry_definition__.fields:  # type: ignore[attr-defined]
        if required_permission(field) is None:
            field.permission_classes = [default]
            field.extensions.append(PermissionExtension([default()], use_directives=False))
