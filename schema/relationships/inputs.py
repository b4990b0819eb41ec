"""Inputs of the relationship and touchpoint mutations."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from schema.enums import (
    Channel,
    TouchpointKind,
)
from schema.fields import RelationshipFields
from schema.validation import STRENGTH_SET_AT


@strawberry.input(description="A relationship is found by (teamMemberId, personId).")
class RelationshipInput(RelationshipFields):
    team_member_id: strawberry.ID
    person_id: strawberry.ID
    manual_strength_set_at: datetime | None = strawberry.field(
        default=None, description=STRENGTH_SET_AT
    )


@strawberry.input(description="Give an id to make retries safe: the same id updates, not adds.")
class TouchpointInput:
    id: strawberry.ID | None = strawberry.field(
        default=None,
        description=(
            "Your own id for it (for example the CRM activity id): a retry with the same id "
            "updates the touchpoint instead of logging a second one. Omitted, a new id is made."
        ),
    )
    account_id: strawberry.ID
    date: date
    channel: Channel
    kind: TouchpointKind
    summary: str | None = None
    team_member_ids: list[strawberry.ID]
    person_ids: list[strawberry.ID]
    initiator_id: strawberry.ID | None = None
    initiated_by_client: bool = False
