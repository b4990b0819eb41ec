"""scoring/targets.py: current vs target strength per person, worked by hand."""

from __future__ import annotations

from dataclasses import replace

import pytest

import scoring
from scoring.config import BreadthConfig, ScoringConfig
from scoring.facts import AccountFacts, PersonFact
from scoring.targets import level, strength_gap
from tests.unit.scoring.builders import D, account, ago, member, person, strong


def aim(p: PersonFact, target: str, days: int | None = None) -> PersonFact:
    return replace(p, target_strength=target, target_set_at=ago(days) if days is not None else None)


@pytest.mark.parametrize(
    ("target", "current", "gap"),
    [
        ("STRONG", None, 4),
        ("STRONG", "AT_RISK", 3),
        ("STRONG", "WEAK", 2),
        ("STRONG", "DEVELOPING", 1),
        ("STRONG", "STRONG", 0),
        ("WEAK", "STRONG", 0),  # above target: only shortfalls count
        ("WEAK", None, 2),
        (None, None, 0),  # no target, no gap
    ],
)
def test_the_gap_is_the_ordinal_distance_up_to_the_target(
    target: str | None, current: str | None, gap: int
) -> None:
    assert strength_gap(target, current) == gap


def test_levels() -> None:
    assert [level(s) for s in ("STRONG", "DEVELOPING", "WEAK", "AT_RISK", None)] == [4, 3, 2, 1, 0]


def _facts() -> AccountFacts:
    # a: STRONG with t1, target STRONG (met). b: a relationship with no contact (WEAK), target
    # STRONG: gap 2. c: nobody knows them, target DEVELOPING: gap 3. d: WEAK with t1 but STRONG
    # with t2, target STRONG: the best counts, no gap. e: left, target set: not listed.
    return account(
        [
            aim(person("a"), "STRONG", 10),
            aim(person("b", title="Head of IT"), "STRONG", 10),
            aim(person("c"), "DEVELOPING"),
            aim(person("d"), "STRONG", 5),
            aim(person("e", current=False, until=ago(30)), "STRONG", 100),
            person("f"),
        ],
        [member("t1"), member("t2")],
        [("t1", "a"), ("t1", "b"), ("t1", "d"), ("t2", "d"), ("t1", "e")],
        strong("t1", "a") + strong("t2", "d"),
    )


def test_gaps_largest_first_named_in_the_breadth_explanation() -> None:
    facts = _facts()
    b = scoring.score_account(facts, D).breadth
    assert [(g.person_id, g.target, g.current, g.gap) for g in b.target_gaps] == [
        ("c", "DEVELOPING", None, 3),
        ("b", "STRONG", "WEAK", 2),
    ]
    assert b.explanation.endswith(
        "; largest gaps: C (target DEVELOPING, now no relationship), "
        "Head of IT B (target STRONG, now WEAK)"
    )
    # Targets are named, they do not move the score.
    plain = replace(facts, people=tuple(replace(p, target_strength=None) for p in facts.people))
    assert scoring.score_account(plain, D).breadth.value == b.value
    assert "largest gaps" not in scoring.score_account(plain, D).breadth.explanation


def test_how_many_are_named_is_configurable() -> None:
    one = ScoringConfig(breadth=BreadthConfig(gaps_named=1))
    b = scoring.score_account(_facts(), D, one).breadth
    assert b.explanation.endswith(
        "; largest gaps: C (target DEVELOPING, now no relationship) and 1 more"
    )
    none = scoring.score_account(_facts(), D, ScoringConfig(breadth=BreadthConfig(gaps_named=0)))
    assert "largest gaps" not in none.breadth.explanation and len(none.breadth.target_gaps) == 2


def test_equal_gaps_go_by_name_then_id_and_a_later_target_does_not_count_yet() -> None:
    facts = account(
        [
            aim(replace(person("z"), name="Ana"), "WEAK", 3),
            aim(replace(person("y"), name="Ana"), "WEAK", 3),
            aim(replace(person("x"), name="Bea"), "WEAK", 3),
            aim(replace(person("w"), name="Aba"), "STRONG", 0),  # set on D: counts
        ],
        [member("t")],
        [],
        [],
    )
    gaps = scoring.score_account(facts, D).breadth.target_gaps
    assert [g.person_id for g in gaps] == ["w", "y", "z", "x"]
    earlier = scoring.score_account(facts, ago(1)).breadth.target_gaps
    assert [g.person_id for g in earlier] == ["y", "z", "x"]  # w's target was set after


def test_an_at_risk_relationship_is_one_step_above_none() -> None:
    facts = account(
        [aim(person("a"), "WEAK")],
        [member("t")],
        [("t", "a")],
        [],
        manual={("t", "a"): ("AT_RISK", None)},
    )
    (gap,) = scoring.score_account(facts, D).breadth.target_gaps
    assert (gap.current, gap.gap) == ("AT_RISK", 1)
