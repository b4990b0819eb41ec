"""Org charts and the stakeholder map as of a date, through GraphQL, on a known dated graph.

Asof Corp, built by import and then changed by the mutations an account manager would use:
Bo Boss (CEO) ← Mia Manager ← Ann Analyst, and Cal Champion ← Bo Boss. Since then Cal left
(on THEN + 50), Ann moved to report to Bo (on THEN + 100), Ann became an influencer (THEN +
170) and Ned New joined (THEN + 150). Every expectation below is worked out by hand from
those dates and docs/scoring.md's strength rules, not read from the code.
"""

from __future__ import annotations

from typing import Any

import pytest

from graph.access import AccountScope, Role
from graph.dataset import (
    AccountRecord,
    BuyingRoleRecord,
    Dataset,
    EmploymentRecord,
    PersonRecord,
    RelationshipRecord,
    ReportsToRecord,
    TeamMemberRecord,
    TouchpointRecord,
)
from tests.helpers import GraphQL, KeyFor, LoadGraph
from tests.integration.small_graph import ago

ACCOUNT = "acc-asof"
THEN = ago(200)  # the day the chart is asked as of
CHART = """query($asOf: Date) { account(id: "acc-asof") { orgChart(asOf: $asOf) {
    rootIds totalCount nodes { personId parentId depth roles bestStrength
    person { name } owners { name strength } } edges { source target } } } }"""


def _dataset() -> Dataset:
    people = (
        PersonRecord(id="p-boss", name="Bo Boss", seniority="C_LEVEL", department="Board"),
        PersonRecord(id="p-mgr", name="Mia Manager", seniority="VP", department="Ops"),
        PersonRecord(id="p-analyst", name="Ann Analyst", seniority="MANAGER", department="Ops"),
        PersonRecord(id="p-champ", name="Cal Champion", seniority="DIRECTOR", department="IT"),
        PersonRecord(id="p-new", name="Ned New", seniority="MANAGER", department="IT"),
    )
    employed = ("p-boss", "p-mgr", "p-analyst", "p-champ")

    def meeting(i: int, day: int, person: str) -> TouchpointRecord:
        return TouchpointRecord(
            id=f"tp-asof-{i}",
            account_id=ACCOUNT,
            date=ago(day),
            channel="IN_PERSON",
            kind="OPERATIONAL",
            summary=f"Meeting {i}",
            team_member_ids=("tm-tia",),
            person_ids=(person,),
        )

    return Dataset(
        accounts=(
            AccountRecord(id=ACCOUNT, name="Asof Corp", tier=3),
            AccountRecord(id="acc-elsewhere", name="Elsewhere", tier=1),
        ),
        people=people,
        employments=(
            *(EmploymentRecord(person_id=p, account_id=ACCOUNT, since=ago(1000)) for p in employed),
            EmploymentRecord(person_id="p-new", account_id=ACCOUNT, since=ago(50)),
        ),
        reports_to=(
            ReportsToRecord(person_id="p-mgr", manager_id="p-boss", since=ago(900)),
            ReportsToRecord(person_id="p-analyst", manager_id="p-mgr", since=ago(900)),
            ReportsToRecord(person_id="p-champ", manager_id="p-boss", since=ago(900)),
        ),
        buying_roles=(
            BuyingRoleRecord("p-boss", ACCOUNT, "DECISION_MAKER", since=ago(800)),
            BuyingRoleRecord("p-champ", ACCOUNT, "CHAMPION", since=ago(800)),
        ),
        team_members=(TeamMemberRecord(id="tm-tia", name="Tia Account"),),
        relationships=(
            RelationshipRecord("rel-asof-1", "tm-tia", "p-analyst", since=ago(700)),
            RelationshipRecord("rel-asof-2", "tm-tia", "p-champ", since=ago(700)),
            RelationshipRecord("rel-asof-3", "tm-tia", "p-new", since=ago(40)),
        ),
        # Ann: four in-person meetings in the three weeks before THEN. Cal: one, 5 days before.
        touchpoints=(
            *(meeting(i, 200 + d, "p-analyst") for i, d in enumerate((1, 8, 15, 22))),
            meeting(9, 205, "p-champ"),
        ),
    )


