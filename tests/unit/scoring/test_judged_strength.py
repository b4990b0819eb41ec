"""scoring.judge_relationship: a derived strength and the range of days it holds for, checked
against the derivation itself (assess_relationship, fed what a read of each day holds)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

import scoring
from scoring.config import DEFAULT_CONFIG
from scoring.facts import RelationshipFact, TouchpointFact
from tests.unit.scoring.builders import D, ago, meet

WINDOW = 400  # graph.cypher.facts.FACTS_WINDOW_DAYS (scoring may not import graph)


def _derived(
    rel: RelationshipFact, shared: list[TouchpointFact], day: date
) -> tuple[str, date | None]:
    """What a chart read of ``day`` derives: the shared touchpoints of its facts window."""
    held = [tp for tp in shared if tp.date <= day and (day - tp.date).days < WINDOW]
    a = scoring.assess_relationship(rel, held, day, DEFAULT_CONFIG, current=True)
    return a.derived, a.last_touchpoint


def _judge(
    rel: RelationshipFact, shared: list[TouchpointFact], day: date
) -> scoring.JudgedStrength:
    return scoring.judge_relationship(rel, shared, day, DEFAULT_CONFIG, facts_window=WINDOW)


def test_one_call_today_is_developing_until_it_decays_below_two_points() -> None:
    rel = RelationshipFact("t", "p")
    shared = [meet("t", "p", 0, "CALL")]
    judged = _judge(rel, shared, D)
    assert (judged.derived, judged.last_touchpoint, judged.valid_from) == ("DEVELOPING", D, D)
    # 2 points today, 2 x 0.5^(1/45) < 2 tomorrow: WEAK from the next day.
    assert judged.valid_until == D + timedelta(days=1)
    weak = _judge(rel, shared, judged.valid_until)
    assert weak.derived == "WEAK"
    # WEAK (and the same last touchpoint) until the call leaves the 400-day facts window.
    assert weak.valid_until == D + timedelta(days=WINDOW)
    gone = _judge(rel, shared, weak.valid_until)
    assert (gone.derived, gone.last_touchpoint, gone.valid_until) == ("WEAK", None, date.max)


def test_strong_then_silent_turns_at_risk_on_the_91st_day() -> None:
    rel = RelationshipFact("t", "p", last_shared_touchpoint=ago(10))
    shared = [meet("t", "p", 10, n=i) for i in range(3)]  # 9 points ten days ago
    judged = _judge(rel, shared, D)
    assert judged.derived == "STRONG" and judged.last_shared == ago(10)
    # 9 x 0.5^(a/45) stays >= 6 up to a = 26: the relationship is DEVELOPING from then.
    assert judged.valid_until == ago(10) + timedelta(days=27)
    at_risk = _judge(rel, shared, ago(10) + timedelta(days=91))
    assert at_risk.derived == "AT_RISK"


def test_a_recorded_contact_dated_ahead_changes_nothing_when_nothing_is_strong() -> None:
    rel = RelationshipFact("t", "p", last_contact=D + timedelta(days=30))
    judged = _judge(rel, [], D)
    # Nothing shared: WEAK for ever, whatever the recorded contact does to the at-risk rule.
    assert (judged.derived, judged.valid_until) == ("WEAK", date.max)
    # Strong 95 days ago, silent since, but a contact recorded for day D+30: AT_RISK now,
    # and no longer once the recorded contact comes (not silent then).
    shared = [meet("t", "p", 95, n=i) for i in range(4)]
    judged = _judge(rel, shared, D)
    assert judged.derived == "AT_RISK"
    assert judged.valid_until == D + timedelta(days=30)
    assert _derived(rel, shared, judged.valid_until)[0] != "AT_RISK"


def test_judge_strengths_covers_every_relationship_of_the_facts() -> None:
    from tests.unit.scoring.builders import account, member, person

    facts = account(
        [person("p1"), person("p2")],
        [member("t")],
        [("t", "p1"), ("t", "p2")],
        [meet("t", "p1", 5, "CALL")],
    )
    judged = scoring.judge_strengths(facts, D, DEFAULT_CONFIG, facts_window=WINDOW)
    derived = {s.person_id: s.derived for s in scoring.derive_strengths(facts, D)}
    assert {j.person_id: j.derived for j in judged} == derived


_CHANNELS = st.sampled_from(["IN_PERSON", "CALL", "VIDEO", "EVENT", "EMAIL", "SOCIAL"])
_TOUCHPOINTS = st.lists(
    st.tuples(st.integers(0, 420), _CHANNELS, st.booleans()), min_size=0, max_size=8
)


@settings(max_examples=150, deadline=None)
@given(
    touchpoints=_TOUCHPOINTS,
    recorded=st.one_of(st.none(), st.integers(-60, 400)),
    start=st.integers(0, 60),
)
def test_the_stored_value_equals_the_derivation_on_every_day_of_its_range(
    touchpoints: list[tuple[int, str, bool]], recorded: int | None, start: int
) -> None:
    shared = [
        TouchpointFact(
            f"tp{i}", ago(days), channel, "OPERATIONAL", client, frozenset({"t"}), frozenset({"p"})
        )
        for i, (days, channel, client) in enumerate(touchpoints)
    ]
    day = D + timedelta(days=start)
    rel = RelationshipFact(
        "t",
        "p",
        last_contact=None if recorded is None else ago(recorded),
        last_shared_touchpoint=max((tp.date for tp in shared), default=None),
    )
    judged = _judge(rel, shared, day)
    value = (judged.derived, judged.last_touchpoint)
    assert value == _derived(rel, shared, day)
    end = min(judged.valid_until, day + timedelta(days=WINDOW + 300))
    for n in range((end - day).days):
        assert _derived(rel, shared, day + timedelta(days=n)) == value
    if judged.valid_until != date.max:
        # The range ends where the derivation really changes: not a day too early.
        assert _derived(rel, shared, judged.valid_until) != value
