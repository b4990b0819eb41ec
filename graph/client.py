"""The one place that talks to Neo4j: a driver wrapper with read routing and round-trip counts."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Iterable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Literal, LiteralString, TypeVar

import neo4j
import orjson
from neo4j import (
    AsyncDriver,
    AsyncGraphDatabase,
    AsyncManagedTransaction,
    AsyncTransaction,
    RoutingControl,
)
from neo4j import exceptions as neo4j_errors
from neo4j import graph as neo4j_graph
from neo4j import spatial as neo4j_spatial
from neo4j import time as neo4j_time

from graph import analyst
from graph.cypher.schema import (
    AWAIT_INDEXES,
    CONSTRAINTS,
    INDEXES,
    OBSOLETE_DATA,
    OBSOLETE_INDEXES,
)
from graph.errors import (
    ErrorCode,
    GraphError,
    GraphMemoryError,
    GraphTimeoutError,
    GraphUnavailableError,
    InvalidBookmarkError,
    ReadOnlyQueryError,
    WriteRejectedError,
    WriteUnconfirmedError,
)

T = TypeVar("T")
Row = dict[str, Any]


_SCALARS = frozenset({str, int, float, bool, type(None)})


log = logging.getLogger("stakegraph")


def _native(value: Any) -> Any:
    """Neo4j values to Python's, recursively: temporals to datetime, nodes to property dicts.

    Checks exact types first because this runs on every value of every row (an org chart of
    1,000 people is ~70,000 values) and ``isinstance`` on the driver's ABCs is slow.
    """
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is dict:
        return {k: _native(v) for k, v in value.items()}
    if kind is list:
        return [_native(v) for v in value]
    if isinstance(value, neo4j_time.Date | neo4j_time.DateTime):
        return value.to_native()
    if isinstance(value, neo4j_graph.Node | neo4j_graph.Relationship):
        return {k: _native(v) for k, v in value.items()}
    return value


def _faithful(value: Any) -> Any:
    """An analyst's result value as JSON can carry it whole: nodes and relationships with
    their element ids, labels or type and ends; paths as their nodes and relationships;
    temporal values and durations as ISO 8601 strings; points as their SRID and coordinates."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list:
        return [_faithful(v) for v in value]
    if kind is dict:
        return {k: _faithful(v) for k, v in value.items()}
    if isinstance(value, neo4j_graph.Node):
        return {
            "elementId": value.element_id,
            "labels": sorted(value.labels),
            "properties": {k: _faithful(v) for k, v in value.items()},
        }
    if isinstance(value, neo4j_graph.Relationship):
        return {
            "elementId": value.element_id,
            "type": value.type,
            "start": value.start_node.element_id if value.start_node else None,
            "end": value.end_node.element_id if value.end_node else None,
            "properties": {k: _faithful(v) for k, v in value.items()},
        }
    if isinstance(value, neo4j_graph.Path):
        return {
            "nodes": [_faithful(n) for n in value.nodes],
            "relationships": [_faithful(r) for r in value.relationships],
        }
    if isinstance(
        value, neo4j_time.Date | neo4j_time.DateTime | neo4j_time.Time | neo4j_time.Duration
    ):
        return value.iso_format()
    if isinstance(value, neo4j_spatial.Point):
        return {"srid": value.srid, "coordinates": list(value)}
    return value