@pytest.fixture
async def dated(load_graph: LoadGraph, gql: GraphQL) -> None:
    await load_graph(_dataset())
    changes = """mutation($left: Date!, $moved: Date!, $role: Date!) {
      a: endEmployment(personId: "p-champ", accountId: "acc-asof", until: $left) {
        userErrors { code } }
      b: setReportsTo(personId: "p-analyst", managerId: "p-boss", since: $moved) {
        userErrors { code } }
      c: assignBuyingRole(personId: "p-analyst", accountId: "acc-asof", role: INFLUENCER,
                          since: $role) { userErrors { code } }
    }"""
    body = await gql(
        changes,
        {"left": ago(150).isoformat(), "moved": ago(100).isoformat(), "role": ago(30).isoformat()},
    )
    assert all(body["data"][k]["userErrors"] == [] for k in "abc"), body


async def _chart(gql: GraphQL, as_of: Any) -> dict[str, Any]:
    body = await gql(CHART, {"asOf": as_of.isoformat() if as_of else None})
    chart: dict[str, Any] = body["data"]["account"]["orgChart"]
    return chart


def _parents(chart: dict[str, Any]) -> dict[str, str | None]:
    return {n["personId"]: n["parentId"] for n in chart["nodes"]}


async def test_chart_as_of_a_date_and_today(gql: GraphQL, dated: None) -> None:
    then = await _chart(gql, THEN)
    # Cal had not left yet, Ned was not hired yet, Ann reported to Mia.
    assert _parents(then) == {
        "p-boss": None,
        "p-mgr": "p-boss",
        "p-analyst": "p-mgr",
        "p-champ": "p-boss",
    }
    assert then["rootIds"] == ["p-boss"] and then["totalCount"] == 4
    nodes = {n["personId"]: n for n in then["nodes"]}
    assert nodes["p-analyst"]["depth"] == 2
    assert nodes["p-analyst"]["roles"] == []  # the influencer role came later
    assert nodes["p-champ"]["roles"] == ["CHAMPION"]
    # Four in-person meetings (weight 3) aged 1-22 days, half-life 45: each above
    # 3 * 0.5 ** (22 / 45) > 2.1, together above 6: strong. Cal's one meeting 5 days old:
    # 3 * 0.5 ** (5 / 45) = 2.78, between 2 and 6: developing.
    assert nodes["p-analyst"]["owners"] == [{"name": "Tia Account", "strength": "STRONG"}]
    assert nodes["p-analyst"]["bestStrength"] == "STRONG"
    assert nodes["p-champ"]["bestStrength"] == "DEVELOPING"
    assert {(e["source"], e["target"]) for e in then["edges"]} == {
        ("p-mgr", "p-boss"),
        ("p-analyst", "p-mgr"),
        ("p-champ", "p-boss"),
    }

    today = await _chart(gql, None)
    assert _parents(today) == {
        "p-boss": None,
        "p-mgr": "p-boss",
        "p-analyst": "p-boss",
        "p-new": None,  # hired without a manager
    }
    nodes = {n["personId"]: n for n in today["nodes"]}
    assert nodes["p-analyst"]["roles"] == ["INFLUENCER"]
    # Today every meeting is over 180 days old (no points: weak), and 90 days ago they were
    # over 110 days old (4 * 3 * 0.5 ** (111 / 45) < 2.2, not strong: not at risk either).
    assert nodes["p-analyst"]["bestStrength"] == "WEAK"
    assert nodes["p-new"]["owners"] == [{"name": "Tia Account", "strength": "WEAK"}]


async def test_the_days_a_line_and_an_employment_change(gql: GraphQL, dated: None) -> None:
    # A line ends on its until day and the next starts on its since day; an employment ends on
    # its until day.
    assert _parents(await _chart(gql, ago(101)))["p-analyst"] == "p-mgr"
    assert _parents(await _chart(gql, ago(100)))["p-analyst"] == "p-boss"
    assert "p-champ" in _parents(await _chart(gql, ago(151)))
    assert "p-champ" not in _parents(await _chart(gql, ago(150)))
    # Before anyone was employed there, the chart is empty.
    assert (await _chart(gql, ago(2000)))["nodes"] == []


