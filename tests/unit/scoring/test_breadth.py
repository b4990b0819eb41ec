"""scoring/breadth.py: coverage components and whitespace, and an empty account; expected
values are worked out by hand."""

from __future__ import annotations

import pytest

import scoring
from tests.unit.scoring.builders import D, account, member, person, strong


def test_breadth_components_and_whitespace() -> None:
    # cfo (Finance, C_LEVEL, DM), dir (IT, DIRECTOR, CHAMPION), ic (IT, IC), hr (HR, MANAGER).
    people = [
        person("cfo", dept="Finance", level="C_LEVEL", roles=("DECISION_MAKER",)),
        person("dir", dept="IT", level="DIRECTOR", roles=("CHAMPION",)),
        person("ic", dept="IT", level="INDIVIDUAL_CONTRIBUTOR"),
        person("hr", dept="HR", level="MANAGER"),
    ]
    facts = account(
        people,
        [member("t1"), member("t2")],
        [("t1", "dir"), ("t2", "ic")],
        [*strong("t1", "dir"), *strong("t2", "ic")],
    )
    b = scoring.score_account(facts, D).breadth
    parts = {c.name: c.value for c in b.components}
    assert parts["key_stakeholder_coverage"] == pytest.approx(1 / 2)  # dir of {cfo, dir}
    assert parts["department_coverage"] == pytest.approx(1 / 3)  # IT of {Finance, HR, IT}
    assert parts["level_coverage"] == pytest.approx(2 / 4)  # DIRECTOR, IC of four levels
    assert parts["role_coverage"] == pytest.approx(1 / 2)  # CHAMPION of {DM, CHAMPION}
    assert parts["our_side"] == pytest.approx(2 / 3)
    assert b.value == pytest.approx(round(100 * (0.5 + 1 / 3 + 0.5 + 0.5 + 2 / 3) / 5, 1))
    assert b.uncovered_departments == ("Finance", "HR")
    assert b.uncovered_roles == ("DECISION_MAKER",)
    assert b.uncovered_key_stakeholder_ids == ("cfo",)
    assert "Finance" in b.explanation


def test_empty_account_scores_zero_and_flags() -> None:
    facts = account([], [], [], [], tier=4)
    s = scoring.score_account(facts, D)
    assert s.breadth.value == 0
    assert s.executive_access.value == 0
    assert s.champion_dependency.value == 100 and s.champion_dependency.no_active_relationships
    codes = {f.code for f in s.risk_flags}
    assert {
        "NO_ACTIVE_RELATIONSHIPS",
        "SINGLE_THREADED",
        "NO_CHAMPION",
        "NO_DECISION_MAKER_ACCESS",
        "NO_EXECUTIVE_SPONSOR",
        "CADENCE_OVERDUE",
    } <= codes
