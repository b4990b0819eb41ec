"""Checks and writes spooled records batch by batch, kind by kind, and counts what happened.

Each batch goes through ``importDataset``'s own checks (``schema.imports.checks``) and writer
(``graph.importer``): a record the checks refuse is rejected with its location and the rest of
the batch is checked again and written. A batch commits on its own, so a large import holds one
batch in memory; ``strict`` and ``dry_run`` run the whole import in one transaction instead
(committed only when nothing was rejected, never for a dry run), so later batches' checks see
what earlier ones wrote either way.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import Any, NamedTuple

import strawberry

from api.imports.records import (
    KINDS,
    NODE_LABELS,
    REFERENCES,
    Problem,
    Typing,
    keys_of,
    owners_of,
)
from api.imports.records import resolved as resolve_refs
from api.imports.sources import Record, Spools
from graph import scores as stored
from graph.client import GraphSession
from graph.errors import ErrorCode, WriteRejectedError
from graph.importer import import_dataset
from schema.imports.checks import check_dataset
from schema.imports.inputs import DatasetInput
from schema.validation import Checks
from scoring.config import ScoringConfig

#: How a message names a record of each label.
WORDS = {"Account": "account", "Person": "person", "TeamMember": "team member"}
#: Rows per batch, chosen by measurement (bench/import_bench.py, docs/benchmarks.md).
DEFAULT_BATCH = 2000
#: Score batches refreshed at once at the end, as ``stakegraph recompute`` defaults to: Neo4j
#: reads one batch's facts while Python judges another.
REFRESH_PARALLEL = 2
#: Accounts per score batch at the end: two batches of 100 hold the facts one of 200 would, so
#: the refresh overlaps without raising the peak RSS (two of 200 raised it by ~55 MiB, measured
#: on 1,000 accounts of 100 people: 320-329 MiB against 262-263, in about the same time).
REFRESH_BATCH = 100


@dataclass(frozen=True, slots=True)
class At:
    """What the checks read through: the graph and the day (``schema.imports.checks.Against``)."""

    graph: GraphSession
    today: date


@dataclass(frozen=True, slots=True)
class Rejection:
    """A record not written: where it is, the field at fault, the code and the message."""

    kind: str
    at: str
    field: str
    code: ErrorCode
    message: str
    values: dict[str, Any]


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0


@dataclass
class Report:
    """The outcome of an import, per kind (in the order they were written)."""

    tallies: dict[str, Tally] = field(default_factory=lambda: {k: Tally() for k in KINDS})
    rejections: list[Rejection] = field(default_factory=list)
    committed: bool = True
    refreshed: int = 0
    #: what the server counted as changed (0 for an import that found everything as stored)
    changes: int = 0


class Prepared(NamedTuple):
    """A record, the external ids it gives, and its typed input and problems when it gives
    none (``ImportRun._prepared``)."""

    record: Record
    keys: set[str]
    typed: tuple[Any, list[Problem]] | None


def _batches(records: Iterator[Record], size: int) -> Iterator[list[Record]]:
    while batch := list(islice(records, size)):
        yield batch


def _code(message: str) -> ErrorCode:
    """The code of a problem the schema's coercion found."""
    missing = "not to be None" in message or "was not provided" in message
    return ErrorCode.REQUIRED if missing else ErrorCode.INVALID


