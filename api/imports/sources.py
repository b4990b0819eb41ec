"""Reading import files: CSV (one file per kind), JSON (a ``DatasetInput`` document) and NDJSON
(one ``{"<kind>": record}`` per line), with an optional YAML mapping for CSV exports of a CRM.

Files are read once, record by record, into one spool file per kind on disk (``Spools``), so
memory holds one record at a time here and one batch later, whatever the size of the files; the
spools also give exact counts for the progress bar, and the order the kinds are written in.

A CSV file's header names the record's fields (``importDataset``'s GraphQL names); a list
(``personIds``, ``caresAbout``) is one cell with items separated by ``;``; an empty cell is
null. ``field@system`` holds an external id in that system: ``externalIds@salesforce`` is the
record's own, ``accountId@salesforce`` names the account by its Salesforce id.
"""

from __future__ import annotations

import csv
import fnmatch
import tempfile
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import ijson
import orjson
import yaml
from strawberry.types.base import StrawberryList, StrawberryOptional

from api.imports.records import KINDS, PERSON_EXTRAS, REFERENCES, extras, kind_named, own
from graph.dataset import camel


class SourceError(ValueError):
    """A file that cannot be read as an import (not a record problem: the whole file)."""


@dataclass(frozen=True, slots=True)
class FileMapping:
    """How to read one CRM export: the kind of its records, and for each record field the
    source column it comes from, the values it maps, its default and its template."""

    kind: str | None = None
    columns: Mapping[str, str] = field(default_factory=dict)  # source column -> target
    values: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # field -> map
    defaults: Mapping[str, Any] = field(default_factory=dict)
    templates: Mapping[str, str] = field(default_factory=dict)  # field -> "{Col} {Col}"


@dataclass(frozen=True, slots=True)
class ImportMapping:
    """A ``--map`` file: a :class:`FileMapping` per file name pattern."""

    files: tuple[tuple[str, FileMapping], ...] = ()

    def for_file(self, path: Path) -> FileMapping | None:
        return next((m for pattern, m in self.files if fnmatch.fnmatch(path.name, pattern)), None)


