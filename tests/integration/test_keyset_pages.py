"""Keyset cursors through GraphQL on a known graph: walking every connection page by page gives
exactly its whole ordered list (ties and missing values included, both directions), a write
between two pages neither repeats nor skips the rows it did not move, and a cursor of another
connection, order or format is INVALID_CURSOR."""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest
from strawberry.relay import from_base64

from demo.generator import generate_portfolio
from graph.access import AccountScope, Role
from graph.client import GraphClient
from graph.dataset import OpportunityRecord
from tests.helpers import TODAY, GraphQL, KeyFor, LoadGraph

BIG = "acc-00000"
WHOLE = 100  # the largest page: one page holds each list of the known graph whole


async def _known_graph(gql: GraphQL, load_graph: LoadGraph, graph: GraphClient) -> None:
    """A generated portfolio made to hold ties and missing values in every order."""
    dataset = generate_portfolio(31, 6, people_per_account=(24, 30), today=TODAY)
    day = TODAY - timedelta(days=40)
    deals = [
        # Undated deals (last), dated ones sharing a day, and names that tie.
        OpportunityRecord(
            id=f"opp-{i:02d}",
            account_id=BIG,
            name="Renewal" if i % 3 else f"Expansion {i % 2}",
            stage="PROPOSAL" if i % 2 else "CLOSED_WON",
            close_date=None if i % 4 == 1 else day + timedelta(days=i % 3),
        )
        for i in range(13)
    ]
    await load_graph(dataclasses.replace(dataset, opportunities=tuple(deals)))
    await gql("mutation { recomputeScores { accounts } }")
    session = graph.session()
    await session.write(
        f"""MATCH (p:Person)-[:EMPLOYED_AT]->(:Account {{id: '{BIG}'}})
        WITH DISTINCT p ORDER BY p.id LIMIT 9 SET p.name = 'Pat Tie'"""
    )
    await session.write("MATCH (t:TeamMember) WITH t ORDER BY t.id LIMIT 5 SET t.name = 'Sam Tie'")
    await session.write(
        f"""MATCH (tp:Touchpoint)-[:AT_ACCOUNT]->(:Account {{id: '{BIG}'}})
        WITH tp ORDER BY tp.id LIMIT 7 SET tp.date = $day""",
        {"day": day},
    )
    # Sort values missing or tied across the portfolio's accounts.
    await session.write(
        """MATCH (a:Account) WITH a ORDER BY a.id
        WITH collect(a) AS all
        FOREACH (a IN all[0..2] | REMOVE a.annualRevenue, a.renewalDate, a.breadthScore)
        FOREACH (a IN all[2..5] | SET a.tier = 2, a.clientSince = date('2019-04-01'))"""
    )
    # Alerts and deliveries whose instants tie, or differ by a nanosecond only.
    await session.write(
        """UNWIND range(0, 11) AS i
        WITH i, datetime('2026-03-01T10:00:00.000000001Z') + duration({nanoseconds: i % 3}) AS at
        CREATE (:AlertEvent {id: 'ev-' + toString(100 + i * 7 % 12), accountId: $big,
                code: 'NO_ACTIVE_RELATIONSHIPS', transition: 'APPEARED', asOf: date(), at: at})
        CREATE (:WebhookDelivery {id: 'dl-' + toString(100 + i * 5 % 12),
                eventId: 'ev-100', webhookId: 'wh-1', status: 'DELIVERED', attempts: 1,
                createdAt: at})""",
        {"big": BIG},
    )


@pytest.fixture
async def known(gql: GraphQL, load_graph: LoadGraph, graph: GraphClient) -> None:
    await _known_graph(gql, load_graph, graph)


Path = Callable[[dict[str, Any]], dict[str, Any]]


