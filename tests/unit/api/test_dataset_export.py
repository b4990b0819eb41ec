"""The dataset export's columns and cells: the Dataset records' fields, written so that the
import's CSV reader gives the same values back."""

from __future__ import annotations

import csv
import io
from dataclasses import fields
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from api.dataset_export import csv_columns, csv_row
from api.imports.sources import _csv_records
from graph import exports
from graph.dataset import Dataset, camel


def test_every_dataset_kind_is_exported_with_every_record_field() -> None:
    assert set(exports.DATASET) == {f.name for f in fields(Dataset)}
    for kind, (record, _) in exports.DATASET.items():
        wanted = {camel(f.name) for f in fields(record)} - {"omitted"}
        assert set(exports.record_fields(kind)) == wanted, kind
    assert "kind" in exports.record_fields("reports_to")
    assert "until" in exports.record_fields("reports_to")


def test_a_csv_row_reads_back_as_the_record(tmp_path: Path) -> None:
    refs = [
        {"system": "salesforce", "value": "003A"},
        {"system": "salesforce", "value": "003B"},
        {"system": "hubspot", "value": "77"},
    ]
    record: dict[str, object] = {
        "id": "p-1",
        "name": 'Ana, "the" boss',
        "email": None,
        "title": "CFO",
        "department": None,
        "seniority": "C_LEVEL",
        "location": None,
        "profileUrl": None,
        "perception": "POSITIVE",
        "caresAbout": ["margins", "speed"],
        "externalIds": refs,
    }
    columns = csv_columns("people", [("hubspot", 1), ("salesforce", 2)])
    assert columns.count("externalIds@salesforce") == 2
    assert "externalIds" not in columns
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerow(csv_row(record, columns))
    writer.writerow(csv_row({**record, "caresAbout": [], "externalIds": []}, columns))
    path = tmp_path / "people.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    first, empty = list(_csv_records(path, None, []))
    assert first.values["name"] == 'Ana, "the" boss' and first.values["email"] is None
    assert first.values["caresAbout"] == "margins;speed"  # split by the typing, as any cell
    assert sorted(first.values["externalIds"], key=str) == sorted(refs, key=str)
    # An empty list is one, not null; no external ids: none.
    assert empty.values["caresAbout"] == [] and "externalIds" not in empty.values


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (True, "true"),
        (False, "false"),
        (date(2026, 1, 2), "2026-01-02"),
        (datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC), "2026-01-02T03:04:05.000006+00:00"),
        (1.5, "1.5"),
        (None, ""),
    ],
)
def test_cells_are_iso_and_plain(value: object, cell: str) -> None:
    columns = csv_columns("employments", [])
    record = {c: None for c in columns} | {"concurrent": value}
    assert csv_row(record, columns)[columns.index("concurrent")] == cell
