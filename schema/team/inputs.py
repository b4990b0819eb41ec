"""Inputs of the team-member mutations."""

from __future__ import annotations

import strawberry

from schema.common import (
    ExternalIdInput,
)
from schema.fields import TeamMemberFields
from schema.validation import (
    UNSET,
)


@strawberry.input
class TeamMemberInput(TeamMemberFields):
    id: strawberry.ID | None = UNSET
    external_id: ExternalIdInput | None = UNSET