async def _walk(
    gql: GraphQL, document: str, variables: dict[str, Any], path: Path, first: int
) -> tuple[list[dict[str, Any]], int]:
    """Every node of a connection, ``first`` at a time, and its totalCount."""
    nodes: list[dict[str, Any]] = []
    after = None
    while True:
        body = await gql(document, {**variables, "first": first, "after": after})
        page = path(body["data"])
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        nodes += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes, page["totalCount"]
        assert len(page["edges"]) == first
        after = page["pageInfo"]["endCursor"]


async def _check(
    gql: GraphQL,
    document: str,
    variables: dict[str, Any],
    path: Path,
    key: Callable[[dict[str, Any]], Any],
    *,
    reverse: bool = False,
    first: int = 3,
) -> list[dict[str, Any]]:
    """The walk equals the whole list in one page, which is in the order ``key`` says."""
    whole, total = await _walk(gql, document, variables, path, WHOLE)
    walked, walked_total = await _walk(gql, document, variables, path, first)
    assert len(whole) == total == walked_total
    assert walked == whole
    assert whole == sorted(whole, key=key, reverse=reverse)
    return whole


PAGE_INFO = "totalCount pageInfo { hasNextPage hasPreviousPage endCursor }"


def _account_list(name: str, arguments: str, selection: str) -> str:
    """A document that pages through one of acc-00000's lists; ``arguments``: ``(name, type)``
    pairs besides first/after, as ``$name: Type`` declarations and ``name: $name`` uses."""
    declared = "".join(f", ${a.split(':')[0].strip()}: {a.split(':')[1].strip()}"
                       for a in arguments.split(";") if a)  # fmt: skip
    used = "".join(f"{a.split(':')[2].strip()}: ${a.split(':')[0].strip()}, "
                   for a in arguments.split(";") if a)  # fmt: skip
    return (
        f"query($id: ID!, $first: Int, $after: String{declared}) {{ account(id: $id) {{ "
        f"{name}({used}first: $first, after: $after) {{ {PAGE_INFO} edges {{ node {{ "
        f"{selection} }} }} }} }} }}"
    )


ACCOUNT_LISTS = {
    "people": _account_list("people", "status: EmploymentStatus!: status", "personId name"),
    "team": _account_list("team", "", "role member { teamMemberId name }"),
    "relationships": _account_list(
        "relationships", "former: Boolean!: includeFormer", "id person { name } teamMember { name }"
    ),
    "touchpoints": _account_list("touchpoints", "", "touchpointId date"),
    "opportunities": _account_list(
        "opportunities", "open: Boolean!: openOnly", "opportunityId name closeDate"
    ),
}

SEATS = ["EXECUTIVE_SPONSOR", "ACCOUNT_LEAD", "DELIVERY_LEAD"]


def _seat(role: str) -> int:
    return SEATS.index(role) if role in SEATS else 3


def _list(name: str) -> Path:
    return lambda data: data["account"][name]


@pytest.mark.parametrize(
    ("status", "former", "open_only"), [("CURRENT", False, False), ("ALL", True, True)]
)
async def test_every_list_of_an_account_walks_whole_with_ties(
    gql: GraphQL, known: None, status: str, former: bool, open_only: bool
) -> None:
    people = await _check(
        gql,
        ACCOUNT_LISTS["people"],
        {"id": BIG, "status": status},
        _list("people"),
        lambda n: (n["name"], n["personId"]),
    )
    assert sum(n["name"] == "Pat Tie" for n in people) >= 5
    await _check(
        gql,
        ACCOUNT_LISTS["team"],
        {"id": BIG},
        _list("team"),
        lambda n: (_seat(n["role"]), n["member"]["name"], n["member"]["teamMemberId"]),
        first=1,
    )
    await _check(
        gql,
        ACCOUNT_LISTS["relationships"],
        {"id": BIG, "former": former},
        _list("relationships"),
        lambda n: (n["person"]["name"], n["teamMember"]["name"], from_base64(n["id"])[1]),
    )
    # Newest first, ties by id ascending: sorted by day here, the ids of each day below.
    touchpoints = await _check(
        gql,
        ACCOUNT_LISTS["touchpoints"],
        {"id": BIG},
        _list("touchpoints"),
        lambda n: n["date"],
        reverse=True,
    )
    by_day: dict[str, list[str]] = {}
    for node in touchpoints:
        by_day.setdefault(node["date"], []).append(node["touchpointId"])
    assert all(ids == sorted(ids) for ids in by_day.values())
    assert max(len(ids) for ids in by_day.values()) >= 7
    deals = await _check(
        gql,
        ACCOUNT_LISTS["opportunities"],
        {"id": BIG, "open": open_only},
        _list("opportunities"),
        lambda n: (n["closeDate"] is None, n["closeDate"] or "", n["name"], n["opportunityId"]),
        first=2,
    )
    assert any(n["closeDate"] is None for n in deals)
    assert len(deals) == (6 if open_only else 13)


