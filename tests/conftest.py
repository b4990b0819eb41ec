"""Test fixtures: one real Neo4j server per session, a known graph per test.

Without ``NEO4J_URI`` the session starts its own Neo4j 5.26 (instance ``test``, see
scripts/neo4jctl.py) and stops it at the end. With ``NEO4J_URI`` set it uses that server and
starts nothing; because the tests wipe the database, a server that holds data not written by
the tests is refused unless ``STAKEGRAPH_TEST_ALLOW_WIPE=1``.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from api.app import create_app
from api.settings import Settings
from graph import keys
from graph.access import AccountScope, Role
from graph.client import GraphClient
from graph.dataset import Dataset
from graph.importer import import_dataset, wipe
from scripts import neo4jctl
from tests.helpers import MARKER_QUERY, GraphQL, KeyFor, LoadGraph

UNMARKED_DATA = (
    "MATCH (n) WITH count(n) AS nodes "
    "OPTIONAL MATCH (m:StakegraphTestMarker) RETURN nodes, count(m) AS marked"
)


@pytest.fixture(scope="session")
def neo4j_connection() -> Iterator[dict[str, str]]:
    """Connection settings of the server under test; an error (never a skip) when it fails."""
    if os.environ.get("NEO4J_URI"):
        yield {
            "NEO4J_URI": os.environ["NEO4J_URI"],
            "NEO4J_USER": os.environ.get("NEO4J_USER", "neo4j"),
            "NEO4J_PASSWORD": os.environ.get("NEO4J_PASSWORD", ""),
            "NEO4J_DATABASE": os.environ.get("NEO4J_DATABASE", "neo4j"),
        }
        return
    # A second checkout or a parallel run can pick its own instance (own port and data).
    name = os.environ.get("STAKEGRAPH_TEST_INSTANCE", "test")
    was_running = neo4jctl.instance(name).pid() is not None
    connection = neo4jctl.start(name, heap="1g", pagecache="256m")
    yield connection
    if not was_running:
        neo4jctl.stop(name)


@pytest.fixture(scope="session")
def settings(neo4j_connection: dict[str, str]) -> Settings:
    return Settings(
        neo4j_uri=neo4j_connection["NEO4J_URI"],
        neo4j_user=neo4j_connection["NEO4J_USER"],
        neo4j_password=neo4j_connection["NEO4J_PASSWORD"],
        neo4j_database=neo4j_connection["NEO4J_DATABASE"],
        neo4j_connect_attempts=30,
        # The webhook tests start their own workers (tests/integration/test_alerts.py).
        webhook_worker=False,
    )


@pytest.fixture(scope="session")
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture(scope="session")
def graph(app: FastAPI) -> GraphClient:
    client: GraphClient = app.state.graph
    return client


@pytest.fixture(scope="session")
async def key_for(graph: GraphClient) -> KeyFor:
    """A new API key with these roles (created in Neo4j, as `stakegraph keys create` does)."""

    async def issue(*roles: Role, name: str = "test key", scope: AccountScope | None = None) -> str:
        issued = await keys.create_key(graph.session(), name, frozenset(roles), scope=scope)
        return issued.secret

    return issue


@pytest.fixture(scope="session")
async def anonymous(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client without credentials."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


@pytest.fixture(scope="session")
async def client(app: FastAPI, key_for: KeyFor) -> AsyncIterator[httpx.AsyncClient]:
    """A client with an admin API key: the tests of what the API does, not of who may."""
    transport = httpx.ASGITransport(app=app)
    headers = {"Authorization": f"Bearer {await key_for(Role.ADMIN, name='test admin')}"}
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=headers
    ) as http:
        yield http


@pytest.fixture(scope="session")
async def _wipe_allowed(graph: GraphClient) -> bool:
    session = graph.session()
    rows = await session.read(UNMARKED_DATA)
    foreign_data = rows[0]["nodes"] and not rows[0]["marked"] and os.environ.get("NEO4J_URI")
    if foreign_data and os.environ.get("STAKEGRAPH_TEST_ALLOW_WIPE") != "1":
        pytest.exit(
            "NEO4J_URI points at a database holding data the tests did not write; the tests "
            "wipe it. Use an empty database or set STAKEGRAPH_TEST_ALLOW_WIPE=1.",
            returncode=2,
        )
    return True


@pytest.fixture(scope="session")
async def _loader(settings: Settings) -> AsyncIterator[GraphClient]:
    """A client for loading known graphs, without the API's time limit per statement: a test's
    starting graph is not under test, and on a cold server under load (the first test of a run
    while other work shares the cores) its wipe and import passed the 30 s limit."""
    loader = GraphClient.connect(
        settings.neo4j_uri,
        settings.neo4j_user,
        settings.neo4j_password.get_secret_value(),
        settings.neo4j_database,
        timeout_s=None,
    )
    yield loader
    await loader.close()


@pytest.fixture
async def load_graph(_loader: GraphClient, _wipe_allowed: bool) -> LoadGraph:
    """Replace the whole database with ``dataset`` (the known graph a test starts from)."""

    async def load(dataset: Dataset) -> None:
        session = _loader.session()
        await wipe(session)
        await import_dataset(session, dataset)
        await session.write(MARKER_QUERY)

    return load


@pytest.fixture
def gql(client: httpx.AsyncClient) -> GraphQL:
    """POST a GraphQL document; returns the JSON body. ``errors`` fail the test unless allowed."""

    async def execute(
        query: str, variables: dict[str, Any] | None = None, *, allow_errors: bool = False
    ) -> dict[str, Any]:
        response = await client.post("/graphql", json={"query": query, "variables": variables})
        body: dict[str, Any] = response.json()
        if not allow_errors:
            assert "errors" not in body, body.get("errors")
            assert response.status_code == 200, body
        return body

    return execute
