"""The facts the scores are computed from: plain, frozen data, read from the graph by ``graph/``.

Nothing here knows about Neo4j or GraphQL. Enum-like fields hold the upper-case strings of
``docs/model.md`` (for example ``"C_LEVEL"``, ``"DECISION_MAKER"``, ``"STRONG"``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class StintFact:
    """One employment, or one position (HELD), at the account that ended by the as-of day:
    someone's earlier role there."""

    title: str | None
    since: date | None
    until: date


@dataclass(frozen=True, slots=True)
class PersonFact:
    """A person who is or was employed at the account."""

    id: str
    name: str
    department: str | None
    seniority: str | None
    roles: frozenset[str]
    current: bool
    employment_until: date | None = None
    #: id and name of the account they are employed at now, when they moved to another client.
    moved_to_account_id: str | None = None
    moved_to_account_name: str | None = None
    #: name of the client account they worked at before this one (a warm path we may carry over).
    came_from_account_name: str | None = None
    #: their view of us (``ADVOCATE`` ... ``UNKNOWN``; None when never recorded), today's.
    perception: str | None = None
    #: the start and title of their current stint at the account (None when not current).
    employment_since: date | None = None
    employment_title: str | None = None
    #: their ended stints at this account, latest first.
    earlier_stints: tuple[StintFact, ...] = ()
    #: the start and title of the position they held there on the as-of day (None: no
    #: position covers it; ``department`` and ``seniority`` are that position's otherwise).
    position_since: date | None = None
    position_title: str | None = None
    #: their positions there that ended by the as-of day, latest first.
    earlier_positions: tuple[StintFact, ...] = ()
    #: the strength our side should have with them here (``STRONG`` ...), set on or before the
    #: as-of day; None when no target is set (or it was set later).
    target_strength: str | None = None
    target_set_at: date | None = None
    #: their title: the position's held on the as-of day, else the person record's (today's).
    title: str | None = None


@dataclass(frozen=True, slots=True)
class TeamMemberFact:
    """Someone on our side with a relationship at the account or a seat on its team."""

    id: str
    name: str
    #: roles on this account's team (``EXECUTIVE_SPONSOR`` ...); empty when not on the team.
    team_roles: frozenset[str]


@dataclass(frozen=True, slots=True)
class RelationshipFact:
    """Team member ↔ person. ``manual_strength`` is the value set by hand, if any."""

    team_member_id: str
    person_id: str
    since: date | None = None
    last_contact: date | None = None
    manual_strength: str | None = None
    manual_strength_set_at: datetime | None = None
    #: the latest touchpoint both took part in at this account, of any age (``touchpoints``
    #: holds only the window the scores read): it decides whether a hand-set strength is still
    #: in force.
    last_shared_touchpoint: date | None = None


@dataclass(frozen=True, slots=True)
class TouchpointFact:
    id: str
    date: date
    channel: str
    kind: str
    initiated_by_client: bool
    team_member_ids: frozenset[str]
    person_ids: frozenset[str]


@dataclass(frozen=True, slots=True)
class InternalEdge:
    """A directed edge between client people: ``REPORTS_TO``, ``INFLUENCES`` or ``INTRODUCED``."""

    kind: str
    source_id: str
    target_id: str


@dataclass(frozen=True, slots=True)
class DealContactFact:
    """A client person's buying role on one deal."""

    person_id: str
    role: str
    is_primary: bool = False


@dataclass(frozen=True, slots=True)
class OpportunityFact:
    """A deal at the account with the people on it (deals are not dated: today's deals)."""

    id: str
    name: str
    stage: str
    close_date: date | None = None
    amount: float | None = None
    currency: str | None = None
    contacts: tuple[DealContactFact, ...] = ()


@dataclass(frozen=True, slots=True)
class AccountFacts:
    """Everything the scores of one account need."""

    account_id: str
    name: str
    tier: int
    people: tuple[PersonFact, ...]
    team_members: tuple[TeamMemberFact, ...]
    relationships: tuple[RelationshipFact, ...]
    touchpoints: tuple[TouchpointFact, ...]
    edges: tuple[InternalEdge, ...]
    #: key-account matrix inputs, each 0-3 or None when not assessed.
    annual_revenue: float | None = None
    expansion_potential: int | None = None
    icp_fit: int | None = None
    strategic_value: int | None = None
    risk_cost_to_serve: int | None = None
    renewal_date: date | None = None
    #: the account's deals, by id.
    opportunities: tuple[OpportunityFact, ...] = ()
