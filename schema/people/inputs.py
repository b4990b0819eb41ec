"""Inputs of the people queries and mutations."""

from __future__ import annotations

from datetime import date

import strawberry

from schema.common import (
    ExternalIdInput,
)
from schema.enums import (
    BuyingRole,
    EmploymentStatus,
    Seniority,
)
from schema.fields import PersonFields
from schema.validation import (
    UNSET,
)


@strawberry.input(
    description="Find by id or externalId (or create); only given fields change. "
    "With accountId, also starts an employment there unless one is current."
)
class PersonInput(PersonFields):
    id: strawberry.ID | None = UNSET
    external_id: ExternalIdInput | None = UNSET
    account_id: strawberry.ID | None = UNSET
    employment_since: date | None = UNSET
    position_since: date | None = strawberry.field(
        default=UNSET,
        description="When a changed title, department or seniority took effect (default: "
        "today; not in the future): the person's position there until then ends, and a new "
        "one starts on it.",
    )


@strawberry.input
class PersonFilter:
    account_id: strawberry.ID | None = None
    status: EmploymentStatus = strawberry.field(
        default=EmploymentStatus.ALL,
        description="With accountId: current, former or all people of that account.",
    )
    search: str | None = strawberry.field(
        default=None, description="Case-insensitive text in name, email or title."
    )
    department: str | None = None
    seniority: Seniority | None = None
    role: BuyingRole | None = None
