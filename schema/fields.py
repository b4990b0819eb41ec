"""The stored fields of each entity as GraphQL input fields, once: the single upserts and the
bulk import's records both extend these.

Every field here is optional and UNSET when omitted (an omitted field keeps its stored value,
an explicit null clears it). The names are those of ``graph.dataset``'s records, whose
``*_PROPS`` map them to graph properties; a unit test keeps the two lists equal.
"""

from __future__ import annotations

from datetime import date

import strawberry

from schema.enums import (
    LifecycleStage,
    OpportunityStage,
    Perception,
    RelationshipOrigin,
    Seniority,
    Strength,
)
from schema.validation import UNSET


@strawberry.input
class AccountFields:
    name: str | None = UNSET
    tier: int | None = UNSET
    domain: str | None = UNSET
    industry: str | None = UNSET
    segment: str | None = UNSET
    is_key_account: bool | None = UNSET
    annual_revenue: float | None = UNSET
    currency: str | None = UNSET
    client_since: date | None = UNSET
    lifecycle_stage: LifecycleStage | None = UNSET
    renewal_date: date | None = UNSET
    expansion_potential: int | None = UNSET
    icp_fit: int | None = UNSET
    strategic_value: int | None = UNSET
    risk_cost_to_serve: int | None = UNSET


@strawberry.input
class PersonFields:
    name: str | None = UNSET
    email: str | None = UNSET
    title: str | None = UNSET
    department: str | None = UNSET
    seniority: Seniority | None = UNSET
    location: str | None = UNSET
    profile_url: str | None = UNSET
    perception: Perception | None = UNSET
    cares_about: list[str] | None = UNSET


@strawberry.input
class TeamMemberFields:
    name: str | None = UNSET
    email: str | None = UNSET
    title: str | None = UNSET
    seniority: Seniority | None = UNSET


@strawberry.input
class RelationshipFields:
    since: date | None = UNSET
    last_contact: date | None = UNSET
    notes: str | None = UNSET
    origin: RelationshipOrigin | None = strawberry.field(
        default=UNSET,
        description="ACTIVITY when a touchpoint made it, else MANUAL (null: MANUAL); kept "
        "when omitted, so an export imports as it was.",
    )
    manual_strength: Strength | None = strawberry.field(
        default=UNSET, description="Set by hand; null clears it so the derived value rules."
    )


@strawberry.input
class OpportunityFields:
    name: str | None = UNSET
    stage: OpportunityStage | None = UNSET
    amount: float | None = UNSET
    currency: str | None = UNSET
    close_date: date | None = UNSET
