"""How a ``stakegraph`` command reaches Neo4j: the configured connection, with the CLI's
retry budget and time limit."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from api.graph_access import open_graph
from api.settings import Settings
from graph.client import GraphSession

T = TypeVar("T")
CLI_RETRY_SECONDS = 30.0
#: Maintenance work (a whole portfolio recomputed or imported) may run long.
CLI_QUERY_TIMEOUT_SECONDS = 3600.0


def run_with_graph(work: Callable[[GraphSession, Settings], Awaitable[T]]) -> T:
    settings = Settings()

    async def main() -> T:
        # As docs/configuration.md says: the CLI's queries retry transient failures for 30 s,
        # not a request's NEO4J_RETRY_SECONDS.
        async with open_graph(
            settings, retry_s=CLI_RETRY_SECONDS, timeout_s=CLI_QUERY_TIMEOUT_SECONDS
        ) as graph:
            return await work(graph.session(), settings)

    return asyncio.run(main())
