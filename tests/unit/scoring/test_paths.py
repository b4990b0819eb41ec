"""scoring/paths.py: introduction paths, their ranking and people who moved."""

from __future__ import annotations

import pytest

import scoring
from scoring.config import DEFAULT_CONFIG
from tests.unit.scoring.builders import D, account, meet, member, person, strong


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
