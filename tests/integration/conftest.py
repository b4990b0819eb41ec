"""Fixtures of the integration tests: the known graphs a test starts from."""

from __future__ import annotations

import pytest

from api.demo_loader import load_demo
from api.settings import Settings
from graph.client import GraphClient
from graph.dataset import Dataset
from tests.helpers import TODAY, GraphQL, LoadGraph
from tests.integration.small_graph import small_graph


@pytest.fixture
async def graph_loaded(load_graph: LoadGraph) -> None:
    await load_graph(small_graph())


# The demo, scored: the one place that says how the demo tests load it.
@pytest.fixture
async def demo(load_graph: LoadGraph, graph: GraphClient, settings: Settings, gql: GraphQL) -> None:
    await load_graph(Dataset())  # an empty database
    await load_demo(graph.session(), settings, TODAY)  # through importDataset, with its checks
    await gql("mutation { recomputeScores { accounts } }")
