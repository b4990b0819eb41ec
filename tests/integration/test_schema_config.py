"""The schema takes its limits as a value: two apps in one process keep their own."""

from __future__ import annotations

from contextlib import AsyncExitStack
from typing import Any

import httpx

from api.app import create_app
from api.settings import Settings
from tests.helpers import LoadGraph
from tests.integration.small_graph import small_graph

FIRST_THREE = "{ accounts(first: 3) { edges { node { name } } } }"
DEEP = "{ accounts { edges { node { people { edges { node { name } } } } } } }"


async def test_two_schemas_in_one_process_keep_their_own_limits(
    settings: Settings, load_graph: LoadGraph
) -> None:
    await load_graph(small_graph())
    strict = create_app(settings.model_copy(update={"max_page_size": 2, "max_query_depth": 4}))
    lenient = create_app(settings.model_copy(update={"max_page_size": 50}))
    async with AsyncExitStack() as stack:
        clients = []
        for app in (strict, lenient):
            await stack.enter_async_context(app.router.lifespan_context(app))
            transport = httpx.ASGITransport(app=app)
            clients.append(
                await stack.enter_async_context(
                    httpx.AsyncClient(transport=transport, base_url="http://test")
                )
            )

        async def post(client: httpx.AsyncClient, query: str) -> dict[str, Any]:
            body: dict[str, Any] = (await client.post("/graphql", json={"query": query})).json()
            return body

        strict_client, lenient_client = clients
        refused = await post(strict_client, FIRST_THREE)
        assert [e["extensions"]["code"] for e in refused["errors"]] == ["INVALID_PAGE_SIZE"]
        served = await post(lenient_client, FIRST_THREE)
        assert "errors" not in served
        assert len(served["data"]["accounts"]["edges"]) == 3

        too_deep = await post(strict_client, DEEP)
        assert "exceeds maximum operation depth of 4" in too_deep["errors"][0]["message"]
        assert "errors" not in await post(lenient_client, DEEP)
