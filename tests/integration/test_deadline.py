"""Every GraphQL request has a deadline (REQUEST_TIMEOUT_SECONDS), and a request whose client
has gone stops: in both cases its Neo4j work is cancelled, on the server too.

A slow query is an analyst's Cypher over 10^10 rows (its own limits set far away, so only the
deadline or the disconnect can stop it); a slow write is one waiting for a lock this test holds.
Whether the server still runs something is asked of Neo4j itself (SHOW TRANSACTIONS).
"""

from __future__ import annotations

import asyncio
import time
import uuid

import httpx
import pytest

from api.settings import Settings
from graph.access import Role
from graph.client import GraphClient
from scripts.harness import serve
from tests.helpers import KeyFor, serving

# The analyst path first plans the query (EXPLAIN ...), then runs it: the run is what counts.
RUNNING = (
    "SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS $marker "
    "AND NOT currentQuery STARTS WITH 'EXPLAIN' RETURN count(*) AS n"
)
CYPHER = "query($q: String!) { cypher(query: $q) { rowCount } }"
#: Far beyond any deadline here: only the deadline or the disconnect may stop the work.
FAR = 300.0


def slow_query(marker: str) -> str:
    return (
        "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b "
        f"WITH a, b WHERE a + b < 0 RETURN count(*) AS {marker}"
    )


async def running(graph: GraphClient, marker: str) -> bool:
    rows = await graph.session().read(RUNNING, {"marker": marker})
    return int(rows[0]["n"]) > 0


async def seen_within(graph: GraphClient, marker: str, seconds: float, *, present: bool) -> bool:
    """Whether a run of the query with ``marker`` is (``present``) or is no longer (for five
    looks in a row) running on the server within ``seconds``."""
    deadline = time.monotonic() + seconds
    in_a_row = 0
    while time.monotonic() < deadline:
        in_a_row = in_a_row + 1 if await running(graph, marker) == present else 0
        if in_a_row >= (1 if present else 5):
            return True
        await asyncio.sleep(0.2)
    return False


@pytest.fixture
async def admin(key_for: KeyFor) -> dict[str, str]:
    return {"Authorization": f"Bearer {await key_for(Role.ADMIN, name='deadline')}"}


async def test_a_request_past_its_deadline_answers_timeout_and_neo4j_stops_its_query(
    settings: Settings, graph: GraphClient, admin: dict[str, str]
) -> None:
    marker = f"slow_{uuid.uuid4().hex[:8]}"
    limited = settings.model_copy(
        update={
            "request_timeout_seconds": 3.0,
            "cypher_timeout_s": FAR,
            "neo4j_query_timeout_seconds": FAR,
        }
    )
    async with serving(limited, admin) as http:
        sent = asyncio.create_task(
            http.post("/graphql", json={"query": CYPHER, "variables": {"q": slow_query(marker)}})
        )
        # The query reached the server (else its absence below would prove nothing).
        assert await seen_within(graph, marker, 30, present=True)
        response = await sent
    body = response.json()
    assert response.status_code == 200
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "TIMEOUT"
    assert "REQUEST_TIMEOUT_SECONDS" in error["message"]
    assert await seen_within(graph, marker, 20, present=False)


async def test_a_write_past_its_deadline_is_write_unconfirmed_and_rolled_back_on_the_server(
    settings: Settings, graph: GraphClient, admin: dict[str, str], graph_loaded: None
) -> None:
    limited = settings.model_copy(update={"request_timeout_seconds": 2.0})
    async with serving(limited, admin) as http, graph.session().pinned() as holder:
        # Holds the account's write lock until the block ends (then rolls back).
        await holder.write("MATCH (a:Account {id: 'acc-contoso'}) SET a.name = 'Held'")
        response = await http.post(
            "/graphql",
            json={
                "query": """mutation { upsertAccount(input:
                    {id: "acc-contoso", name: "Changed", tier: 4}) { userErrors { code } } }"""
            },
        )
        [error] = response.json()["errors"]
        # Cut off while it may have been committing: the client cannot be told "not stored".
        assert error["extensions"]["code"] == "WRITE_UNCONFIRMED"
        assert "may or may not" in error["message"]
    # The lock is free now; had the server kept the cut-off write, it would commit within a
    # moment. It was ended with its connection, so the name stays.
    await asyncio.sleep(2)
    rows = await graph.session().read("MATCH (a:Account {id: 'acc-contoso'}) RETURN a.name AS n")
    assert rows == [{"n": "Contoso"}]


async def test_a_client_that_disconnects_has_its_neo4j_work_stopped(
    neo4j_connection: dict[str, str], graph: GraphClient, admin: dict[str, str]
) -> None:
    marker = f"gone_{uuid.uuid4().hex[:8]}"
    env = {
        "REQUEST_TIMEOUT_SECONDS": str(FAR),
        "CYPHER_TIMEOUT_S": str(FAR),
        "NEO4J_QUERY_TIMEOUT_SECONDS": str(FAR),
    }
    with serve(neo4j_connection, env=env) as base_url:
        async with httpx.AsyncClient(base_url=base_url, headers=admin) as http:
            sent = asyncio.create_task(
                http.post(
                    "/graphql",
                    json={"query": CYPHER, "variables": {"q": slow_query(marker)}},
                    timeout=FAR,
                )
            )
            assert await seen_within(graph, marker, 30, present=True)
            # The client gives up: its connection closes.
            sent.cancel()
            with pytest.raises(asyncio.CancelledError):
                await sent
        # Nothing else could stop it for minutes: not the deadline, not the Cypher limits.
        assert await seen_within(graph, marker, 20, present=False)
