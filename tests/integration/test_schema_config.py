"""The schema takes its limits as a value: two apps in one process keep their own."""

from __future__ import annotations

from contextlib import AsyncExitStack
from typing import Any

import httpx

from api.settings import Settings
from graph.access import Role
from tests.helpers import KeyFor, LoadGraph, serving
from tests.integration.small_graph import small_graph

FIRST_THREE = "{ accounts(first: 3) { edges { node { name } } } }"
DEEP = "{ accounts { edges { node { people { edges { node { name } } } } } } }"


async def test_two_schemas_in_one_process_keep_their_own_limits(
    settings: Settings, load_graph: LoadGraph, key_for: KeyFor
) -> None:
    await load_graph(small_graph())
    headers = {"Authorization": f"Bearer {await key_for(Role.VIEWER)}"}
    async with AsyncExitStack() as stack:
        clients = [
            await stack.enter_async_context(serving(settings.model_copy(update=limits), headers))
            for limits in ({"max_page_size": 2, "max_query_depth": 4}, {"max_page_size": 50})
        ]

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
