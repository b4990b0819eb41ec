"""The records of a bulk import (``importDataset``)."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from schema.common import (
    ExternalIdInput,
)
from schema.enums import (
    BuyingRole,
    Channel,
    OpportunityStage,
    ReportingLineKind,
    Seniority,
    Strength,
    TeamRole,
    TouchpointKind,
)
from schema.fields import (
    AccountFields,
    OpportunityFields,
    PersonFields,
    RelationshipFields,
    TeamMemberFields,
)
from schema.validation import STRENGTH_SET_AT

# ---- bulk import ---------------------------------------------------------------------------
# Records are written whole by id, except that an omitted optional field keeps its stored
# value (an explicit null clears it), as in the single upserts: a CRM re-sync that does not
# know perception, caresAbout or the key-account criteria must not wipe them.
KEEPS_OMITTED = "Written by id: an omitted optional field keeps its stored value, null clears it."


@strawberry.input(description=KEEPS_OMITTED)
class ImportAccount(AccountFields):
    id: strawberry.ID
    name: str
    tier: int
    external_ids: list[ExternalIdInput] = strawberry.field(default_factory=list)


@strawberry.input(description=KEEPS_OMITTED)
class ImportPerson(PersonFields):
    id: strawberry.ID
    name: str
    external_ids: list[ExternalIdInput] = strawberry.field(default_factory=list)


@strawberry.input
class ImportEmployment:
    person_id: strawberry.ID
    account_id: strawberry.ID
    since: date | None = None
    until: date | None = None
    title: str | None = None
    concurrent: bool = strawberry.field(
        default=False,
        description="Held beside the person's other employments (a board seat). Otherwise a "
        "new current employment is a job move, as in startEmployment: the current ones at "
        "other accounts end the day before it starts.",
    )


@strawberry.input(
    description="A dated position (title, department, seniority) the person held at the "
    "account, found again by its start date: their history there. One without an end is the "
    "open position; the person's own fields stay what upsertPerson or the people records set "
    "(a difference opens a new position on the day of the import)."
)
class ImportPosition:
    person_id: strawberry.ID
    account_id: strawberry.ID
    since: date | None = None
    until: date | None = None
    title: str | None = None
    department: str | None = None
    seniority: Seniority | None = None


@strawberry.input
class ImportReportsTo:
    person_id: strawberry.ID
    manager_id: strawberry.ID
    since: date | None = strawberry.field(
        default=None,
        description="When the line started (default: the day of the import); a current line "
        "to the same manager keeps its date.",
    )
    until: date | None = strawberry.field(
        default=None,
        description="When the line ended: a line recorded as history, written as it is (found "
        "again by its start date) without touching the current one. Without it the line is "
        "current and follows setReportsTo (or setDottedLine) rules.",
    )
    kind: ReportingLineKind = strawberry.field(
        default=ReportingLineKind.SOLID,
        description="SOLID: the person's one manager (setReportsTo: a line to another manager "
        "replaces it); DOTTED: a dotted line beside it (setDottedLine: several are fine, no "
        "loop of dotted lines).",
    )


@strawberry.input
class ImportBuyingRole:
    person_id: strawberry.ID
    account_id: strawberry.ID
    role: BuyingRole
    since: date | None = strawberry.field(
        default=None,
        description="When the role started (default: kept, or the day of the import). With a "
        "date, the person must have been employed at the account on that day (an employment "
        "that has since ended counts: the role of someone who left); without one, employed "
        "there today.",
    )


@strawberry.input(
    description="As setTargetStrength: the strength our side should have with a client person "
    "at an account (one per person and account; clear one with setTargetStrength)."
)
class ImportStrengthTarget:
    person_id: strawberry.ID
    account_id: strawberry.ID
    target: Strength = strawberry.field(description="STRONG, DEVELOPING or WEAK.")
    target_set_at: date | None = strawberry.field(
        default=None,
        description="When it was set (default: kept for the same target, else the day of the "
        "import); the person must have been employed at the account then (without a date: "
        "today).",
    )
    target_set_by: str | None = strawberry.field(
        default=None, description="Who set it (default: kept for the same target, else none)."
    )


@strawberry.input(description=KEEPS_OMITTED)
class ImportTeamMember(TeamMemberFields):
    id: strawberry.ID
    name: str
    external_ids: list[ExternalIdInput] = strawberry.field(default_factory=list)


@strawberry.input
class ImportTeamAssignment:
    team_member_id: strawberry.ID
    account_id: strawberry.ID
    role: TeamRole
    since: date | None = strawberry.field(
        default=None, description="When the seat started (default: kept, or the day of the import)."
    )


@strawberry.input(description=KEEPS_OMITTED)
class ImportRelationship(RelationshipFields):
    id: strawberry.ID
    team_member_id: strawberry.ID
    person_id: strawberry.ID
    manual_strength_set_at: datetime | None = strawberry.field(
        default=None, description=STRENGTH_SET_AT
    )


@strawberry.input(description="As addInfluence: one client person influences another.")
class ImportInfluence:
    person_id: strawberry.ID
    influenced_id: strawberry.ID
    note: str | None = None
    since: date | None = strawberry.field(
        default=None, description="When it started (default: kept, or the day of the import)."
    )


@strawberry.input(description="As recordIntroduction: who introduced whom, when.")
class ImportIntroduction:
    introducer_id: strawberry.ID
    introduced_id: strawberry.ID
    date: date
    team_member_id: strawberry.ID | None = None


@strawberry.input(
    description="As logTouchpoint: the participants listed replace the stored ones, and the "
    "relationships between them get the touchpoint's date as last contact if it is later."
)
class ImportTouchpoint:
    id: strawberry.ID
    account_id: strawberry.ID
    date: date
    channel: Channel
    kind: TouchpointKind
    summary: str | None = None
    team_member_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    person_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    initiator_id: strawberry.ID | None = None
    initiated_by_client: bool = False


@strawberry.input(description=KEEPS_OMITTED + " A deal stays at its account.")
class ImportOpportunity(OpportunityFields):
    id: strawberry.ID
    account_id: strawberry.ID
    name: str
    stage: OpportunityStage
    external_ids: list[ExternalIdInput] = strawberry.field(default_factory=list)


@strawberry.input(
    description="As setOpportunityContactRole: a person's role on a deal (one per person and "
    "deal, at most one primary per deal); the person works at the deal's account today."
)
class ImportOpportunityContactRole:
    opportunity_id: strawberry.ID
    person_id: strawberry.ID
    role: BuyingRole
    is_primary: bool = False


@strawberry.input(description="A batch of CRM records, written all together or not at all.")
class DatasetInput:
    accounts: list[ImportAccount] = strawberry.field(default_factory=list)
    people: list[ImportPerson] = strawberry.field(default_factory=list)
    employments: list[ImportEmployment] = strawberry.field(default_factory=list)
    positions: list[ImportPosition] = strawberry.field(default_factory=list)
    reports_to: list[ImportReportsTo] = strawberry.field(default_factory=list)
    buying_roles: list[ImportBuyingRole] = strawberry.field(default_factory=list)
    strength_targets: list[ImportStrengthTarget] = strawberry.field(default_factory=list)
    team_members: list[ImportTeamMember] = strawberry.field(default_factory=list)
    team_assignments: list[ImportTeamAssignment] = strawberry.field(default_factory=list)
    relationships: list[ImportRelationship] = strawberry.field(default_factory=list)
    touchpoints: list[ImportTouchpoint] = strawberry.field(default_factory=list)
    influences: list[ImportInfluence] = strawberry.field(default_factory=list)
    introductions: list[ImportIntroduction] = strawberry.field(default_factory=list)
    opportunities: list[ImportOpportunity] = strawberry.field(default_factory=list)
    opportunity_contact_roles: list[ImportOpportunityContactRole] = strawberry.field(
        default_factory=list
    )