def _tabular(value: Any) -> Any:
    """An analyst's result value for a table (CSV, Arrow, Parquet): as :func:`_faithful`, but
    dates and date-times as Python's, so typed columns keep them; times and durations, which
    no table type carries whole, as ISO 8601 strings."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list:
        return [_tabular(v) for v in value]
    if isinstance(value, neo4j_time.Date | neo4j_time.DateTime):
        return value.to_native()
    return _faithful(value)


#: How an analyst's result values come back: ``json`` for JSON (the GraphQL field), ``table``
#: for typed tables (the HTTP exports).
Shape = Literal["json", "table"]
_SHAPES: dict[str, Callable[[Any], Any]] = {"json": _faithful, "table": _tabular}


def _rows(records: list[neo4j.Record]) -> list[Row]:
    # Not Record.data(): it walks every value once more to convert graph entities.
    return [
        {k: _native(v) for k, v in zip(record.keys(), record.values(), strict=True)}
        for record in records
    ]


def _timed_out(exc: neo4j_errors.Neo4jError) -> bool:
    """Whether the server stopped a transaction at the time limit it was given: while it ran,
    or while it waited for a lock (``LockClientStopped``, a client error in 5.26: seen as
    INTERNAL_ERROR under the 50-client load and after a crash); rolled back either way."""
    code = exc.code or ""
    return "TransactionTimedOut" in code or code.endswith("Transaction.LockClientStopped")


def _out_of_memory(exc: neo4j_errors.Neo4jError) -> bool:
    """Whether the server refused a query the memory its transactions may use (a transient
    error to Neo4j, but the same query fails the same way again)."""
    code = exc.code or ""
    return "MemoryPoolOutOfMemoryError" in code or "TransactionMemoryLimit" in code


class _NotRetried(Exception):
    """A transient error that retrying cannot help (the server refused the memory the query
    needs: the same query fails the same way), carried out of a transaction function so the
    driver does not rerun it for NEO4J_RETRY_SECONDS; the caller can split its work at once."""

    def __init__(self, cause: neo4j_errors.Neo4jError) -> None:
        super().__init__(str(cause))
        self.cause = cause


def _translate(exc: Exception) -> GraphError:
    if isinstance(exc, neo4j_errors.IncompleteCommit):
        # Before ServiceUnavailable, its base: the connection dropped after COMMIT was sent.
        return WriteUnconfirmedError(f"Neo4j went away during a commit: {exc}", stored=None)
    if isinstance(exc, neo4j_errors.ServiceUnavailable | neo4j_errors.SessionExpired):
        return GraphUnavailableError(f"Neo4j is unreachable: {exc}")
    if isinstance(exc, neo4j_errors.AuthError):
        return GraphUnavailableError(f"Neo4j refused the credentials: {exc.message}")
    if isinstance(exc, neo4j_errors.ConnectionAcquisitionTimeoutError):
        return GraphUnavailableError(f"every connection to Neo4j stayed busy: {exc}")
    if isinstance(exc, neo4j_errors.ClientError) and "InvalidBookmark" in (exc.code or ""):
        return InvalidBookmarkError(f"Neo4j could not read a bookmark given: {exc.message}")
    if isinstance(exc, neo4j_errors.ClientError) and _timed_out(exc):
        return GraphTimeoutError("the query ran past the server's time limit (NEO4J_QUERY_TIMEOUT)")
    if isinstance(exc, neo4j_errors.ConstraintError):
        # Two writes raced to create the same id: the client retries and finds it.
        log.info("constraint refused a write: %s", exc.message)
        return WriteRejectedError(
            ErrorCode.DUPLICATE, "another write created the same record at the same time; retry"
        )
    if isinstance(exc, neo4j_errors.TransientError) and _out_of_memory(exc):
        return GraphMemoryError(f"Neo4j ran out of transaction memory: {exc.message}")
    if isinstance(exc, neo4j_errors.TransientError):
        # Still transient once the retries ran out: a database still starting, a leader
        # switch, deadlocks; the client retries later, as for an unreachable server.
        return GraphUnavailableError(f"Neo4j kept failing transiently: {exc.message}")
    return GraphError(str(exc))


def _outage(exc: Exception) -> bool:
    """Whether an error means the server is not there (as opposed to busy, or a bad query)."""
    return isinstance(exc, neo4j_errors.ServiceUnavailable | neo4j_errors.SessionExpired) or (
        isinstance(exc, neo4j_errors.TransientError) and "DatabaseUnavailable" in (exc.code or "")
    )


class Availability:
    """Whether Neo4j answered the last time anyone asked, shared by a client's sessions.

    While it is known to be down, a query first checks that it answers now (one probe,
    bounded in time) instead of retrying for the retry budget: each request answers
    SERVICE_UNAVAILABLE within that bound and, being a probe, notices the server's return
    the moment it serves again. A server still starting accepts connections and then holds
    them for many seconds; the bound is what keeps requests from hanging on it."""

    __slots__ = ("down_since", "probe_s")

    def __init__(self, probe_s: float) -> None:
        #: ``time.monotonic()`` of the failure that found it down; None while it answers.
        self.down_since: float | None = None
        #: how long a probe may take before it counts as no answer.
        self.probe_s = probe_s

    def failed(self, exc: Exception) -> None:
        if _outage(exc) and self.down_since is None:
            self.down_since = time.monotonic()
            log.warning("Neo4j is down (%s); queries fail fast until it answers", exc)

    def answered(self) -> None:
        if self.down_since is not None:
            log.warning("Neo4j answers again after %.1f s", time.monotonic() - self.down_since)
            self.down_since = None

    async def probe(self, driver: AsyncDriver, database: str) -> GraphError | None:
        """Ask Neo4j for ``RETURN 1`` within :attr:`probe_s`; None when it answered, else the
        error a query would have met."""
        try:
            async with asyncio.timeout(self.probe_s):
                # An auto-commit run: unlike a transaction function it is not retried.
                async with driver.session(
                    database=database, default_access_mode=neo4j.READ_ACCESS
                ) as session:
                    result = await session.run("RETURN 1 AS ok")
                    await result.consume()
        except TimeoutError:
            return GraphUnavailableError(f"Neo4j did not answer within {self.probe_s:.1f} s")
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
            self.failed(exc)
            return _translate(exc)
        self.answered()
        return None


def _plan_steps(plan: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """(operator, details) of every step of a plan, nested ones included."""
    steps: list[tuple[str, str]] = []
    pending = [plan] if plan else []
    while pending:
        node = pending.pop()
        steps.append(
            (str(node["operatorType"]).split("@")[0], str(node.get("args", {}).get("Details", "")))
        )
        pending.extend(node.get("children", []))
    return steps


class Transaction:
    """A write transaction in progress; every statement counts as a round trip."""

    def __init__(
        self,
        tx: AsyncManagedTransaction | AsyncTransaction,
        stats: QueryStats,
        visible: frozenset[str] | None = None,
    ) -> None:
        self._tx = tx
        self._stats = stats
        #: the caller's visible accounts (graph/scope.py), checked against what a write touched.
        self.visible = visible
        #: what the statements so far changed, as the server counts it (nodes and
        #: relationships created or deleted, properties set, labels added or removed).
        self.changes = 0

    async def run(self, query: LiteralString, params: Mapping[str, Any] | None = None) -> list[Row]:
        self._stats.round_trips += 1
        given = dict(params or {})
        given.setdefault("visible", None if self.visible is None else sorted(self.visible))
        result = await self._tx.run(query, given)
        rows = _rows([record async for record in result])
        counters = (await result.consume()).counters
        self.changes += sum(
            getattr(counters, name)
            for name in (
                "nodes_created",
                "nodes_deleted",
                "relationships_created",
                "relationships_deleted",
                "properties_set",
                "labels_added",
                "labels_removed",
            )
        )
        return rows

    @property
    def changed(self) -> bool:
        """Whether a statement changed the graph (it is stored once the transaction commits)."""
        return self.changes > 0


@dataclass(frozen=True, slots=True)
class PlanStep:
    """One operator of an executed query plan."""

    operator: str
    rows: int
    db_hits: int
    details: str


class QueryStats:
    """Counts Cypher round trips; one per request, read by the N+1 tests and the stats extension."""

    __slots__ = ("round_trips",)

    def __init__(self) -> None:
        self.round_trips = 0


class Reads:
    """What a session's reads depended on, for the response cache (schema/response_cache.py):
    the accounts whose data they returned, whether any read the portfolio at large (a page, a
    lookup by external id, anything not tagged with its accounts), and whether it wrote."""

    __slots__ = ("accounts", "wide", "wrote")

    def __init__(self) -> None:
        self.accounts: set[str] = set()
        #: a read not confined to known accounts: the answer depends on the whole portfolio.
        self.wide = False
        #: a write, a pinned transaction or analyst Cypher ran: its answer is not cached.
        self.wrote = False


class GraphSession:
    """A request's view of the graph: the shared driver plus its own round-trip counter."""

    def __init__(
        self,
        driver: AsyncDriver,
        database: str,
        timeout_s: float | None,
        analyst_auth: tuple[str, str] | None = None,
        *,
        retry_s: float,
        availability: Availability,
        client: GraphClient | None = None,
    ) -> None:
        self._driver = driver
        #: the client that made it: what this process shares between requests (None: a
        #: session made by hand, which shares nothing).
        self.client = client
        self._database = database
        #: the server-side time limit of each statement and transaction (None: the server's).
        self._timeout_s = timeout_s
        #: the Neo4j user analyst Cypher runs as (None: the API's own).
        self._analyst_auth = analyst_auth
        self._retry_s = retry_s
        self._availability = availability
        #: whether a write of this session has committed a change; after one, an outage is
        #: WriteUnconfirmedError (the client must not read "failed, nothing stored").
        self.stored = False
        #: the accounts an account-scoped caller may see (None: all); every query gets them as
        #: ``$visible`` (graph/scope.py).
        self.visible: frozenset[str] | None = None
        #: whether a write transaction of this session was cancelled (a request deadline, a
        #: client gone) before it answered: its COMMIT may have been sent, so it may be stored.
        self.write_cut_off = False
        #: bookmarks a client passed on from a write answered by another process: every
        #: transaction of this session starts once the database has caught up with them.
        self.bookmarks: tuple[str, ...] = ()
        #: the bookmarks of this session's last committed write, for the client to pass on.
        self.written_bookmarks: tuple[str, ...] = ()
        self.stats = QueryStats()
        self.reads = Reads()

    def _params(self, params: Mapping[str, Any] | None) -> dict[str, Any]:
        given = dict(params or {})
        given.setdefault("visible", None if self.visible is None else sorted(self.visible))
        return given

    async def read(
        self,
        query: LiteralString,
        params: Mapping[str, Any] | None = None,
        *,
        accounts: Iterable[str] | None = None,
    ) -> list[Row]:
        """Rows of a read. ``accounts``: the only accounts whose data the rows carry (what
        every write to that data bumps, graph/versions.py); without it the read counts as
        depending on the whole portfolio."""
        if accounts is None:
            self.reads.wide = True
        else:
            self.reads.accounts.update(accounts)
        return await self._execute(query, params, neo4j.READ_ACCESS)

    async def write(
        self, query: LiteralString, params: Mapping[str, Any] | None = None
    ) -> list[Row]:
        self.reads.wrote = True
        return await self._execute(query, params, neo4j.WRITE_ACCESS)

    async def read_uncounted(
        self, query: LiteralString, params: Mapping[str, Any] | None = None
    ) -> list[Row]:
        """A read that is neither a round trip of the request's own work nor a dependency:
        the response cache's version reads, reported apart in ``extensions.cache``."""
        counted = self.stats.round_trips
        try:
            return await self._execute(query, params, neo4j.READ_ACCESS)
        finally:
            self.stats.round_trips = counted

    async def _session(self, access_mode: str) -> neo4j.AsyncSession:
        """A driver session for one transaction; while the server is known to be down, only
        once a probe has found it back (see :class:`Availability`)."""
        if self._availability.down_since is not None:
            refusal = await self._availability.probe(self._driver, self._database)
            if refusal is not None:
                # Nothing of this query was sent: whatever the request stored before stays
                # the only thing it stored.
                raise self._unconfirmed(refusal)
        return self._driver.session(
            database=self._database,
            default_access_mode=access_mode,
            # As execute_query does: a read after a write of this process sees it, on a
            # cluster too; the client's bookmarks extend that to writes of other processes.
            bookmark_manager=self._driver.execute_query_bookmark_manager,
            bookmarks=neo4j.Bookmarks.from_raw_values(self.bookmarks) if self.bookmarks else None,
            max_transaction_retry_time=self._retry_s,
        )

    async def _remember(self, session: neo4j.AsyncSession) -> None:
        self.written_bookmarks = tuple(sorted((await session.last_bookmarks()).raw_values))

    def _unconfirmed(self, error: GraphError) -> GraphError:
        if self.stored and type(error) is GraphUnavailableError:
            return WriteUnconfirmedError(str(error), stored=True)
        return error

    def _failed(self, exc: neo4j_errors.Neo4jError | neo4j_errors.DriverError) -> GraphError:
        self._availability.failed(exc)
        return self._unconfirmed(_translate(exc))

    async def _execute(
        self, query: LiteralString, params: Mapping[str, Any] | None, access_mode: str
    ) -> list[Row]:
        self.stats.round_trips += 1

        given = self._params(params)

        @neo4j.unit_of_work(timeout=self._timeout_s)
        async def unit(tx: AsyncManagedTransaction) -> tuple[list[neo4j.Record], bool]:
            try:
                result = await tx.run(query, given)
                records = [record async for record in result]
                summary = await result.consume()
            except neo4j_errors.TransientError as exc:
                if _out_of_memory(exc):
                    raise _NotRetried(exc) from exc
                raise
            return records, summary.counters.contains_updates

        try:
            async with await self._session(access_mode) as session:
                if access_mode == neo4j.READ_ACCESS:
                    records, changed = await session.execute_read(unit)
                else:
                    records, changed = await session.execute_write(unit)
                    await self._remember(session)
        except _NotRetried as refused:
            raise self._failed(refused.cause) from refused.cause
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
            raise self._failed(exc) from exc
        except asyncio.CancelledError:
            # The driver closes the connection, so the server ends the transaction; but a
            # write may have been committing.
            self.write_cut_off = self.write_cut_off or access_mode == neo4j.WRITE_ACCESS
            raise
        self._availability.answered()
        self.stored = self.stored or changed
        return _rows(records)

    async def profile(
        self, query: LiteralString, params: Mapping[str, Any] | None = None
    ) -> list[PlanStep]:
        """Run ``query`` under PROFILE and return its executed plan, operators depth-first.

        For tests and benchmarks that check how a query is planned (index use, rows read).
        """
        self.reads.wrote = True
        self.stats.round_trips += 1
        try:
            _, summary, _ = await self._driver.execute_query(
                neo4j.Query("PROFILE " + query, timeout=self._timeout_s),
                dict(params or {}),
                database_=self._database,
                routing_=RoutingControl.READ,
            )
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
            raise self._failed(exc) from exc
        steps: list[PlanStep] = []
        pending = [summary.profile] if summary.profile else []
        while pending:
            node = pending.pop()
            steps.append(
                PlanStep(
                    operator=str(node["operatorType"]).split("@")[0],
                    rows=int(node.get("rows", 0)),
                    db_hits=int(node.get("dbHits", 0)),
                    details=str(node.get("args", {}).get("Details", "")),
                )
            )
            pending.extend(reversed(node.get("children", [])))
        return steps

    async def transaction(self, work: Callable[[Transaction], Awaitable[T]]) -> T:
        """Run ``work`` in one write transaction (retried by the driver on transient errors)."""
        self.reads.wrote = True
        changed = False

        @neo4j.unit_of_work(timeout=self._timeout_s)
        async def unit(tx: AsyncManagedTransaction) -> T:
            nonlocal changed
            ours = Transaction(tx, self.stats, self.visible)
            # A retry starts again from nothing: only the attempt that commits counts.
            changed = False
            done = await work(ours)
            changed = ours.changed
            return done

        try:
            async with await self._session(neo4j.WRITE_ACCESS) as session:
                done = await session.execute_write(unit)
                await self._remember(session)
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
            raise self._failed(exc) from exc
        except asyncio.CancelledError:
            self.write_cut_off = True
            raise
        self._availability.answered()
        self.stored = self.stored or changed
        return done

    @asynccontextmanager
    async def pinned(self) -> AsyncIterator[PinnedSession]:
        """A session whose reads and writes all run in one transaction, so later reads see
        earlier writes before anything commits; it commits only on :meth:`PinnedSession.commit`
        and otherwise rolls back (a dry run, or an all-or-nothing import that found errors)."""
        self.reads.wrote = True
        try:
            async with self._driver.session(
                database=self._database,
                bookmark_manager=self._driver.execute_query_bookmark_manager,
                bookmarks=neo4j.Bookmarks.from_raw_values(self.bookmarks)
                if self.bookmarks
                else None,
            ) as session:
                tx = await session.begin_transaction(timeout=self._timeout_s)
                pinned = PinnedSession(self, tx)
                try:
                    yield pinned
                finally:
                    if not pinned.committed:
                        await tx.rollback()
                if pinned.committed:
                    await self._remember(session)
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
            raise _translate(exc) from exc

    async def read_only(
        self,
        query: str,
        params: Mapping[str, Any],
        *,
        timeout_s: float,
        max_rows: int,
        max_bytes: int,
        shape: Shape = "json",
    ) -> tuple[list[str], list[Row], bool]:
        """Run an analyst's Cypher in a read-only transaction that the server enforces: its
        columns, at most ``max_rows`` rows of at most ``max_bytes`` together (as JSON), and
        whether more were there. ``shape`` says how values come back (see :data:`Shape`).

        The text is the analyst's own query by design (it is the product), never spliced into
        ours; the server rejects any write in a READ transaction.
        """
        self.reads.wrote = True  # what an analyst's Cypher read is not known: never cached
        self.stats.round_trips += 2
        try:
            # An auto-commit run in a READ session: the server refuses any write in it, and a
            # Query carries the server-side time limit.
            # Under its own Neo4j user when one is configured (a `reader` on Enterprise/Aura),
            # so the server, not only these checks, limits what an analyst can reach.
            async with self._driver.session(
                database=self._database,
                default_access_mode=neo4j.READ_ACCESS,
                auth=self._analyst_auth,
            ) as session:
                # First the plan (cached by the server for the run that follows), checked
                # against what analysts may do besides reading; see graph/analyst.py.
                try:
                    planned = await session.run(
                        neo4j.Query(analyst.PLAN_PREFIX + query, timeout=timeout_s), dict(params)
                    )
                    summary = await planned.consume()
                except neo4j_errors.ClientError as exc:
                    if _timed_out(exc):
                        # Planning alone can pass a short limit on a busy server.
                        raise ReadOnlyQueryError(analyst.timed_out(timeout_s)) from exc
                    raise ReadOnlyQueryError(analyst.located(exc.message or str(exc))) from exc
                why = analyst.refusal(_plan_steps(summary.plan), summary.query_type)
                if why is not None:
                    raise ReadOnlyQueryError(why)
                result = await session.run(neo4j.Query(query, timeout=timeout_s), dict(params))
                keys = list(result.keys())
                convert = _SHAPES[shape]
                rows: list[Row] = []
                size, truncated = 0, False
                async for record in result:
                    row = dict(zip(keys, map(convert, record.values()), strict=True))
                    # orjson: json.dumps held the event loop for seconds on a 40 MB row.
                    size += len(orjson.dumps(row, default=str))
                    if len(rows) >= max_rows or size > max_bytes:
                        truncated = True
                        break
                    rows.append(row)
                # Stops the rest on the server when the caps cut the result short.
                await result.consume()
        except neo4j_errors.ClientError as exc:
            if _timed_out(exc):
                raise ReadOnlyQueryError(analyst.timed_out(timeout_s)) from exc
            raise ReadOnlyQueryError(exc.message or str(exc)) from exc
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
            raise self._failed(exc) from exc
        self._availability.answered()
        return keys, rows, truncated


