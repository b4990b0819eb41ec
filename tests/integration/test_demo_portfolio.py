"""demo/portfolio.json through importDataset is the demo graph.demo_data built, on any day."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

import schema.mutations
from api.demo import load_demo
from api.settings import Settings
from graph.client import GraphClient
from graph.dataset import Dataset
from graph.demo_data import build_demo_dataset
from graph.importer import ImportSummary
from tests.conftest import LoadGraph

DAYS = [date.today(), date(2026, 12, 1), date(2024, 2, 29), date(2019, 3, 1), date(2031, 7, 15)]


def assert_same_graph(loaded: Dataset, built: Dataset) -> None:
    """Equal records, except that the file leaves out what the builder wrote as null (on the
    empty database the demo goes into, the same)."""
    for kind in dataclasses.fields(Dataset):
        new, old = getattr(loaded, kind.name), getattr(built, kind.name)
        assert len(new) == len(old), kind.name
        for a, b in zip(new, old, strict=True):
            omitted: frozenset[str] = getattr(a, "omitted", frozenset())
            assert all(getattr(b, name) is None for name in omitted), (a, b)
            if omitted:
                a = dataclasses.replace(a, omitted=frozenset(), **dict.fromkeys(omitted))
            assert a == b


@pytest.mark.parametrize("day", DAYS, ids=str)
async def test_the_file_loads_as_the_built_demo(
    day: date,
    graph: GraphClient,
    settings: Settings,
    load_graph: LoadGraph,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await load_graph(Dataset())
    written: list[Dataset] = []

    async def capture(session: Any, data: Dataset, today: date | None = None) -> ImportSummary:
        assert today == day
        written.append(data)
        return ImportSummary(0, 0, 0, 0, 0, 0)

    monkeypatch.setattr(schema.mutations, "import_dataset", capture)
    summary = await load_demo(graph.session(), settings, today=day)
    assert (summary.accounts, summary.people) == (7, 80)
    [loaded] = written
    assert_same_graph(loaded, build_demo_dataset(day))
