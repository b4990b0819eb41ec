"""scoring/dependency.py: champion dependency and what-if removal; expected values are worked
out by hand."""

from __future__ import annotations

from dataclasses import replace

import pytest

import scoring
from scoring.facts import TeamMemberFact
from tests.unit.scoring.builders import D, account, member, person, strong


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
