"""Request bodies that are no GraphQL request get a 400 that says why, never a 500."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from strawberry.relay import to_base64

from api.settings import Settings
from graph.client import GraphClient
from tests.helpers import GraphQL, count


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b"42", "must be a JSON object"),
        (b'"x"', "must be a JSON object"),
        (b"null", "must be a JSON object"),
        (b"\xff\xfe{", "not UTF-8"),
        (b"{", "Unable to parse request body as JSON"),
        # 10 KB that Python's json decoder recursed on until RecursionError (a 500).
        (b"[" * 5000 + b"]" * 5000, "deeper than 1024 levels"),
        (
            b'{"query": "{ __typename }", "variables": {"a": ' + b"[" * 5000 + b"]" * 5000 + b"}}",
            "deeper than 1024 levels",
        ),
    ],
)
async def test_a_body_that_is_no_graphql_request_is_a_400(
    client: httpx.AsyncClient, body: bytes, says: str
) -> None:
    response = await client.post(
        "/graphql", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert says in error["message"] and error["extensions"]["code"] == "INVALID_REQUEST"


async def test_deeply_nested_variables_by_get_are_a_400(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/graphql", params={"query": "{ __typename }", "variables": "[" * 5000 + "]" * 5000}
    )
    assert response.status_code == 400 and "deeper than 1024 levels" in response.text
    assert response.json()["errors"][0]["extensions"]["code"] == "INVALID_REQUEST"


async def test_a_lone_surrogate_is_refused_before_it_reaches_neo4j(
    client: httpx.AsyncClient, graph: GraphClient, graph_loaded: None
) -> None:
    # JSON may spell a lone surrogate (\ud800), which no UTF-8 text holds and the driver
    # cannot send; it used to end in INTERNAL_ERROR.
    upsert = (
        b'{"query": "mutation($n: String) { upsertAccount(input: {id: \\"acc-x\\", name: $n,'
        b' tier: 2}) { account { id } } }", "variables": {"n": "Bad \\ud800 name"}}'
    )
    response = await client.post(
        "/graphql", content=upsert, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert "lone surrogate" in response.text
    assert response.json()["errors"][0]["extensions"]["code"] == "INVALID_REQUEST"
    assert await count(graph, "MATCH (a:Account {id: 'acc-x'}) RETURN count(a) AS n") == 0
    # Well-formed text outside the BMP, written as a surrogate pair, is fine.
    emoji = upsert.replace(b"Bad \\ud800 name", b"Good \\ud83d\\ude00 name")
    ok = await client.post("/graphql", content=emoji, headers={"content-type": "application/json"})
    assert ok.status_code == 200 and "errors" not in ok.json()


async def test_a_body_over_the_cap_is_a_413_before_it_is_read(
    settings: Settings, client: httpx.AsyncClient
) -> None:
    cap = settings.max_request_bytes
    query = '{"query": "{ __typename }", "pad": "' + "x" * cap + '"}'
    declared = await client.post(
        "/graphql", content=query, headers={"content-type": "application/json"}
    )
    assert declared.status_code == 413
    assert declared.json()["errors"][0]["extensions"]["code"] == "REQUEST_TOO_LARGE"
    assert "MAX_REQUEST_BYTES" in declared.json()["errors"][0]["message"]

    async def chunks() -> AsyncIterator[bytes]:  # streamed, with no Content-Length
        yield b'{"query": "{ __typename }", "pad": "'
        for _ in range(cap // 65536 + 2):
            yield b"x" * 65536
        yield b'"}'

    streamed = await client.post(
        "/graphql", content=chunks(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413
    small = await client.post("/graphql", json={"query": "{ __typename }"})
    assert small.status_code == 200


def relay_id(type_name: str, own_id: str) -> str:
    return to_base64(type_name, own_id)


async def test_id_lists_are_bounded(gql: GraphQL, graph_loaded: None) -> None:
    ids = [relay_id("Account", f"acc-{i}") for i in range(101)]
    nodes = await gql(
        "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ids}, allow_errors=True
    )
    assert nodes["errors"][0]["extensions"] == {"code": "OUT_OF_RANGE", "field": "ids"}
    without = await gql(
        'query($w: [ID!]) { account(id: "acc-contoso") { scores(without: $w) { asOf } } }',
        {"w": [f"p-{i}" for i in range(101)]},
        allow_errors=True,
    )
    assert without["errors"][0]["extensions"] == {"code": "OUT_OF_RANGE", "field": "without"}
    assert "at most 100" in without["errors"][0]["message"]
    fine = await gql("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ids[:3]})
    assert fine["data"]["nodes"] == [None, None, None]
