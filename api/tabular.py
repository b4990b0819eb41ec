"""Analyst results as tables: CSV, Apache Arrow IPC and Parquet, from the columns and rows of
``GraphSession.read_only(..., shape="table")``.

CSV cells hold nodes, relationships, paths, maps and lists as JSON. Arrow and Parquet keep a
column typed when its values share a type Arrow has (numbers, booleans, strings, dates,
date-times, lists of those); a column of graph entities or maps, or of mixed types, is JSON
text, so one odd value never fails the whole export.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

Rows = Sequence[dict[str, Any]]

#: Rows per CSV chunk and per Arrow record batch.
BATCH_ROWS = 1000
#: Bytes per chunk of an Arrow or Parquet body.
CHUNK_BYTES = 64 * 1024


class TableFormat(StrEnum):
    CSV = "csv"
    ARROW = "arrow"
    PARQUET = "parquet"


MEDIA_TYPES = {
    TableFormat.CSV: "text/csv; charset=utf-8",
    TableFormat.ARROW: "application/vnd.apache.arrow.stream",
    TableFormat.PARQUET: "application/vnd.apache.parquet",
}

#: A spreadsheet runs a cell that starts with one of these as a formula (CSV injection); names
#: come from CRMs, so such cells are written with a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A CSV cell a spreadsheet shows as text: empty for null, formulas defused."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=iso, separators=(",", ":"))


def iso(value: Any) -> str:
    """``json.dumps``'s ``default``: dates and date-times as ISO 8601."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def csv_cell(value: Any) -> object:
    """A spreadsheet CSV cell: ISO 8601 dates, ``true``/``false``, JSON for maps and lists,
    formulas defused."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, dict | list):
        return _json(value)
    return spreadsheet_safe(value)


def csv_chunks(columns: Sequence[str], rows: Rows) -> Iterator[str]:
    """The header, then the rows in chunks of :data:`BATCH_ROWS`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for start in range(0, max(len(rows), 1), BATCH_ROWS):
        for row in rows[start : start + BATCH_ROWS]:
            writer.writerow([csv_cell(row[c]) for c in columns])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def _has_map(value: Any) -> bool:
    if isinstance(value, dict):
        return True
    return isinstance(value, list) and any(_has_map(v) for v in value)


def _utc(value: Any) -> Any:
    # One column, one time zone: instants with offsets are stored as UTC.
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC)
    if isinstance(value, list):
        return [_utc(v) for v in value]
    return value


def _column(values: list[Any]) -> pa.Array:
    if not any(_has_map(v) for v in values):
        try:
            return pa.array([_utc(v) for v in values])
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            pass  # mixed types: JSON text below
    return pa.array([None if v is None else _json(v) for v in values], type=pa.string())


def arrow_table(columns: Sequence[str], rows: Rows) -> pa.Table:
    """The rows as an Arrow table, one typed (or JSON text) column per result column."""
    return pa.table({c: _column([row[c] for row in rows]) for c in columns})


def _chunks(data: bytes) -> Iterator[bytes]:
    view = memoryview(data)
    for start in range(0, len(view), CHUNK_BYTES):
        yield bytes(view[start : start + CHUNK_BYTES])


def arrow_chunks(columns: Sequence[str], rows: Rows) -> Iterator[bytes]:
    """The Arrow IPC stream format (``pyarrow.ipc.open_stream``, ``polars.read_ipc_stream``)."""
    table = arrow_table(columns, rows)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        for batch in table.to_batches(max_chunksize=BATCH_ROWS):
            writer.write_batch(batch)
    yield from _chunks(sink.getvalue().to_pybytes())


def parquet_chunks(columns: Sequence[str], rows: Rows) -> Iterator[bytes]:
    """One Parquet file (its footer comes last, so it is written whole, then sent in chunks)."""
    sink = pa.BufferOutputStream()
    pq.write_table(arrow_table(columns, rows), sink, row_group_size=BATCH_ROWS * 10)
    yield from _chunks(sink.getvalue().to_pybytes())


def encode(fmt: TableFormat, columns: Sequence[str], rows: Rows) -> Iterator[str] | Iterator[bytes]:
    if fmt is TableFormat.CSV:
        return csv_chunks(columns, rows)
    if fmt is TableFormat.ARROW:
        return arrow_chunks(columns, rows)
    return parquet_chunks(columns, rows)