def load_mapping(path: Path) -> ImportMapping:
    """Read a mapping file (see ``docs/import.md``)."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SourceError(f"{path}: not a readable YAML mapping ({exc})") from exc
    if not isinstance(document, dict) or not isinstance(document.get("files"), dict):
        raise SourceError(f"{path}: a mapping needs 'files:', a mapping per file name")
    files: list[tuple[str, FileMapping]] = []
    for pattern, spec in document["files"].items():
        if not isinstance(spec, dict):
            raise SourceError(f"{path}: files.{pattern} must be a mapping")
        unknown = set(spec) - {"kind", "columns", "values", "defaults", "templates"}
        if unknown:
            raise SourceError(f"{path}: files.{pattern}: unknown keys {sorted(unknown)}")
        kind = spec.get("kind")
        if kind is not None and kind_named(str(kind)) is None:
            raise SourceError(f"{path}: files.{pattern}: {kind!r} is not a kind of record")
        files.append(
            (
                str(pattern),
                FileMapping(
                    kind=kind_named(str(kind)).name if kind else None,  # type: ignore[union-attr]
                    columns={str(k): str(v) for k, v in (spec.get("columns") or {}).items()},
                    values={
                        str(k): {str(a): b for a, b in v.items()}
                        for k, v in (spec.get("values") or {}).items()
                    },
                    defaults=dict(spec.get("defaults") or {}),
                    templates={str(k): str(v) for k, v in (spec.get("templates") or {}).items()},
                ),
            )
        )
    return ImportMapping(tuple(files))


@dataclass(frozen=True, slots=True)
class Record:
    """One record read from a file: its kind, where it is (``file:line``) and its values."""

    kind: str
    at: str
    values: dict[str, Any]


# ---- CSV -----------------------------------------------------------------------------------


def _field_names(kind: str) -> set[str]:
    definition = KINDS[kind].input_type.__strawberry_definition__  # type: ignore[attr-defined]
    names = {camel(f.python_name) for f in definition.fields}
    return names | set(PERSON_EXTRAS) if kind == "people" else names


def _list_fields(kind: str) -> set[str]:
    """The fields of a kind that hold lists: an empty cell there is an empty list (a CSV cell
    cannot tell an empty list from none, and an export writes an empty list as one)."""
    definition = KINDS[kind].input_type.__strawberry_definition__  # type: ignore[attr-defined]
    found = set()
    for f in definition.fields:
        inner = f.type.of_type if isinstance(f.type, StrawberryOptional) else f.type
        if isinstance(inner, StrawberryList):
            found.add(camel(f.python_name))
    return found


def _target_ok(kind: str, target: str) -> bool:
    name, _, system = target.partition("@")
    if system:
        return name == "externalIds" or (name in REFERENCES and name in _field_names(kind))
    return name in _field_names(kind)


def _cell_record(
    targets: list[str | None],
    cells: list[str],
    by_column: Mapping[str, str],
    spec: FileMapping,
    lists: Collection[str] = (),
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for target, raw in zip(targets, cells, strict=False):
        if target is None:
            continue
        name, _, system = target.partition("@")
        cell: Any = raw.strip()
        if name in spec.values:
            cell = spec.values[name].get(cell, cell)
        if system:
            if cell in ("", None):
                continue
            if name == "externalIds":
                values.setdefault("externalIds", []).append({"system": system, "value": cell})
            elif name.endswith("Ids"):
                items = [c.strip() for c in str(cell).split(";") if c.strip()]
                values[name] = [{"system": system, "value": c} for c in items]
            else:
                values[name] = {"system": system, "value": cell}
        elif cell == "":
            values[name] = [] if name in lists else None
        else:
            values[name] = cell
    for name, template in spec.templates.items():
        try:
            text = template.format_map(by_column).strip()
        except KeyError as exc:
            raise SourceError(f"template of {name} names a column the file lacks: {exc}") from exc
        values[name] = " ".join(text.split()) or None
    for name, default in spec.defaults.items():
        if values.get(name) in (None, []):
            values[name] = default
    return values


def _csv_records(path: Path, spec: FileMapping | None, warn: list[str]) -> Iterator[Record]:
    spec = spec or FileMapping()
    kind = spec.kind or (k.name if (k := kind_named(path.stem)) else None)
    if kind is None:
        raise SourceError(
            f"{path.name}: cannot tell which records it holds: name the file after a kind "
            f"({', '.join(k.field for k in KINDS.values())}) or give its kind in the mapping"
        )
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        try:
            header = next(reader)
        except StopIteration:
            return
        targets: list[str | None] = []
        for column in header:
            target = spec.columns.get(column, None if spec.columns else column.strip())
            if target is not None and not _target_ok(kind, target):
                warn.append(f"{path.name}: column {column!r} ({target}) is not a field; ignored")
                target = None
            targets.append(target)
        start = reader.line_num + 1
        lists = _list_fields(kind)
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            by_column = dict(zip(header, cells, strict=False))
            try:
                values = _cell_record(targets, cells, by_column, spec, lists)
            except SourceError as exc:
                raise SourceError(f"{path.name}:{line}: {exc}") from exc
            yield Record(kind, f"{path.name}:{line}", values)


# ---- JSON and NDJSON -----------------------------------------------------------------------


def _kind_of(key: str, where: str) -> str:
    kind = kind_named(key)
    if kind is None:
        raise SourceError(f"{where}: {key!r} is not a kind of record")
    return kind.name


def _ndjson_records(path: Path) -> Iterator[Record]:
    with path.open("rb") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            where = f"{path.name}:{number}"
            try:
                document = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                raise SourceError(f"{where}: not JSON ({exc})") from exc
            keys = (
                [k for k in document if not k.startswith("_")] if isinstance(document, dict) else []
            )
            if len(keys) != 1 or not isinstance(document[keys[0]], dict):
                raise SourceError(f'{where}: a line is one record, {{"<kind>": {{...}}}}')
            yield Record(_kind_of(keys[0], where), where, document[keys[0]])


def _json_records(path: Path) -> Iterator[Record]:
    """A ``DatasetInput`` document (or ``{"dataset": DatasetInput}``), one record at a time."""
    with path.open("rb") as f:
        builder: Any = None
        kind, depth, counts = "", 0, dict[str, int]()
        try:
            for prefix, event, value in ijson.parse(f, use_float=True):
                if builder is None:
                    parts = prefix.split(".")
                    nested = len(parts) == 3 and parts[0] == "dataset"
                    if event == "start_map" and parts[-1] == "item" and (len(parts) == 2 or nested):
                        kind = _kind_of(parts[-2], path.name)
                        builder, depth = ijson.ObjectBuilder(), 0
                    else:
                        continue
                builder.event(event, value)
                if event in ("start_map", "start_array"):
                    depth += 1
                elif event in ("end_map", "end_array"):
                    depth -= 1
                if depth == 0:
                    index = counts.get(kind, 0)
                    counts[kind] = index + 1
                    yield Record(kind, f"{path.name}:{KINDS[kind].field}[{index}]", builder.value)
                    builder = None
        except ijson.JSONError as exc:
            raise SourceError(f"{path.name}: not valid JSON ({exc})") from exc


# ---- spools --------------------------------------------------------------------------------


class Spools:
    """The records of every file, one spool file per kind, in the order they were read."""

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="stakegraph-import-")
        self._files: dict[str, IO[bytes]] = {}
        self.counts: dict[str, int] = dict.fromkeys(KINDS, 0)
        #: columns of CSV files that name no field (ignored), to tell the user.
        self.warnings: list[str] = []

    def add(self, record: Record) -> None:
        spool = self._files.get(record.kind)
        if spool is None:
            spool = open(Path(self._dir.name) / record.kind, "w+b")  # noqa: SIM115
            self._files[record.kind] = spool
        spool.write(orjson.dumps([record.at, record.values]) + b"\n")
        self.counts[record.kind] += 1

    def read(self, kind: str) -> Iterator[Record]:
        spool = self._files.get(kind)
        if spool is None:
            return
        spool.flush()
        spool.seek(0)
        for line in spool:
            at, values = orjson.loads(line)
            yield Record(kind, at, values)

    def close(self) -> None:
        for spool in self._files.values():
            spool.close()
        self._dir.cleanup()


def files_of(paths: list[Path]) -> list[Path]:
    """The import files named, a directory standing for its .csv, .json and .ndjson files."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())
            )
        elif path.is_file():
            found.append(path)
        else:
            raise SourceError(f"{path}: no such file")
    return found


