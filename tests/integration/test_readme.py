"""Every GraphQL example in README.md runs, as written, against the demo data."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from api.demo_loader import load_demo
from api.settings import Settings
from graph.client import GraphClient
from graph.dataset import Dataset
from tests.helpers import GraphQL, LoadGraph

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCKS = re.findall(r"```graphql\n(.*?)```", README.read_text(), flags=re.S)


def test_readme_has_one_example_per_user_type() -> None:
    names = [re.match(r"\s*(query|mutation) (\w+)", b).group(2) for b in BLOCKS]  # type: ignore[union-attr]
    assert names == ["OrgChart", "UpsertContact", "Coverage", "Portfolio"]


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: b.split("(")[0].split("{")[0].strip())
async def test_readme_example_runs(
    gql: GraphQL, load_graph: LoadGraph, graph: GraphClient, settings: Settings, block: str
) -> None:
    await load_graph(Dataset())  # an empty database
    await load_demo(graph.session(), settings, date.today())
    await gql("mutation { recomputeScores { accounts } }")
    body = await gql(block)
    data = body["data"]
    assert data and all(value is not None for value in data.values())
    if "upsertPerson" in data:
        assert data["upsertPerson"]["userErrors"] == []
        again = await gql(block)
        assert again["data"]["upsertPerson"]["person"] == data["upsertPerson"]["person"]
    if "account" in data and "orgChart" in data["account"]:
        assert len(data["account"]["orgChart"]["nodes"]) == 62
    if "accounts" in data:
        assert data["accounts"]["totalCount"] == 3
