"""One way to open the graph: the app, the CLI and `make run` share api.graph_access.open_graph,
and `make run` loads the demo through the same loader as `stakegraph load-demo`."""

from __future__ import annotations

import pytest

from api.graph_access import open_graph
from api.settings import Settings
from graph.access import Role
from graph.client import GraphClient
from graph.importer import count_nodes, wipe
from scripts.run import load_demo_if_empty
from tests.helpers import MARKER_QUERY, KeyFor, LoadGraph, count
from tests.integration.small_graph import small_graph


async def test_open_graph_gives_a_client_with_the_schema_applied(settings: Settings) -> None:
    async with open_graph(settings) as graph:
        assert await graph.ping()
        rows = await graph.session().read("SHOW CONSTRAINTS YIELD name RETURN count(*) AS n")
        assert rows[0]["n"] > 0


async def test_make_run_loads_the_demo_into_an_empty_database_only(
    settings: Settings,
    graph: GraphClient,
    _wipe_allowed: bool,
    capsys: pytest.CaptureFixture[str],
) -> None:
    session = graph.session()
    await wipe(session)
    try:
        await load_demo_if_empty(settings)
        first = capsys.readouterr().out
        assert "Loaded demo data: 7 accounts, 80 people, 168 touchpoints" in first
        assert "Scores computed for 7 accounts" in first
        nodes = await count_nodes(session)
        await load_demo_if_empty(settings)
        again = capsys.readouterr().out
        assert "Loaded demo data" not in again and "Scores computed for 7 accounts" in again
        assert await count_nodes(session) == nodes
    finally:
        await session.write(MARKER_QUERY)


async def test_a_wipe_in_small_batches_deletes_everything_but_the_api_keys(
    graph: GraphClient, load_graph: LoadGraph, key_for: KeyFor
) -> None:
    await load_graph(small_graph())
    await key_for(Role.VIEWER, name="kept by the wipe")
    session = graph.session()
    relationships = await count(graph, "MATCH ()-[r]->() RETURN count(r) AS n")
    assert relationships > 5  # so batches of 5 take several rounds of each kind
    await wipe(session, batch=5)
    assert await count_nodes(session) == 0
    assert await count(graph, "MATCH ()-[r]->() RETURN count(r) AS n") == 0
    assert await count(graph, "MATCH (k:ApiKey {name: 'kept by the wipe'}) RETURN count(k) AS n")
