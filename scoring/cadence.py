"""Touchpoint rhythm against the plan for the account's tier."""

from __future__ import annotations

from datetime import date

from scoring.config import ScoringConfig
from scoring.facts import AccountFacts
from scoring.results import CadenceAssessment, CadenceItem
from scoring.vocabulary import TouchpointKind


def cadence(facts: AccountFacts, as_of: date, config: ScoringConfig) -> CadenceAssessment:
    cfg = config.cadence
    plan = cfg.plan.get(facts.tier, {})
    past = [tp for tp in facts.touchpoints if tp.date <= as_of]
    # Tier 1 expects operational contact only while work is active.
    checked = facts.tier != 1 or any((as_of - tp.date).days <= cfg.tier1_active_days for tp in past)
    items = []
    for kind in sorted(plan):
        every = plan[kind]
        last = max((tp.date for tp in past if tp.kind == kind), default=None)
        overdue = checked and (last is None or (as_of - last).days > every)
        items.append(
            CadenceItem(
                kind=TouchpointKind(kind),
                expected_every_days=every,
                last_seen=last,
                overdue=overdue,
            )
        )
    return CadenceAssessment(
        tier=facts.tier,
        items=tuple(items),
        overdue_kinds=tuple(i.kind for i in items if i.overdue),
    )
