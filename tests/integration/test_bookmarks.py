"""Read your own writes on another API process: a write's response carries its bookmark, and a
request that sends it back waits until the database has caught up with it (on one Neo4j that is
at once; on a cluster, a reader waits). Bookmarks that are not the database's are refused."""

from __future__ import annotations

import httpx

from api.settings import Settings
from graph.access import AccountScope, Role
from tests.helpers import KeyFor, LoadGraph, serving
from tests.integration.small_graph import small_graph

HEADER = "Stakegraph-Bookmark"
WRITE = """mutation($input: AccountInput!) { upsertAccount(input: $input) {
  account { accountId name } userErrors { code } } }"""
READ = '{ account(id: "acc-bookmarks") { name } }'


async def test_a_write_gives_a_bookmark_that_another_process_reads_after(
    client: httpx.AsyncClient, settings: Settings, key_for: KeyFor, load_graph: LoadGraph
) -> None:
    await load_graph(small_graph())
    read_only = await client.post("/graphql", json={"query": READ})
    assert "bookmark" not in read_only.json()["extensions"] and HEADER not in read_only.headers
    written = await client.post(
        "/graphql",
        json={
            "query": WRITE,
            "variables": {"input": {"id": "acc-bookmarks", "name": "Bm", "tier": 3}},
        },
    )
    body = written.json()
    assert body["data"]["upsertAccount"]["userErrors"] == []
    bookmark = body["extensions"]["bookmark"]
    assert bookmark and written.headers[HEADER] == bookmark
    secret = await key_for(Role.VIEWER)
    async with serving(settings, {"Authorization": f"Bearer {secret}"}) as other:
        answer = await other.post("/graphql", json={"query": READ}, headers={HEADER: bookmark})
        assert answer.status_code == 200
        assert answer.json()["data"]["account"]["name"] == "Bm"


async def test_a_bookmark_the_database_did_not_give_is_refused_with_a_code(
    client: httpx.AsyncClient, key_for: KeyFor, load_graph: LoadGraph
) -> None:
    await load_graph(small_graph())
    nonsense = await client.post("/graphql", json={"query": READ}, headers={HEADER: "nonsense"})
    assert [e["extensions"]["code"] for e in nonsense.json()["errors"]] == ["INVALID_BOOKMARK"]
    # Too many, or too long: refused before anything runs.
    for header in (",".join(["x"] * 17), "x" * 1001):
        refused = await client.post("/graphql", json={"query": READ}, headers={HEADER: header})
        assert refused.status_code == 400
        assert refused.json()["errors"][0]["extensions"]["code"] == "INVALID_BOOKMARK"
    # A scoped caller's accounts are read before the query: the same code, not a server error.
    scoped = await key_for(Role.VIEWER, scope=AccountScope(frozenset({"acc-contoso"})))
    answer = await client.post(
        "/graphql",
        json={"query": READ},
        headers={HEADER: "nonsense", "Authorization": f"Bearer {scoped}"},
    )
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["extensions"]["code"] == "INVALID_BOOKMARK"
