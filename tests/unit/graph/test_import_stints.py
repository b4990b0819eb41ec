"""What the import's employment rows make of a person's stints at an account (as its Cypher)."""

from __future__ import annotations

from datetime import date

from graph.rules import stints_after_import

TODAY = date(2026, 6, 1)
D = date


def test_a_current_row_updates_the_current_stint_and_keeps_the_past() -> None:
    past = (D(2010, 1, 1), D(2015, 1, 1))
    assert stints_after_import([past, (D(2020, 1, 1), None)], [(None, None)], TODAY) == [
        past,
        (D(2020, 1, 1), None),
    ]
    assert stints_after_import([past], [(None, None)], TODAY) == [past, (None, None)]


def test_an_ended_row_ends_the_stint_it_names() -> None:
    stints = [(D(2010, 1, 1), D(2015, 1, 1)), (D(2020, 1, 1), None)]
    # Without a start date: the current stint ends.
    assert stints_after_import(stints, [(None, D(2026, 1, 1))], TODAY)[1] == (
        D(2020, 1, 1),
        D(2026, 1, 1),
    )
    # With the start date of a past stint: that one is corrected, the current one stays.
    assert stints_after_import(stints, [(D(2010, 1, 1), D(2014, 1, 1))], TODAY) == [
        (D(2010, 1, 1), D(2014, 1, 1)),
        (D(2020, 1, 1), None),
    ]
    # With a new start date: another past stint.
    assert stints_after_import(stints, [(D(2016, 1, 1), D(2017, 1, 1))], TODAY) == [
        *stints,
        (D(2016, 1, 1), D(2017, 1, 1)),
    ]
    # No current stint: an ended row without a start date ends the latest one.
    assert stints_after_import(stints[:1], [(None, D(2012, 1, 1))], TODAY) == [
        (D(2010, 1, 1), D(2012, 1, 1))
    ]
