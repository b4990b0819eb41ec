"""The key-account selection matrix: weighted 0-3 criteria against a threshold."""

from __future__ import annotations

from scoring.config import ScoringConfig
from scoring.facts import AccountFacts
from scoring.results import KeyAccountAssessment, MatrixCriterion


def revenue_score(revenue: float | None, bounds: tuple[float, float, float]) -> int | None:
    if revenue is None:
        return None
    return sum(1 for bound in bounds if revenue >= bound)


def assess_key_account(facts: AccountFacts, config: ScoringConfig) -> KeyAccountAssessment:
    cfg = config.matrix
    rows = (
        (
            "current_revenue",
            revenue_score(facts.annual_revenue, cfg.revenue_bounds),
            cfg.revenue_weight,
            False,
        ),
        ("expansion_potential", facts.expansion_potential, cfg.expansion_weight, False),
        ("icp_fit", facts.icp_fit, cfg.icp_weight, False),
        ("strategic_value", facts.strategic_value, cfg.strategic_weight, False),
        ("risk_and_cost_to_serve", facts.risk_cost_to_serve, cfg.risk_weight, True),
    )
    criteria = []
    for name, score, weight, inverted in rows:
        if score is None:
            contribution = 0.0
        else:
            clamped = max(0, min(3, score))
            contribution = weight * ((3 - clamped) if inverted else clamped)
        criteria.append(MatrixCriterion(name, score, weight, inverted, contribution))
    total = sum(c.contribution for c in criteria)
    complete = all(c.score is not None for c in criteria)
    return KeyAccountAssessment(
        criteria=tuple(criteria),
        total=total,
        max_total=3 * sum(c.weight for c in criteria),
        threshold=cfg.threshold,
        qualifies=complete and total >= cfg.threshold,
        complete=complete,
    )
