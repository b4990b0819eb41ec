"""What every mutation shares: running a write, refreshing the accounts it touched, mapping
input fields to graph properties, external ids, and the delete payload."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar

import strawberry
from strawberry import relay

from graph import writes
from graph.errors import WriteRejectedError
from graph.writes import Written
from schema.context import Info
from schema.errors import UserError, user_error
from schema.refresh import refresh_scores
from schema.validation import UNSET, Checks, given, plain

#: Where an input object sits in a mutation's arguments.
INPUT = ("input",)


def given_props(source: object, mapping: Mapping[str, str]) -> dict[str, Any]:
    """Given fields under their graph names; an explicit null stays (it clears the property)."""
    out = {}
    for attr, prop in mapping.items():
        value = getattr(source, attr)
        if value is not UNSET:
            out[prop] = plain(value)
    return out


W = TypeVar("W", bound=Written)


async def attempt(
    info: Info, write: Awaitable[W], root: tuple[str, ...] = ()
) -> tuple[W | None, list[UserError]]:
    """Run a write; on success keep the stored scores of the accounts it touched fresh.

    ``root`` is where the write's input sits in the mutation's arguments (``("input",)`` for
    an input object), so a refusal names the GraphQL path at fault."""
    try:
        written = await write
    except WriteRejectedError as exc:
        return None, [user_error(exc, root)]
    await refresh_scores(info, written.accounts)
    return written, []


def external_key(checks: Checks, external: Any) -> writes.ExternalKey | None:
    if external is UNSET or external is None:
        return None
    checks.external_id(["input", "externalId"], external.system, external.value)
    return writes.ExternalKey(external.system.strip(), external.value.strip())


@strawberry.type
class DeletePayload:
    deleted_id: strawberry.ID | None = strawberry.field(description="The record's own id.")
    deleted_node_id: relay.GlobalID | None = strawberry.field(
        description="Its Relay global id, to evict it from a client cache."
    )
    user_errors: list[UserError]


def deleted(type_name: str, own_id: strawberry.ID, errors: list[UserError]) -> DeletePayload:
    if errors:
        return DeletePayload(deleted_id=None, deleted_node_id=None, user_errors=errors)
    return DeletePayload(
        deleted_id=own_id, deleted_node_id=relay.GlobalID(type_name, str(own_id)), user_errors=[]
    )


async def upsert_node(
    info: Info,
    label: str,
    input: Any,
    props: Mapping[str, str],
    check_fields: Callable[[Checks], None],
    *,
    required_on_create: Sequence[str] = ("name",),
    employment: tuple[str, date | None] | None = None,
    position_since: date | None = None,
) -> tuple[str | None, list[UserError]]:
    """The path every upsert by id or external id takes: the input checked (its id, its
    fields by ``check_fields``, its external id), then the write and the refresh of the
    accounts it touched. Returns the node's id, or the refusals."""
    checks = Checks()
    checks.own_id([*INPUT, "id"], input.id)
    check_fields(checks)
    external = external_key(checks, input.external_id)
    if checks.errors:
        return None, checks.errors
    written, errors = await attempt(
        info,
        writes.upsert_node(
            info.context.graph,
            label,
            node_id=given(input.id),
            external=external,
            props=given_props(input, props),
            required_on_create=required_on_create,
            employment=employment,
            position_since=position_since,
            today=info.context.today,
        ),
        INPUT,
    )
    return (written.id if written else None), errors
