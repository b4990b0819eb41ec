"""scoring/flags.py: risk flags on small hand-built accounts."""

from __future__ import annotations

import scoring
from tests.unit.scoring.builders import D, account, ago, meet, member, person, strong


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
