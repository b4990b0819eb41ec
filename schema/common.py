"""What every domain of the schema shares: external ids, and references across domains.

A field that returns a node of another domain resolves it through the schema's own node types
(:func:`node_of`), so no domain imports another's types at run time and the domains form a
tree (accounts on top, relationships and scores below; see docs/architecture.md).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from typing import Any

import strawberry
from strawberry import relay
from strawberry.relay.utils import from_base64

from graph import rules
from graph.errors import ErrorCode
from graph.rows import ExternalIdRow
from schema.context import Info
from schema.errors import request_error


def enum_or_none(enum_cls: Any, value: str | None) -> Any:
    return None if value is None else enum_cls(value)


@strawberry.type
class ExternalId:
    system: str
    value: str


def external_ids(rows: Iterable[ExternalIdRow]) -> list[ExternalId]:
    return [ExternalId(system=r["system"], value=r["value"]) for r in rows]


@strawberry.input(description="An id in another system, such as a CRM.")
class ExternalIdInput:
    system: str
    value: str


async def node_of(info: Info, type_name: str, node_id: str | None) -> Any:
    """The node of GraphQL type ``type_name`` with our id ``node_id`` (None when absent),
    loaded through that type's ``resolve_nodes`` and the request's loaders."""
    if node_id is None:
        return None
    return await relay.GlobalID(type_name, str(node_id)).resolve_node(info, required=False)


async def nodes_of(info: Info, type_name: str, node_ids: Sequence[str]) -> list[Any]:
    """:func:`node_of` for many ids (one round trip: the loaders batch them); absent ones are
    left out."""
    found = await asyncio.gather(*(node_of(info, type_name, i) for i in node_ids))
    return [node for node in found if node is not None]


def own_id(info: Info, label: str, given: str, field: str = "id") -> str:
    """``given`` as our own id: a global id of this type is decoded; one of another type is
    refused (``INVALID_ID`` on ``field``), since it names no node of this type."""
    try:
        type_name, node_id = from_base64(given)
    except ValueError:
        return given  # not a global id: our own id
    if type_name == label:
        return node_id
    # A type of this schema: the global id of some other node, not a mistyped own id.
    if info.schema.get_type_by_name(type_name) is not None:
        raise request_error(
            ErrorCode.INVALID_ID,
            f"{given!r} is a global id of type {type_name}, not {label}",
            field,
        )
    return given


async def own_id_of(
    info: Info, label: str, id: strawberry.ID | None, external_id: ExternalIdInput | None
) -> str | None:
    """Our id of the node named by ``id`` (our own id, or the Relay global id every ``id``
    field returns) or by ``externalId`` (None when nothing matches)."""
    if (id is None) == (external_id is None):
        raise request_error(ErrorCode.INVALID, "give either id or externalId")
    if id is not None:
        return own_id(info, label, str(id))
    assert external_id is not None
    key = rules.external_key(external_id.system.strip(), external_id.value.strip())
    owner = await info.context.loaders.owner_by_external_key.load(key)
    return str(owner["id"]) if owner and owner["label"] == label else None