ACCOUNTS = (
    """query($field: AccountOrderField!, $direction: OrderDirection!, $tiers: [Int!],
             $first: Int, $after: String) {
  accounts(orderBy: {field: $field, direction: $direction}, filter: {tiers: $tiers},
           first: $first, after: $after) { """
    + PAGE_INFO
    + """ edges { node { accountId name tier annualRevenue clientSince renewalDate
                         breadthScore dependencyScore executiveScore } } } }"""
)

SORTED_BY = {
    "NAME": "name",
    "TIER": "tier",
    "ANNUAL_REVENUE": "annualRevenue",
    "CLIENT_SINCE": "clientSince",
    "RENEWAL_DATE": "renewalDate",
    "BREADTH": "breadthScore",
    "DEPENDENCY": "dependencyScore",
    "EXECUTIVE": "executiveScore",
}


@pytest.mark.parametrize("direction", ["ASC", "DESC"])
async def test_the_portfolio_walks_whole_in_every_order(
    gql: GraphQL, known: None, direction: str
) -> None:
    for field, value in SORTED_BY.items():
        for tiers in (None, [1, 2, 3]):
            variables = {"field": field, "direction": direction, "tiers": tiers}
            whole, _ = await _walk(gql, ACCOUNTS, variables, lambda d: d["accounts"], WHOLE)
            walked, _ = await _walk(gql, ACCOUNTS, variables, lambda d: d["accounts"], 1)
            assert walked == whole, (field, tiers)
            # Worked out in Python: valued accounts in the direction (ties by id the same
            # way, but by name: ties by id ascending), then those without a value by id.
            valued = [n for n in whole if n[value] is not None]
            if field == "NAME":
                expected = sorted(valued, key=lambda n: n["accountId"])
                expected.sort(key=lambda n: n["name"].lower(), reverse=direction == "DESC")
            else:
                expected = sorted(
                    valued, key=lambda n: (n[value], n["accountId"]), reverse=direction == "DESC"
                )
            expected += sorted((n for n in whole if n[value] is None), key=lambda n: n["accountId"])
            assert whole == expected, (field, tiers)
    missing = await gql(ACCOUNTS, {"field": "BREADTH", "direction": direction, "first": 100})
    assert sum(e["node"]["breadthScore"] is None for e in missing["data"]["accounts"]["edges"]) == 2


