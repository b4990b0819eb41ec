"""Every query in docs/cypher-recipes.md runs, as written, against the demo portfolio, and
returns the rows an independent computation expects: plain Python over the demo's own data
(``demo_input``), or, for the strength recipes, the API's strengths (computed by scoring/).

The graph diagram of the same page is checked against what the loaded demo holds.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any

from api.demo_loader import demo_input
from tests.helpers import ROOT, TODAY, GraphQL

DOC = (ROOT / "docs" / "cypher-recipes.md").read_text()
RECIPES = dict(re.findall(r"```cypher\n// recipe: ([\w-]+)\n(.*?)```", DOC, flags=re.S))
CYPHER = """query($q: String!) { cypher(query: $q) { columns rows rowCount truncated } }"""

Rows = list[list[Any]]


class Demo:
    """The demo portfolio as loaded today, indexed for the expectations below."""

    def __init__(self, today: date) -> None:
        data = demo_input(today)
        self.today = today
        self.accounts = {a["id"]: a for a in data["accounts"]}
        self.people = {p["id"]: p for p in data["people"]}
        self.members = {t["id"]: t for t in data["teamMembers"]}
        self.employments = data["employments"]
        self.roles = data["buyingRoles"]
        self.lines = data["reportsTo"]
        self.influences = data["influences"]
        self.introductions = data["introductions"]
        self.seats = data["teamAssignments"]
        self.touchpoints = data["touchpoints"]
        self.relationships = data["relationships"] + self.from_activity(data)

    def from_activity(self, data: dict[str, Any]) -> list[dict[str, Any]]:
        """The relationships the touchpoints make (docs/model.md, relationships follow
        activity): a pair who met, with none on record, the person employed at the
        touchpoint's account on its date; since its first such touchpoint."""
        recorded = {(r["teamMemberId"], r["personId"]) for r in data["relationships"]}
        made: dict[tuple[str, str], str] = {}
        for tp in data["touchpoints"]:
            for member in tp["teamMemberIds"]:
                for person in tp["personIds"]:
                    pair = (member, person)
                    if pair in recorded or not any(
                        e["personId"] == person
                        and e["accountId"] == tp["accountId"]
                        and e.get("since", tp["date"]) <= tp["date"]
                        and e.get("until", "9999-12-31") > tp["date"]
                        for e in data["employments"]
                    ):
                        continue
                    made[pair] = min(made.get(pair, tp["date"]), tp["date"])
        return [
            {"teamMemberId": m, "personId": p, "since": day, "origin": "ACTIVITY"}
            for (m, p), day in sorted(made.items())
        ]

    def age(self, day: str) -> int:
        return (self.today - date.fromisoformat(day)).days

    def current(self, person: str, account: str) -> bool:
        return any(
            e["personId"] == person
            and e["accountId"] == account
            and (e.get("until") is None or date.fromisoformat(e["until"]) > self.today)
            for e in self.employments
        )

    def current_people(self, account: str) -> list[dict[str, Any]]:
        return [p for p in self.people.values() if self.current(p["id"], account)]

    def knowers(self, person: str) -> list[str]:
        return sorted(
            self.members[r["teamMemberId"]]["name"]
            for r in self.relationships
            if r["personId"] == person
        )

    def last_contact(self, member: str, person: str) -> str | None:
        """As the import records it: the given date or the latest touchpoint both attended."""
        dates = [
            r["lastContact"]
            for r in self.relationships
            if r["teamMemberId"] == member and r["personId"] == person and r.get("lastContact")
        ] + [
            tp["date"]
            for tp in self.touchpoints
            if member in tp["teamMemberIds"] and person in tp["personIds"]
        ]
        return max(dates, default=None)

    @staticmethod
    def client_initiated(tp: dict[str, Any]) -> bool:
        """As graph/rules.py decides it: a named initiator decides, else the given flag."""
        if tp.get("initiatorId"):
            return tp["initiatorId"] in tp["personIds"]
        return bool(tp.get("initiatedByClient", False))

    def name(self, node_id: str) -> str:
        record = self.people.get(node_id) or self.members.get(node_id) or self.accounts[node_id]
        return str(record["name"])


