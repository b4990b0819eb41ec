"""The graph-versioned response cache (schema/response_cache.py) on a real Neo4j: hits while
the accounts read are unchanged, a miss after a write to one of them (through this API
process or another one on the same Neo4j), never shared across scopes, never for errors."""

from __future__ import annotations

import asyncio
import hashlib
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

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


@pytest.fixture
def executions(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The documents the app's schema executed (a hit answered before GraphQL adds none)."""
    schema = app.state.schema
    seen: list[str] = []
    execute = schema.execute

    async def counted(query: str | None, *args: Any, **kwargs: Any) -> Any:
        seen.append(query or "")
        return await execute(query, *args, **kwargs)

    monkeypatch.setattr(schema, "execute", counted)
    return seen


async def test_a_hit_is_answered_before_graphql_runs_as_graphql_would(
    client: httpx.AsyncClient, executions: list[str], small: None
) -> None:
    asked = {"query": CHART, "variables": {"id": "acc-contoso"}}
    miss = await client.post("/graphql", json=asked)
    assert _cache(miss.json())["hit"] is False and len(executions) == 1
    hit = await client.post("/graphql", json=asked)
    assert len(executions) == 1  # Strawberry did not run
    body = hit.json()
    assert hit.status_code == 200 and hit.headers["content-type"] == "application/json"
    assert body["data"] == miss.json()["data"] and _cache(body)["hit"] is True
    # The same kept answer through GraphQL (a batch takes the whole path): the same body.
    whole = await client.post("/graphql", json=[asked])
    assert len(executions) == 2
    (through,) = whole.json()
    assert _cache(through)["hit"] is True
    assert through["data"] == body["data"]
    assert list(through["extensions"]) == list(body["extensions"])
    # The same charge (the bucket's level itself refills between the two).
    assert {**through["extensions"]["cost"], "throttle": None} == {
        **body["extensions"]["cost"],
        "throttle": None,
    }
    assert through["extensions"]["cypherRoundTrips"] == body["extensions"]["cypherRoundTrips"]
    # The media type follows Accept, as for any response.
    typed = await client.post(
        "/graphql", json=asked, headers={"Accept": "application/graphql-response+json"}
    )
    assert len(executions) == 2
    assert typed.headers["content-type"] == "application/graphql-response+json"
    assert typed.json()["data"] == body["data"]
    # By GET, as by POST, and by its hash once registered (APQ): hits before GraphQL too.
    by_get = await client.get(
        "/graphql", params={"query": CHART, "variables": '{"id": "acc-contoso"}'}
    )
    assert _cache(by_get.json())["hit"] is True and by_get.json()["data"] == body["data"]
    digest = hashlib.sha256(CHART.encode()).hexdigest()
    apq = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}}}
    registered = await client.post("/graphql", json={**asked, **apq})
    by_hash = await client.post("/graphql", json={"variables": asked["variables"], **apq})
    assert _cache(registered.json())["hit"] is True and _cache(by_hash.json())["hit"] is True
    assert by_hash.json()["data"] == body["data"]
    assert len(executions) == 2
    # No operation name given: Strawberry names the operation, the key still matches.
    assert _cache((await client.post("/graphql", json=asked)).json())["hit"] is True
    named = await client.post("/graphql", json={**asked, "operationName": "Chart"})
    assert _cache(named.json())["hit"] is False  # another key, kept apart, never wrong
    assert named.json()["data"] == body["data"]


async def test_a_hit_never_crosses_scopes_before_graphql_either(
    anonymous: httpx.AsyncClient,
    key_for: KeyFor,
    executions: list[str],
    small: None,
) -> None:
    asked = {"query": CHART, "variables": {"id": "acc-contoso"}}
    # The same role, with and without a scope.
    viewer = {"Authorization": f"Bearer {await key_for(Role.VIEWER)}"}
    for _ in range(2):
        whole = (await anonymous.post("/graphql", json=asked, headers=viewer)).json()
    assert _cache(whole)["hit"] is True and whole["data"]["account"]["name"] == "Contoso"
    assert executions == [CHART]
    scope = AccountScope(frozenset({"acc-fabrikam"}))
    scoped = {"Authorization": f"Bearer {await key_for(Role.VIEWER, scope=scope)}"}
    for attempt in range(2):
        inside = (await anonymous.post("/graphql", json=asked, headers=scoped)).json()
        assert _cache(inside)["hit"] is (attempt == 1)
        assert inside["data"]["account"] is None  # Contoso is outside the key's scope
    own = {"query": CHART, "variables": {"id": "acc-fabrikam"}}
    for _ in range(2):
        fabrikam = (await anonymous.post("/graphql", json=own, headers=scoped)).json()
    assert _cache(fabrikam)["hit"] is True and fabrikam["data"]["account"]["name"] == "Fabrikam"
    # And without credentials a hit is refused like anything else, before the cache is asked.
    refused = await anonymous.post("/graphql", json=asked)
    assert refused.status_code == 401 and not refused.json().get("data")


async def test_hits_are_charged_to_the_rate_limit_as_misses_are(
    settings: Settings, key_for: KeyFor, small: None
) -> None:
    tight = settings.model_copy(
        update={"rate_limit_capacity": 100, "rate_limit_restore_per_second": 0.01}
    )
    headers = {"Authorization": f"Bearer {await key_for(Role.VIEWER)}"}
    page = "{ accounts(first: 10) { edges { node { name } } } }"  # requests 21, holds 7
    async with serving(tight, headers) as http:
        served = [(await http.post("/graphql", json={"query": page})) for _ in range(4)]
        assert [_cache(a.json())["hit"] for a in served] == [False, True, True, True]
        left = [int(a.headers["RateLimit-Remaining"]) for a in served]
        assert left == [93, 86, 79, 72]  # each took its 7, hits as the miss
        assert served[1].json()["extensions"]["cost"]["throttle"]["available"] == 86
        # Drain the bucket: a hit that cannot pay its 21 up front is refused as a miss is.
        while (last := await http.post("/graphql", json={"query": page})).status_code == 200:
            assert _cache(last.json())["hit"] is True
        assert last.status_code == 429
        assert last.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"


async def test_a_burst_of_hits_after_a_write_through_another_process_all_see_it(
    client: httpx.AsyncClient, settings: Settings, key_for: KeyFor, small: None
) -> None:
    asked = {"query": CHART, "variables": {"id": "acc-contoso"}}
    for _ in range(2):
        kept = (await client.post("/graphql", json=asked)).json()
    assert _cache(kept)["hit"] is True
    headers = {"Authorization": f"Bearer {await key_for(Role.EDITOR)}"}
    async with serving(settings, headers) as other:
        for name in ("Contoso B1", "Contoso B2"):
            written = await other.post(
                "/graphql", json={"query": RENAME, "variables": {"id": "acc-contoso", "name": name}}
            )
            assert written.json()["data"]["upsertAccount"]["userErrors"] == []
            # Acknowledged; now a burst on this process: every answer has the new name.
            burst = await asyncio.gather(*(client.post("/graphql", json=asked) for _ in range(24)))
            names = {r.json()["data"]["account"]["name"] for r in burst}
            assert names == {name}
    again = (await client.post("/graphql", json=asked)).json()
    assert _cache(again)["hit"] is True and again["data"]["account"]["name"] == "Contoso B2"
