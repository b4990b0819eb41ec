"""Request limits and the single permission point."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI

from api.deps import viewer_from
from schema.context import Viewer
from tests.helpers import GraphQL, LoadGraph
from tests.integration.small_graph import small_graph


async def test_query_depth_is_limited(gql: GraphQL) -> None:
    deep = "manager { " * 20 + "name" + " }" * 20
    body = await gql('{ person(id: "p-eng1") { %s } }' % deep, allow_errors=True)
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]


@pytest.fixture
def read_only_viewer(app: FastAPI) -> Iterator[None]:
    app.dependency_overrides[viewer_from] = lambda: Viewer(name="ro", roles=frozenset({"viewer"}))
    yield
    del app.dependency_overrides[viewer_from]


async def test_a_viewer_can_read_but_not_write_or_run_cypher(
    gql: GraphQL, load_graph: LoadGraph, read_only_viewer: None
) -> None:
    await load_graph(small_graph())
    read = await gql('{ account(id: "acc-contoso") { name } }')
    assert read["data"]["account"] == {"name": "Contoso"}
    write = await gql(
        'mutation { upsertAccount(input: {id: "acc-x", name: "X", tier: 1}) { account { name } } }',
        allow_errors=True,
    )
    assert "writer or admin" in write["errors"][0]["message"]
    cypher = await gql('{ cypher(query: "RETURN 1 AS one") { rowCount } }', allow_errors=True)
    assert "analyst or admin" in cypher["errors"][0]["message"]
    check = await gql('{ account(id: "acc-x") { name } }')
    assert check["data"]["account"] is None


async def test_the_csv_export_asks_the_same_permission_point(
    app: FastAPI, client: httpx.AsyncClient, load_graph: LoadGraph
) -> None:
    await load_graph(small_graph())
    app.dependency_overrides[viewer_from] = lambda: Viewer(name="nobody", roles=frozenset())
    try:
        refused = await client.get("/export/accounts.csv")
    finally:
        del app.dependency_overrides[viewer_from]
    assert refused.status_code == 403
    assert "Contoso" not in refused.text
    assert (await client.get("/export/accounts.csv")).status_code == 200


async def test_the_csv_export_keeps_formulas_out_of_spreadsheets(
    gql: GraphQL, client: httpx.AsyncClient, load_graph: LoadGraph
) -> None:
    await load_graph(small_graph())
    await gql(
        'mutation { upsertAccount(input: {id: "acc-evil", name: "=HYPERLINK(\\"x\\")",'
        ' tier: 1, industry: "-2+3"}) { account { name } } }'
    )
    rows = list(csv.DictReader(io.StringIO((await client.get("/export/accounts.csv")).text)))
    evil = next(r for r in rows if r["id"] == "acc-evil")
    assert evil["name"] == '\'=HYPERLINK("x")'
    assert evil["industry"] == "'-2+3"
    contoso = next(r for r in rows if r["id"] == "acc-contoso")
    assert contoso["name"] == "Contoso"
