"""Perception weights, renewal and change signals and ghost stakeholders on hand-built accounts;
expected values are worked out by hand from docs/scoring.md."""

from __future__ import annotations

from dataclasses import replace

import pytest

import scoring
from scoring.config import FlagConfig, PerceptionConfig, ScoringConfig
from scoring.facts import PersonFact, StintFact, TouchpointFact
from tests.unit.scoring.builders import D, account, ago, meet, member, person, strong


def _component(scores: scoring.BreadthScore | scoring.ExecutiveAccessScore, name: str) -> float:
    return next(c.value for c in scores.components if c.name == name)


def test_a_strong_line_to_a_negative_decision_maker_is_half_coverage() -> None:
    # dm (C_LEVEL, NEGATIVE) and u (MANAGER, USER) are both key stakeholders, both covered
    # STRONG: key coverage (0.5 + 1) / 2 = 0.75; decision-maker reach 1 x 0.5 = 0.5.
    people = [
        person("dm", level="C_LEVEL", roles=("DECISION_MAKER",), perception="NEGATIVE"),
        person("u", roles=("USER",), perception="POSITIVE"),
    ]
    facts = account(
        people, [member("t")], [("t", "dm"), ("t", "u")], [*strong("t", "dm"), *strong("t", "u")]
    )
    scores = scoring.score_account(facts, D)
    assert _component(scores.breadth, "key_stakeholder_coverage") == pytest.approx(0.75)
    assert _component(scores.executive_access, "decision_maker_reach") == pytest.approx(0.5)
    assert "DM (NEGATIVE)" in next(
        c.detail for c in scores.executive_access.components if c.name == "decision_maker_reach"
    )
    # Configurable: weighting NEGATIVE fully gives full coverage back.
    full = ScoringConfig(perception=PerceptionConfig(weights={"NEGATIVE": 1.0}))
    scores = scoring.score_account(facts, D, full)
    assert _component(scores.breadth, "key_stakeholder_coverage") == pytest.approx(1.0)
    assert _component(scores.executive_access, "decision_maker_reach") == pytest.approx(1.0)


def test_a_hostile_blocker_stays_a_risk_when_covered() -> None:
    hostile = person("b", level="MANAGER", roles=("BLOCKER",), perception="NEGATIVE")
    calm = person("c", level="DIRECTOR", roles=("BLOCKER",), perception="NEUTRAL")
    facts = account(
        [hostile, calm],
        [member("t")],
        [("t", "b"), ("t", "c")],
        [*strong("t", "b"), *strong("t", "c")],
    )
    flags = {f.code: f for f in scoring.score_account(facts, D).risk_flags}
    # Covered and NEGATIVE: still named (even below director level); covered and neutral: not.
    assert flags["STRONG_BLOCKER"].person_ids == ("b",)
    assert flags["STRONG_BLOCKER"].evidence == ("B: MANAGER, covered, perception NEGATIVE",)
    calm_only = replace(hostile, perception="POSITIVE")
    facts = account([calm_only, calm], [member("t")], [("t", "b"), ("t", "c")], strong("t", "b"))
    flags = {f.code: f for f in scoring.score_account(facts, D).risk_flags}
    assert flags["STRONG_BLOCKER"].person_ids == ("c",)  # senior and not covered, as before


def _renewal_account(days_ahead: int) -> scoring.AccountScores:
    # One of us, one strong client user, an unknown decision maker in another department:
    # breadth (1/2 + 1/2 + 1/2 + 1/2 + 1/3) / 5 = 46.7, executive access 0.
    facts = replace(
        account(
            [
                person("dm", dept="Finance", level="C_LEVEL", roles=("DECISION_MAKER",)),
                person("u", roles=("USER",)),
            ],
            [member("t")],
            [("t", "u")],
            strong("t", "u"),
        ),
        renewal_date=ago(-days_ahead),
    )
    return scoring.score_account(facts, D)


def test_renewal_at_risk_within_the_window_while_coverage_is_thin() -> None:
    scores = _renewal_account(30)
    flag = next(f for f in scores.risk_flags if f.code == "RENEWAL_AT_RISK")
    assert flag.severity == "HIGH"
    assert flag.person_ids == ("dm",)  # the decision maker to reach before the renewal
    assert flag.evidence[0] == f"renewal on {ago(-30).isoformat()}, in 30 days"
    assert scores.breadth.value == 46.7
    assert "breadth 46.7 (below 50)" in flag.evidence
    assert "executive access 0.0 (below 50)" in flag.evidence
    for days in (91, -1):  # beyond the window, or already past
        assert "RENEWAL_AT_RISK" not in {f.code for f in _renewal_account(days).risk_flags}
    assert "RENEWAL_AT_RISK" in {f.code for f in _renewal_account(90).risk_flags}


def test_renewal_is_not_at_risk_above_both_thresholds() -> None:
    facts = replace(
        account([person("u", roles=("USER",))], [member("t")], [("t", "u")], strong("t", "u")),
        renewal_date=ago(-10),
    )
    low = ScoringConfig(flags=FlagConfig(renewal_breadth_below=1, renewal_executive_below=0))
    assert "RENEWAL_AT_RISK" not in {
        f.code for f in scoring.score_account(facts, D, low).risk_flags
    }