SUFFIXES = (".csv", ".json", ".ndjson", ".jsonl")


def spool(paths: list[Path], mapping: ImportMapping | None, progress: Any = None) -> Spools:
    """Read every file into :class:`Spools`; ``progress(n)`` after each n bytes read."""
    spools = Spools()
    try:
        for path in files_of(paths):
            suffix = path.suffix.lower()
            records: Iterator[Record]
            if suffix == ".csv":
                spec = mapping.for_file(path) if mapping else None
                records = _csv_records(path, spec, spools.warnings)
            elif suffix in (".ndjson", ".jsonl"):
                records = _ndjson_records(path)
            elif suffix == ".json":
                records = _json_records(path)
            else:
                raise SourceError(f"{path.name}: not a .csv, .json or .ndjson file")
            for record in records:
                if record.kind == "people":
                    for kind, values in extras(record.values):
                        # Where it came from, and that it is the row's employment (say).
                        spools.add(Record(kind, f"{record.at} ({KINDS[kind].field})", values))
                    record = Record("people", record.at, own(record.values))
                spools.add(record)
            if progress is not None:
                progress(path.stat().st_size)
    except BaseException:
        spools.close()
        raise
    return spools


def rejects_line(kind: str, values: Mapping[str, Any], at: str, errors: list[Any]) -> bytes:
    """A rejected record as an NDJSON line that imports again once fixed (the ``_`` keys, where
    it came from and what was wrong, are ignored on reading)."""
    return orjson.dumps({KINDS[kind].field: values, "_at": at, "_errors": errors}) + b"\n"
