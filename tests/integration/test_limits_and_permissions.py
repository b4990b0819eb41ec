"""Request limits and the single permission point."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI

from api.app import viewer_from
from schema.context import Viewer
from tests.conftest import GraphQL, LoadGraph
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
