"""Fixtures of the integration tests: the known graphs a test starts from."""

from __future__ import annotations

import pytest

from graph.demo_data import build_demo_dataset
from tests.helpers import TODAY, GraphQL, LoadGraph
from tests.integration.small_graph import small_graph


@pytest.fixture
async def graph_loaded(load_graph: LoadGraph) -> None:
    await load_graph(small_graph())


# The demo, scored: the one place that says how the demo tests load it.
@pytest.fixture
async def demo(load_graph: LoadGraph, gql: GraphQL) -> None:
    await load_graph(build_demo_dataset(TODAY))
    await gql("mutation { recomputeScores { accounts } }")