#: The first pause between two attempts of a transaction (the driver's default is 1 s, then
#: doubling): short, so a retried query notices a server back within a fraction of a second.
FIRST_RETRY_DELAY_S = 0.1


class PinnedSession(GraphSession):
    """A :class:`GraphSession` over one open transaction (see :meth:`GraphSession.pinned`)."""

    def __init__(self, parent: GraphSession, tx: AsyncTransaction) -> None:
        super().__init__(
            parent._driver,
            parent._database,
            parent._timeout_s,
            parent._analyst_auth,
            retry_s=parent._retry_s,
            availability=parent._availability,
            client=parent.client,
        )
        self.stats = parent.stats
        self.visible = parent.visible
        self._tx = tx
        self.committed = False

    async def _execute(
        self, query: LiteralString, params: Mapping[str, Any] | None, access_mode: str
    ) -> list[Row]:
        try:
            return await Transaction(self._tx, self.stats, self.visible).run(query, params)
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
            raise _translate(exc) from exc

    async def transaction(self, work: Callable[[Transaction], Awaitable[T]]) -> T:
        try:
            return await work(Transaction(self._tx, self.stats, self.visible))
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
            raise _translate(exc) from exc

    async def commit(self) -> None:
        try:
            await self._tx.commit()
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
            raise _translate(exc) from exc
        self.committed = True


