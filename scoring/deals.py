"""Per-deal coverage: are the decision makers and champions on each deal reached, how many of
its people hold an active relationship, and is an open deal about to close without access."""

from __future__ import annotations

from datetime import timedelta

from scoring.access import AccessGraph
from scoring.config import ScoringConfig
from scoring.results import DealCoverage
from scoring.vocabulary import OPEN_STAGES


def deal_coverage(graph: AccessGraph, config: ScoringConfig) -> tuple[DealCoverage, ...]:
    """Coverage of every deal of the account, by close date (undated last), name and id.

    A contact counts as reached when we hold an active relationship with them as the scores
    define it (:attr:`AccessGraph.covered`: current at the account, strong or developing,
    recent contact); someone who has left, or is removed in a what-if, is not reached."""
    covered = graph.covered
    horizon = graph.as_of + timedelta(days=config.flags.deal_close_window_days)
    found: list[DealCoverage] = []
    for deal in graph.facts.opportunities:
        people = sorted({c.person_id for c in deal.contacts})
        makers = tuple(sorted({c.person_id for c in deal.contacts if c.role == "DECISION_MAKER"}))
        champions = tuple(sorted({c.person_id for c in deal.contacts if c.role == "CHAMPION"}))
        reached = any(p in covered for p in makers)
        is_open = deal.stage in OPEN_STAGES
        closing = deal.close_date is not None and deal.close_date <= horizon
        found.append(
            DealCoverage(
                opportunity_id=deal.id,
                name=deal.name,
                stage=deal.stage,
                close_date=deal.close_date,
                is_open=is_open,
                decision_maker_ids=makers,
                champion_ids=champions,
                decision_maker_reached=reached,
                champion_reached=any(p in covered for p in champions),
                contacts=len(people),
                active_contact_ids=tuple(p for p in people if p in covered),
                at_risk=is_open and closing and not reached,
            )
        )
    found.sort(
        key=lambda d: (d.close_date is None, d.close_date or graph.as_of, d.name, d.opportunity_id)
    )
    return tuple(found)
