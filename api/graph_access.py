"""The one way the app, the CLI and ``make run`` open the graph."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date

from api.settings import Settings
from graph import writes
from graph.client import GraphClient

log = logging.getLogger("stakegraph")


@asynccontextmanager
async def open_graph(
    settings: Settings, *, retry_s: float | None = None, timeout_s: float | None = None
) -> AsyncIterator[GraphClient]:
    """A client for the configured Neo4j: it answers (waiting up to the settings' connect
    attempts for a server still starting), its constraints and indexes are in place, and it is
    closed on the way out. Queries retry transient failures for ``retry_s`` and stop after
    ``timeout_s`` (defaults: the settings' ``neo4j_retry_seconds`` and
    ``neo4j_query_timeout_seconds``)."""
    graph = GraphClient.connect(
        settings.neo4j_uri,
        settings.neo4j_user,
        settings.neo4j_password.get_secret_value(),
        settings.neo4j_database,
        retry_s=settings.neo4j_retry_seconds if retry_s is None else retry_s,
        timeout_s=settings.neo4j_query_timeout_seconds if timeout_s is None else timeout_s,
        connect_timeout_s=settings.neo4j_connect_timeout_seconds,
        acquire_timeout_s=settings.neo4j_acquire_timeout_seconds,
        analyst_auth=(
            (settings.cypher_neo4j_user, settings.cypher_neo4j_password.get_secret_value())
            if settings.cypher_neo4j_user
            else None
        ),
    )
    try:
        await graph.verify(attempts=settings.neo4j_connect_attempts)
        await graph.apply_schema()
        # The positions migration (docs/model.md): writes nothing once the graph has them.
        await writes.backfill_positions(graph.session(), date.today())
        log.info("connected to %s (database %s)", settings.neo4j_uri, settings.neo4j_database)
        yield graph
    finally:
        await graph.close()