async def test_lists_outside_an_account_walk_whole(gql: GraphQL, known: None) -> None:
    people = """query($first: Int, $after: String, $search: String) {
      people(filter: {search: $search}, first: $first, after: $after) { """ + (
        PAGE_INFO + " edges { node { personId name } } } }"
    )
    for search in (None, "tie"):
        await _check(
            gql, people, {"search": search}, lambda d: d["people"],
            lambda n: (n["name"], n["personId"]), first=4,
        )  # fmt: skip
    members = """query($first: Int, $after: String) {
      teamMembers(first: $first, after: $after) { """ + (
        PAGE_INFO + " edges { node { teamMemberId name } } } }"
    )
    team = await _check(
        gql, members, {}, lambda d: d["teamMembers"], lambda n: (n["name"], n["teamMemberId"])
    )
    assert sum(n["name"] == "Sam Tie" for n in team) == 5

    # Newest first, ties by id descending; instants a nanosecond apart keep their order.
    alerts = """query($first: Int, $after: String) {
      alerts(first: $first, after: $after) { """ + (PAGE_INFO + " edges { node { alertId } } } }")
    walked, total = await _walk(gql, alerts, {}, lambda d: d["alerts"], 2)
    ours = [n["alertId"] for n in walked if n["alertId"].startswith("ev-")]
    # Instants +2ns, +1ns, +0ns; within each, ids descending (ev-1xx from i*7 % 12).
    by_offset = {k: sorted((f"ev-{100 + i * 7 % 12}" for i in range(12) if i % 3 == k),
                           reverse=True) for k in range(3)}  # fmt: skip
    assert ours == by_offset[2] + by_offset[1] + by_offset[0]
    assert len(walked) == total
    assert walked == (await _walk(gql, alerts, {}, lambda d: d["alerts"], WHOLE))[0]

    deliveries = """query($first: Int, $after: String) {
      webhookDeliveries(first: $first, after: $after) { """ + (
        PAGE_INFO + " edges { node { deliveryId } } } }"
    )
    walked, total = await _walk(gql, deliveries, {}, lambda d: d["webhookDeliveries"], 5)
    by_offset = {k: sorted((f"dl-{100 + i * 5 % 12}" for i in range(12) if i % 3 == k),
                           reverse=True) for k in range(3)}  # fmt: skip
    assert [n["deliveryId"] for n in walked] == by_offset[2] + by_offset[1] + by_offset[0]
    assert total == 12


PEOPLE = (
    """query($first: Int, $after: String) { account(id: "acc-00000") {
  people(first: $first, after: $after) { """
    + PAGE_INFO
    + " edges { node { personId name } } } } }"
)

NEW_PERSON = """mutation($name: String!) { upsertPerson(input: {
  externalId: {system: "crm", value: "new-1"}, name: $name, accountId: "acc-00000",
  seniority: MANAGER, title: "New" }) { userErrors { code } } }"""


async def test_a_write_between_pages_neither_repeats_nor_skips(gql: GraphQL, known: None) -> None:
    before, _ = await _walk(gql, PEOPLE, {}, lambda d: d["account"]["people"], WHOLE)
    page = (await gql(PEOPLE, {"first": 6}))["data"]["account"]["people"]
    shown = [e["node"]["personId"] for e in page["edges"]]
    # Someone new who sorts before the cursor: an offset would show the sixth person again.
    added = await gql(NEW_PERSON, {"name": "Aaron Early"})
    assert added["data"]["upsertPerson"]["userErrors"] == []
    rest = await gql(PEOPLE, {"first": WHOLE, "after": page["pageInfo"]["endCursor"]})
    ids = [e["node"]["personId"] for e in rest["data"]["account"]["people"]["edges"]]
    assert shown + ids == [n["personId"] for n in before]
    assert rest["data"]["account"]["people"]["totalCount"] == len(before) + 1

    # Someone shown moves past the end (renamed): an offset would skip the next person; the
    # key of the last row shown still says where to go on.
    page = (await gql(PEOPLE, {"first": 6}))["data"]["account"]["people"]
    names = [e["node"]["name"] for e in page["edges"]]
    assert names[0] == "Aaron Early"
    moved = await gql(NEW_PERSON, {"name": "Zzz Late"})
    assert moved["data"]["upsertPerson"]["userErrors"] == []
    rest = await gql(PEOPLE, {"first": WHOLE, "after": page["pageInfo"]["endCursor"]})
    after_names = [e["node"]["name"] for e in rest["data"]["account"]["people"]["edges"]]
    assert after_names == [*(n["name"] for n in before[5:]), "Zzz Late"]


