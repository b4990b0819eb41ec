"""Limits that protect the server and other callers: cost budget, rate limit, batches,
persisted operations and the introspection switch."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import httpx

from api.settings import Settings
from graph.access import Role
from tests.helpers import KeyFor, LoadGraph, serving
from tests.integration.small_graph import small_graph

TWO_ACCOUNTS = "{ accounts(first: 2) { edges { node { name } } } }"
#: 100 accounts x (edge + node + a connection of 100 people x (edge + node + manager)).
HUGE = (
    "{ accounts(first: 100) { edges { node { people(first: 100) {"
    " edges { node { manager { name } } } } } } } }"
)


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


async def test_every_response_says_what_it_cost(
    client: httpx.AsyncClient, load_graph: LoadGraph
) -> None:
    await load_graph(small_graph())
    accounts = len(small_graph().accounts)
    response = await client.post("/graphql", json={"query": TWO_ACCOUNTS})
    cost = response.json()["extensions"]["cost"]
    # the connection, 2 edges and 2 nodes asked for; as many as there are returned
    assert cost["requested"] == 1 + 2 * 2
    assert cost["actual"] == 1 + 2 * min(2, accounts)
    assert cost["limit"] == 25_000
    assert int(response.headers["RateLimit-Remaining"]) <= int(response.headers["RateLimit-Limit"])


async def test_a_request_over_the_budget_is_refused_before_it_runs(
    client: httpx.AsyncClient,
) -> None:
    body = (await client.post("/graphql", json={"query": HUGE})).json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "MAX_COST_EXCEEDED"
    assert body["extensions"]["cost"]["requested"] == 1 + 100 * (1 + 1 + 1 + 100 * 3)
    assert body["extensions"]["cypherRoundTrips"] == 0


async def test_a_caller_over_its_rate_gets_429_and_when_to_retry_others_do_not(
    settings: Settings, key_for: KeyFor, load_graph: LoadGraph
) -> None:
    await load_graph(small_graph())
    tight = settings.model_copy(
        update={
            "rate_limit_capacity": 12,
            "rate_limit_restore_per_second": 0.5,
            "max_query_cost": 12,
        }
    )
    first, second = await key_for(Role.VIEWER), await key_for(Role.VIEWER)
    async with serving(tight) as http:
        served = await http.post("/graphql", json={"query": TWO_ACCOUNTS}, headers=bearer(first))
        assert served.status_code == 200
        assert served.headers["RateLimit-Limit"] == "12"
        # 12 - 5 requested + (5 - 5 actual) back
        assert served.headers["RateLimit-Remaining"] == "7"
        assert served.json()["extensions"]["cost"]["throttle"]["available"] == 7
        http_responses = [
            await http.post("/graphql", json={"query": TWO_ACCOUNTS}, headers=bearer(first))
            for _ in range(2)
        ]
        refused = http_responses[-1]
        assert refused.status_code == 429
        body = refused.json()
        assert body["data"] is None
        assert body["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        retry_after = int(refused.headers["Retry-After"])
        # 5 points are needed, about 2 are left, at 0.5 a second
        assert 1 <= retry_after <= 10
        other = await http.post("/graphql", json={"query": TWO_ACCOUNTS}, headers=bearer(second))
        assert other.status_code == 200


async def test_batches_run_up_to_their_limit(
    client: httpx.AsyncClient, load_graph: LoadGraph
) -> None:
    await load_graph(small_graph())
    batch = [{"query": "{ __typename }"}, {"query": TWO_ACCOUNTS}]
    answered = await client.post("/graphql", json=batch)
    assert answered.status_code == 200
    assert [sorted(item["data"]) for item in answered.json()] == [["__typename"], ["accounts"]]
    too_many = await client.post("/graphql", json=[{"query": "{ __typename }"}] * 11)
    assert too_many.status_code == 400
    assert "Too many operations" in too_many.text


async def test_automatic_persisted_queries_register_then_run_by_hash(
    client: httpx.AsyncClient, load_graph: LoadGraph
) -> None:
    await load_graph(small_graph())
    query = "query Names { accounts(first: 1) { edges { node { name } } } }"
    digest = hashlib.sha256(query.encode()).hexdigest()
    by_hash: dict[str, Any] = {
        "extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    }
    unknown = (await client.post("/graphql", json=by_hash)).json()
    assert unknown["errors"][0]["message"] == "PersistedQueryNotFound"
    assert unknown["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    registered = (await client.post("/graphql", json={**by_hash, "query": query})).json()
    assert "errors" not in registered
    again = (await client.post("/graphql", json=by_hash)).json()
    assert again["data"] == registered["data"]
    # the GET form of APQ, as Apollo Client sends it for CDN caching
    get = await client.get("/graphql", params={"extensions": json.dumps(by_hash["extensions"])})
    assert get.json()["data"] == registered["data"]
    forged = {"query": "{ __typename }", "extensions": by_hash["extensions"] | {}}
    forged["extensions"] = {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}
    refused = (await client.post("/graphql", json=forged)).json()
    assert refused["errors"][0]["extensions"]["code"] == "INVALID"


async def test_in_allow_list_mode_only_registered_operations_run(
    settings: Settings, key_for: KeyFor, load_graph: LoadGraph, tmp_path: Path
) -> None:
    await load_graph(small_graph())
    manifest = tmp_path / "persisted.json"
    manifest.write_text(json.dumps({"names-v1": TWO_ACCOUNTS}))
    locked = settings.model_copy(
        update={"persisted_operations_file": manifest, "persisted_operations_only": True}
    )
    async with serving(locked, bearer(await key_for(Role.VIEWER))) as http:
        # Relay's doc_id and the GraphQL over HTTP draft's documentId
        for key in ("doc_id", "documentId"):
            body = (await http.post("/graphql", json={key: "names-v1"})).json()
            assert "errors" not in body and body["data"]["accounts"]["edges"]
        arbitrary = (await http.post("/graphql", json={"query": TWO_ACCOUNTS})).json()
        assert arbitrary["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_REQUIRED"
        digest = hashlib.sha256(b"{ __typename }").hexdigest()
        apq = {
            "query": "{ __typename }",
            "extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}},
        }
        registering = (await http.post("/graphql", json=apq)).json()
        assert registering["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


async def test_introspection_can_be_turned_off(settings: Settings, key_for: KeyFor) -> None:
    closed = settings.model_copy(update={"introspection": False, "graphiql": False})
    async with serving(closed, bearer(await key_for(Role.ADMIN))) as http:
        schema = (
            await http.post("/graphql", json={"query": "{ __schema { types { name } } }"})
        ).json()
        assert "introspection" in schema["errors"][0]["message"].lower()
        typename = (await http.post("/graphql", json={"query": "{ __typename }"})).json()
        assert typename["data"] == {"__typename": "Query"}
        assert (await http.get("/graphql", headers={"Accept": "text/html"})).status_code == 404
