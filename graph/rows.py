"""The rows the Cypher map projections return, one type per projection.

``graph/cypher`` builds each projection's stored fields from ``graph.dataset``'s ``*_PROPS``;
these types say what a caller gets, and a unit test keeps each type's keys equal to its
projection's. ``schema/`` turns them into GraphQL objects in each type's ``from_row``, the one
seam where Cypher records become response data.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TypedDict


class ExternalIdRow(TypedDict):
    system: str
    value: str


class AccountRow(TypedDict):
    """``graph.cypher.accounts.ACCOUNT_MAP``."""

    id: str
    name: str
    tier: int | None
    domain: str | None
    industry: str | None
    segment: str | None
    is_key_account: bool
    annual_revenue: float | None
    currency: str | None
    client_since: date | None
    lifecycle_stage: str | None
    renewal_date: date | None
    expansion_potential: int | None
    icp_fit: int | None
    strategic_value: int | None
    risk_cost_to_serve: int | None
    breadth_score: float | None
    dependency_score: float | None
    executive_score: float | None
    risk_flag_codes: list[str]
    scores_computed_at: datetime | None
    created_at: datetime | None
    updated_at: datetime | None
    external_ids: list[ExternalIdRow]


class EmploymentRow(TypedDict):
    account_id: str
    account_name: str
    since: date | None
    until: date | None
    title: str | None


class RoleRow(TypedDict):
    account_id: str
    role: str
    since: date | None


class PersonRow(TypedDict):
    """``graph.cypher.reads.PERSON_MAP``."""

    id: str
    name: str
    email: str | None
    title: str | None
    department: str | None
    seniority: str | None
    location: str | None
    profile_url: str | None
    perception: str
    cares_about: list[str]
    external_ids: list[ExternalIdRow]
    employments: list[EmploymentRow]
    roles: list[RoleRow]
    manager_id: str | None


class SeatRow(TypedDict):
    account_id: str
    role: str
    since: date | None


class TeamMemberRow(TypedDict):
    """``graph.cypher.reads.TEAM_MEMBER_MAP``."""

    id: str
    name: str
    email: str | None
    title: str | None
    seniority: str | None
    external_ids: list[ExternalIdRow]
    assignments: list[SeatRow]


class RelationshipRow(TypedDict):
    """``graph.cypher.reads.RELATIONSHIP_MAP``."""

    id: str
    team_member_id: str
    person_id: str
    since: date | None
    last_contact: date | None
    notes: str | None
    #: ``ACTIVITY``, ``MANUAL`` or None (manual).
    origin: str | None
    manual_strength: str | None
    manual_strength_set_at: datetime | None
    #: every account the person works or worked at (whether a scoped caller sees them).
    person_account_ids: list[str]
    account_id: str | None


class TouchpointRow(TypedDict):
    """``graph.cypher.reads.TOUCHPOINT_MAP``."""

    id: str
    date: date
    channel: str
    kind: str
    summary: str | None
    initiated_by_client: bool
    initiator_id: str | None
    account_id: str | None
    team_member_ids: list[str]
    person_ids: list[str]


class ContactRoleRow(TypedDict):
    """An entry of ``contacts`` in ``graph.cypher.opportunities.OPPORTUNITY_MAP``."""

    person_id: str
    name: str
    role: str
    is_primary: bool


class OpportunityRow(TypedDict):
    """``graph.cypher.opportunities.OPPORTUNITY_MAP``."""

    id: str
    account_id: str
    name: str
    stage: str
    amount: float | None
    currency: str | None
    close_date: date | None
    created_at: datetime | None
    updated_at: datetime | None
    external_ids: list[ExternalIdRow]
    contacts: list[ContactRoleRow]
