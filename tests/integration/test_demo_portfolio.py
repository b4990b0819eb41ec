"""demo/portfolio.json passes importDataset whatever day it is loaded, and loads as on its
anchor date with every date moved by the same number of days."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from typing import Any

import pytest

import schema.imports.mutations
from api.demo_loader import load_demo, portfolio
from api.settings import Settings
from graph.client import GraphClient
from graph.dataset import Dataset
from graph.importer import ImportSummary
from tests.helpers import LoadGraph

DAYS = [date.today(), date(2024, 2, 29), date(2019, 3, 1), date(2031, 7, 15)]


def moved(data: Dataset, shift: timedelta) -> Dataset:
    def record(r: Any) -> Any:
        dated = {
            f.name: getattr(r, f.name) + shift
            for f in dataclasses.fields(r)
            if isinstance(getattr(r, f.name), date | datetime)
        }
        return dataclasses.replace(r, **dated)

    return Dataset(
        **{
            f.name: tuple(record(r) for r in getattr(data, f.name))
            for f in dataclasses.fields(Dataset)
        }
    )


async def imported(
    graph: GraphClient, settings: Settings, day: date, monkeypatch: pytest.MonkeyPatch
) -> Dataset:
    """The Dataset importDataset writes for the demo loaded on ``day`` (caught, not written)."""
    written: list[Dataset] = []

    async def capture(session: Any, data: Dataset, today: date | None = None) -> ImportSummary:
        assert today == day
        written.append(data)
        return ImportSummary(0, 0, 0, 0, 0, 0, frozenset())

    with monkeypatch.context() as patch:
        patch.setattr(schema.imports.mutations, "import_dataset", capture)
        summary = await load_demo(graph.session(), settings, today=day)
    assert (summary.accounts, summary.people, summary.touchpoints) == (7, 80, 168)
    [data] = written
    return data


@pytest.mark.parametrize("day", DAYS, ids=str)
async def test_the_demo_loads_on_any_day_as_on_its_anchor_date(
    day: date,
    graph: GraphClient,
    settings: Settings,
    load_graph: LoadGraph,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await load_graph(Dataset())  # an empty database, as the demo goes into
    anchor = date.fromisoformat(portfolio()["anchorDate"])
    on_anchor = await imported(graph, settings, anchor, monkeypatch)
    assert await imported(graph, settings, day, monkeypatch) == moved(on_anchor, day - anchor)
