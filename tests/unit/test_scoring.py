"""Unit tests of scoring/ on small hand-built accounts; expected values are worked out by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

import scoring
from scoring.config import DEFAULT_CONFIG
from scoring.facts import (
    AccountFacts,
    InternalEdge,
    PersonFact,
    RelationshipFact,
    TeamMemberFact,
    TouchpointFact,
)

D = date(2026, 6, 30)


def ago(days: int) -> date:
    return D - timedelta(days=days)


def person(
    pid: str,
    *,
    dept: str = "IT",
    level: str = "MANAGER",
    roles: tuple[str, ...] = (),
    current: bool = True,
    until: date | None = None,
    moved: str | None = None,
    came_from: str | None = None,
) -> PersonFact:
    return PersonFact(
        pid,
        pid.upper(),
        dept,
        level,
        frozenset(roles),
        current,
        until,
        moved and f"acc-{moved}",
        moved,
        came_from,
    )


def member(tid: str, *roles: str) -> TeamMemberFact:
    return TeamMemberFact(tid, tid.upper(), frozenset(roles))


def meet(
    tid: str,
    pid: str,
    days: int,
    channel: str = "IN_PERSON",
    kind: str = "OPERATIONAL",
    client: bool = False,
    n: int = 0,
) -> TouchpointFact:
    return TouchpointFact(
        f"tp-{tid}-{pid}-{days}-{n}",
        ago(days),
        channel,
        kind,
        client,
        frozenset({tid}),
        frozenset({pid}),
    )


def strong(tid: str, pid: str, days: int = 1) -> list[TouchpointFact]:
    # Three in-person meetings a day apart, very recent: about 3 x 3 = 9 points → STRONG.
    return [meet(tid, pid, days + i, n=i) for i in range(3)]


def account(
    people: list[PersonFact],
    team: list[TeamMemberFact],
    rels: list[tuple[str, str]],
    touchpoints: list[TouchpointFact],
    edges: list[tuple[str, str, str]] = (),  # type: ignore[assignment]
    tier: int = 3,
    manual: dict[tuple[str, str], tuple[str, datetime | None]] | None = None,
    **matrix: int | float | None,
) -> AccountFacts:
    manual = manual or {}
    return AccountFacts(
        account_id="acc",
        name="Acc",
        tier=tier,
        people=tuple(people),
        team_members=tuple(team),
        relationships=tuple(
            RelationshipFact(
                t,
                p,
                manual_strength=manual.get((t, p), (None, None))[0],
                manual_strength_set_at=manual.get((t, p), (None, None))[1],
            )
            for t, p in rels
        ),
        touchpoints=tuple(touchpoints),
        edges=tuple(InternalEdge(kind, a, b) for kind, a, b in edges),
        **matrix,  # type: ignore[arg-type]
    )


# ---- derived strength ----------------------------------------------------------------------


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


# ---- breadth -------------------------------------------------------------------------------


def test_breadth_components_and_whitespace() -> None:
    # cfo (Finance, C_LEVEL, DM), dir (IT, DIRECTOR, CHAMPION), ic (IT, IC), hr (HR, MANAGER).
    people = [
        person("cfo", dept="Finance", level="C_LEVEL", roles=("DECISION_MAKER",)),
        person("dir", dept="IT", level="DIRECTOR", roles=("CHAMPION",)),
        person("ic", dept="IT", level="INDIVIDUAL_CONTRIBUTOR"),
        person("hr", dept="HR", level="MANAGER"),
    ]
    facts = account(
        people,
        [member("t1"), member("t2")],
        [("t1", "dir"), ("t2", "ic")],
        [*strong("t1", "dir"), *strong("t2", "ic")],
    )
    b = scoring.score_account(facts, D).breadth
    parts = {c.name: c.value for c in b.components}
    assert parts["key_stakeholder_coverage"] == pytest.approx(1 / 2)  # dir of {cfo, dir}
    assert parts["department_coverage"] == pytest.approx(1 / 3)  # IT of {Finance, HR, IT}
    assert parts["level_coverage"] == pytest.approx(2 / 4)  # DIRECTOR, IC of four levels
    assert parts["role_coverage"] == pytest.approx(1 / 2)  # CHAMPION of {DM, CHAMPION}
    assert parts["our_side"] == pytest.approx(2 / 3)
    assert b.value == pytest.approx(round(100 * (0.5 + 1 / 3 + 0.5 + 0.5 + 2 / 3) / 5, 1))
    assert b.uncovered_departments == ("Finance", "HR")
    assert b.uncovered_roles == ("DECISION_MAKER",)
    assert b.uncovered_key_stakeholder_ids == ("cfo",)
    assert "Finance" in b.explanation


def test_empty_account_scores_zero_and_flags() -> None:
    facts = account([], [], [], [], tier=4)
    s = scoring.score_account(facts, D)
    assert s.breadth.value == 0
    assert s.executive_access.value == 0
    assert s.champion_dependency.value == 100 and s.champion_dependency.no_active_relationships
    codes = {f.code for f in s.risk_flags}
    assert {
        "NO_ACTIVE_RELATIONSHIPS",
        "SINGLE_THREADED",
        "NO_CHAMPION",
        "NO_DECISION_MAKER_ACCESS",
        "NO_EXECUTIVE_SPONSOR",
        "CADENCE_OVERDUE",
    } <= codes


def test_two_of_ours_on_one_client_person_is_still_single_threaded() -> None:
    facts = account(
        [person("p"), person("q")],
        [member("t1"), member("t2")],
        [("t1", "p"), ("t2", "p"), ("t1", "q")],
        [*strong("t1", "p"), *strong("t2", "p")],
    )
    flag = next(
        f for f in scoring.score_account(facts, D).risk_flags if f.code == "SINGLE_THREADED"
    )
    assert flag.person_ids == ("p",)
    facts = account(
        [person("p"), person("q")],
        [member("t1")],
        [("t1", "p"), ("t1", "q")],
        [*strong("t1", "p"), *strong("t1", "q")],
    )
    codes = {f.code for f in scoring.score_account(facts, D).risk_flags}
    assert "SINGLE_THREADED" not in codes


# ---- champion dependency -------------------------------------------------------------------


def test_dependency_names_the_bridge_and_our_single_thread() -> None:
    # t → a (active); a — b — c (reports-to chain). Values: a 1, b 1, c (DM) 3: V = 5.
    # Without a: nothing reached → dependency 1. Without t: nothing → 1. Tie → smallest id: "a".
    facts = account(
        [person("a"), person("b"), person("c", roles=("DECISION_MAKER",))],
        [member("t")],
        [("t", "a")],
        strong("t", "a"),
        edges=[("REPORTS_TO", "a", "b"), ("REPORTS_TO", "b", "c")],
    )
    d = scoring.score_account(facts, D).champion_dependency
    assert d.reached_value == 5
    assert d.value == 100
    assert d.top is not None and d.top.person_id == "a" and d.top.side == "CLIENT"
    assert d.ours_top is not None and d.ours_top.person_id == "t"


def test_dependency_names_each_side_when_ids_are_shared() -> None:
    # Older data may hold a client person and one of ours under the same id.
    facts = account([person("sam")], [member("sam")], [("sam", "sam")], strong("sam", "sam"))
    ranking = scoring.score_account(facts, D).champion_dependency.ranking
    assert {(i.side, i.name) for i in ranking} == {("CLIENT", "SAM"), ("OURS", "SAM")}
    renamed = replace(facts, team_members=(TeamMemberFact("sam", "Sam Ours", frozenset()),))
    ranking = scoring.score_account(renamed, D).champion_dependency.ranking
    assert {(i.side, i.name) for i in ranking} == {("CLIENT", "SAM"), ("OURS", "Sam Ours")}


def test_dependency_with_two_threads_and_an_influence_cycle() -> None:
    # t1 → a, t2 → d, both active. a INFLUENCES b INFLUENCES c INFLUENCES a (a cycle); d alone.
    # Values: all 1. Reached: a, b, c (from a) and d: V = 4.
    # Without a: only d is covered and d has no edges, so V = 1 and dependency = 3/4.
    # Without t1: a is no longer covered either, the same 3/4; a wins the tie by id.
    facts = account(
        [person("a"), person("b"), person("c"), person("d")],
        [member("t1"), member("t2")],
        [("t1", "a"), ("t2", "d")],
        [*strong("t1", "a"), *strong("t2", "d")],
        edges=[("INFLUENCES", "a", "b"), ("INFLUENCES", "b", "c"), ("INFLUENCES", "c", "a")],
    )
    d = scoring.score_account(facts, D).champion_dependency
    assert d.reached_value == 4
    assert d.value == 75
    assert d.client_top is not None and d.client_top.person_id == "a"
    assert d.client_top.value_lost == 3
    assert d.ours_top is not None and d.ours_top.person_id == "t1"
    # b and c are each reached twice over (through the cycle), so losing one costs only itself.
    b = next(i for i in d.ranking if i.person_id == "b")
    assert b.dependency == pytest.approx(1 / 4)


def test_person_on_both_sides_of_several_paths() -> None:
    # Two team members both know x; x links to y and z. Losing one team member costs nothing.
    facts = account(
        [person("x"), person("y"), person("z")],
        [member("t1"), member("t2")],
        [("t1", "x"), ("t2", "x")],
        [*strong("t1", "x"), *strong("t2", "x")],
        edges=[("REPORTS_TO", "y", "x"), ("INTRODUCED", "x", "z")],
    )
    d = scoring.score_account(facts, D).champion_dependency
    assert d.ours_top is None  # neither t1 nor t2 alone carries anything
    assert d.top is not None and d.top.person_id == "x" and d.value == 100


def test_what_if_removes_people_without_changing_the_facts() -> None:
    facts = account(
        [person("a"), person("b")],
        [member("t")],
        [("t", "a"), ("t", "b")],
        [*strong("t", "a"), *strong("t", "b")],
    )
    full = scoring.score_account(facts, D)
    gone = scoring.score_account(facts, D, removed_ids=frozenset({"a"}))
    assert full.champion_dependency.reached_value == 2
    assert gone.champion_dependency.reached_value == 1
    assert gone.removed_ids == frozenset({"a"})
    assert {p.id for p in facts.people} == {"a", "b"}


# ---- executive access ----------------------------------------------------------------------


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


# ---- flags and cadence ---------------------------------------------------------------------


def test_champion_left_names_where_they_went() -> None:
    left = person("ch", roles=("CHAMPION",), current=False, until=ago(30), moved="Contoso")
    facts = account([left, person("x")], [member("t")], [("t", "x")], strong("t", "x"))
    flags = {f.code: f for f in scoring.score_account(facts, D).risk_flags}
    assert "Contoso" in flags["CHAMPION_LEFT"].message
    assert flags["CHAMPION_LEFT"].person_ids == ("ch",)
    long_ago = person("ch", roles=("CHAMPION",), current=False, until=ago(400))
    facts = account([long_ago, person("x")], [member("t")], [("t", "x")], strong("t", "x"))
    assert "CHAMPION_LEFT" not in {f.code for f in scoring.score_account(facts, D).risk_flags}


def test_declining_engagement_and_strong_blocker() -> None:
    earlier = [meet("t", "x", 100 + i, "EMAIL", n=i) for i in range(6)]
    recent = [meet("t", "x", 10, "IN_PERSON"), meet("t", "x", 11, "IN_PERSON", n=1)]
    blocker = person("b", level="DIRECTOR", roles=("BLOCKER",))
    facts = account([person("x"), blocker], [member("t")], [("t", "x")], earlier + recent)
    codes = {f.code for f in scoring.score_account(facts, D).risk_flags}
    assert "DECLINING_ENGAGEMENT" in codes  # 2 < 6 / 2
    assert "STRONG_BLOCKER" in codes


@pytest.mark.parametrize(
    ("tier", "touchpoints", "overdue"),
    [
        (4, [("STRATEGIC", 10), ("EXECUTIVE", 40)], ()),
        (4, [("STRATEGIC", 40), ("EXECUTIVE", 40)], ("STRATEGIC",)),
        (3, [("STRATEGIC", 10)], ("EXECUTIVE",)),
        (2, [("STRATEGIC", 80), ("MAINTENANCE", 200)], ("MAINTENANCE",)),
        (1, [("OPERATIONAL", 200)], ()),  # no active work: nothing expected
        (1, [("STRATEGIC", 5), ("OPERATIONAL", 45)], ("OPERATIONAL",)),
    ],
)
def test_cadence_by_tier(
    tier: int, touchpoints: list[tuple[str, int]], overdue: tuple[str, ...]
) -> None:
    tps = [meet("t", "x", days, kind=kind, n=i) for i, (kind, days) in enumerate(touchpoints)]
    facts = account([person("x")], [member("t")], [("t", "x")], tps, tier=tier)
    assert scoring.score_account(facts, D).cadence.overdue_kinds == overdue


# ---- key-account matrix and intro paths ----------------------------------------------------


def test_key_account_matrix() -> None:
    facts = account(
        [],
        [],
        [],
        [],
        annual_revenue=250_000.0,
        expansion_potential=3,
        icp_fit=2,
        strategic_value=1,
        risk_cost_to_serve=1,
    )
    a = scoring.assess_key_account(facts)
    # revenue 2x2=4, expansion 3x3=9, icp 3x2=6, strategic 2x1=2, risk 2x(3-1)=4 → 25 ≥ 24.
    assert a.total == 25 and a.max_total == 36 and a.qualifies and a.complete
    incomplete = account([], [], [], [], annual_revenue=2e6, expansion_potential=3)
    b = scoring.assess_key_account(incomplete)
    assert not b.complete and not b.qualifies


def test_introduction_paths_rank_and_moved_people() -> None:
    # t knows a (strong) and m (developing; m came from another client). a → target via
    # REPORTS_TO (0.8): 0.8. m → target via INFLUENCES (0.6): 0.7 x 0.6 = 0.42.
    people = [person("a"), person("m", came_from="Adatum"), person("target")]
    tps = [*strong("t", "a"), meet("t", "m", 0, "CALL")]  # a call today: exactly 2 points
    facts = account(
        people,
        [member("t")],
        [("t", "a"), ("t", "m")],
        tps,
        edges=[("REPORTS_TO", "a", "target"), ("INFLUENCES", "m", "target")],
    )
    paths = scoring.introduction_paths(facts, "target", D, DEFAULT_CONFIG, max_hops=2)
    assert [p.strength for p in paths][:2] == [pytest.approx(0.8), pytest.approx(0.42)]
    assert paths[1].via_moved_person_ids == ("m",)
    assert scoring.introduction_paths(facts, "target", D, DEFAULT_CONFIG, max_hops=1) == ()
