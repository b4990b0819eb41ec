"""Plain records of a whole portfolio, as the bulk importer writes them.

The ``importDataset`` mutation (which also loads the demo portfolio, ``demo/portfolio.json``)
and the synthetic generator (``demo/generator.py``) produce a :class:`Dataset`;
:mod:`graph.importer` writes one in a few ``UNWIND`` batches. Enum fields hold
the upper-case strings of ``docs/model.md``.

Accounts, people, team members and relationships carry ``omitted``: the names of fields their
source did not give. The importer leaves those as stored (a CRM re-sync must not wipe what account
managers recorded here), and writes every other field, ``None`` clearing it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class ExternalIdRecord:
    system: str
    value: str


@dataclass(frozen=True, slots=True)
class AccountRecord:
    id: str
    name: str
    tier: int
    domain: str | None = None
    industry: str | None = None
    segment: str | None = None
    is_key_account: bool | None = False
    annual_revenue: float | None = None
    currency: str | None = "EUR"
    client_since: date | None = None
    lifecycle_stage: str | None = None
    renewal_date: date | None = None
    expansion_potential: int | None = None
    icp_fit: int | None = None
    strategic_value: int | None = None
    risk_cost_to_serve: int | None = None
    external_ids: tuple[ExternalIdRecord, ...] = ()
    omitted: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class PersonRecord:
    id: str
    name: str
    email: str | None = None
    title: str | None = None
    department: str | None = None
    seniority: str | None = None
    location: str | None = None
    profile_url: str | None = None
    perception: str | None = "UNKNOWN"
    cares_about: tuple[str, ...] = ()
    external_ids: tuple[ExternalIdRecord, ...] = ()
    omitted: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class EmploymentRecord:
    person_id: str
    account_id: str
    since: date | None = None
    until: date | None = None
    title: str | None = None
    #: held beside the person's other employments (a board seat): starting it is no move.
    concurrent: bool = False


@dataclass(frozen=True, slots=True)
class PositionRecord:
    """A dated position (title, department, seniority) a person held at an account: their
    history there (``HELD``, docs/model.md), found again by its start date."""

    person_id: str
    account_id: str
    since: date | None = None
    #: None: the open position (the person's values at that account today).
    until: date | None = None
    title: str | None = None
    department: str | None = None
    seniority: str | None = None


@dataclass(frozen=True, slots=True)
class ReportsToRecord:
    person_id: str
    manager_id: str
    since: date | None = None
    #: set: a line that ended (history, written as it is); None: the current line.
    until: date | None = None
    #: ``SOLID`` (REPORTS_TO, one current per person) or ``DOTTED`` (DOTTED_LINE_TO, several).
    kind: str = "SOLID"


@dataclass(frozen=True, slots=True)
class BuyingRoleRecord:
    person_id: str
    account_id: str
    role: str
    since: date | None = None


@dataclass(frozen=True, slots=True)
class StrengthTargetRecord:
    """The strength our side should have with a client person at one account (set by an
    account manager, as Altify's relationship maps keep it); one per (person, account)."""

    person_id: str
    account_id: str
    #: ``STRONG``, ``DEVELOPING`` or ``WEAK``.
    target: str
    #: the day it was set; None = kept when the target is unchanged, else the day of the import.
    target_set_at: date | None = None
    #: who set it (a name, as the caller's identity gives it), when known.
    target_set_by: str | None = None


@dataclass(frozen=True, slots=True)
class InfluenceRecord:
    person_id: str
    influenced_id: str
    note: str | None = None
    since: date | None = None


@dataclass(frozen=True, slots=True)
class IntroductionRecord:
    introducer_id: str
    introduced_id: str
    date: date
    team_member_id: str | None = None


@dataclass(frozen=True, slots=True)
class TeamMemberRecord:
    id: str
    name: str
    email: str | None = None
    title: str | None = None
    seniority: str | None = None
    external_ids: tuple[ExternalIdRecord, ...] = ()
    omitted: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class TeamAssignmentRecord:
    team_member_id: str
    account_id: str
    role: str
    since: date | None = None


@dataclass(frozen=True, slots=True)
class RelationshipRecord:
    id: str
    team_member_id: str
    person_id: str
    since: date | None = None
    last_contact: date | None = None
    manual_strength: str | None = None
    #: when the manual strength was set; None = at import time.
    manual_strength_set_at: datetime | None = None
    notes: str | None = None
    #: ``ACTIVITY``: a touchpoint made it (graph.cypher.writes.follow_activity); ``MANUAL`` or
    #: None: someone recorded it (an account manager, an integration).
    origin: str | None = None
    omitted: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class TouchpointRecord:
    id: str
    account_id: str
    date: date
    channel: str
    kind: str
    summary: str | None = ""
    initiated_by_client: bool = False
    initiator_id: str | None = None
    team_member_ids: tuple[str, ...] = ()
    person_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OpportunityRecord:
    """A deal at an account (Salesforce's Opportunity); it stays at its account."""

    id: str
    account_id: str
    name: str
    stage: str
    amount: float | None = None
    currency: str | None = "EUR"
    close_date: date | None = None
    external_ids: tuple[ExternalIdRecord, ...] = ()
    omitted: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class OpportunityContactRoleRecord:
    """A client person's buying role on one deal (Salesforce's OpportunityContactRole): one per
    (deal, person); at most one primary contact per deal."""

    opportunity_id: str
    person_id: str
    role: str
    is_primary: bool = False


@dataclass(frozen=True, slots=True)
class Dataset:
    accounts: tuple[AccountRecord, ...] = ()
    people: tuple[PersonRecord, ...] = ()
    employments: tuple[EmploymentRecord, ...] = ()
    positions: tuple[PositionRecord, ...] = ()
    reports_to: tuple[ReportsToRecord, ...] = ()
    buying_roles: tuple[BuyingRoleRecord, ...] = ()
    strength_targets: tuple[StrengthTargetRecord, ...] = ()
    influences: tuple[InfluenceRecord, ...] = ()
    introductions: tuple[IntroductionRecord, ...] = ()
    team_members: tuple[TeamMemberRecord, ...] = ()
    team_assignments: tuple[TeamAssignmentRecord, ...] = ()
    relationships: tuple[RelationshipRecord, ...] = ()
    touchpoints: tuple[TouchpointRecord, ...] = ()
    opportunities: tuple[OpportunityRecord, ...] = ()
    opportunity_contact_roles: tuple[OpportunityContactRoleRecord, ...] = ()


# ---- the stored fields of each entity ------------------------------------------------------


def camel(name: str) -> str:
    """A snake_case field name in camelCase: the graph property a field is stored as (and the
    name GraphQL gives it)."""
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _stored(record: type, *, besides: Collection[str] = ()) -> Mapping[str, str]:
    skip = {"id", "external_ids", "omitted", *besides}
    return MappingProxyType({f.name: camel(f.name) for f in fields(record) if f.name not in skip})


#: Each entity's stored fields, record field → graph property: the one list that the Cypher
#: projections (graph/cypher), the import, the upserts and the GraphQL inputs (schema/fields.py)
#: derive from or are checked against.
ACCOUNT_PROPS = _stored(AccountRecord)
PERSON_PROPS = _stored(PersonRecord)
TEAM_MEMBER_PROPS = _stored(TeamMemberRecord)
#: A deal's fields; its account is a relationship, set on create and never moved.
OPPORTUNITY_PROPS = _stored(OpportunityRecord, besides=("account_id",))
#: A relationship's plain fields: its ends are its key, and a manual strength is written together
#: with the time it was set.
RELATIONSHIP_PROPS = _stored(
    RelationshipRecord,
    besides=("team_member_id", "person_id", "manual_strength", "manual_strength_set_at"),
)
