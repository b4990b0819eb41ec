"""Clients no one here wrote, against the committed schema.graphql and the running API.

relay-compiler compiles the operations of clients/relay/operations.js (``@connection``,
``@refetchable``, ``@deleteEdge``, the org chart in both shapes); relay-runtime then fetches
real responses of them through one Environment and must log no warning (a record of two types,
a missing field). graphql-codegen generates TypeScript from clients/codegen/ and tsc compiles
it with code that uses it. The npm packages come from clients/package-lock.json
(scripts/clients.py installs them once).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from api.demo_loader import ANCHOR_ACCOUNT as ANCHOR
from scripts import clients
from tests.helpers import GraphQL


@pytest.fixture(scope="module")
def relay_texts() -> dict[str, str]:
    """Each compiled Relay operation's query text, by operation name."""
    clients.ensure_installed()
    compiled = clients.tool("relay-compiler")
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    texts = clients.node("relay/harness.js", "texts")
    assert texts.returncode == 0, texts.stderr
    result: dict[str, str] = json.loads(texts.stdout)
    return result


def normalise(recorded: list[dict[str, Any]], tmp_path: Path) -> dict[str, Any]:
    """relay-runtime's verdict on these responses (clients/relay/harness.js)."""
    file = tmp_path / "recorded.json"
    file.write_text(json.dumps(recorded))
    run = clients.node("relay/harness.js", "normalize", str(file))
    assert run.returncode == 0, run.stderr
    verdict: dict[str, Any] = json.loads(run.stdout)
    return verdict


def test_relay_compiler_compiles_the_operations(relay_texts: dict[str, str]) -> None:
    assert set(relay_texts) == {
        "operationsAccountPeopleQuery",
        "AccountPeoplePaginationQuery",  # made by @refetchable
        "operationsOrgChartQuery",
        "operationsScoresQuery",
        "operationsNodeQuery",
        "operationsDeletePersonMutation",
    }
    # relay-compiler adds `id` wherever a type has one; org-chart nodes have none.
    chart = relay_texts["operationsOrgChartQuery"]
    assert "personId" in chart and "orgTree(depth: 2)" in chart


async def test_relay_runtime_normalises_real_responses_without_warnings(
    gql: GraphQL, demo: None, relay_texts: dict[str, str], tmp_path: Path
) -> None:
    async def record(operation: str, variables: dict[str, Any]) -> dict[str, Any]:
        body = await gql(relay_texts[operation], variables)
        return {"operation": operation, "variables": variables, "response": {"data": body["data"]}}

    chart = await record("operationsOrgChartQuery", {"id": ANCHOR})
    people = await record("operationsAccountPeopleQuery", {"id": ANCHOR})
    account = people["response"]["data"]["account"]
    page = account["people"]["pageInfo"]
    assert page["hasNextPage"]
    more = await record(
        "AccountPeoplePaginationQuery",
        {"id": account["id"], "count": 5, "cursor": page["endCursor"]},
    )
    scores = await record("operationsScoresQuery", {"id": ANCHOR, "without": None})
    raman = next(
        n["person"]["id"]
        for n in chart["response"]["data"]["account"]["orgChart"]["nodes"]
        if n["personId"] == "p-raman"
    )
    node = await record("operationsNodeQuery", {"id": raman})

    verdict = normalise([chart, people, more, scores, node], tmp_path)
    assert verdict["errors"] == []
    assert verdict["warnings"] == []
    results = {r["operation"]: r for r in verdict["results"]}
    assert not any(r["isMissingData"] for r in results.values())
    # Read back from the store: the flat nodes and the tree are records of their own type.
    read = results["operationsOrgChartQuery"]["data"]["account"]
    assert len(read["orgChart"]["nodes"]) == 62
    assert [t["personId"] for t in read["orgTree"]] == ["p-lindqvist", "p-rivera"]
    assert verdict["types"]["OrgChartNode"] == 62
    assert verdict["types"]["OrgTreeNode"] >= 2
    # One Person record per person, shared by the chart, the tree, the map and node().
    assert verdict["types"]["Person"] == 62
    assert results["operationsNodeQuery"]["data"]["node"]["personId"] == "p-raman"


async def test_relay_runtime_reports_an_id_shared_by_two_types(
    gql: GraphQL, demo: None, relay_texts: dict[str, str], tmp_path: Path
) -> None:
    """The check above can fail: one id given to an Account and a Person is reported."""
    body = await gql(relay_texts["operationsOrgChartQuery"], {"id": ANCHOR})
    data = copy.deepcopy(body["data"])
    data["account"]["orgChart"]["nodes"][0]["person"]["id"] = data["account"]["id"]
    verdict = normalise(
        [
            {
                "operation": "operationsOrgChartQuery",
                "variables": {"id": ANCHOR},
                "response": {"data": data},
            }
        ],
        tmp_path,
    )
    assert any("conflicting types" in w for w in verdict["warnings"]), verdict["warnings"]


def test_graphql_codegen_output_compiles_with_tsc() -> None:
    clients.ensure_installed()
    generated = clients.tool("graphql-codegen", "--config", "codegen/codegen.yml")
    assert generated.returncode == 0, generated.stdout + generated.stderr
    types = (clients.CLIENTS / "codegen" / "__generated__" / "types.ts").read_text()
    assert "export type OrgChartQuery = " in types
    assert "export type SetReportsToMutationVariables = " in types
    compiled = clients.tool("tsc", "-p", "codegen/tsconfig.json")
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr


def test_the_graphiql_assets_are_the_pinned_packages_files() -> None:
    """api/static/graphiql/ holds the files of the npm packages clients/package-lock.json pins
    (``make graphiql`` copies them), not something edited by hand or fetched elsewhere."""
    clients.ensure_installed()
    for target, source in clients.GRAPHIQL_ASSETS.items():
        committed = (clients.GRAPHIQL_DIR / target).read_bytes()
        assert committed == (clients.NODE_MODULES / source).read_bytes(), target
    assert sorted(p.name for p in clients.GRAPHIQL_DIR.iterdir()) == sorted(clients.GRAPHIQL_ASSETS)
