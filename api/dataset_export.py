"""The dataset export in the formats ``stakegraph import`` reads: CSV (one file per kind, the
import's column names, lists ``;``-joined, external ids as ``externalIds@<system>`` columns) or
NDJSON (``{"<kind>": record}`` lines), with ISO 8601 dates. Written page by page as
:func:`graph.exports.dataset_records` reads them, so memory holds one page; the columns are the
Dataset records' fields (:func:`graph.exports.record_fields`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Callable
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import orjson

from graph import exports
from graph.client import GraphSession
from graph.dataset import camel

EXTERNAL_IDS = "externalIds"


class DatasetFormat(StrEnum):
    CSV = "csv"
    NDJSON = "ndjson"


def _cell(value: Any) -> str:
    """A value as the import reads it back from a CSV cell (empty: null)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ";".join(_cell(item) for item in value)
    return str(value)


def csv_columns(kind: str, systems: list[tuple[str, int]]) -> list[str]:
    """The header of a kind's CSV file: its record fields, external ids one column per id a
    node has in a system (the import reads every ``externalIds@<system>`` column)."""
    columns = [name for name in exports.record_fields(kind) if name != EXTERNAL_IDS]
    for system, most in systems:
        columns.extend([f"{EXTERNAL_IDS}@{system}"] * most)
    return columns


def csv_row(record: dict[str, Any], columns: list[str]) -> list[str]:
    refs: dict[str, list[str]] = {}
    for ref in record.get(EXTERNAL_IDS) or []:
        refs.setdefault(f"{EXTERNAL_IDS}@{ref['system']}", []).append(str(ref["value"]))
    row = []
    for column in columns:
        if column in refs:
            # Repeated columns of one system take its ids in turn.
            values = refs[column]
            row.append(values.pop(0) if values else "")
        elif column.startswith(EXTERNAL_IDS + "@"):
            row.append("")
        else:
            row.append(_cell(record[column]))
    return row


def ndjson_line(kind: str, record: dict[str, Any]) -> bytes:
    return orjson.dumps({camel(kind): record}) + b"\n"


async def ndjson_chunks(session: GraphSession, today: date) -> AsyncIterator[bytes]:
    """Every record as NDJSON, a page per chunk."""
    for kind in exports.DATASET:
        async for page in exports.dataset_records(session, kind, today):
            yield b"".join(ndjson_line(kind, r) for r in page)


async def write_dataset(
    session: GraphSession,
    out: Path,
    fmt: DatasetFormat,
    today: date,
    advanced: Callable[[str, int], None] = lambda kind, n: None,
) -> list[Path]:
    """Write every record into ``out`` (a directory): ``<kind>.csv`` per kind, or
    ``dataset.ndjson``. Returns the files written."""
    if fmt is DatasetFormat.NDJSON:
        path = out / "dataset.ndjson"
        with path.open("wb") as f:
            for kind in exports.DATASET:
                async for page in exports.dataset_records(session, kind, today):
                    f.write(b"".join(ndjson_line(kind, r) for r in page))
                    advanced(kind, len(page))
        return [path]
    systems = await exports.external_id_columns(session)
    written = []
    for kind in exports.DATASET:
        columns = csv_columns(kind, systems.get(kind, []))
        path = out / f"{kind}.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(columns)
            async for page in exports.dataset_records(session, kind, today):
                buffer = io.StringIO()
                csv.writer(buffer).writerows(csv_row(r, columns) for r in page)
                f.write(buffer.getvalue())
                advanced(kind, len(page))
        written.append(path)
    return written
