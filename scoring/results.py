"""What the scores return: frozen, explainable results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from scoring.vocabulary import (
    PathStepKind,
    Severity,
    Side,
    Strength,
    StrengthSource,
    TouchpointKind,
    WhitespaceReason,
)


@dataclass(frozen=True, slots=True)
class StrengthAssessment:
    team_member_id: str
    person_id: str
    manual: Strength | None
    derived: Strength
    effective: Strength
    source: StrengthSource
    points: float
    last_touchpoint: date | None
    #: the later of the recorded last contact and the last shared touchpoint.
    last_contact: date | None
    active: bool


@dataclass(frozen=True, slots=True)
class JudgedStrength:
    """A relationship's derived strength at an account, valid from ``valid_from`` up to (not
    including) ``valid_until`` as long as no input changes (touchpoints, participants, the
    relationship's own fields): what the recompute stores and the charts read."""

    team_member_id: str
    person_id: str
    derived: Strength
    #: the latest shared touchpoint in the facts window (the chart's last contact).
    last_touchpoint: date | None
    #: the latest shared touchpoint of any age (it ends a hand-set strength).
    last_shared: date | None
    valid_from: date
    #: the first day the derivation differs; ``date.max``: never without a new input.
    valid_until: date


@dataclass(frozen=True, slots=True)
class ScoreComponent:
    name: str
    value: float  # 0..1
    weight: float
    detail: str


@dataclass(frozen=True, slots=True)
class TargetGap:
    """A client person whose strength with us is below the target set for them."""

    person_id: str
    name: str
    title: str | None
    target: Strength
    #: the best effective strength of our relationships with them (None: no relationship).
    current: Strength | None
    #: ordinal steps from current up to target (STRONG 4, DEVELOPING 3, WEAK 2, AT_RISK 1,
    #: none 0), above 0.
    gap: int


@dataclass(frozen=True, slots=True)
class BreadthScore:
    value: float
    components: tuple[ScoreComponent, ...]
    uncovered_departments: tuple[str, ...]
    uncovered_levels: tuple[str, ...]
    uncovered_roles: tuple[str, ...]
    uncovered_key_stakeholder_ids: tuple[str, ...]
    active_team_member_ids: tuple[str, ...]
    explanation: str
    #: current people below their target strength, largest gap first (docs/scoring.md).
    target_gaps: tuple[TargetGap, ...] = ()


@dataclass(frozen=True, slots=True)
class DependencyItem:
    person_id: str
    name: str
    side: Side
    dependency: float
    value_lost: float
    value_total: float


@dataclass(frozen=True, slots=True)
class DependencyScore:
    value: float
    top: DependencyItem | None
    client_top: DependencyItem | None
    ours_top: DependencyItem | None
    ranking: tuple[DependencyItem, ...]
    no_active_relationships: bool
    reached_value: float
    explanation: str


@dataclass(frozen=True, slots=True)
class PathStep:
    from_id: str
    to_id: str
    kind: PathStepKind
    strength: Strength | None


@dataclass(frozen=True, slots=True)
class SponsorPath:
    decision_maker_id: str
    sponsor_id: str | None
    steps: tuple[PathStep, ...]
    reachable: bool


@dataclass(frozen=True, slots=True)
class ExecutiveAccessScore:
    value: float
    components: tuple[ScoreComponent, ...]
    sponsor_paths: tuple[SponsorPath, ...]
    explanation: str


@dataclass(frozen=True, slots=True)
class RiskFlag:
    #: always a RiskFlagCode member; annotated ``str`` so that callers may key and look up
    #: flags by the plain code (``flags["CHAMPION_LEFT"]``), as members are equal strings.
    code: str
    severity: Severity
    message: str
    person_ids: tuple[str, ...]
    evidence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CadenceItem:
    kind: TouchpointKind
    expected_every_days: int
    last_seen: date | None
    overdue: bool


@dataclass(frozen=True, slots=True)
class CadenceAssessment:
    tier: int
    items: tuple[CadenceItem, ...]
    overdue_kinds: tuple[TouchpointKind, ...]


@dataclass(frozen=True, slots=True)
class CutMember:
    """One person of a minimum cut, on either side (ids are unique per side only)."""

    side: Side
    person_id: str


@dataclass(frozen=True, slots=True)
class ResilienceItem:
    """How many people must leave before every path from our team to this person is gone."""

    person_id: str
    #: vertex connectivity from our team; 0 when no path exists today.
    connectivity: int
    #: the minimum cut nearest our team: these people leaving leaves no path.
    cut: tuple[CutMember, ...]
    #: connectivity at least 1 and at most ``resilience.fragile_at_most``.
    fragile: bool
    explanation: str


@dataclass(frozen=True, slots=True)
class ContactShare:
    """One person's part of the active relationships of the account."""

    side: Side
    person_id: str
    relationships: int
    share: float  # 0..1


@dataclass(frozen=True, slots=True)
class ConcentrationScore:
    active_relationships: int
    #: every client person in an active relationship, largest share first (ties: by id).
    client: tuple[ContactShare, ...]
    #: every team member in one, likewise.
    ours: tuple[ContactShare, ...]
    client_herfindahl: float
    ours_herfindahl: float
    explanation: str

    @property
    def client_top(self) -> ContactShare | None:
        return self.client[0] if self.client else None

    @property
    def ours_top(self) -> ContactShare | None:
        return self.ours[0] if self.ours else None


@dataclass(frozen=True, slots=True)
class WhitespaceItem:
    """A ghost stakeholder: someone in a gap of the stakeholder map, and why."""

    person_id: str
    reason: WhitespaceReason
    explanation: str


@dataclass(frozen=True, slots=True)
class DealCoverage:
    """How well we reach the people on one deal (docs/scoring.md, "Deal coverage")."""

    opportunity_id: str
    name: str
    stage: str
    close_date: date | None
    is_open: bool
    #: the deal's decision makers and champions (by id), and who of them we reach.
    decision_maker_ids: tuple[str, ...]
    champion_ids: tuple[str, ...]
    decision_maker_reached: bool
    champion_reached: bool
    #: people on the deal, and those with an active relationship (current, by the scores).
    contacts: int
    active_contact_ids: tuple[str, ...]
    #: open, closing within the window (or overdue), and no decision maker on it reached.
    at_risk: bool


@dataclass(frozen=True, slots=True)
class AccountScores:
    as_of: date
    breadth: BreadthScore
    champion_dependency: DependencyScore
    executive_access: ExecutiveAccessScore
    risk_flags: tuple[RiskFlag, ...]
    cadence: CadenceAssessment
    strengths: tuple[StrengthAssessment, ...]
    removed_ids: frozenset[str]
    resilience: tuple[ResilienceItem, ...]
    concentration: ConcentrationScore
    whitespace: tuple[WhitespaceItem, ...] = ()
    deals: tuple[DealCoverage, ...] = ()


@dataclass(frozen=True, slots=True)
class MatrixCriterion:
    name: str
    score: int | None
    weight: float
    inverted: bool
    contribution: float


@dataclass(frozen=True, slots=True)
class KeyAccountAssessment:
    criteria: tuple[MatrixCriterion, ...]
    total: float
    max_total: float
    threshold: float
    qualifies: bool
    complete: bool


@dataclass(frozen=True, slots=True)
class IntroPath:
    target_id: str
    steps: tuple[PathStep, ...]
    strength: float
    via_moved_person_ids: tuple[str, ...]
