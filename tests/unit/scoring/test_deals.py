"""scoring/deals.py: per-deal coverage and DEAL_AT_RISK_NO_DECISION_MAKER on hand-built deals."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import scoring
from scoring.config import FlagConfig, ScoringConfig
from scoring.facts import AccountFacts, DealContactFact, OpportunityFact
from tests.unit.scoring.builders import D, account, meet, member, person, strong

FLAG = "DEAL_AT_RISK_NO_DECISION_MAKER"


def _deal(
    did: str, stage: str, closes_in: int | None, *contacts: tuple[str, str]
) -> OpportunityFact:
    return OpportunityFact(
        did,
        did.upper(),
        stage,
        None if closes_in is None else D + timedelta(days=closes_in),
        contacts=tuple(DealContactFact(p, role) for p, role in contacts),
    )


def _facts(*deals: OpportunityFact) -> AccountFacts:
    """dm (reached, strong), dm2 (known but only an old email: not active), ch (reached),
    u (a user, reached), gone (a decision maker who left)."""
    base = account(
        [
            person("dm", level="C_LEVEL"),
            person("dm2", level="VP"),
            person("ch"),
            person("u"),
            person("gone", current=False, until=D - timedelta(days=10)),
        ],
        [member("t")],
        [("t", "dm"), ("t", "dm2"), ("t", "ch"), ("t", "u"), ("t", "gone")],
        [*strong("t", "dm"), *strong("t", "ch"), *strong("t", "u"), meet("t", "dm2", 300)],
    )
    return replace(base, opportunities=deals)


def _by_id(
    facts: AccountFacts, config: ScoringConfig = scoring.DEFAULT_CONFIG
) -> dict[str, scoring.DealCoverage]:
    return {d.opportunity_id: d for d in scoring.deal_coverages(facts, D, config)}


def test_coverage_counts_who_is_reached_on_each_deal() -> None:
    facts = _facts(
        _deal("a", "PROPOSAL", 30, ("dm", "DECISION_MAKER"), ("ch", "CHAMPION"), ("dm2", "USER")),
        _deal("b", "NEGOTIATION", 10, ("dm2", "DECISION_MAKER"), ("gone", "CHAMPION")),
    )
    deals = _by_id(facts)
    a, b = deals["a"], deals["b"]
    assert (a.decision_maker_reached, a.champion_reached) == (True, True)
    assert (a.contacts, a.active_contact_ids) == (3, ("ch", "dm"))
    assert not a.at_risk
    # dm2's only contact is 300 days old, and the champion has left: neither is reached.
    assert (b.decision_maker_reached, b.champion_reached) == (False, False)
    assert (b.contacts, b.active_contact_ids) == (2, ())
    assert b.at_risk
    # Sorted by close date: b closes first.
    assert [d.opportunity_id for d in scoring.deal_coverages(facts, D)] == ["b", "a"]


def test_the_flag_needs_an_open_deal_closing_within_the_window() -> None:
    unreached = (("dm2", "DECISION_MAKER"),)
    facts = _facts(
        _deal("soon", "QUALIFICATION", 60, *unreached),  # the window's last day counts
        _deal("later", "PROPOSAL", 61, *unreached),
        _deal("overdue", "NEGOTIATION", -5, *unreached),  # open past its close date
        _deal("won", "CLOSED_WON", 5, *unreached),
        _deal("undated", "PROPOSAL", None, *unreached),
        _deal("nobody", "PROSPECTING", 20, ("u", "USER")),  # no decision maker on it at all
    )
    deals = _by_id(facts)
    assert {d for d, c in deals.items() if c.at_risk} == {"soon", "overdue", "nobody"}
    flags = {f.code: f for f in scoring.score_account(facts, D).risk_flags}
    flag = flags[FLAG]
    assert flag.person_ids == ("dm2",)
    assert flag.severity == "HIGH"
    assert flag.evidence == (
        f"OVERDUE (NEGOTIATION, closes {(D - timedelta(days=5)).isoformat()}): no active "
        "relationship with DM2",
        f"NOBODY (PROSPECTING, closes {(D + timedelta(days=20)).isoformat()}): no decision "
        "maker on it",
        f"SOON (QUALIFICATION, closes {(D + timedelta(days=60)).isoformat()}): no active "
        "relationship with DM2",
    )
    assert "OVERDUE, NOBODY, SOON" in flag.message
    # A wider window takes the later deal in too; a reached decision maker clears a deal.
    wide = ScoringConfig(flags=FlagConfig(deal_close_window_days=61))
    assert _by_id(facts, wide)["later"].at_risk
    covered = _facts(
        _deal("soon", "QUALIFICATION", 10, ("dm2", "DECISION_MAKER"), ("dm", "DECISION_MAKER"))
    )
    assert FLAG not in {f.code for f in scoring.score_account(covered, D).risk_flags}


def test_a_what_if_without_the_decision_maker_puts_the_deal_at_risk() -> None:
    facts = _facts(_deal("a", "PROPOSAL", 30, ("dm", "DECISION_MAKER")))
    assert FLAG not in {f.code for f in scoring.score_account(facts, D).risk_flags}
    without = scoring.score_account(facts, D, removed_ids=frozenset({"dm"}))
    flag = next(f for f in without.risk_flags if f.code == FLAG)
    assert flag.person_ids == ("dm",)
    assert without.deals[0].at_risk
    assert scoring.score_account(_facts(), D).deals == ()