def single_threaded_accounts(d: Demo) -> Rows:
    rows = []
    for a in d.accounts.values():
        contacts = {
            d.people[p]["name"]
            for tp in d.touchpoints
            if tp["accountId"] == a["id"] and 0 <= d.age(tp["date"]) < 90 and tp["teamMemberIds"]
            for p in tp["personIds"]
            if d.current(p, a["id"])
        }
        if len(contacts) <= 1:
            rows.append([a["name"], a["tier"], a.get("isKeyAccount", False), sorted(contacts)])
    return sorted(rows, key=lambda r: (not r[2], -r[1], r[0]))


def unknown_executives(d: Demo) -> Rows:
    rows = [
        [d.accounts[e["accountId"]]["name"], p["name"], e.get("title"), p["seniority"]]
        for e in d.employments
        for p in [d.people[e["personId"]]]
        if d.current(p["id"], e["accountId"])
        and p.get("seniority") in ("C_LEVEL", "VP")
        and not d.knowers(p["id"])
    ]
    return sorted(rows, key=lambda r: (r[0], r[1]))


def people_who_moved(d: Demo) -> Rows:
    rows = []
    for left in d.employments:
        if left.get("until") is None or d.age(left["until"]) < 0:
            continue
        for joined in d.employments:
            if (
                joined["personId"] == left["personId"]
                and joined["accountId"] != left["accountId"]
                and joined["since"] > left["since"]
            ):
                person = left["personId"]
                rows.append(
                    [
                        d.people[person]["name"],
                        d.accounts[left["accountId"]]["name"],
                        left.get("title"),
                        left["until"],
                        d.accounts[joined["accountId"]]["name"],
                        joined.get("title"),
                        joined["since"],
                        bool(d.knowers(person)),
                    ]
                )
    return sorted(rows, key=lambda r: (date.max - date.fromisoformat(r[3]), r[0]))


def champions_who_left(d: Demo) -> Rows:
    rows = []
    for role in d.roles:
        person, account = role["personId"], role["accountId"]
        if role["role"] != "CHAMPION" or d.current(person, account):
            continue
        left = max(
            e["until"]
            for e in d.employments
            if e["personId"] == person and e["accountId"] == account and e.get("until")
        )
        if d.age(left) > 180:
            continue
        elsewhere = [
            e
            for e in d.employments
            if e["personId"] == person and d.current(person, e["accountId"])
        ] or [{"accountId": None}]
        for now in elsewhere:
            rows.append(
                [
                    d.people[person]["name"],
                    d.accounts[account]["name"],
                    left,
                    d.accounts[now["accountId"]]["name"] if now["accountId"] else None,
                    now.get("title"),
                    d.knowers(person),
                ]
            )
    return sorted(rows, key=lambda r: (date.max - date.fromisoformat(r[2]), r[0]))


def declining_touchpoints(d: Demo) -> Rows:
    rows = []
    for a in d.accounts.values():
        ages = [d.age(tp["date"]) for tp in d.touchpoints if tp["accountId"] == a["id"]]
        recent = sum(0 <= age < 90 for age in ages)
        before = sum(90 <= age < 180 for age in ages)
        if before >= 2 and recent * 2 < before:
            rows.append([a["name"], a["tier"], before, recent])
    return sorted(rows, key=lambda r: (r[3] / r[2], r[0]))


def single_path_decision_makers(d: Demo) -> Rows:
    edges = (
        [(x["personId"], x["managerId"]) for x in d.lines]
        + [(x["personId"], x["influencedId"]) for x in d.influences]
        + [(x["introducerId"], x["introducedId"]) for x in d.introductions]
    )
    neighbours: dict[str, set[str]] = defaultdict(set)
    for one, other in edges:
        neighbours[one].add(other)
        neighbours[other].add(one)
    rows = []
    for role in d.roles:
        person, account = role["personId"], role["accountId"]
        if role["role"] != "DECISION_MAKER" or not d.current(person, account):
            continue
        direct = d.knowers(person)
        through = sorted(
            d.people[q]["name"]
            for q in neighbours[person]
            if d.current(q, account) and d.knowers(q)
        )
        if len(direct) + len(through) == 1:
            rows.append([d.accounts[account]["name"], d.people[person]["name"], direct, through])
    return sorted(rows, key=lambda r: (r[0], r[1]))


def uncovered_departments(d: Demo) -> Rows:
    rows = []
    for a in d.accounts.values():
        departments: dict[str, list[bool]] = defaultdict(list)
        for p in d.current_people(a["id"]):
            if p.get("department"):
                departments[p["department"]].append(bool(d.knowers(p["id"])))
        rows += [
            [a["name"], department, len(known)]
            for department, known in departments.items()
            if not any(known)
        ]
    return sorted(rows, key=lambda r: (r[0], r[1]))


