"""scoring/strength.py: derived strength, decay, silence and manual strength; expected
values are worked out by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time

import pytest

import scoring
from scoring.facts import AccountFacts, RelationshipFact
from tests.unit.scoring.builders import D, account, ago, meet, member, person, strong


def test_derived_strength_levels_decay_and_client_bonus() -> None:
    facts = account(
        [person("p1"), person("p2"), person("p3"), person("p4")],
        [member("t")],
        [("t", "p1"), ("t", "p2"), ("t", "p3"), ("t", "p4")],
        [
            *strong("t", "p1"),
            # One call today: 2 points → DEVELOPING.
            meet("t", "p2", 0, "CALL"),
            # One email today from the client: 1 x 1.25 = 1.25 → WEAK.
            meet("t", "p3", 0, "EMAIL", client=True),
            # Two calls 45 days ago: 2 x 2 x 0.5 = 2 → DEVELOPING (exactly the threshold).
            meet("t", "p4", 45, "CALL"),
            meet("t", "p4", 45, "CALL", n=1),
        ],
    )
    by_person = {s.person_id: s for s in scoring.derive_strengths(facts, D)}
    assert by_person["p1"].derived == "STRONG"
    assert by_person["p2"].derived == "DEVELOPING" and by_person["p2"].points == pytest.approx(2)
    assert by_person["p3"].derived == "WEAK" and by_person["p3"].points == pytest.approx(1.25)
    assert by_person["p4"].points == pytest.approx(2.0) and by_person["p4"].derived == "DEVELOPING"
    assert all(s.source == "DERIVED" for s in by_person.values())


def test_strong_then_silent_becomes_at_risk() -> None:
    # Strong 100 days ago (three meetings), nothing since: as of D-90 it was STRONG.
    facts = account([person("p")], [member("t")], [("t", "p")], strong("t", "p", days=100))
    (s,) = scoring.derive_strengths(facts, D)
    assert s.derived == "AT_RISK"
    assert s.active is False


def test_manual_strength_wins_until_a_newer_touchpoint() -> None:
    set_at = datetime(2026, 6, 1, tzinfo=UTC)
    older = account(
        [person("p")],
        [member("t")],
        [("t", "p")],
        [meet("t", "p", 40, "EMAIL")],
        manual={("t", "p"): ("STRONG", set_at)},
    )
    (s,) = scoring.derive_strengths(older, D)
    assert (s.manual, s.derived, s.effective, s.source) == ("STRONG", "WEAK", "STRONG", "MANUAL")
    newer = account(
        [person("p")],
        [member("t")],
        [("t", "p")],
        [meet("t", "p", 2, "EMAIL")],
        manual={("t", "p"): ("STRONG", set_at)},
    )
    (s,) = scoring.derive_strengths(newer, D)
    assert (s.effective, s.source) == ("WEAK", "DERIVED")


def test_silence_counts_any_contact_and_ends_after_the_active_window() -> None:
    def at_risk(rel: RelationshipFact, days_since_strong: int) -> str:
        facts = AccountFacts(
            account_id="acc",
            name="Acc",
            tier=3,
            people=(person("p"),),
            team_members=(member("t"),),
            relationships=(rel,),
            touchpoints=tuple(strong("t", "p", days=days_since_strong)),
            edges=(),
        )
        return scoring.derive_strengths(facts, D)[0].derived

    # Strong meetings 91-93 days ago and nothing since: silent for more than 90 days.
    assert at_risk(RelationshipFact("t", "p"), 91) == "AT_RISK"
    # Exactly 90 days is still inside the active window, so not yet silent.
    assert at_risk(RelationshipFact("t", "p"), 90) != "AT_RISK"
    # A recorded contact 5 days ago (a call the CRM logged) means it did not go silent.
    assert at_risk(RelationshipFact("t", "p", last_contact=ago(5)), 100) != "AT_RISK"


def test_a_manual_strength_set_after_the_scoring_date_is_not_in_force() -> None:
    later = datetime(2026, 7, 15, tzinfo=UTC)  # after D
    facts = account(
        [person("p")],
        [member("t")],
        [("t", "p")],
        [meet("t", "p", 30, "EMAIL")],
        manual={("t", "p"): ("STRONG", later)},
    )
    (s,) = scoring.derive_strengths(facts, D)
    assert (s.manual, s.effective, s.source) == ("STRONG", "WEAK", "DERIVED")
    (s,) = scoring.derive_strengths(facts, date(2026, 7, 20))
    assert (s.effective, s.source) == ("STRONG", "MANUAL")


def test_a_shared_touchpoint_older_than_the_window_still_ends_a_hand_set_strength() -> None:
    # Set by hand 450 days ago, then a call together 420 days ago (outside the 400 days of
    # touchpoints the scores read): the hand-set value no longer holds, whatever its age.
    set_at = datetime.combine(ago(450), time(9), tzinfo=UTC)
    base = account(
        [person("p")], [member("t")], [("t", "p")], [], manual={("t", "p"): ("STRONG", set_at)}
    )
    still = scoring.derive_strengths(base, D)[0]
    assert (still.effective, still.source) == ("STRONG", "MANUAL")
    rel = replace(base.relationships[0], last_shared_touchpoint=ago(420))
    ended = scoring.derive_strengths(replace(base, relationships=(rel,)), D)[0]
    assert (ended.effective, ended.source) == ("WEAK", "DERIVED")
    # A touchpoint before the hand-set day leaves it in force.
    earlier = replace(rel, last_shared_touchpoint=ago(460))
    kept = scoring.derive_strengths(replace(base, relationships=(earlier,)), D)[0]
    assert kept.source == "MANUAL"
