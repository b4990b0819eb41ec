"""scoring/concentration.py: shares of active contact and Herfindahl indexes, worked by hand."""

from __future__ import annotations

import pytest

import scoring
from tests.unit.scoring.builders import D, account, meet, member, person, strong


def test_shares_and_herfindahl_on_both_sides() -> None:
    # Active: (t1, a), (t2, a), (t1, b), (t1, c); (t2, d) has no touchpoint, so it is not.
    # Client: a 2/4, b 1/4, c 1/4 → HHI 0.25 + 0.0625 + 0.0625 = 0.375.
    # Ours: t1 3/4, t2 1/4 → HHI 0.5625 + 0.0625 = 0.625.
    facts = account(
        [person(p) for p in "abcd"],
        [member("t1"), member("t2")],
        [("t1", "a"), ("t2", "a"), ("t1", "b"), ("t1", "c"), ("t2", "d")],
        strong("t1", "a") + strong("t2", "a") + strong("t1", "b") + strong("t1", "c"),
    )
    c = scoring.score_account(facts, D).concentration
    assert c.active_relationships == 4
    assert [(s.person_id, s.relationships, s.share) for s in c.client] == [
        ("a", 2, 0.5),
        ("b", 1, 0.25),
        ("c", 1, 0.25),
    ]
    assert [(s.person_id, s.share) for s in c.ours] == [("t1", 0.75), ("t2", 0.25)]
    assert c.client_herfindahl == pytest.approx(0.375)
    assert c.ours_herfindahl == pytest.approx(0.625)
    assert c.client_top is not None and c.client_top.person_id == "a"
    assert c.ours_top is not None and c.ours_top.person_id == "t1"
    assert "A holds 2 (50%)" in c.explanation and "T1 3 (75%)" in c.explanation


def test_one_thread_is_fully_concentrated() -> None:
    facts = account([person("a"), person("b")], [member("t")], [("t", "a")], strong("t", "a"))
    c = scoring.score_account(facts, D).concentration
    assert (c.client_herfindahl, c.ours_herfindahl) == (1.0, 1.0)


def test_ties_go_to_the_smallest_id_and_even_spread_is_one_over_n() -> None:
    facts = account(
        [person("b"), person("a")],
        [member("t2"), member("t1")],
        [("t2", "b"), ("t1", "a")],
        strong("t2", "b") + strong("t1", "a"),
    )
    c = scoring.score_account(facts, D).concentration
    assert c.client_top is not None and c.client_top.person_id == "a"
    assert c.ours_top is not None and c.ours_top.person_id == "t1"
    assert (c.client_herfindahl, c.ours_herfindahl) == (0.5, 0.5)


def test_without_active_relationships_nothing_is_concentrated() -> None:
    # A relationship whose only touchpoint is 200 days old: not active.
    facts = account([person("a")], [member("t")], [("t", "a")], [meet("t", "a", 200)])
    c = scoring.score_account(facts, D).concentration
    assert c.active_relationships == 0
    assert (c.client_top, c.ours_top, c.client_herfindahl, c.ours_herfindahl) == (
        None,
        None,
        0.0,
        0.0,
    )


def test_what_if_removal_moves_the_contact() -> None:
    facts = account(
        [person("a"), person("b")],
        [member("t1"), member("t2")],
        [("t1", "a"), ("t2", "a"), ("t2", "b")],
        strong("t1", "a") + strong("t2", "a") + strong("t2", "b"),
    )
    c = scoring.score_account(facts, D, removed_ids=frozenset({"a"})).concentration
    assert [(s.person_id, s.share) for s in c.client] == [("b", 1.0)]
    assert [(s.person_id, s.share) for s in c.ours] == [("t2", 1.0)]
