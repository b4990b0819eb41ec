"""The demo data and the synthetic generator: consistent, deterministic, as promised."""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
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


def _canonical(value: Any) -> Any:
    """A record as the fields that differ from their defaults, so a field or a kind of record
    added later with a default (empty here) leaves a portfolio's digest as it was."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        held = {}
        for f in dataclasses.fields(value):
            v = getattr(value, f.name)
            if f.default is not dataclasses.MISSING:
                default: Any = f.default
            elif f.default_factory is not dataclasses.MISSING:
                default = f.default_factory()
            else:
                default = dataclasses.MISSING
            if v != default:
                held[f.name] = _canonical(v)
        return held
    if isinstance(value, tuple | list):
        return [_canonical(v) for v in value]
    return value


def test_generator_without_signals_is_the_portfolio_it_always_was() -> None:
    # Digests of the portfolios before signals existed: every generated test graph, benchmark
    # and `stakegraph generate` portfolio stays byte for byte what it was (the same digests
    # come from the generator of d561510, before signals, targets and origins).
    digests = [
        hashlib.sha256(repr(_canonical(data)).encode()).hexdigest()[:16]
        for data in (
            generate_portfolio(3, 20, today=TODAY),
            generate_account(9, 25, today=TODAY),
        )
    ]
    assert digests == ["9acc6ad5d12c3fe1", "de53526a79d09e6d"]


def test_generator_signals_add_the_facts_the_newer_figures_read() -> None:
    plain = generate_portfolio(21, 50, today=TODAY)
    data = generate_portfolio(21, 50, today=TODAY, signals=True)
    assert data == generate_portfolio(21, 50, today=TODAY, signals=True)
    check_integrity(data)
    # The portfolio without signals is still in it: same org charts and touchpoints.
    assert set(plain.reports_to) <= set(data.reports_to)
    assert set(plain.touchpoints) <= set(data.touchpoints)
    people = {p.id: p for p in data.people}
    current = {(e.person_id, e.account_id) for e in data.employments if e.until is None}
    # Deals, open and closed, some closing within 60 days, contacts employed there today.
    deals = {o.id: o for o in data.opportunities}
    stages = Counter(o.stage for o in deals.values())
    assert stages["NEGOTIATION"] and stages["CLOSED_WON"] and stages["CLOSED_LOST"]
    assert any(o.close_date and 0 <= (o.close_date - TODAY).days <= 60 for o in deals.values())
    for c in data.opportunity_contact_roles:
        assert (c.person_id, deals[c.opportunity_id].account_id) in current
    with_dm = {
        c.opportunity_id for c in data.opportunity_contact_roles if c.role == "DECISION_MAKER"
    }
    assert with_dm and set(deals) - with_dm
    # Recent executive hires, some within 90 days.
    hires = [
        e
        for e in data.employments
        if e.since
        and people[e.person_id].seniority in ("C_LEVEL", "VP")
        and (TODAY - e.since).days <= 90
    ]
    assert len(hires) >= 5
    # Second stints: an ended employment and a current one at the same account, by champions.
    stints = Counter((e.person_id, e.account_id) for e in data.employments)
    again = [pair for pair, n in stints.items() if n >= 2]
    champions = {(r.person_id, r.account_id) for r in data.buying_roles if r.role == "CHAMPION"}
    assert len(again) >= 5 and set(again) <= champions & current and 3 in stints.values()
    # Renewals within 90 days of today and of 120 days ago.
    renewals = [a.renewal_date for a in data.accounts if a.renewal_date]
    assert sum(0 <= (r - TODAY).days <= 90 for r in renewals) >= 5
    assert sum(-120 <= (r - TODAY).days <= -30 for r in renewals) >= 5
    # Hostile blockers, and attendees without a role or a place in the chart.
    blockers = {r.person_id for r in data.buying_roles if r.role == "BLOCKER"}
    assert any(people[b].perception == "NEGATIVE" for b in blockers)
    placed = {x for r in data.reports_to for x in (r.person_id, r.manager_id)}
    with_role = {r.person_id for r in data.buying_roles}
    attendees = {p for tp in data.touchpoints for p in tp.person_ids}
    assert len(attendees - placed - with_role) >= 5


def test_generator_promotions_give_position_histories_inside_the_current_employment() -> None:
    plain = generate_portfolio(21, 50, today=TODAY, signals=True)
    data = generate_portfolio(21, 50, today=TODAY, signals=True, promotions=True)
    assert data == generate_portfolio(21, 50, today=TODAY, signals=True, promotions=True)
    check_integrity(data)
    # A stream of its own: everything but the positions is the portfolio without them.
    assert dataclasses.replace(data, positions=()) == plain and not plain.positions
    people = {p.id: p for p in data.people}
    started = {(e.person_id, e.account_id): e.since for e in data.employments if e.until is None}
    history: dict[tuple[str, str], list[PositionRecord]] = {}
    for h in data.positions:
        history.setdefault((h.person_id, h.account_id), []).append(h)
    champions = {(r.person_id, r.account_id) for r in data.buying_roles if r.role == "CHAMPION"}
    steps: Counter[str] = Counter()
    for key, held in history.items():
        held.sort(key=lambda h: h.since or date.min)
        since, first, last = started[key], held[0].since, held[-1].since
        assert since is not None and first is not None and last is not None and since <= first
        # One after the other, no gaps; the open one holds today's fields.
        assert all(a.until == b.since for a, b in itertools.pairwise(held))
        person, now = people[key[0]], held[-1]
        assert now.until is None and (now.title, now.department, now.seniority) == (
            person.title,
            person.department,
            person.seniority,
        )
        before = held[-2]
        age = (TODAY - last).days
        assert 5 <= age <= 260
        if before.seniority != now.seniority:
            steps[f"{before.seniority}->{now.seniority}"] += 1
        steps["department"] += before.department != now.department
        steps["gap"] += first != since
        steps["three"] += len(held) == 3
        if key in champions and before.title and before.title.strip() != (now.title or ""):
            steps["champion within" if age <= 180 else "champion outside"] += 1
    assert steps["MANAGER->DIRECTOR"] >= 5 and steps["VP->C_LEVEL"] >= 3, steps
    assert min(steps["department"], steps["gap"], steps["three"]) >= 5, steps
    assert steps["champion within"] >= 5 and steps["champion outside"] >= 2, steps


@pytest.mark.parametrize("size", [1, 10, 300])
def test_generate_account_has_exactly_n_current_people(size: int) -> None:
    data = generate_account(9, size, today=TODAY)
    check_integrity(data)
    assert len(data.people) == size
    assert all(e.until is None for e in data.employments)
