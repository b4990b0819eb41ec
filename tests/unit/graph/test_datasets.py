"""The demo data and the synthetic generator: consistent, deterministic, as promised."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from datetime import date, datetime
from typing import Any

import pytest

from api.demo_loader import ANCHOR_ACCOUNT as ANCHOR
from api.demo_loader import DATE_FIELDS, DATETIME_FIELDS, demo_input
from demo.generator import generate_account, generate_portfolio
from graph.dataset import (
    AccountRecord,
    BuyingRoleRecord,
    Dataset,
    EmploymentRecord,
    ExternalIdRecord,
    InfluenceRecord,
    IntroductionRecord,
    OpportunityContactRoleRecord,
    OpportunityRecord,
    PersonRecord,
    PositionRecord,
    RelationshipRecord,
    ReportsToRecord,
    StrengthTargetRecord,
    TeamAssignmentRecord,
    TeamMemberRecord,
    TouchpointRecord,
)

TODAY = date(2026, 11, 24)
RECORDS: dict[str, Any] = {
    "accounts": AccountRecord,
    "people": PersonRecord,
    "employments": EmploymentRecord,
    "reports_to": ReportsToRecord,
    "buying_roles": BuyingRoleRecord,
    "strength_targets": StrengthTargetRecord,
    "influences": InfluenceRecord,
    "introductions": IntroductionRecord,
    "team_members": TeamMemberRecord,
    "team_assignments": TeamAssignmentRecord,
    "relationships": RelationshipRecord,
    "touchpoints": TouchpointRecord,
    "opportunities": OpportunityRecord,
    "opportunity_contact_roles": OpportunityContactRoleRecord,
    "positions": PositionRecord,
}


def demo_dataset(today: date) -> Dataset:
    """The records of demo/portfolio.json, moved to ``today``, for the checks below (what
    importDataset would derive, such as initiatedByClient, is left at its default)."""

    def record(kind: Any, row: dict[str, Any]) -> Any:
        values: dict[str, Any] = {}
        for key, value in row.items():
            if key in DATE_FIELDS:
                value = date.fromisoformat(value)
            elif key in DATETIME_FIELDS:
                value = datetime.fromisoformat(value)
            elif key == "externalIds":
                value = tuple(ExternalIdRecord(**ref) for ref in value)
            elif isinstance(value, list):
                value = tuple(value)
            values[re.sub(r"(?<!^)(?=[A-Z])", "_", key).lower()] = value
        return kind(**values)

    data = demo_input(today)
    camel = {
        re.sub(r"_(\w)", lambda m: m[1].upper(), f.name): f.name
        for f in dataclasses.fields(Dataset)
    }
    return Dataset(
        **{
            name: tuple(record(RECORDS[name], row) for row in data.get(key, ()))
            for key, name in camel.items()
        }
    )


def check_integrity(data: Dataset) -> None:
    accounts = {a.id for a in data.accounts}
    people = {p.id for p in data.people}
    team = {t.id for t in data.team_members}
    for kind, ids in (
        ("accounts", data.accounts),
        ("people", data.people),
        ("team", data.team_members),
        ("touchpoints", data.touchpoints),
        ("relationships", data.relationships),
    ):
        counts = Counter(x.id for x in ids)
        assert max(counts.values(), default=1) == 1, f"duplicate {kind} ids"
    assert {e.person_id for e in data.employments} <= people
    assert {e.account_id for e in data.employments} <= accounts
    assert {r.person_id for r in data.buying_roles} <= people
    assert {(t.person_id, t.account_id) for t in data.strength_targets} <= {
        (e.person_id, e.account_id) for e in data.employments
    }
    assert {s.team_member_id for s in data.team_assignments} <= team
    assert {(r.team_member_id in team, r.person_id in people) for r in data.relationships} <= {
        (True, True)
    }
    for tp in data.touchpoints:
        assert tp.account_id in accounts
        assert set(tp.team_member_ids) <= team and set(tp.person_ids) <= people
    current = {(e.person_id, e.account_id) for e in data.employments if e.until is None}
    at = {p: a for p, a in current}
    manager = {r.person_id: r.manager_id for r in data.reports_to}
    for person_id, manager_id in manager.items():
        assert person_id in at and manager_id in at, "reporting lines only between current people"
        assert at[person_id] == at[manager_id], "reporting lines stay within one account"
        seen = set()
        node: str | None = person_id
        while node is not None:
            assert node not in seen, "reporting lines never loop"
            seen.add(node)
            node = manager.get(node)


def test_demo_is_consistent_and_tells_its_story() -> None:
    data = demo_dataset(TODAY)
    check_integrity(data)
    current = [e for e in data.employments if e.account_id == ANCHOR and e.until is None]
    people = {p.id: p for p in data.people}
    anchor_people = [people[e.person_id] for e in current]
    assert len(anchor_people) >= 60
    assert len({p.seniority for p in anchor_people}) >= 4
    assert len({p.department for p in anchor_people}) >= 5
    tiers = {a.tier for a in data.accounts}
    assert tiers == {1, 2, 3, 4}
    roles = {(r.person_id, r.role) for r in data.buying_roles if r.account_id == ANCHOR}
    assert any(
        role == "BLOCKER" and people[p].seniority in ("DIRECTOR", "VP", "C_LEVEL")
        for p, role in roles
    )
    left = [e for e in data.employments if e.account_id == ANCHOR and e.until is not None]
    assert any((e.person_id, "CHAMPION") in roles for e in left)
    henrik = [e for e in data.employments if e.person_id == "p-olsen"]
    assert {(e.account_id, e.until is None) for e in henrik} == {
        (ANCHOR, False),
        ("acc-contoso", True),
    }
    seats = {s.team_member_id for s in data.team_assignments if s.account_id == ANCHOR}
    assert 6 <= len(seats) <= 8
    dates = [t.date for t in data.touchpoints if t.account_id == ANCHOR]
    assert (max(dates) - min(dates)).days > 300
    assert data == demo_dataset(TODAY)  # fixed schedule, same every run


def test_generator_is_deterministic_and_consistent() -> None:
    a = generate_portfolio(3, 20, today=TODAY)
    assert a == generate_portfolio(3, 20, today=TODAY)
    assert a != generate_portfolio(4, 20, today=TODAY)
    check_integrity(a)
    assert len(a.accounts) == 20


@pytest.mark.parametrize("size", [1, 10, 300])
def test_generate_account_has_exactly_n_current_people(size: int) -> None:
    data = generate_account(9, size, today=TODAY)
    check_integrity(data)
    assert len(data.people) == size
    assert all(e.until is None for e in data.employments)
