"""Which position a past day reads (graph/facts.py ``held_position``), on hand-made rows."""

from __future__ import annotations

from datetime import date

from graph.facts import held_position

D = date(2026, 6, 1)


def _h(title: str, since: date | None, until: date | None) -> dict[str, object]:
    return {"title": title, "department": None, "seniority": None, "since": since, "until": until}


def test_the_position_held_on_the_day_by_the_as_of_rule() -> None:
    old = _h("VP", date(2024, 1, 1), D)
    new = _h("CFO", D, None)
    assert held_position([old, new], date(2026, 5, 31)) is old
    # A position ends on its until day; the next one holds from its since day.
    assert held_position([old, new], D) is new
    assert held_position([old, new], date(2023, 12, 31)) is None  # before any: fall back
    undated = _h("Buyer", None, None)
    assert held_position([undated], date(1990, 1, 1)) is undated
    # Overlapping (an imported history): the latest start wins.
    assert held_position([undated, new], D) is new
