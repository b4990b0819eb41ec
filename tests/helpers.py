"""Helpers shared by the tests: the fixtures' callable types, small graph queries, GraphQL bits.

Test modules import from here, never from a conftest (conftest.py files hold fixtures only).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

from graph.client import GraphClient
from graph.dataset import Dataset

ROOT = Path(__file__).resolve().parents[1]
"""The checkout: where pyproject.toml, README.md and docker-compose.yml are."""

TODAY = date.today()
"""The day the demo is built for (the demo's dates are relative to it)."""

LoadGraph = Callable[[Dataset], Awaitable[None]]
"""The ``load_graph`` fixture: replace the whole database with a dataset."""

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
