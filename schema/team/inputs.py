"""Inputs of the team-member mutations."""

from __future__ import annotations

import strawberry

from schema.common import (
    ExternalIdInput,
)
from schema.enums import (
    Seniority,
)
from schema.validation import (
    UNSET,
)


@strawberry.input
class TeamMemberInput:
    id: strawberry.ID | None = UNSET
    external_id: ExternalIdInput | None = UNSET
    name: str | None = UNSET
    email: str | None = UNSET
    title: str | None = UNSET
    seniority: Seniority | None = UNSET
