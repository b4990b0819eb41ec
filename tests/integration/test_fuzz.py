"""The short version of ``python -m scripts.fuzz``: schemathesis generates a few documents for
every root field of the published schema (queries and mutations), sent as an admin through
schemathesis' ASGI transport to an app of this test on the session's Neo4j; none may be a
server error (HTTP 5xx, no JSON object, INTERNAL_ERROR, a resolver error without a code).
The seed is fixed, so a failure reproduces."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis.graphql
from fastapi import FastAPI
from schemathesis.python import asgi

from api.app import create_app
from api.settings import Settings
from graph.access import Role
from scripts import fuzz
from tests.helpers import KeyFor

EXAMPLES = 4


@pytest.fixture
async def admin_secret(key_for: KeyFor, graph_loaded: None) -> str:
    return await key_for(Role.ADMIN, name="fuzz")


@pytest.fixture
def fuzz_app(settings: Settings) -> Iterator[FastAPI]:
    """An app of its own: schemathesis runs it (and its lifespan) on its own event loop. One
    caller sends hundreds of requests, so without the rate limit."""
    app = create_app(settings.model_copy(update={"rate_limit_capacity": 0}))
    yield app
    asgi.shutdown_lifespans()


def test_generated_documents_for_every_root_field_get_no_server_error(
    fuzz_app: FastAPI, admin_secret: str
) -> None:
    headers = {"Authorization": f"Bearer {admin_secret}"}
    schema = schemathesis.graphql.from_asgi("/graphql", fuzz_app, headers=headers)
    report = fuzz.fuzz(schema, headers, examples=EXAMPLES, seed=1)
    print("\n".join(report.lines()))
    assert report.failures == []
    # Every root field was exercised, mutations included, and some answers were data.
    fields = {label.split(".", 1)[1] for label in report.per_operation}
    assert {"account", "importDataset", "upsertPerson", "cypher", "createApiKey"} <= fields
    assert report.codes[fuzz.OK] > 0
    assert report.cases >= 2 * len(report.per_operation)
