"""api.demo_loader moves every date of demo/portfolio.json, and nothing else, to the load day."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import graphql

from api.demo_loader import DATE_FIELDS, DATETIME_FIELDS, demo_input, portfolio
from tests.helpers import ROOT

SDL = ROOT / "schema.graphql"
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(T[\d:.]+([+-]\d{2}:\d{2}|Z)?)?$")


def leaves(value: Any, key: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from leaves(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from leaves(v, key)
    else:
        yield key, value


def test_the_shifted_fields_are_the_dates_of_the_import_input() -> None:
    schema = graphql.build_schema(SDL.read_text())
    fields: dict[str, set[str]] = {"Date": set(), "DateTime": set()}
    pending = [schema.get_type("DatasetInput")]
    seen = set()
    while pending:
        kind = pending.pop()
        if not isinstance(kind, graphql.GraphQLInputObjectType) or kind.name in seen:
            continue
        seen.add(kind.name)
        for name, field in kind.fields.items():
            named = graphql.get_named_type(field.type)
            if named.name in fields:
                fields[named.name].add(name)
            pending.append(named)
    assert fields == {"Date": set(DATE_FIELDS), "DateTime": set(DATETIME_FIELDS)}


def test_every_date_of_the_file_moves_by_the_days_from_its_anchor() -> None:
    document = portfolio()
    anchor = date.fromisoformat(document["anchorDate"])
    assert demo_input(anchor) == document["dataset"]
    shift = timedelta(days=400)
    written = list(leaves(document["dataset"]))
    loaded = list(leaves(demo_input(anchor + shift)))
    assert [key for key, _ in loaded] == [key for key, _ in written]
    moved = 0
    for (key, before), (_, after) in zip(written, loaded, strict=True):
        if key in DATE_FIELDS:
            assert date.fromisoformat(after) - date.fromisoformat(before) == shift
            moved += 1
        elif key in DATETIME_FIELDS:
            assert datetime.fromisoformat(after) - datetime.fromisoformat(before) == shift
            moved += 1
        else:
            # Nothing that looks like a date is left behind under another name.
            assert not (isinstance(before, str) and ISO.match(before)), (key, before)
            assert after == before
    assert moved > 400  # every touchpoint, employment, line, role, seat, relationship ...