async def test_tree_and_pages_as_of_a_date(gql: GraphQL, dated: None) -> None:
    body = await gql(
        """query($asOf: Date) { account(id: "acc-asof") {
            orgTree(asOf: $asOf) { personId roles children { personId children { personId } } }
            page: orgChart(asOf: $asOf, depth: 1, first: 2) {
              totalCount nodes { personId hiddenDescendants } pageInfo { hasNextPage } } } }""",
        {"asOf": THEN.isoformat()},
    )
    (boss,) = body["data"]["account"]["orgTree"]
    assert boss["personId"] == "p-boss" and boss["roles"] == ["DECISION_MAKER"]
    # Children by name: Cal Champion, then Mia Manager with Ann below her.
    assert [c["personId"] for c in boss["children"]] == ["p-champ", "p-mgr"]
    assert boss["children"][1]["children"] == [{"personId": "p-analyst"}]
    page = body["data"]["account"]["page"]
    assert page["totalCount"] == 3  # Bo, Cal, Mia within depth 1
    assert page["nodes"] == [
        {"personId": "p-boss", "hiddenDescendants": 1},  # Ann, below depth 1
        {"personId": "p-champ", "hiddenDescendants": 0},
    ]
    assert page["pageInfo"]["hasNextPage"] is True


async def test_stakeholder_map_as_of_a_date(gql: GraphQL, dated: None) -> None:
    query = """query($asOf: Date) { account(id: "acc-asof") { stakeholderMap(asOf: $asOf) {
        person { personId } roles bestStrength hasActiveRelationship lastTouchpoint } } }"""
    then = await gql(query, {"asOf": THEN.isoformat()})
    rows = {r["person"]["personId"]: r for r in then["data"]["account"]["stakeholderMap"]}
    assert set(rows) == {"p-boss", "p-mgr", "p-analyst", "p-champ"}
    # Strong, last met the day before: active. Cal developing, met 5 days before: active.
    assert rows["p-analyst"]["hasActiveRelationship"] is True
    assert rows["p-analyst"]["lastTouchpoint"] == ago(201).isoformat()
    assert rows["p-champ"]["roles"] == ["CHAMPION"]
    assert rows["p-champ"]["hasActiveRelationship"] is True
    assert rows["p-champ"]["lastTouchpoint"] == ago(205).isoformat()
    # Before the meetings: no touchpoint yet, and nothing active.
    early = await gql(query, {"asOf": ago(230).isoformat()})
    rows = {r["person"]["personId"]: r for r in early["data"]["account"]["stakeholderMap"]}
    assert rows["p-analyst"]["lastTouchpoint"] is None
    assert rows["p-analyst"]["hasActiveRelationship"] is False

    today = await gql(query, {"asOf": None})
    rows = {r["person"]["personId"]: r for r in today["data"]["account"]["stakeholderMap"]}
    assert set(rows) == {"p-boss", "p-mgr", "p-analyst", "p-new"}
    assert rows["p-analyst"]["roles"] == ["INFLUENCER"]
    assert rows["p-analyst"]["hasActiveRelationship"] is False  # weak, silent for 200 days


async def test_chart_as_of_a_date_keeps_to_the_account_scope(
    gql: GraphQL, dated: None, key_for: KeyFor, anonymous: Any
) -> None:
    async def ask(scope: str) -> dict[str, Any]:
        key = await key_for(Role.VIEWER, scope=AccountScope(frozenset({scope})))
        response = await anonymous.post(
            "/graphql",
            json={"query": CHART, "variables": {"asOf": THEN.isoformat()}},
            headers={"Authorization": f"Bearer {key}"},
        )
        body: dict[str, Any] = response.json()
        return body

    inside = await ask(ACCOUNT)
    assert _parents(inside["data"]["account"]["orgChart"])["p-champ"] == "p-boss"
    outside = await ask("acc-elsewhere")
    assert outside["data"]["account"] is None
