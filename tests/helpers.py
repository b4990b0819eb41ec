"""Helpers shared by the tests: the fixtures' callable types, small graph queries, GraphQL bits.

Test modules import from here, never from a conftest (conftest.py files hold fixtures only).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from api.app import create_app
from api.settings import Settings
from graph.client import GraphClient
from graph.dataset import Dataset

ROOT = Path(__file__).resolve().parents[1]
"""The checkout: where pyproject.toml, README.md and docker-compose.yml are."""

TODAY = date.today()
"""The day the demo is built for (the demo's dates are relative to it)."""

LoadGraph = Callable[[Dataset], Awaitable[None]]
"""The ``load_graph`` fixture: replace the whole database with a dataset."""

KeyFor = Callable[..., Awaitable[str]]
"""The ``key_for`` fixture: a new API key (its secret) with the given roles."""

GraphQL = Callable[..., Awaitable[dict[str, Any]]]
"""The ``gql`` fixture: POST a GraphQL document, get the JSON body."""

ERRORS = "userErrors { field code message }"

#: Marks a database as written by the tests (conftest refuses to wipe one without it).
MARKER_QUERY = "MERGE (:StakegraphTestMarker {id: 'marker'})"


async def count(graph: GraphClient, query: str, **params: Any) -> int:
    rows = await graph.session().read(query, params)
    return int(rows[0]["n"])


def codes(payload: dict[str, Any]) -> list[tuple[str, ...]]:
    return [(e["code"], *e["field"]) for e in payload["userErrors"]]


def names(connection: dict[str, Any]) -> list[str]:
    return [edge["node"]["name"] for edge in connection["edges"]]


@asynccontextmanager
async def serving(
    settings: Settings, headers: dict[str, str] | None = None
) -> AsyncIterator[httpx.AsyncClient]:
    """A client of a second app, with its own settings (a low limit, JWTs ...), same Neo4j."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://test", headers=headers
        ) as http:
            yield http
