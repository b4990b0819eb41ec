"""Every weight, window and threshold of the scores, with the defaults of docs/scoring.md."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from scoring.vocabulary import TouchpointKind


def _frozen(values: dict[str, float]) -> Mapping[str, float]:
    return MappingProxyType(values)


@dataclass(frozen=True, slots=True)
class StrengthConfig:
    window_days: int = 180
    half_life_days: float = 45.0
    channel_weights: Mapping[str, float] = field(
        default_factory=lambda: _frozen(
            {"IN_PERSON": 3.0, "CALL": 2.0, "VIDEO": 2.0, "EVENT": 2.0, "EMAIL": 1.0, "SOCIAL": 0.5}
        )
    )
    client_initiated_bonus: float = 1.25
    strong_points: float = 6.0
    developing_points: float = 2.0
    #: silent for this long after having been strong → AT_RISK.
    silence_days: int = 90


@dataclass(frozen=True, slots=True)
class BreadthConfig:
    key_stakeholders: float = 0.2
    departments: float = 0.2
    levels: float = 0.2
    roles: float = 0.2
    our_side: float = 0.2
    our_side_target: int = 3
    #: how many of the largest target gaps (docs/scoring.md) the explanation names.
    gaps_named: int = 3


@dataclass(frozen=True, slots=True)
class DependencyConfig:
    max_internal_hops: int = 2
    decision_maker_value: float = 3.0
    executive_value: float = 2.0
    role_value: float = 1.5
    other_value: float = 1.0


@dataclass(frozen=True, slots=True)
class ExecutiveConfig:
    coverage: float = 0.3
    decision_maker_reach: float = 0.3
    sponsor_alignment: float = 0.2
    recency: float = 0.2
    recent_days: int = 90
    stale_days: int = 180
    max_internal_hops: int = 2


@dataclass(frozen=True, slots=True)
class FlagConfig:
    champion_left_days: int = 180
    engagement_window_days: int = 90
    #: declining engagement needs at least this many touchpoints in the earlier window.
    engagement_min_previous: int = 2
    #: STRONG_BLOCKER also names a current blocker with one of these perceptions, covered or not.
    hostile_perceptions: tuple[str, ...] = ("NEGATIVE",)
    #: RENEWAL_AT_RISK: a renewal 0 to this many days ahead ...
    renewal_window_days: int = 90
    #: ... while breadth or executive access is below its threshold (0-100).
    renewal_breadth_below: float = 50.0
    renewal_executive_below: float = 50.0
    #: NEW_EXECUTIVE_UNKNOWN: someone at one of these levels whose stint began 0 to this many
    #: days ago, with no relationship on record.
    new_executive_days: int = 90
    new_executive_levels: tuple[str, ...] = ("C_LEVEL", "VP")
    #: CHAMPION_ROLE_CHANGED: a champion whose current stint, under another title than their
    #: earlier one at the account, began 0 to this many days ago.
    role_change_days: int = 180
    #: an open deal closing within this many days (or past its close date) needs access to a
    #: decision maker on it (DEAL_AT_RISK_NO_DECISION_MAKER).
    deal_close_window_days: int = 60


@dataclass(frozen=True, slots=True)
class CadenceConfig:
    """Longest expected gap in days per touchpoint kind, by tier (the tier plan)."""

    plan: Mapping[int, Mapping[str, int]] = field(
        default_factory=lambda: MappingProxyType(
            {
                1: MappingProxyType({"OPERATIONAL": 30}),
                2: MappingProxyType({"STRATEGIC": 92, "MAINTENANCE": 183}),
                3: MappingProxyType({"STRATEGIC": 31, "EXECUTIVE": 92}),
                4: MappingProxyType({"STRATEGIC": 28, "EXECUTIVE": 92}),
            }
        )
    )
    #: tier 1 expects operational touchpoints only while work is active: any touchpoint in
    #: this many days means work is active.
    tier1_active_days: int = 90

    def __post_init__(self) -> None:
        known = set(TouchpointKind)
        for tier, kinds in self.plan.items():
            unknown = sorted(set(kinds) - known)
            if unknown:
                raise ValueError(
                    f"cadence plan of tier {tier}: not touchpoint kinds: {', '.join(unknown)}"
                )


@dataclass(frozen=True, slots=True)
class MatrixConfig:
    revenue_weight: float = 2.0
    expansion_weight: float = 3.0
    icp_weight: float = 3.0
    strategic_weight: float = 2.0
    risk_weight: float = 2.0
    #: annual revenue at or above each bound scores 1, 2, 3.
    revenue_bounds: tuple[float, float, float] = (50_000.0, 200_000.0, 1_000_000.0)
    threshold: float = 24.0


@dataclass(frozen=True, slots=True)
class PathConfig:
    relationship_weights: Mapping[str, float] = field(
        default_factory=lambda: _frozen(
            {"STRONG": 1.0, "DEVELOPING": 0.7, "WEAK": 0.4, "AT_RISK": 0.1}
        )
    )
    edge_weights: Mapping[str, float] = field(
        default_factory=lambda: _frozen({"REPORTS_TO": 0.8, "INFLUENCES": 0.6, "INTRODUCED": 0.7})
    )


@dataclass(frozen=True, slots=True)
class ResilienceConfig:
    """Whose access is measured, and when it counts as fragile."""

    #: current people holding one of these buying roles are measured ...
    target_roles: tuple[str, ...] = ("DECISION_MAKER",)
    #: ... and those at one of these seniority levels.
    target_levels: tuple[str, ...] = ("C_LEVEL", "VP")
    #: reachable, but through at most this many people: the FRAGILE_ACCESS flag.
    fragile_at_most: int = 1


@dataclass(frozen=True, slots=True)
class ThresholdConfig:
    """Score levels an account manager wants to hear about (none by default): a score past
    one is a risk flag, so crossing it is an alert (docs/alerts.md) and crossing back clears
    it."""

    #: relationship breadth under this raises BREADTH_BELOW_THRESHOLD.
    breadth_below: float | None = None
    #: champion dependency over this raises DEPENDENCY_ABOVE_THRESHOLD.
    dependency_above: float | None = None
    #: executive access under this raises EXECUTIVE_ACCESS_BELOW_THRESHOLD.
    executive_below: float | None = None


@dataclass(frozen=True, slots=True)
class PerceptionConfig:
    """How much an active relationship counts towards coverage, by the person's view of us."""

    #: the share of full coverage an active relationship gives, per perception; a perception
    #: not listed (or none recorded) counts 1.
    weights: Mapping[str, float] = field(
        default_factory=lambda: _frozen(
            {"ADVOCATE": 1.0, "POSITIVE": 1.0, "NEUTRAL": 1.0, "UNKNOWN": 1.0, "NEGATIVE": 0.5}
        )
    )

    def weight(self, perception: str | None) -> float:
        return self.weights.get(perception, 1.0) if perception is not None else 1.0


@dataclass(frozen=True, slots=True)
class ScoringConfig:
    active_window_days: int = 90
    strength: StrengthConfig = field(default_factory=StrengthConfig)
    breadth: BreadthConfig = field(default_factory=BreadthConfig)
    dependency: DependencyConfig = field(default_factory=DependencyConfig)
    executive: ExecutiveConfig = field(default_factory=ExecutiveConfig)
    flags: FlagConfig = field(default_factory=FlagConfig)
    cadence: CadenceConfig = field(default_factory=CadenceConfig)
    matrix: MatrixConfig = field(default_factory=MatrixConfig)
    paths: PathConfig = field(default_factory=PathConfig)
    resilience: ResilienceConfig = field(default_factory=ResilienceConfig)
    thresholds: ThresholdConfig = field(default_factory=ThresholdConfig)
    perception: PerceptionConfig = field(default_factory=PerceptionConfig)


DEFAULT_CONFIG = ScoringConfig()
