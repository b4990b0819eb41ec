"""The graph-versioned response cache: a read query's answer, kept and served again while the
graph versions of what it read are unchanged (issue 11, item 4).

An answer is keyed by the document (its SHA-256), the operation name, the variables, who asks
(roles, and the visible accounts of a key limited to some) and the request's day, since
strengths and stored scores depend on the date (``asOf`` null means today, so today is part of
every key). With the answer go the versions of what its reads depended on (graph/client.py
:class:`~graph.client.Reads`): the accounts whose data they returned, or the portfolio when
any read reached wider. Every write bumps the versions of the accounts it touched and the
portfolio's in its own transaction, in Neo4j (graph/versions.py), so a write through any API
process makes every process's entry stale. A hit costs one indexed read of those versions.

On a miss the portfolio version is read before the query runs and again, with the
dependencies' versions, after: an answer is kept only when no write committed in between (any
write bumps the portfolio), so the versions stored are those the answer was read at.

Only queries whose root fields all read the account graph are cached (:data:`CACHEABLE`): not
mutations, not the analyst ``cypher`` field, not alerts, webhooks or keys, whose writes do not
go through the versioned seam. Answers with errors are not kept.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationType,
    SelectionSetNode,
)
from graphql.utilities import get_operation_ast
from strawberry.extensions import SchemaExtension

from graph import versions
from graph.errors import GraphError
from schema.context import Context

#: Root query fields whose answers come from the versioned account graph only.
CACHEABLE = frozenset(
    {
        "__typename",
        "account",
        "accounts",
        "person",
        "people",
        "teamMember",
        "teamMembers",
        "touchpoint",
        "portfolioSummary",
    }
)


@dataclass(frozen=True, slots=True)
class Entry:
    """A kept answer: its JSON, and the versions of what it depended on when it was read."""

    deps: tuple[str, ...]
    versions: tuple[str | None, ...]
    body: bytes


class ResponseStore:
    """The answers of one schema (one API process), least recently used out past either
    bound; counts hits and misses for ``extensions.cache``."""

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, Entry] = OrderedDict()
        self.bytes = 0
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: str) -> Entry | None:
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
        return entry

    def drop(self, key: str) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self.bytes -= len(entry.body)

    def put(self, key: str, entry: Entry) -> bool:
        """Keep ``entry`` (False when it alone is over the byte bound)."""
        if len(entry.body) > self.max_bytes:
            return False
        self.drop(key)
        self._entries[key] = entry
        self.bytes += len(entry.body)
        while len(self._entries) > self.max_entries or self.bytes > self.max_bytes:
            _, old = self._entries.popitem(last=False)
            self.bytes -= len(old.body)
        return True

    def counters(self) -> dict[str, Any]:
        asked = self.hits + self.misses
        return {
            "hits": self.hits,
            "misses": self.misses,
            "hitRate": round(self.hits / asked, 4) if asked else 0.0,
            "entries": len(self._entries),
            "bytes": self.bytes,
        }


def _root_fields(
    selections: SelectionSetNode, document: DocumentNode, seen: set[str]
) -> list[str] | None:
    """The root field names, through fragments; None for a fragment cycle (invalid anyway)."""
    names: list[str] = []
    for selection in selections.selections:
        if isinstance(selection, FieldNode):
            names.append(selection.name.value)
            continue
        if isinstance(selection, InlineFragmentNode):
            inner = _root_fields(selection.selection_set, document, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in seen:
                return None
            fragment = next(
                (
                    d
                    for d in document.definitions
                    if isinstance(d, FragmentDefinitionNode) and d.name.value == name
                ),
                None,
            )
            if fragment is None:
                return None
            inner = _root_fields(fragment.selection_set, document, seen | {name})
        else:
            return None
        if inner is None:
            return None
        names.extend(inner)
    return names


def cacheable(document: DocumentNode, operation_name: str | None) -> bool:
    """Whether the operation is a query whose root fields are all in :data:`CACHEABLE`."""
    operation = get_operation_ast(document, operation_name)
    if operation is None or operation.operation is not OperationType.QUERY:
        return False
    names = _root_fields(operation.selection_set, document, set())
    return bool(names) and all(name in CACHEABLE for name in names or ())


def cache_key(
    query: str, operation_name: str | None, variables: Mapping[str, Any] | None, context: Context
) -> str:
    """Document, operation, variables, who asks (roles; visible accounts when scoped), day."""
    visible = context.graph.visible
    parts = (
        hashlib.sha256(query.encode("utf-8")).hexdigest(),
        operation_name or "",
        orjson.dumps(variables or {}, option=orjson.OPT_SORT_KEYS).decode(),
        ",".join(sorted(role.value for role in context.identity.roles)),
        "*" if visible is None else ",".join(sorted(visible)),
        context.today.isoformat(),
    )
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


def response_cache(store: ResponseStore) -> type[SchemaExtension]:
    """The extension class of a schema whose answers ``store`` keeps."""

    class ResponseCache(SchemaExtension):
        def __init__(self) -> None:
            super().__init__()
            self._report: dict[str, Any] | None = None

        async def on_execute(self) -> AsyncIterator[None]:
            run = self.execution_context
            context = run.context
            document = run.graphql_document
            if (
                run.result is not None  # refused before it ran (cost, rate limit)
                or document is None
                or run.query is None
                or not isinstance(context, Context)
                or not cacheable(document, run.operation_name)
            ):
                yield
                return
            graph = context.graph
            key = cache_key(run.query, run.operation_name, run.variables, context)
            entry = store.get(key)
            wanted = [*(entry.deps if entry else ()), versions.PORTFOLIO]
            try:
                now = await versions.current(graph, list(dict.fromkeys(wanted)))
            except GraphError:
                # The query itself will meet (and report) the outage; nothing is cached.
                yield
                return
            if entry is not None:
                if all(now[d] == v for d, v in zip(entry.deps, entry.versions, strict=True)):
                    store.hits += 1
                    run.result = ExecutionResult(data=orjson.loads(entry.body))
                    self._report = {"hit": True, **store.counters()}
                    yield
                    return
                store.drop(key)
            store.misses += 1
            before = now[versions.PORTFOLIO]
            yield
            self._report = {"hit": False, "stored": await self._keep(key, before, context)}
            self._report.update(store.counters())

        async def _keep(self, key: str, before: str | None, context: Context) -> bool:
            result = self.execution_context.result
            reads = context.graph.reads
            if result is None or result.errors or result.data is None or reads.wrote:
                return False
            deps = (versions.PORTFOLIO,) if reads.wide else tuple(sorted(reads.accounts))
            try:
                now = await versions.current(context.graph, [*deps, versions.PORTFOLIO])
            except GraphError:
                return False
            if now[versions.PORTFOLIO] != before:
                return False  # a write committed while it ran: its versions are not these
            body = orjson.dumps(result.data)
            return store.put(key, Entry(deps, tuple(now[d] for d in deps), body))

        def get_results(self) -> dict[str, Any]:
            return {} if self._report is None else {"cache": self._report}

    return ResponseCache