def test_new_executive_nobody_knows() -> None:
    people = [
        person("vp", level="VP", since=ago(40), title="VP Sales"),
        person("cfo", level="C_LEVEL", since=ago(20)),  # new, but we know her
        person("old", level="C_LEVEL", since=ago(91)),  # unknown, but not new
        person("dir", level="DIRECTOR", since=ago(5)),  # new, unknown, not an executive
        person("u"),
    ]
    facts = account(people, [member("t")], [("t", "cfo"), ("t", "u")], strong("t", "u"))
    flags = {f.code: f for f in scoring.score_account(facts, D).risk_flags}
    flag = flags["NEW_EXECUTIVE_UNKNOWN"]
    assert flag.person_ids == ("vp",)
    assert flag.evidence == (
        f"VP (VP, VP Sales) joined on {ago(40).isoformat()}, 40 days ago; no relationship on record",
    )
    wider = ScoringConfig(flags=FlagConfig(new_executive_days=91))
    flags = {f.code: f for f in scoring.score_account(facts, D, wider).risk_flags}
    assert flags["NEW_EXECUTIVE_UNKNOWN"].person_ids == ("old", "vp")


def test_champion_role_changed_inside_the_account() -> None:
    earlier = (StintFact("Applications Manager", ago(900), ago(30)),)
    moved = person(
        "ch", roles=("CHAMPION",), since=ago(30), title="Director of Applications", earlier=earlier
    )
    rehired = person(
        "same",
        roles=("CHAMPION",),
        since=ago(30),
        title="Buyer",
        earlier=(StintFact("buyer ", None, ago(60)),),
    )
    long_ago = person("old", roles=("CHAMPION",), since=ago(181), title="CTO", earlier=earlier)
    untitled = person("nt", roles=("CHAMPION",), since=ago(10), earlier=earlier)
    facts = account(
        [moved, rehired, long_ago, untitled, person("u")],
        [member("t")],
        [("t", "u")],
        strong("t", "u"),
    )
    changed = [
        f for f in scoring.score_account(facts, D).risk_flags if f.code == "CHAMPION_ROLE_CHANGED"
    ]
    assert [f.person_ids for f in changed] == [("ch",)]
    assert changed[0].evidence == (
        f"was Applications Manager until {ago(30).isoformat()}",
        f"Director of Applications since {ago(30).isoformat()}, 30 days ago",
    )


def test_ghost_stakeholders_and_unmet_executives() -> None:
    people = [
        person("ghost"),  # attends, no role, no line: a ghost
        person("placed"),  # attends, no role, but reports to the boss
        person("role", roles=("USER",)),  # attends, holds a role
        person("boss", level="C_LEVEL"),  # we know the boss
        person("vp", level="VP"),  # nobody met the VP
        person("svp", level="VP"),  # met once, no relationship: not unmet, but unmapped
    ]
    group = TouchpointFact(
        "w",
        ago(20),
        "VIDEO",
        "OPERATIONAL",
        False,
        frozenset({"t"}),
        frozenset({"ghost", "placed", "role"}),
    )
    facts = account(
        people,
        [member("t")],
        [("t", "boss")],
        [group, *strong("t", "boss"), meet("t", "svp", 300)],
        edges=[("REPORTS_TO", "placed", "boss")],
    )
    items = [(w.person_id, w.reason) for w in scoring.score_account(facts, D).whitespace]
    assert items == [
        ("ghost", "UNMAPPED_ATTENDEE"),
        ("svp", "UNMAPPED_ATTENDEE"),
        ("vp", "UNMET_EXECUTIVE"),
    ]
    ghost = scoring.score_account(facts, D).whitespace[0]
    assert ghost.explanation == (
        "GHOST attended 1 touchpoint(s) with us but holds no buying role and has no reporting line"
    )
    # What-if: without the ghost, the list drops them.
    assert [
        w.person_id
        for w in scoring.score_account(facts, D, removed_ids=frozenset({"ghost"})).whitespace
    ] == ["svp", "vp"]


def test_champion_role_changed_by_a_new_position_within_the_employment() -> None:
    """A title changed through upsertPerson is a new position (HELD) inside the current
    employment: its start and the position it replaced are the change."""
    was = (StintFact("Head of IT", ago(800), ago(20)),)

    def champion(pid: str, since: int, title: str, earlier: tuple[StintFact, ...]) -> PersonFact:
        return replace(
            person(pid, roles=("CHAMPION",), since=ago(800), title="Head of IT"),
            position_since=ago(since),
            position_title=title,
            earlier_positions=earlier,
        )

    promoted = champion("ch", 20, "Procurement Lead", was)
    long_ago = champion("old", 200, "Procurement Lead", (StintFact("Head of IT", None, ago(200)),))
    same = champion("same", 20, "head of it ", was)  # department changed, title did not
    # One position from the employment's start (the backfill): no change to report.
    first = champion("first", 800, "Head of IT", ())
    facts = account(
        [promoted, long_ago, same, first, person("u")],
        [member("t")],
        [("t", "u")],
        strong("t", "u"),
    )
    changed = [
        f for f in scoring.score_account(facts, D).risk_flags if f.code == "CHAMPION_ROLE_CHANGED"
    ]
    assert [f.person_ids for f in changed] == [("ch",)]
    assert changed[0].evidence == (
        f"was Head of IT until {ago(20).isoformat()}",
        f"Procurement Lead since {ago(20).isoformat()}, 20 days ago",
    )
