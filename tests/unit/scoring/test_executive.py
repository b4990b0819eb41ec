"""scoring/executive.py: executive access and sponsor paths; expected values are worked out
by hand."""

from __future__ import annotations

import pytest

import scoring
from scoring.facts import TouchpointFact
from tests.unit.scoring.builders import D, account, ago, member, person, strong


def test_executive_access_components_and_sponsor_path() -> None:
    # ceo (C_LEVEL), cfo (C_LEVEL, DM) reports to ceo, vp (VP). Sponsor s knows ceo (strong);
    # lead l knows vp (strong). An executive touchpoint with the ceo 120 days ago.
    people = [
        person("ceo", level="C_LEVEL"),
        person("cfo", level="C_LEVEL", roles=("DECISION_MAKER",)),
        person("vp", level="VP"),
    ]
    tps = [
        *strong("s", "ceo"),
        *strong("l", "vp"),
        TouchpointFact(
            "qbr", ago(120), "IN_PERSON", "EXECUTIVE", False, frozenset({"s"}), frozenset({"ceo"})
        ),
    ]
    facts = account(
        people,
        [member("s", "EXECUTIVE_SPONSOR"), member("l", "ACCOUNT_LEAD")],
        [("s", "ceo"), ("l", "vp")],
        tps,
        edges=[("REPORTS_TO", "cfo", "ceo")],
    )
    e = scoring.score_account(facts, D).executive_access
    parts = {c.name: c.value for c in e.components}
    assert parts["executive_coverage"] == pytest.approx(2 / 3)
    assert parts["decision_maker_reach"] == 0.5  # one hop from the ceo, whom we know strongly
    assert parts["sponsor_alignment"] == 1
    assert parts["executive_recency"] == pytest.approx((180 - 120) / 90)
    assert e.value == pytest.approx(round(100 * (0.3 * 2 / 3 + 0.3 * 0.5 + 0.2 + 0.2 * 60 / 90), 1))
    (path,) = e.sponsor_paths
    assert path.reachable and path.sponsor_id == "s"
    assert [(st.from_id, st.to_id, st.kind) for st in path.steps] == [
        ("s", "ceo", "RELATIONSHIP"),
        ("ceo", "cfo", "REPORTS_TO"),
    ]


def test_without_executives_coverage_looks_at_the_heads_of_the_chart() -> None:
    # No C-level or VP. d heads a team (r reports to d); x, y, z have no line recorded.
    people = [person("d", level="DIRECTOR"), person("r"), person("x"), person("y"), person("z")]
    facts = account(
        people, [member("t")], [("t", "d")], strong("t", "d"), edges=[("REPORTS_TO", "r", "d")]
    )
    coverage = scoring.score_account(facts, D).executive_access.components[0]
    assert coverage.value == 1.0  # d is the only head, and covered
    # With no reporting line at all, everyone is at the top.
    flat = account(people, [member("t")], [("t", "d")], strong("t", "d"))
    assert scoring.score_account(flat, D).executive_access.components[0].value == pytest.approx(0.2)


def test_sponsor_reaching_through_the_team_scores_half() -> None:
    facts = account(
        [person("vp", level="VP")],
        [member("s", "EXECUTIVE_SPONSOR"), member("l", "ACCOUNT_LEAD")],
        [("l", "vp")],
        strong("l", "vp"),
    )
    e = scoring.score_account(facts, D).executive_access
    assert {c.name: c.value for c in e.components}["sponsor_alignment"] == 0.5
