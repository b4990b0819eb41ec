"""scoring/resilience.py: vertex connectivity from our team to decision makers and executives,
and the cut nearest our team; expected values worked out by hand."""

from __future__ import annotations

from dataclasses import replace

import scoring
from scoring.config import ResilienceConfig, ScoringConfig
from scoring.results import ResilienceItem
from scoring.vocabulary import Side
from tests.unit.scoring.builders import D, account, member, person, strong

DM = ("DECISION_MAKER",)


def _by_person(items: tuple[ResilienceItem, ...]) -> dict[str, ResilienceItem]:
    return {i.person_id: i for i in items}


def _cut(item: ResilienceItem) -> list[tuple[str, str]]:
    return [(c.side, c.person_id) for c in item.cut]


def test_two_bridges_in_series_cut_at_the_one_nearest_us() -> None:
    # t1, t2 → a → b → cfo: a and b each carry every path; the cut nearest us is {a}.
    facts = account(
        [person("a"), person("b"), person("cfo", level="C_LEVEL")],
        [member("t1"), member("t2")],
        [("t1", "a"), ("t2", "a")],
        strong("t1", "a") + strong("t2", "a"),
        edges=[("REPORTS_TO", "a", "b"), ("REPORTS_TO", "b", "cfo")],
    )
    result = scoring.score_account(facts, D)
    item = _by_person(result.resilience)["cfo"]
    assert item.connectivity == 1
    assert _cut(item) == [(Side.CLIENT, "a")]
    assert item.fragile
    flag = {f.code: f for f in result.risk_flags}["FRAGILE_ACCESS"]
    assert flag.person_ids == ("cfo",)
    assert flag.evidence == ("CFO: no path left if A leaves",)


def test_a_pair_of_bridges_that_one_at_a_time_removal_misses() -> None:
    # t1 → a → dm and t2 → b → dm: no single departure cuts us off, a and b together do (so do
    # t1 and t2: the cut nearest us is the team pair).
    facts = account(
        [person("a"), person("b"), person("dm", roles=DM)],
        [member("t1"), member("t2")],
        [("t1", "a"), ("t2", "b")],
        strong("t1", "a") + strong("t2", "b"),
        edges=[("INFLUENCES", "a", "dm"), ("REPORTS_TO", "b", "dm")],
    )
    result = scoring.score_account(facts, D)
    item = _by_person(result.resilience)["dm"]
    assert item.connectivity == 2
    assert _cut(item) == [(Side.OURS, "t1"), (Side.OURS, "t2")]
    assert not item.fragile
    assert "FRAGILE_ACCESS" not in {f.code for f in result.risk_flags}


def test_the_cut_moves_to_the_client_side_when_our_side_is_wider() -> None:
    # Three of us know a, two of them also know b; a and b lead to the VP: the cut is {a, b}.
    facts = account(
        [person("a"), person("b"), person("vp", level="VP")],
        [member("t1"), member("t2"), member("t3")],
        [("t1", "a"), ("t2", "a"), ("t3", "a"), ("t1", "b"), ("t2", "b")],
        strong("t1", "a")
        + strong("t2", "a")
        + strong("t3", "a")
        + strong("t1", "b")
        + strong("t2", "b"),
        edges=[("REPORTS_TO", "a", "vp"), ("REPORTS_TO", "b", "vp")],
    )
    item = _by_person(scoring.score_account(facts, D).resilience)["vp"]
    assert item.connectivity == 2
    assert _cut(item) == [(Side.CLIENT, "a"), (Side.CLIENT, "b")]


def test_a_direct_relationship_is_cut_by_our_own_people() -> None:
    # t1 and t2 both know the DM, t3 reaches them through a: three of ours must leave.
    facts = account(
        [person("a"), person("dm", roles=DM)],
        [member("t1"), member("t2"), member("t3")],
        [("t1", "dm"), ("t2", "dm"), ("t3", "a")],
        strong("t1", "dm") + strong("t2", "dm") + strong("t3", "a"),
        edges=[("REPORTS_TO", "a", "dm")],
    )
    item = _by_person(scoring.score_account(facts, D).resilience)["dm"]
    assert item.connectivity == 3
    assert _cut(item) == [(Side.OURS, "t1"), (Side.OURS, "t2"), (Side.OURS, "t3")]


