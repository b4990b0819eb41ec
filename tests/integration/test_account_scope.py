"""Account-scoped keys: nothing of other accounts through any entry point, counts included.

The small graph has Contoso (7 current people, one who left for Fabrikam, all touchpoints),
Fabrikam (that person and one more) and Tailspin (nobody). A key limited to Fabrikam must see
Fabrikam as a key of its own would, and Contoso and Tailspin as if they did not exist.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
import pytest
from strawberry.relay import to_base64

from graph.access import AccountScope, Role
from graph.client import GraphClient
from graph.dataset import Dataset, PositionRecord
from graph.importer import import_dataset
from tests.helpers import KeyFor, LoadGraph, count
from tests.integration.small_graph import ago, small_graph

FABRIKAM = AccountScope(frozenset({"acc-fabrikam"}))


@pytest.fixture
async def scoped(anonymous: httpx.AsyncClient, key_for: KeyFor, load_graph: LoadGraph) -> Any:
    await load_graph(small_graph())
    headers = {
        "Authorization": f"Bearer {await key_for(Role.EDITOR, Role.ANALYST, scope=FABRIKAM)}"
    }

    async def ask(query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = await anonymous.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    ask.headers = headers  # type: ignore[attr-defined]
    return ask


def _codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


async def test_the_account_list_and_its_count(scoped: Any) -> None:
    body = await scoped("{ accounts(first: 10) { totalCount edges { node { name } } } }")
    assert body["data"]["accounts"]["totalCount"] == 1
    assert [e["node"]["name"] for e in body["data"]["accounts"]["edges"]] == ["Fabrikam"]
    searched = await scoped('{ accounts(filter: {search: "o"}) { totalCount } }')
    assert searched["data"]["accounts"]["totalCount"] == 0  # Contoso, Tailspin: not there


async def test_an_account_outside_answers_as_one_that_does_not_exist(scoped: Any) -> None:
    contoso = to_base64("Account", "acc-contoso")
    body = await scoped(
        """query($g: ID!) {
          byId: account(id: "acc-contoso") { name }
          byGlobalId: account(id: $g) { name }
          byExternalId: account(externalId: {system: "salesforce", value: "001-CONTOSO"}) { name }
          node(id: $g) { id }
          nodes(ids: [$g]) { id }
          missing: account(id: "acc-nowhere") { name }
        }""",
        {"g": contoso},
    )
    assert body["data"] == {
        "byId": None,
        "byGlobalId": None,
        "byExternalId": None,
        "node": None,
        "nodes": [None],
        "missing": None,
    }
    assert "errors" not in body


async def test_people_outside_are_hidden_and_movers_show_only_their_time_inside(
    scoped: Any,
) -> None:
    body = await scoped(
        """{
          cfo: person(id: "p-cfo") { name }
          mover: person(id: "p-left") {
            employments { accountId accountName } roles { accountId } currentAccount { name }
          }
          people(first: 50) { totalCount edges { node { personId } } }
          search: people(filter: {search: "engineer"}) { totalCount }
        }"""
    )
    data = body["data"]
    assert data["cfo"] is None
    assert data["mover"] == {
        "employments": [{"accountId": "acc-fabrikam", "accountName": "Fabrikam"}],
        "roles": [],  # the champion role was at Contoso
        "currentAccount": {"name": "Fabrikam"},
    }
    assert data["people"]["totalCount"] == 2
    assert sorted(e["node"]["personId"] for e in data["people"]["edges"]) == ["p-fab", "p-left"]
    assert data["search"]["totalCount"] == 0


async def test_within_the_account_nothing_leads_outside(scoped: Any) -> None:
    body = await scoped(
        """{ account(id: "acc-fabrikam") {
              people(status: ALL) { totalCount edges { node { employments { accountId } } } }
              team { edges { node { member { assignments { accountId }
                                             relationships { person { personId } } } } } }
              orgChart { nodes { person { employments { accountId } } } }
        } }"""
    )
    account = body["data"]["account"]
    assert account["people"]["totalCount"] == 2
    seen = {
        e["accountId"] for edge in account["people"]["edges"] for e in edge["node"]["employments"]
    }
    seen |= {
        a["accountId"]
        for edge in account["team"]["edges"]
        for a in edge["node"]["member"]["assignments"]
    }
    seen |= {
        e["accountId"] for n in account["orgChart"]["nodes"] for e in n["person"]["employments"]
    }
    assert seen == {"acc-fabrikam"}
    # Lea Lead knows the IT director at Contoso and the mover: only the mover shows.
    [lead] = [edge["node"]["member"] for edge in account["team"]["edges"]]
    assert [r["person"]["personId"] for r in lead["relationships"]] == ["p-left"]


async def test_team_members_and_touchpoints(scoped: Any) -> None:
    body = await scoped(
        """{
          lead: teamMember(id: "tm-lead") { assignments { accountId } relationships { id } }
          teamMembers { totalCount }
          qbr: touchpoint(id: "tp-qbr") { summary }
        }"""
    )
    data = body["data"]
    assert data["lead"]["assignments"] == [{"accountId": "acc-fabrikam"}]
    assert len(data["lead"]["relationships"]) == 1
    # Our own people are visible (their seats and relationships elsewhere are not).
    assert data["teamMembers"]["totalCount"] == 3
    assert data["qbr"] is None


async def test_the_portfolio_summary_counts_the_scope_only(scoped: Any) -> None:
    body = await scoped(
        "{ portfolioSummary { accounts totalRevenue tiers { tier accounts } teamMembers } }"
    )
    summary = body["data"]["portfolioSummary"]
    assert summary["accounts"] == 1
    assert summary["totalRevenue"] == 120_000.0
    assert summary["tiers"] == [{"tier": 2, "accounts": 1}]
    assert summary["teamMembers"] == 1  # only Lea Lead holds a seat at Fabrikam


async def test_the_export_holds_the_scope_only(scoped: Any, anonymous: httpx.AsyncClient) -> None:
    response = await anonymous.get("/export/accounts.csv", headers=scoped.headers)
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["id"] for r in rows] == ["acc-fabrikam"]


async def test_no_portfolio_wide_cypher_and_no_keys(scoped: Any) -> None:
    me = await scoped("{ viewer { roles permissions scope { accountIds teamMemberId } } }")
    assert me["data"]["viewer"]["permissions"] == ["EXPORT", "READ", "WRITE"]
    assert me["data"]["viewer"]["scope"] == {"accountIds": ["acc-fabrikam"], "teamMemberId": None}
    cypher = await scoped('{ cypher(query: "MATCH (a:Account) RETURN a.name") { rows } }')
    assert _codes(cypher) == ["FORBIDDEN"]


async def test_writes_outside_the_scope_are_refused_and_write_nothing(
    scoped: Any, graph: GraphClient
) -> None:
    outside = await scoped(
        """mutation {
          account: upsertAccount(input: {id: "acc-contoso", name: "Taken"}) {
            userErrors { code } }
          touchpoint: logTouchpoint(input: {id: "tp-x", accountId: "acc-contoso",
              date: "2026-01-05", channel: VIDEO, kind: OPERATIONAL,
              teamMemberIds: ["tm-lead"], personIds: ["p-cfo"]}) { userErrors { code } }
          ours: upsertTeamMember(input: {id: "tm-lead", name: "Renamed"}) { userErrors { code } }
          seat: addAccountTeamMember(accountId: "acc-contoso", teamMemberId: "tm-lead",
              role: SPECIALIST) { userErrors { code } }
        }"""
    )
    assert "errors" not in outside, outside
    data = outside["data"]
    assert data["account"]["userErrors"] == [{"code": "NOT_FOUND"}]
    assert data["touchpoint"]["userErrors"] == [{"code": "NOT_FOUND"}]
    assert data["ours"]["userErrors"] == [{"code": "FORBIDDEN"}]
    assert data["seat"]["userErrors"] == [{"code": "NOT_FOUND"}]
    assert await count(graph, "MATCH (a:Account {name: 'Taken'}) RETURN count(a) AS n") == 0
    assert await count(graph, "MATCH (t:Touchpoint {id: 'tp-x'}) RETURN count(t) AS n") == 0
    assert await count(graph, "MATCH (t:TeamMember {name: 'Renamed'}) RETURN count(t) AS n") == 0
    assert (
        await count(
            graph, "MATCH (:TeamMember {id: 'tm-lead'})-[s:ON_TEAM]->() RETURN count(s) AS n"
        )
        == 2
    )
    imported = await scoped(
        """mutation { importDataset(input: {accounts: [{id: "acc-tailspin", name: "Mine", tier: 1}]}) {
            accounts userErrors { code } } }"""
    )
    assert imported["data"]["importDataset"]["userErrors"] == [{"code": "NOT_FOUND"}]
    assert await count(graph, "MATCH (a:Account {name: 'Mine'}) RETURN count(a) AS n") == 0
    inside = await scoped(
        """mutation {
          upsertAccount(input: {id: "acc-fabrikam", name: "Fabrikam AG"}) { userErrors { code } }
          recomputeScores { accounts }
        }"""
    )
    assert inside["data"]["upsertAccount"]["userErrors"] == []
    assert inside["data"]["recomputeScores"]["accounts"] == 1


async def test_a_key_can_follow_a_team_members_seats(
    anonymous: httpx.AsyncClient, key_for: KeyFor, load_graph: LoadGraph, client: httpx.AsyncClient
) -> None:
    await load_graph(small_graph())
    secret = await key_for(Role.VIEWER, scope=AccountScope(seat_holder="tm-lead"))
    headers = {"Authorization": f"Bearer {secret}"}
    query = {"query": "{ accounts { totalCount edges { node { name } } } }"}
    body = (await anonymous.post("/graphql", json=query, headers=headers)).json()
    assert sorted(e["node"]["name"] for e in body["data"]["accounts"]["edges"]) == [
        "Contoso",
        "Fabrikam",
    ]
    # A new seat widens the scope on the next request.
    await client.post(
        "/graphql",
        json={
            "query": 'mutation { addAccountTeamMember(accountId: "acc-tailspin",'
            ' teamMemberId: "tm-lead", role: SPECIALIST) { userErrors { code } } }'
        },
    )
    body = (await anonymous.post("/graphql", json=query, headers=headers)).json()
    assert body["data"]["accounts"]["totalCount"] == 3


async def test_scoped_keys_are_checked_when_created(
    client: httpx.AsyncClient, load_graph: LoadGraph
) -> None:
    await load_graph(small_graph())
    create = """mutation($roles: [Role!]!, $accounts: [ID!], $member: ID) {
      createApiKey(name: "partner portal", roles: $roles, accountIds: $accounts,
                   teamMemberId: $member) {
        secret apiKey { scope { accountIds } } userErrors { field code } } }"""

    async def attempt(**variables: Any) -> dict[str, Any]:
        body = (
            await client.post("/graphql", json={"query": create, "variables": variables})
        ).json()
        payload: dict[str, Any] = body["data"]["createApiKey"]
        return payload

    assert (await attempt(roles=["ADMIN"], accounts=["acc-fabrikam"]))["userErrors"] == [
        {"field": ["roles"], "code": "INVALID"}
    ]
    assert (await attempt(roles=["VIEWER"], accounts=["acc-nowhere"]))["userErrors"] == [
        {"field": ["accountIds"], "code": "NOT_FOUND"}
    ]
    assert (await attempt(roles=["VIEWER"], accounts=[]))["userErrors"] == [
        {"field": ["accountIds"], "code": "REQUIRED"}
    ]
    made = await attempt(roles=["VIEWER"], accounts=["acc-fabrikam"])
    assert made["userErrors"] == [] and made["apiKey"]["scope"] == {"accountIds": ["acc-fabrikam"]}


async def test_positions_outside_are_hidden(scoped: Any, graph: GraphClient) -> None:
    # The mover's title at Contoso, before they left for Fabrikam, as an import records it.
    history = PositionRecord("p-left", "acc-contoso", since=ago(800), until=ago(60), title="CTO")
    await import_dataset(graph.session(), Dataset(positions=(history,)))
    assert (
        await count(graph, "MATCH (:Person {id: 'p-left'})-[h:HELD]->() RETURN count(h) AS n") == 2
    )
    body = await scoped('{ person(id: "p-left") { positions { accountId title } } }')
    assert [p["accountId"] for p in body["data"]["person"]["positions"]] == ["acc-fabrikam"]
