"""GraphQL over HTTP: request errors carry a code; asked for application/graphql-response+json
they have no data and a 4xx status; application/json keeps 200 and ``data: null``. And the
graphql-http audit suite (npm, clients/http-audit.mjs) against the API in its own process."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess

import httpx
import pytest

from api.settings import Settings
from graph.access import Role
from scripts import clients
from scripts.harness import serve
from tests.helpers import KeyFor, LoadGraph, serving
from tests.integration.small_graph import small_graph

NEW = {"Accept": "application/graphql-response+json"}
ACCOUNTS = "{ accounts(first: 2) { totalCount } }"

REQUEST_ERRORS = [
    pytest.param(
        {"query": "{ accounts(first: 2) { totalCount "}, "GRAPHQL_PARSE_FAILED", id="parse"
    ),
    pytest.param({"query": "{ nope }"}, "GRAPHQL_VALIDATION_FAILED", id="validation"),
    pytest.param(
        {
            "query": "query($n: Int!) { accounts(first: $n) { totalCount } }",
            "variables": {"n": "x"},
        },
        "INVALID_VARIABLES",
        id="variables",
    ),
    pytest.param(
        {"query": "query($n: Int!) { accounts(first: $n) { totalCount } }"},
        "INVALID_VARIABLES",
        id="missing-variable",
    ),
]


@pytest.mark.parametrize(("request_body", "code"), REQUEST_ERRORS)
async def test_a_request_error_is_a_400_without_data_when_the_client_asks_the_new_type(
    client: httpx.AsyncClient, request_body: dict[str, object], code: str
) -> None:
    answer = await client.post("/graphql", json=request_body, headers=NEW)
    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("application/graphql-response+json")
    body = answer.json()
    assert "data" not in body
    assert [e["extensions"]["code"] for e in body["errors"]] == [code] * len(body["errors"])


@pytest.mark.parametrize(("request_body", "code"), REQUEST_ERRORS)
async def test_a_request_error_stays_a_200_with_data_null_for_application_json(
    client: httpx.AsyncClient, request_body: dict[str, object], code: str
) -> None:
    answer = await client.post("/graphql", json=request_body)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")
    body = answer.json()
    assert body["data"] is None
    assert {e["extensions"]["code"] for e in body["errors"]} == {code}


async def test_a_field_error_is_a_response_with_data_under_either_type(
    client: httpx.AsyncClient, load_graph: LoadGraph
) -> None:
    await load_graph(small_graph())
    query = (
        '{ accounts(first: 1) { totalCount } account(id: "acc-contoso") {'
        ' orgTree(rootPersonId: "no-such-person") { personId } } }'
    )
    for headers in (NEW, {}):
        answer = await client.post("/graphql", json={"query": query}, headers=headers)
        assert answer.status_code == 200
        body = answer.json()
        assert body["data"]["accounts"]["totalCount"] == len(small_graph().accounts)
        assert body["errors"][0]["path"] == ["account", "orgTree"]
        assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_limits_refuse_with_their_own_status_under_the_new_type(
    settings: Settings, key_for: KeyFor, load_graph: LoadGraph
) -> None:
    await load_graph(small_graph())
    tight = settings.model_copy(update={"max_query_cost": 2})
    secret = await key_for(Role.VIEWER)
    async with serving(tight, {"Authorization": f"Bearer {secret}", **NEW}) as http:
        over = await http.post(
            "/graphql", json={"query": "{ accounts(first: 5) { edges { node { name } } } }"}
        )
        assert over.status_code == 400
        assert over.json()["errors"][0]["extensions"]["code"] == "MAX_COST_EXCEEDED"
        assert "data" not in over.json()
        # A batch keeps 200: its items are judged one by one.
        batch = await http.post("/graphql", json=[{"query": "{ nope }"}, {"query": ACCOUNTS}])
        assert batch.status_code == 200
        first, second = batch.json()
        assert "data" not in first and second["data"]["accounts"]["totalCount"] >= 1


def _audit(url: str, secret: str) -> list[dict[str, object]]:
    node = shutil.which("node")
    assert node, "the graphql-http audit needs Node 20 on PATH"
    run = subprocess.run(
        [node, "http-audit.mjs", url],
        cwd=clients.CLIENTS,
        env={**os.environ, "STAKEGRAPH_API_KEY": secret},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return [json.loads(line) for line in run.stdout.splitlines() if line.strip()]


async def test_the_graphql_http_audit_passes_with_no_warning(
    key_for: KeyFor, neo4j_connection: dict[str, str]
) -> None:
    clients.ensure_installed()
    secret = await key_for(Role.VIEWER, name="graphql-http audit")
    with serve(neo4j_connection) as base_url:
        results = await asyncio.to_thread(_audit, f"{base_url}/graphql", secret)
    assert len(results) > 50  # the suite ran, not a handful of its checks
    failing = [r for r in results if r["status"] != "ok"]
    assert failing == []
