"""The graph-versioned response cache (schema/response_cache.py) on a real Neo4j: hits while
the accounts read are unchanged, a miss after a write to one of them (through this API
process or another one on the same Neo4j), never shared across scopes, never for errors."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from api.settings import Settings
from graph.access import AccountScope, Role
from tests.helpers import GraphQL, KeyFor, LoadGraph, serving
from tests.integration.small_graph import small_graph

CHART = """query Chart($id: ID!) { account(id: $id) { name tier
  orgChart { nodes { personId parentId person { name } owners { name strength } } } } }"""
RENAME = """mutation($id: ID!, $name: String!) {
  upsertAccount(input: {id: $id, name: $name}) { userErrors { code } } }"""


def _cache(body: dict[str, Any]) -> dict[str, Any]:
    cache: dict[str, Any] = body["extensions"]["cache"]
    return cache


@pytest.fixture
async def small(load_graph: LoadGraph) -> None:
    await load_graph(small_graph())


async def test_a_repeated_read_is_a_hit_with_no_cypher_of_its_own(
    gql: GraphQL, small: None
) -> None:
    first = await gql(CHART, {"id": "acc-contoso"})
    assert _cache(first)["hit"] is False and _cache(first)["stored"] is True
    assert first["extensions"]["cypherRoundTrips"] > 0
    again = await gql(CHART, {"id": "acc-contoso"})
    assert _cache(again)["hit"] is True
    assert again["data"] == first["data"]
    assert again["extensions"]["cypherRoundTrips"] == 0  # one version read, reported apart
    assert _cache(again)["hits"] >= 1 and 0 < _cache(again)["hitRate"] <= 1
    # Other variables are another answer.
    other = await gql(CHART, {"id": "acc-fabrikam"})
    assert _cache(other)["hit"] is False
    assert other["data"]["account"]["name"] == "Fabrikam"


async def test_a_write_to_the_account_misses_and_one_elsewhere_does_not(
    gql: GraphQL, small: None
) -> None:
    await gql(CHART, {"id": "acc-contoso"})
    assert _cache(await gql(CHART, {"id": "acc-contoso"}))["hit"] is True
    # Fabrikam's write bumps Fabrikam and the portfolio, not Contoso.
    await gql(RENAME, {"id": "acc-fabrikam", "name": "Fabrikam AG"})
    assert _cache(await gql(CHART, {"id": "acc-contoso"}))["hit"] is True
    # A person's write bumps every account they work at.
    await gql("""mutation { upsertPerson(input: {id: "p-eng1", name: "Eve Renamed"}) {
      userErrors { code } } }""")
    after = await gql(CHART, {"id": "acc-contoso"})
    assert _cache(after)["hit"] is False
    assert "Eve Renamed" in [
        n["person"]["name"] for n in after["data"]["account"]["orgChart"]["nodes"]
    ]
    # A page of accounts reads the portfolio at large: any write makes it stale.
    page = "{ accounts(first: 5) { edges { node { name } } } }"
    await gql(page)
    assert _cache(await gql(page))["hit"] is True
    await gql(RENAME, {"id": "acc-tailspin", "name": "Tailspin Ltd"})
    renamed = await gql(page)
    assert _cache(renamed)["hit"] is False
    assert "Tailspin Ltd" in [e["node"]["name"] for e in renamed["data"]["accounts"]["edges"]]


async def test_a_chart_showing_other_accounts_sees_their_writes(gql: GraphQL, small: None) -> None:
    # Ivo's colleague at Fabrikam worked at Contoso: the full rows carry Contoso's name.
    full = """query($id: ID!) { account(id: $id) { orgChart { nodes {
      person { name employments { accountName } } } } } }"""

    def names(body: dict[str, Any]) -> set[str]:
        nodes = body["data"]["account"]["orgChart"]["nodes"]
        return {e["accountName"] for n in nodes for e in n["person"]["employments"]}

    before = await gql(full, {"id": "acc-fabrikam"})
    assert "Contoso" in names(before)
    assert _cache(await gql(full, {"id": "acc-fabrikam"}))["hit"] is True
    await gql(RENAME, {"id": "acc-contoso", "name": "Contoso Group"})
    after = await gql(full, {"id": "acc-fabrikam"})
    assert _cache(after)["hit"] is False
    assert "Contoso Group" in names(after)


async def test_no_stale_read_after_a_write_through_another_api_process(
    gql: GraphQL, settings: Settings, key_for: KeyFor, small: None
) -> None:
    await gql(CHART, {"id": "acc-contoso"})
    assert _cache(await gql(CHART, {"id": "acc-contoso"}))["hit"] is True
    headers = {"Authorization": f"Bearer {await key_for(Role.EDITOR)}"}
    async with serving(settings, headers) as other:
        response = await other.post(
            "/graphql", json={"query": RENAME, "variables": {"id": "acc-contoso", "name": "C2"}}
        )
        assert response.json()["data"]["upsertAccount"]["userErrors"] == []
        # The other process's own cache, too, sees its write (and this one's next).
        seen = (
            await other.post("/graphql", json={"query": CHART, "variables": {"id": "acc-contoso"}})
        ).json()
        assert seen["data"]["account"]["name"] == "C2"
    after = await gql(CHART, {"id": "acc-contoso"})
    assert _cache(after)["hit"] is False
    assert after["data"]["account"]["name"] == "C2"


async def test_scores_recomputed_bump_the_accounts(gql: GraphQL, small: None) -> None:
    query = '{ account(id: "acc-contoso") { scoresComputedAt dependencyScore } }'
    await gql(query)
    assert _cache(await gql(query))["hit"] is True
    await gql("mutation { recomputeScores { accounts } }")
    after = await gql(query)
    assert _cache(after)["hit"] is False
    assert after["data"]["account"]["scoresComputedAt"] is not None


async def test_callers_with_different_scopes_never_share_an_answer(
    anonymous: httpx.AsyncClient, key_for: KeyFor, small: None
) -> None:
    page = "{ accounts(first: 10) { totalCount edges { node { name } } } }"
    scope = AccountScope(frozenset({"acc-fabrikam"}))
    # The same role, with and without a scope.
    scoped = {"Authorization": f"Bearer {await key_for(Role.VIEWER, scope=scope)}"}
    whole = {"Authorization": f"Bearer {await key_for(Role.VIEWER)}"}

    async def ask(headers: dict[str, str]) -> dict[str, Any]:
        body: dict[str, Any] = (
            await anonymous.post("/graphql", json={"query": page}, headers=headers)
        ).json()
        return body

    first = await ask(whole)
    assert _cache(first)["hit"] is False and first["data"]["accounts"]["totalCount"] == 3
    assert _cache(await ask(whole))["hit"] is True
    inside = await ask(scoped)
    assert _cache(inside)["hit"] is False
    assert inside["data"]["accounts"]["totalCount"] == 1
    again = await ask(scoped)
    assert _cache(again)["hit"] is True and again["data"] == inside["data"]
    # Another role of the whole portfolio is another key, too.
    editor = {"Authorization": f"Bearer {await key_for(Role.EDITOR)}"}
    assert _cache(await ask(editor))["hit"] is False


async def test_errors_mutations_and_analyst_cypher_are_not_cached(
    gql: GraphQL, small: None
) -> None:
    both = """{ account(id: "acc-contoso", externalId: {system: "crm", value: "x"}) { name } }"""
    for _ in range(2):
        body = await gql(both, allow_errors=True)
        assert body["errors"]
        assert _cache(body) == {**_cache(body), "hit": False, "stored": False}
    mutation = await gql(RENAME, {"id": "acc-contoso", "name": "Contoso"})
    assert "cache" not in mutation["extensions"]
    cypher = await gql('{ cypher(query: "MATCH (a:Account) RETURN count(a) AS n") { rows } }')
    assert "cache" not in cypher["extensions"]


async def test_turned_off(settings: Settings, key_for: KeyFor, small: None) -> None:
    headers = {"Authorization": f"Bearer {await key_for(Role.VIEWER)}"}
    async with serving(settings.model_copy(update={"response_cache": False}), headers) as http:
        for _ in range(2):
            body = (
                await http.post(
                    "/graphql", json={"query": CHART, "variables": {"id": "acc-contoso"}}
                )
            ).json()
            assert "cache" not in body["extensions"]
            assert body["extensions"]["cypherRoundTrips"] > 0