class ImportRun:
    """One import: its settings, the typed inputs, and what it reports as it goes."""

    def __init__(
        self,
        session: GraphSession,
        schema: strawberry.Schema,
        scoring: ScoringConfig,
        *,
        today: date,
        batch: int = DEFAULT_BATCH,
        strict: bool = False,
        dry_run: bool = False,
        on_batch: Callable[[str, int], None] | None = None,
        on_reject: Callable[[Rejection], None] | None = None,
    ) -> None:
        self._session = session
        self._typing = Typing(schema)
        self._scoring = scoring
        self._today = today
        self._batch = batch
        self._strict = strict
        self._dry_run = dry_run
        self._on_batch = on_batch or (lambda kind, n: None)
        self._on_reject = on_reject or (lambda rejection: None)
        self.report = Report()
        self._touched: set[str] = set()

    async def run(self, spools: Spools) -> Report:
        if self._strict or self._dry_run:
            async with self._session.pinned() as pinned:
                await self._all(pinned, spools)
                commit = not self._dry_run and not self.report.rejections
                if commit:
                    await pinned.commit()
                self.report.committed = commit
        else:
            await self._all(self._session, spools)
        if self.report.committed and self._touched:
            # Each touched account once, at the end, not after every batch.
            self.report.refreshed = await stored.recompute(
                self._session,
                sorted(self._touched),
                self._today,
                self._scoring,
                parallel=REFRESH_PARALLEL,
                batch_size=REFRESH_BATCH,
            )
        return self.report

    async def _all(self, graph: GraphSession, spools: Spools) -> None:
        for kind in KINDS:
            batches = _batches(spools.read(kind), self._batch)

            def next_batch(
                kind: str = kind, batches: Iterator[list[Record]] = batches
            ) -> list[Prepared] | None:
                batch = next(batches, None)
                return None if batch is None else self._prepared(kind, batch)

            # The next batch is read and typed in a thread while this one is checked and
            # written (Neo4j's time, mostly): one batch ahead at most, so memory still holds
            # two batches, not the file. What depends on the graph waits for its turn.
            ahead = asyncio.ensure_future(asyncio.to_thread(next_batch))
            try:
                while (prepared := await ahead) is not None:
                    ahead = asyncio.ensure_future(asyncio.to_thread(next_batch))
                    await self._write(graph, kind, prepared)
                    self._on_batch(kind, len(prepared))
            finally:
                # Never leave the thread reading a spool that is about to be closed.
                await asyncio.gather(ahead, return_exceptions=True)

    def _prepared(self, kind: str, batch: list[Record]) -> list[Prepared]:
        """Each record with the external ids it gives and, when it gives none (its values
        are final), its typed input: the part of a batch that needs no graph."""
        prepared = []
        for record in batch:
            keys = keys_of(kind, record.values)
            typed = None if keys else self._typing.typed(kind, record.values)
            prepared.append(Prepared(record, keys, typed))
        return prepared

    def _reject(self, record: Record, path: list[str], code: ErrorCode, message: str) -> None:
        rejection = Rejection(record.kind, record.at, ".".join(path), code, message, record.values)
        self.report.rejections.append(rejection)
        self._on_reject(rejection)

    async def _write(self, graph: GraphSession, kind: str, batch: list[Prepared]) -> None:
        keys = set().union(*(p.keys for p in batch))
        owners = await owners_of(graph, keys) if keys else {}
        typed: list[tuple[Record, Any, dict[str, str]]] = []
        tally = self.report.tallies[kind]
        for record, own_keys, done in batch:
            # A record without external ids is already in our ids (most rows of a large file).
            values, by_key = (
                resolve_refs(kind, record.values, owners) if own_keys else (record.values, {})
            )
            if kind in NODE_LABELS and values.get("id") is None:
                self._reject(record, ["id"], ErrorCode.REQUIRED, "an id or an external id")
                tally.rejected += 1
                continue
            obj, problems = done if done is not None else self._typing.typed(kind, values)
            if problems:
                for path, message in problems:
                    self._reject(record, path, _code(message), message)
                tally.rejected += 1
                continue
            typed.append((record, obj, by_key))
        list_field = KINDS[kind].field
        for _attempt in range(3):
            if not typed:
                return
            checks = Checks()
            data = DatasetInput(**{kind: [obj for _, obj, _ in typed]})
            dataset = await check_dataset(At(graph, self._today), checks, data)
            if dataset is not None and not checks.errors:
                try:
                    summary = await import_dataset(graph, dataset, self._today, batch=self._batch)
                except WriteRejectedError as exc:
                    if exc.code is ErrorCode.CONFLICT:
                        continue  # a node it named went away meanwhile: check again
                    raise
                outcome = summary.outcomes[kind]
                tally.created += outcome.created
                tally.updated += outcome.updated
                tally.unchanged += outcome.unchanged
                self.report.changes += summary.changes
                self._touched.update(summary.touched_accounts)
                return
            bad: dict[int, list[tuple[list[str], ErrorCode, str]]] = {}
            for error in checks.errors:
                path = error.field
                if len(path) < 3 or path[1] != list_field:
                    raise RuntimeError(f"an import batch was refused as a whole: {error.message}")
                bad.setdefault(int(path[2]), []).append((path[3:], error.code, error.message))
            for index, errors in sorted(bad.items()):
                record, _, by_key = typed[index]
                for path, code, message in errors:
                    key = by_key.get(".".join(path))
                    if key is not None and code is ErrorCode.NOT_FOUND:
                        target = WORDS.get(REFERENCES.get(path[0]) or "", "record")
                        message = f"{target} {key!r} does not exist"
                    self._reject(record, path, code, message)
                tally.rejected += 1
            typed = [t for i, t in enumerate(typed) if i not in bad]
        raise RuntimeError(f"the {kind} batch kept changing while it was written; retry")
