"""The whole path GraphQL → Neo4j → GraphQL on the real server, and its failure modes."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import socket

import httpx
import pytest
from fastapi import FastAPI

from api.app import create_app
from api.graphql_route import GRAPHIQL_ASSETS_DIR, GRAPHIQL_ASSETS_PATH
from api.settings import Settings
from graph.client import GraphClient, Transaction
from graph.dataset import AccountRecord, Dataset, ExternalIdRecord
from graph.errors import GraphMemoryError, GraphTimeoutError, GraphUnavailableError
from scripts import clients
from tests.helpers import GraphQL, LoadGraph


async def test_the_server_is_a_real_neo4j_5_26(graph: GraphClient) -> None:
    rows = await graph.session().read(
        "CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition"
    )
    assert rows[0]["name"] == "Neo4j Kernel"
    if not os.environ.get("NEO4J_URI"):
        assert rows[0]["versions"][0].startswith("5.26.")
        assert rows[0]["edition"] == "community"


async def test_constraints_are_applied(graph: GraphClient) -> None:
    rows = await graph.session().read("SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names")
    assert {"account_id", "person_id", "team_member_id", "external_ref_key"} <= set(
        rows[0]["names"]
    )


async def test_unreachable_neo4j_is_an_error_not_a_skip() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    unreachable = GraphClient.connect(f"bolt://127.0.0.1:{port}", "neo4j", "x", "neo4j")
    try:
        with pytest.raises(GraphUnavailableError):
            await unreachable.verify()
        assert await unreachable.ping() is False
    finally:
        await unreachable.close()


async def test_health_endpoints(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["neo4j"] == "up"


async def test_account_comes_from_neo4j_through_graphql(
    gql: GraphQL, load_graph: LoadGraph
) -> None:
    await load_graph(
        Dataset(
            accounts=(
                AccountRecord(
                    id="acc-1",
                    name="Fabrikam",
                    tier=3,
                    external_ids=(ExternalIdRecord("salesforce", "001A"),),
                ),
            )
        )
    )
    body = await gql(
        '{ health { ok neo4j } account(id: "acc-1") { name tier externalIds { system value } } '
        'missing: account(id: "nope") { name } }'
    )
    assert body["data"]["health"] == {"ok": True, "neo4j": True}
    assert body["data"]["account"] == {
        "name": "Fabrikam",
        "tier": 3,
        "externalIds": [{"system": "salesforce", "value": "001A"}],
    }
    assert body["data"]["missing"] is None


async def test_neo4j_outage_during_a_request_is_a_coded_error(
    app: FastAPI, gql: GraphQL, load_graph: LoadGraph
) -> None:
    await load_graph(Dataset())
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # The app's own client, pointed at a port where nothing listens: what a request sees when
    # Neo4j goes away after startup.
    down = GraphClient.connect(
        f"bolt://127.0.0.1:{port}", "neo4j", "secret-pw", "neo4j", retry_s=0.5
    )
    real = app.state.graph
    app.state.graph = down  # what api.deps.get_graph hands every route and GraphQL
    try:
        body = await gql('{ account(id: "acc-x") { name } }', allow_errors=True)
    finally:
        app.state.graph = real
        await down.close()
    assert body["data"] == {"account": None}
    [error] = body["errors"]
    assert error["extensions"]["code"] == "SERVICE_UNAVAILABLE"
    assert error["path"] == ["account"]
    assert str(port) not in error["message"]  # connection details stay in the log
    # Back on the real server, the same request works again.
    assert (await gql('{ account(id: "acc-x") { name } }'))["data"] == {"account": None}


async def test_every_statement_and_transaction_has_a_server_side_time_limit(
    settings: Settings,
) -> None:
    # Neo4j has no limit by default: a request's query ran on after the client gave up.
    limited = GraphClient.connect(
        settings.neo4j_uri,
        settings.neo4j_user,
        settings.neo4j_password.get_secret_value(),
        settings.neo4j_database,
        timeout_s=0.5,
    )
    slow = "UNWIND range(1, 200000000) AS x RETURN count(x) AS n"
    try:
        session = limited.session()
        with pytest.raises(GraphTimeoutError):
            await session.read(slow)

        async def work(tx: Transaction) -> None:
            await tx.run(slow)

        with pytest.raises(GraphTimeoutError):
            await session.transaction(work)
        assert await session.read("RETURN 1 AS n") == [{"n": 1}]
        # A write that waits for a lock past the limit (another transaction holds the node)
        # is stopped too, and is the same typed time-out, not an internal error.
        await session.write("MERGE (:LockProbe {id: 1})")
        holder = GraphClient.connect(
            settings.neo4j_uri,
            settings.neo4j_user,
            settings.neo4j_password.get_secret_value(),
            settings.neo4j_database,
        )
        held = asyncio.Event()
        release = asyncio.Event()

        async def hold(tx: Transaction) -> None:
            await tx.run("MATCH (n:LockProbe {id: 1}) SET n.by = 'holder'")
            held.set()
            await release.wait()

        async def queue_behind(tx: Transaction) -> None:
            await tx.run("MATCH (n:LockProbe {id: 1}) SET n.by = 'queued'")

        holding = asyncio.create_task(holder.session().transaction(hold))
        try:
            await held.wait()
            with pytest.raises(GraphTimeoutError):
                await session.transaction(queue_behind)
        finally:
            release.set()
            await holding
            await holder.session().write("MATCH (n:LockProbe) DELETE n")
            await holder.close()
    finally:
        await limited.close()


async def test_cors_answers_the_preflight_of_an_allowed_origin_only(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"cors_origins": ["http://localhost:3000"]}))
    closed = create_app(settings)
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    for application in (app, closed):
        async with application.router.lifespan_context(application):
            transport = httpx.ASGITransport(app=application)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
                allowed = await http.options(
                    "/graphql", headers={**preflight, "Origin": "http://localhost:3000"}
                )
                other = await http.options(
                    "/graphql", headers={**preflight, "Origin": "http://evil.example"}
                )
                if application is app:
                    assert allowed.status_code == 200
                    origin = allowed.headers["access-control-allow-origin"]
                    assert origin == "http://localhost:3000"
                    assert "access-control-allow-origin" not in other.headers
                else:  # none allowed by default
                    assert "access-control-allow-origin" not in allowed.headers


async def test_graphiql_is_served_with_local_assets_only(client: httpx.AsyncClient) -> None:
    page = await client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    # No CDN: every script and style comes from this API (the icon is inline), so the page
    # works offline.
    assets = [a for a in re.findall(r'(?:src|href)="([^"]+)"', page.text) if a != "data:,"]
    assert sorted(assets) == sorted(f"{GRAPHIQL_ASSETS_PATH}/{n}" for n in clients.GRAPHIQL_ASSETS)
    for url in assets:
        asset = await client.get(url)
        assert asset.status_code == 200, url
        assert asset.content == (GRAPHIQL_ASSETS_DIR / url.rsplit("/", 1)[1]).read_bytes()


async def test_graphiql_off_serves_neither_page_nor_assets(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"graphiql": False}))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            page = await http.get("/graphql", headers={"Accept": "text/html"})
            assert "GraphiQL" not in page.text
            assert page.status_code != 200
            asset = await http.get(f"{GRAPHIQL_ASSETS_PATH}/graphiql.min.js")
            assert asset.status_code == 404


async def test_a_query_refused_its_memory_fails_at_once_not_after_retries(
    graph: GraphClient, caplog: pytest.LogCaptureFixture
) -> None:
    # The same query fails the same way again, so the driver's retries (it counts the
    # refusal as transient) only delay the caller that would split its work (graph/scores.py).
    # 40 million numbers in one list pass the 70 % of the 1 GB heap that the test server's
    # transactions may use together (db.memory.transaction.total.max).
    with caplog.at_level(logging.DEBUG, logger="neo4j"), pytest.raises(GraphMemoryError):
        await graph.session().read("UNWIND range(1, 40000000) AS i RETURN collect(i) AS xs")
    assert [r.getMessage() for r in caplog.records if "retried" in r.getMessage()] == []
    assert await graph.session().read("RETURN 1 AS n") == [{"n": 1}]


async def test_start_up_deletes_the_single_portfolio_version_nothing_reads(
    graph: GraphClient,
) -> None:
    await graph.session().write("MERGE (:GraphVersion {key: 'portfolio', version: 'old'})")
    await graph.session().write("MERGE (:GraphVersion {key: 'portfolio#3', version: 'kept'})")
    await graph.apply_schema()
    rows = await graph.session().read(
        "MATCH (v:GraphVersion) WHERE v.key STARTS WITH 'portfolio' RETURN collect(v.key) AS keys"
    )
    assert "portfolio" not in rows[0]["keys"] and "portfolio#3" in rows[0]["keys"]
