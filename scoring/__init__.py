"""Account scores from the relationship graph: pure Python over frozen facts.

Public API: :func:`derive_strengths`, :func:`score_account`, :func:`assess_key_account`,
:func:`introduction_paths`. Every function takes ``as_of`` explicitly and never reads the clock;
docs/scoring.md defines each score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from scoring.access import build
from scoring.breadth import breadth
from scoring.cadence import cadence
from scoring.concentration import concentration
from scoring.config import DEFAULT_CONFIG, ScoringConfig
from scoring.deals import deal_coverage
from scoring.dependency import champion_dependency
from scoring.executive import executive_access
from scoring.facts import AccountFacts, RelationshipFact, TouchpointFact
from scoring.flags import risk_flags
from scoring.paths import introduction_paths
from scoring.resilience import resilience
from scoring.results import (
    AccountScores,
    BreadthScore,
    CadenceAssessment,
    CadenceItem,
    ConcentrationScore,
    ContactShare,
    CutMember,
    DealCoverage,
    DependencyItem,
    DependencyScore,
    ExecutiveAccessScore,
    IntroPath,
    JudgedStrength,
    KeyAccountAssessment,
    MatrixCriterion,
    PathStep,
    ResilienceItem,
    RiskFlag,
    ScoreComponent,
    SponsorPath,
    StrengthAssessment,
    TargetGap,
    WhitespaceItem,
)
from scoring.selection import assess_key_account as _assess
from scoring.strength import assess_relationship as _assess_relationship
from scoring.strength import derive_strengths as _derive
from scoring.strength import in_force, judge_relationship, judge_strengths
from scoring.targets import strength_gap
from scoring.thresholds import threshold_flags
from scoring.whitespace import whitespace

__all__ = [
    "DEFAULT_CONFIG",
    "AccountScores",
    "BreadthScore",
    "CadenceAssessment",
    "CadenceItem",
    "ConcentrationScore",
    "ContactShare",
    "CutMember",
    "DealCoverage",
    "DependencyItem",
    "DependencyScore",
    "ExecutiveAccessScore",
    "IntroPath",
    "JudgedStrength",
    "KeyAccountAssessment",
    "MatrixCriterion",
    "PathStep",
    "ResilienceItem",
    "RiskFlag",
    "ScoreComponent",
    "ScoringConfig",
    "SponsorPath",
    "StrengthAssessment",
    "TargetGap",
    "WhitespaceItem",
    "assess_key_account",
    "assess_relationship",
    "deal_coverages",
    "derive_strengths",
    "in_force",
    "introduction_paths",
    "judge_relationship",
    "judge_strengths",
    "score_account",
    "strength_gap",
    "without",
]


def derive_strengths(
    facts: AccountFacts, as_of: date, config: ScoringConfig = DEFAULT_CONFIG
) -> tuple[StrengthAssessment, ...]:
    """Manual, derived and effective strength of every relationship of the account."""
    return _derive(facts, as_of, config)


def assess_relationship(
    relationship: RelationshipFact,
    shared: Sequence[TouchpointFact],
    as_of: date,
    config: ScoringConfig = DEFAULT_CONFIG,
    *,
    current: bool,
) -> StrengthAssessment:
    """One relationship's strengths from its shared touchpoints in the facts window, exactly as
    :func:`derive_strengths` assesses it among its account's."""
    return _assess_relationship(relationship, shared, as_of, config, current=current)


def deal_coverages(
    facts: AccountFacts, as_of: date, config: ScoringConfig = DEFAULT_CONFIG
) -> tuple[DealCoverage, ...]:
    """Coverage of each of the account's deals, exactly as :func:`score_account` computes it."""
    return deal_coverage(build(facts, as_of, config), config)


def assess_key_account(
    facts: AccountFacts, config: ScoringConfig = DEFAULT_CONFIG
) -> KeyAccountAssessment:
    return _assess(facts, config)


def without(facts: AccountFacts, removed: frozenset[str]) -> AccountFacts:
    """The facts as if these people or team members were gone (what-if)."""
    if not removed:
        return facts
    return replace(
        facts,
        people=tuple(p for p in facts.people if p.id not in removed),
        team_members=tuple(t for t in facts.team_members if t.id not in removed),
        relationships=tuple(
            r
            for r in facts.relationships
            if r.team_member_id not in removed and r.person_id not in removed
        ),
        touchpoints=tuple(
            TouchpointFact(
                id=t.id,
                date=t.date,
                channel=t.channel,
                kind=t.kind,
                initiated_by_client=t.initiated_by_client,
                team_member_ids=t.team_member_ids - removed,
                person_ids=t.person_ids - removed,
            )
            for t in facts.touchpoints
        ),
        edges=tuple(
            e for e in facts.edges if e.source_id not in removed and e.target_id not in removed
        ),
    )


def score_account(
    facts: AccountFacts,
    as_of: date,
    config: ScoringConfig = DEFAULT_CONFIG,
    *,
    removed_ids: frozenset[str] = frozenset(),
) -> AccountScores:
    """Every score, flag and the cadence of one account as of a date."""
    facts = without(facts, removed_ids)
    graph = build(facts, as_of, config)
    rhythm = cadence(facts, as_of, config)
    access = resilience(graph, config)
    deals = deal_coverage(graph, config)
    wide = breadth(graph, config)
    dependency = champion_dependency(graph, config)
    executive = executive_access(graph, config)
    return AccountScores(
        as_of=as_of,
        breadth=wide,
        champion_dependency=dependency,
        executive_access=executive,
        risk_flags=risk_flags(
            graph, rhythm, config, access, deals, breadth=wide, executive=executive
        )
        + threshold_flags(wide.value, dependency.value, executive.value, config.thresholds),
        cadence=rhythm,
        strengths=graph.strengths,
        removed_ids=removed_ids,
        resilience=access,
        concentration=concentration(graph),
        whitespace=whitespace(graph),
        deals=deals,
    )