def senior_blockers(d: Demo) -> Rows:
    rows = []
    for role in d.roles:
        p = d.people[role["personId"]]
        if (
            role["role"] == "BLOCKER"
            and d.current(p["id"], role["accountId"])
            and p.get("seniority") in ("C_LEVEL", "VP", "DIRECTOR")
        ):
            contacts = sorted(
                (
                    {
                        "teamMember": d.members[r["teamMemberId"]]["name"],
                        "lastContact": d.last_contact(r["teamMemberId"], p["id"]),
                    }
                    for r in d.relationships
                    if r["personId"] == p["id"]
                ),
                key=lambda c: str(c["teamMember"]),
            )
            rows.append(
                [
                    d.accounts[role["accountId"]]["name"],
                    p["name"],
                    p.get("title"),
                    p.get("perception", "UNKNOWN"),
                    contacts,
                ]
            )
    return sorted(rows, key=lambda r: (r[0], r[1]))


def no_executive_sponsor(d: Demo) -> Rows:
    rows = []
    for a in d.accounts.values():
        seats = [s for s in d.seats if s["accountId"] == a["id"]]
        if a["tier"] >= 3 and not any(s["role"] == "EXECUTIVE_SPONSOR" for s in seats):
            team = sorted(f"{d.members[s['teamMemberId']]['name']} ({s['role']})" for s in seats)
            rows.append([a["name"], a["tier"], team])
    return sorted(rows, key=lambda r: r[0])


def introductions(d: Demo) -> Rows:
    rows = [
        [
            d.name(i["introducerId"]),
            d.name(i["introducedId"]),
            d.name(i["teamMemberId"]),
            i["date"],
            any(
                r["teamMemberId"] == i["teamMemberId"] and r["personId"] == i["introducedId"]
                for r in d.relationships
            ),
        ]
        for i in d.introductions
    ]
    return sorted(rows, key=lambda r: date.max - date.fromisoformat(r[3]))


def engagement_mix(d: Demo) -> Rows:
    rows = []
    for a in d.accounts.values():
        tps = [
            tp
            for tp in d.touchpoints
            if tp["accountId"] == a["id"] and 0 <= d.age(tp["date"]) < 180
        ]
        rows.append(
            [
                a["name"],
                a["tier"],
                len(tps),
                sum(tp["channel"] == "IN_PERSON" for tp in tps),
                sum(d.client_initiated(tp) for tp in tps),
                max((tp["date"] for tp in tps if tp["kind"] == "EXECUTIVE"), default=None),
                max((tp["date"] for tp in tps if tp["kind"] == "STRATEGIC"), default=None),
            ]
        )
    return sorted(rows, key=lambda r: (-r[1], r[0]))


#: The recipes checked against plain Python over the demo data.
FROM_DATA: dict[str, Callable[[Demo], Rows]] = {
    "single-threaded-accounts": single_threaded_accounts,
    "unknown-executives": unknown_executives,
    "people-who-moved": people_who_moved,
    "champions-who-left": champions_who_left,
    "declining-touchpoints": declining_touchpoints,
    "single-path-decision-makers": single_path_decision_makers,
    "uncovered-departments": uncovered_departments,
    "senior-blockers": senior_blockers,
    "no-executive-sponsor": no_executive_sponsor,
    "introductions": introductions,
    "engagement-mix": engagement_mix,
}
#: The recipes checked against the strengths the API computes (scoring/strength.py).
FROM_API = ("relationship-strength", "weak-relationship-holders")

STRENGTHS = """{ accounts(first: 20) { edges { node { name
  relationships(first: 100) { edges { node {
    teamMember { name } person { name } strength strengthSource } } } } } } }"""


def test_every_recipe_is_checked() -> None:
    assert len(RECIPES) >= 10
    assert sorted(RECIPES) == sorted([*FROM_DATA, *FROM_API])


async def _run(gql: GraphQL, query: str) -> dict[str, Any]:
    body = await gql(CYPHER, {"q": query})
    result: dict[str, Any] = body["data"]["cypher"]
    assert result["truncated"] is False
    return result


async def test_recipes_return_the_rows_the_demo_data_implies(gql: GraphQL, demo: None) -> None:
    data = Demo(TODAY)
    wrong = {}
    for recipe, expected in FROM_DATA.items():
        rows = expected(data)
        assert rows, f"{recipe}: the demo data should give it something to find"
        got = (await _run(gql, RECIPES[recipe]))["rows"]
        if got != rows:
            wrong[recipe] = {"got": got, "expected": rows}
    assert wrong == {}


