"""Inputs of the opportunity mutations."""

from __future__ import annotations

import strawberry

from schema.common import ExternalIdInput
from schema.fields import OpportunityFields
from schema.validation import UNSET


@strawberry.input(
    description="Find a deal by id or externalId (or create it: name, stage and accountId "
    "needed); only given fields change. A deal stays at its account."
)
class OpportunityInput(OpportunityFields):
    id: strawberry.ID | None = UNSET
    external_id: ExternalIdInput | None = UNSET
    account_id: strawberry.ID | None = UNSET