def _cursor(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode()


async def test_foreign_forged_and_old_cursors_are_invalid(gql: GraphQL, known: None) -> None:
    body = await gql(PEOPLE, {"first": 2})
    people_cursor = body["data"]["account"]["people"]["pageInfo"]["endCursor"]
    desc = await gql(ACCOUNTS, {"field": "BREADTH", "direction": "DESC", "first": 2})
    breadth_desc = desc["data"]["accounts"]["pageInfo"]["endCursor"]
    team = (
        'query($after: String) { account(id: "acc-00000") { team(after: $after) { totalCount } } }'
    )
    tps = (
        'query($after: String) { account(id: "acc-00000")'
        " { touchpoints(after: $after) { totalCount } } }"
    )
    alerts = "query($after: String) { alerts(after: $after) { totalCount } }"
    ascending = {"field": "BREADTH", "direction": "ASC"}
    refused: list[tuple[str, str, dict[str, Any]]] = [
        (team, people_cursor, {}),  # another connection's
        (ACCOUNTS, breadth_desc, ascending),  # another order's
        (ACCOUNTS, breadth_desc, {**ascending, "field": "DEPENDENCY"}),
        (PEOPLE, base64.b64encode(b"offset:3").decode(), {}),  # an offset cursor of before
        (PEOPLE, _cursor(b'keyset:v1:account.people:["Pat Tie"]'), {}),  # a key too short
        (PEOPLE, _cursor(b"keyset:v1:account.people:[1, 2]"), {}),  # of the wrong types
        (PEOPLE, _cursor(b"keyset:v1:account.people:{not json"), {}),
        (PEOPLE, _cursor(b'keyset:v2:account.people:["a", "b"]'), {}),  # another version
        (tps, _cursor(b'keyset:v1:account.touchpoints:["2026-13-45", "tp"]'), {}),
        (alerts, _cursor(b'keyset:v1:alerts:[1, 1000000000, "ev"]'), {}),
        (alerts, _cursor(b'keyset:v1:alerts:[true, 1, "ev"]'), {}),
        (PEOPLE, "%%% not base64 %%%", {}),
        (PEOPLE, "é", {}),
    ]
    for document, cursor, extra in refused:
        variables: dict[str, Any] = {"after": cursor, **extra}
        body = await gql(document, variables, allow_errors=True)
        assert body["errors"][0]["extensions"]["code"] == "INVALID_CURSOR", cursor
        assert body["errors"][0]["path"], cursor

    # A cursor of the same connection in the same order is taken, of course.
    ok = await gql(ACCOUNTS, {"field": "BREADTH", "direction": "DESC", "after": breadth_desc})
    assert ok["data"]["accounts"]["pageInfo"]["hasPreviousPage"] is True


async def test_a_scoped_key_walks_its_accounts_only(
    gql: GraphQL, known: None, anonymous: httpx.AsyncClient, key_for: KeyFor
) -> None:
    scope = AccountScope(frozenset({"acc-00001", "acc-00002"}))
    headers = {"Authorization": f"Bearer {await key_for(Role.VIEWER, scope=scope)}"}

    async def scoped(query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = await anonymous.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body["errors"]
        return body

    people = """query($first: Int, $after: String) {
      people(first: $first, after: $after) { """ + (
        PAGE_INFO + " edges { node { personId name currentAccount { accountId } } } } }"
    )
    walked = await _check(
        scoped, people, {}, lambda d: d["people"], lambda n: (n["name"], n["personId"]), first=4
    )
    assert walked and all(
        n["currentAccount"] is None or n["currentAccount"]["accountId"] in scope.account_ids
        for n in walked
    )
    everyone, _ = await _walk(gql, people, {}, lambda d: d["people"], WHOLE)
    assert len(walked) < len(everyone)
    variables = {"field": "BREADTH", "direction": "DESC"}
    accounts, total = await _walk(scoped, ACCOUNTS, variables, lambda d: d["accounts"], 1)
    assert sorted(n["accountId"] for n in accounts) == sorted(scope.account_ids)
    assert total == 2