class GraphClient:
    """Owns the application's single async driver."""

    def __init__(
        self,
        driver: AsyncDriver,
        database: str,
        timeout_s: float | None,
        retry_s: float,
        probe_s: float,
        analyst_auth: tuple[str, str] | None = None,
    ) -> None:
        self._driver = driver
        self.database = database
        self._timeout_s = timeout_s
        self._analyst_auth = analyst_auth
        self._retry_s = retry_s
        self.availability = Availability(probe_s)
        #: work this process runs once for many requests (graph/coalesce.py), by what it is:
        #: the score refreshes after writes (graph/scores.py :func:`~graph.scores.refresh`).
        self.shared: dict[Hashable, Any] = {}

    @classmethod
    def connect(
        cls,
        uri: str,
        user: str,
        password: str,
        database: str,
        *,
        retry_s: float = 30.0,
        timeout_s: float | None = None,
        analyst_auth: tuple[str, str] | None = None,
        connect_timeout_s: float = 10.0,
        acquire_timeout_s: float = 60.0,
    ) -> GraphClient:
        """``retry_s``: how long a query keeps retrying transient failures (an unreachable
        server, a cluster electing a leader) before its error is raised; none while the server
        is known to be down. ``timeout_s``: the server-side limit of every statement and
        transaction (Neo4j has none by default), so no query runs on after its request has
        been answered. ``analyst_auth``: the Neo4j user and password analyst Cypher runs as
        (None: the API's own). ``connect_timeout_s``: how long opening one connection may take, and
        a probe of a server known to be down; ``acquire_timeout_s``: how long a query waits
        for a connection when all are busy."""
        driver = AsyncGraphDatabase.driver(
            uri,
            auth=(user, password),
            max_connection_pool_size=50,
            connection_timeout=connect_timeout_s,
            # The driver wants it above the connection timeout (it may open one while waiting).
            connection_acquisition_timeout=max(acquire_timeout_s, connect_timeout_s),
            max_transaction_retry_time=retry_s,
            initial_retry_delay=FIRST_RETRY_DELAY_S,
            # Our queries are reviewed; server hints would only flood the logs.
            notifications_min_severity="OFF",
        )
        return cls(
            driver,
            database,
            timeout_s,
            retry_s,
            probe_s=connect_timeout_s,
            analyst_auth=analyst_auth,
        )

    def session(self) -> GraphSession:
        return GraphSession(
            self._driver,
            self.database,
            self._timeout_s,
            self._analyst_auth,
            retry_s=self._retry_s,
            availability=self.availability,
            client=self,
        )

    async def verify(self, *, attempts: int = 1, delay_s: float = 1.0) -> None:
        """Check that Neo4j answers; with ``attempts`` > 1, wait for a server still starting."""
        for attempt in range(1, attempts + 1):
            try:
                await self._driver.verify_connectivity()
                return
            except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
                if attempt == attempts:
                    raise _translate(exc) from exc
                await asyncio.sleep(delay_s)

    async def ping(self) -> bool:
        """Whether Neo4j answers a query now (within the probe bound); what it finds is what
        the sessions go by."""
        return await self.availability.probe(self._driver, self.database) is None

    async def apply_schema(self) -> None:
        """Create constraints and indexes (idempotent) and wait until they are online; drop
        what earlier releases left that nothing reads."""
        session = self.session()
        for statement in (*OBSOLETE_INDEXES, *OBSOLETE_DATA, *CONSTRAINTS, *INDEXES):
            await session.write(statement)
        await session.write(AWAIT_INDEXES)

    async def close(self) -> None:
        await self._driver.close()
