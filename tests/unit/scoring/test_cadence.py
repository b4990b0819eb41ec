"""scoring/cadence.py: the touchpoint cadence each tier expects."""

from __future__ import annotations

import pytest

import scoring
from tests.unit.scoring.builders import D, account, meet, member, person


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
