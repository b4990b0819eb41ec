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
from collections.abc import AsyncIterator, Mapping, Sequence
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
from strawberry.types.execution import ExecutionContext

from graph import versions
from graph.client import GraphSession
from graph.errors import GraphError
from schema.budget import charge_hit, cost_of
from schema.context import Context
from schema.cost import actual_cost
from schema.stats import graph_report

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
    """A kept answer: its ``data`` as JSON, the versions of what it depended on when it was
    read, and its costs (requested and actual), which a hit is charged as its miss was."""

    deps: tuple[str, ...]
    versions: tuple[str | None, ...]
    body: bytes
    requested: int = 1
    actual: int = 1


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

    def __contains__(self, key: str) -> bool:
        return key in self._entries

    def drop(self, key: str, entry: Entry | None = None) -> None:
        """Drop the answer of ``key`` (only if it is ``entry``, when given: one kept since by
        another request stays)."""
        if entry is not None and self._entries.get(key) is not entry:
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self.bytes -= len(old.body)

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


def provided_operation_name(run: ExecutionContext) -> str | None:
    """The operation name the request gave (None when it gave none). Strawberry's
    ``operation_name`` falls back to the document's first operation, which a lookup before
    parsing cannot know; the provided name picks the same operation of the same document."""
    name: str | None = getattr(run, "_provided_operation_name", None)
    return name


def cache_key(
    query: str, operation_name: str | None, variables: Mapping[str, Any] | None, context: Context
) -> str:
    """Document, operation (as the request names it), variables, who asks (roles; visible
    accounts when scoped), day."""
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


class ResponseCache:
    """One process's cache: the store, and the version reads its lookups share. Both ways in
    use it: :meth:`serve_hit` before GraphQL runs (api/graphql_route.py, a POST with its
    query text) and the extension (:func:`response_cache`) for everything else, so the key,
    the version check and the charge have this one home."""

    def __init__(self, store: ResponseStore) -> None:
        self.store = store
        self.shared: versions.SharedReads[GraphSession] = versions.SharedReads(versions.current)

    async def versions(self, session: GraphSession, keys: Sequence[str]) -> dict[str, str | None]:
        """The versions of ``keys``, read after this call: shared with concurrent lookups,
        except for a request carrying a client's bookmarks, whose read must wait for them (on
        a cluster reader) and must not make others wait."""
        if session.bookmarks:
            return await versions.current(session, keys)
        return await self.shared.current(session, keys)

    async def lookup(
        self, key: str, session: GraphSession, also: Sequence[str] = ()
    ) -> tuple[Entry | None, dict[str, str | None]]:
        """The answer kept under ``key`` if nothing it read has changed (a stale one is
        dropped), and the versions read (of its dependencies and ``also``); no read at all
        when nothing is kept and nothing else is asked. Raises GraphError in an outage."""
        entry = self.store.get(key)
        wanted = list(dict.fromkeys([*(entry.deps if entry else ()), *also]))
        now = await self.versions(session, wanted) if wanted else {}
        if entry is None:
            return None, now
        if all(now[d] == v for d, v in zip(entry.deps, entry.versions, strict=True)):
            return entry, now
        self.store.drop(key, entry)
        return None, now

    def _hit(self) -> dict[str, Any]:
        self.store.hits += 1
        return {"hit": True, **self.store.counters()}

    async def serve_hit(
        self,
        query: str,
        operation_name: str | None,
        variables: Mapping[str, Any] | None,
        context: Context,
    ) -> bytes | None:
        """The whole JSON body of a hit, without GraphQL: the kept ``data`` and fresh
        ``extensions``; charged to the caller's rate limit as its miss was. None when there is
        nothing fresh to serve, the bucket cannot pay, or Neo4j is down: then GraphQL runs
        (and words any refusal) as for any request."""
        key = cache_key(query, operation_name, variables, context)
        if key not in self.store:
            return None
        try:
            entry, _ = await self.lookup(key, context.graph)
        except GraphError:
            return None
        if entry is None:
            return None
        cost = charge_hit(context, entry.requested, entry.actual)
        if cost is None:
            return None
        extensions = {**graph_report(context), "cost": cost, "cache": self._hit()}
        return b'{"data":' + entry.body + b',"extensions":' + orjson.dumps(extensions) + b"}"


def response_cache(cache: ResponseCache) -> type[SchemaExtension]:
    """The extension class of a schema whose answers ``cache`` keeps."""
    store = cache.store

    class ResponseCacheExtension(SchemaExtension):
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
            key = cache_key(run.query, provided_operation_name(run), run.variables, context)
            try:
                entry, now = await cache.lookup(key, context.graph, also=[versions.PORTFOLIO])
            except GraphError:
                # The query itself will meet (and report) the outage; nothing is cached.
                yield
                return
            if entry is not None:
                run.result = ExecutionResult(data=orjson.loads(entry.body))
                self._report = cache._hit()
                yield
                return
            store.misses += 1
            before = now[versions.PORTFOLIO]
            yield
            self._report = {"hit": False, "stored": await self._keep(key, before, context)}
            self._report.update(store.counters())

        async def _keep(self, key: str, before: str | None, context: Context) -> bool:
            run = self.execution_context
            result = run.result
            reads = context.graph.reads
            if result is None or result.errors or result.data is None or reads.wrote:
                return False
            deps = (versions.PORTFOLIO,) if reads.wide else tuple(sorted(reads.accounts))
            try:
                now = await cache.versions(context.graph, [*deps, versions.PORTFOLIO])
            except GraphError:
                return False
            if now[versions.PORTFOLIO] != before:
                return False  # a write committed while it ran: its versions are not these
            body = orjson.dumps(result.data)
            requested = cost_of(run, context.config)
            entry = Entry(
                deps, tuple(now[d] for d in deps), body, requested, actual_cost(result.data)
            )
            return store.put(key, entry)

        def get_results(self) -> dict[str, Any]:
            return {} if self._report is None else {"cache": self._report}

    return ResponseCacheExtension