def test_paths_may_pass_through_other_targets_and_any_number_of_hops() -> None:
    # t → a — b — c — d — ceo, a long chain (beyond the two hops of champion dependency).
    chain = ["a", "b", "c", "d"]
    facts = account(
        [person(p) for p in chain] + [person("ceo", level="C_LEVEL")],
        [member("t")],
        [("t", "a")],
        strong("t", "a"),
        edges=[("REPORTS_TO", x, y) for x, y in zip(chain, [*chain[1:], "ceo"], strict=True)],
    )
    item = _by_person(scoring.score_account(facts, D).resilience)["ceo"]
    assert item.connectivity == 1
    assert _cut(item) == [(Side.OURS, "t")]


def test_no_path_is_zero_with_an_empty_cut_and_no_flag() -> None:
    # Only an inactive relationship (no touchpoints) with the DM: no access at all.
    facts = account(
        [person("dm", roles=DM), person("x")],
        [member("t")],
        [("t", "dm"), ("t", "x")],
        strong("t", "x"),
    )
    result = scoring.score_account(facts, D)
    item = _by_person(result.resilience)["dm"]
    assert (item.connectivity, item.cut, item.fragile) == (0, (), False)
    assert "FRAGILE_ACCESS" not in {f.code for f in result.risk_flags}


def test_only_current_decision_makers_and_executives_are_measured() -> None:
    facts = account(
        [
            person("a"),
            person("dir", level="DIRECTOR"),
            person("gone", level="C_LEVEL", current=False),
            person("vp", level="VP"),
        ],
        [member("t")],
        [("t", "a")],
        strong("t", "a"),
    )
    assert [i.person_id for i in scoring.score_account(facts, D).resilience] == ["vp"]


def test_ids_shared_by_both_sides_stay_apart() -> None:
    # Our "sam" knows their "sam", who reports to the CFO: the cut is one node, not both.
    facts = account(
        [person("sam"), person("cfo", level="C_LEVEL")],
        [member("sam")],
        [("sam", "sam")],
        strong("sam", "sam"),
        edges=[("REPORTS_TO", "sam", "cfo")],
    )
    item = _by_person(scoring.score_account(facts, D).resilience)["cfo"]
    assert item.connectivity == 1
    assert _cut(item) == [(Side.OURS, "sam")]


def test_targets_and_the_fragile_threshold_are_configurable() -> None:
    facts = account(
        [person("a"), person("b"), person("dm", roles=DM), person("vp", level="VP")],
        [member("t1"), member("t2")],
        [("t1", "a"), ("t2", "b")],
        strong("t1", "a") + strong("t2", "b"),
        edges=[("INFLUENCES", "a", "dm"), ("INFLUENCES", "b", "dm")],
    )
    config = ScoringConfig(resilience=ResilienceConfig(target_levels=(), fragile_at_most=2))
    items = scoring.score_account(facts, D, config).resilience
    assert [(i.person_id, i.connectivity, i.fragile) for i in items] == [("dm", 2, True)]


def test_what_if_removal_of_the_cut_leaves_no_path() -> None:
    facts = account(
        [person("a"), person("b"), person("dm", roles=DM)],
        [member("t1"), member("t2")],
        [("t1", "a"), ("t2", "b")],
        strong("t1", "a") + strong("t2", "b"),
        edges=[("INFLUENCES", "a", "dm"), ("REPORTS_TO", "b", "dm")],
    )
    without = scoring.score_account(facts, D, removed_ids=frozenset({"a", "b"}))
    assert _by_person(without.resilience)["dm"].connectivity == 0
    one_less = scoring.score_account(replace(facts), D, removed_ids=frozenset({"a"}))
    assert _by_person(one_less.resilience)["dm"].connectivity == 1