async def test_strength_recipes_agree_with_the_api(gql: GraphQL, demo: None) -> None:
    body = await gql(STRENGTHS)
    api = sorted(
        [
            account["node"]["name"],
            r["teamMember"]["name"],
            r["person"]["name"],
            r["strength"],
            r["strengthSource"],
        ]
        for account in body["data"]["accounts"]["edges"]
        for edge in account["node"]["relationships"]["edges"]
        for r in [edge["node"]]
    )
    strengths = await _run(gql, RECIPES["relationship-strength"])
    assert strengths["columns"][:5] == ["account", "teamMember", "person", "strength", "source"]
    assert [row[:5] for row in strengths["rows"]] == api
    assert {row[3] for row in api} >= {"STRONG", "DEVELOPING", "WEAK", "AT_RISK"}

    weak: dict[str, list[str]] = defaultdict(list)
    at_risk: dict[str, int] = defaultdict(int)
    for account, member, person, strength, _ in api:
        if strength in ("WEAK", "AT_RISK"):
            weak[member].append(f"{person} ({account})")
            at_risk[member] += strength == "AT_RISK"
    order = sorted(weak, key=lambda m: (-len(weak[m]), -at_risk[m], m))
    expected = [[m, len(weak[m]), at_risk[m], sorted(weak[m])] for m in order]
    holders = (await _run(gql, RECIPES["weak-relationship-holders"]))["rows"]
    assert [[*row[:3], sorted(row[3])] for row in holders] == expected


# ---- the diagram -------------------------------------------------------------------------

MERMAID = re.search(r"```mermaid\nerDiagram\n(.*?)```", DOC, flags=re.S)
MODEL = (ROOT / "docs" / "model.md").read_text()


def _diagram() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(label -> properties, relationship type -> properties) as the diagram draws them."""
    assert MERMAID
    text = MERMAID.group(1)
    labels = {
        name: {line.split()[1] for line in body.strip().splitlines()}
        for name, body in re.findall(r"(\w+) \{\n(.*?)\n\s*\}", text, flags=re.S)
    }
    types: dict[str, set[str]] = defaultdict(set)
    for label in re.findall(r'^\s*\w+ \S+ \w+ : "([^"]+)"', text, flags=re.M):
        name, *props = label.split()
        types[name] |= set(props)
    return labels, dict(types)


async def test_the_diagram_draws_what_the_demo_holds(gql: GraphQL, demo: None) -> None:
    await gql("mutation { recomputeScores(snapshot: true) { accounts } }")
    labels, types = _diagram()
    nodes = await _run(
        gql,
        "CALL db.schema.nodeTypeProperties() YIELD nodeLabels, propertyName "
        "RETURN nodeLabels[0] AS label, collect(propertyName) AS properties",
    )
    held = {label: set(props) - {None} for label, props in nodes["rows"]}
    held.pop("StakegraphTestMarker")  # the tests' own marker
    held.pop("ApiKey")  # the server's API keys (docs/security.md), not the model
    held.pop("GraphVersion", None)  # the response cache's versions (docs/model.md), not drawn
    for label in ("AlertEvent", "Webhook", "WebhookDelivery"):  # docs/alerts.md, not drawn
        held.pop(label, None)
    assert set(held) == set(labels)
    for label, props in held.items():
        assert props <= labels[label], (label, props - labels[label])
    rels = await _run(
        gql,
        "CALL db.schema.relTypeProperties() YIELD relType, propertyName "
        "RETURN substring(relType, 2, size(relType) - 3) AS type, collect(propertyName) AS properties",
    )
    held_types = {name: set(props) - {None} for name, props in rels["rows"]}
    assert set(held_types) == set(types)
    for name, props in held_types.items():
        assert props <= types[name], (name, props - types[name])
    # What the demo does not use (KNOWS.notes, REPORTS_TO.until ...) the model page names.
    for name, props in [*labels.items(), *types.items()]:
        assert f"`{name}`" in MODEL or f":{name}]" in MODEL, name
        for prop in props:
            assert f"`{prop}`" in MODEL, (name, prop)


def test_recipes_use_today_not_a_fixed_date() -> None:
    # The demo's dates move with the day it is loaded; a recipe with a literal date would rot.
    for recipe, text in RECIPES.items():
        assert not re.search(r"date\('\d", text), recipe
