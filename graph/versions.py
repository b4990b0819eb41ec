"""Graph versions for the response cache (schema/response_cache.py), kept in Neo4j so every
API process sees every write: :func:`bump` runs inside each write's transaction (graph/writes.py
``_commit``, the importer, the score store), :func:`current` is the one read a cache hit costs.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any, Generic, TypeVar

from graph.client import GraphSession, Transaction
from graph.cypher import versions as cypher

#: The key of the version every write changes; answers that read the portfolio at large
#: (pages, summaries, lookups by external id) depend on it. It is not one node: see STRIPES.
PORTFOLIO = "portfolio"

#: The portfolio's version is striped: each write bumps ONE of these nodes (at random) and
#: :func:`current` reads them all as the one PORTFOLIO version, which so still changes with
#: every write. Why: a node's write lock is held until the client sends COMMIT, and with one
#: portfolio node every write queued on it for as long as the busy API took to get back to
#: that transaction (50-client load: that bump was blocked in 396 of 397 samples of SHOW
#: TRANSACTIONS, median wait 0.7 s). Now only writes that draw the same stripe queue.
STRIPES = tuple(f"{PORTFOLIO}#{n}" for n in range(16))


def keys_of(accounts: Iterable[str]) -> list[str]:
    """The version keys a write of these accounts bumps: the accounts in order, then one
    stripe of the portfolio (one lock order for every write: a write holds one stripe)."""
    return list(dict.fromkeys([*sorted(set(accounts) - {PORTFOLIO}), random.choice(STRIPES)]))


async def bump(tx: Transaction, accounts: Iterable[str]) -> None:
    """New versions for these accounts and the portfolio (a stripe of it), in the caller's
    transaction; its last statement, so the stripe's lock is held only until the commit."""
    await tx.run(cypher.BUMP_VERSIONS, {"keys": keys_of(accounts)})


async def current(session: GraphSession, keys: Sequence[str]) -> dict[str, str | None]:
    """The versions of these keys now (None: never written), in one round trip; PORTFOLIO's
    is a digest of its stripes' versions."""
    found: dict[str, str | None] = dict.fromkeys(keys)
    wanted = [k for k in found if k != PORTFOLIO]
    if PORTFOLIO in found:
        wanted.extend(STRIPES)
    rows = await session.read_uncounted(cypher.READ_VERSIONS, {"keys": wanted})
    stripes: dict[str, str] = {}
    for row in rows:
        if row["key"] in found:
            found[row["key"]] = row["version"]
        if row["key"] in STRIPES:
            stripes[row["key"]] = row["version"]
    if PORTFOLIO in found and stripes:
        digest = hashlib.blake2b(digest_size=16)
        for stripe in STRIPES:
            digest.update(stripes.get(stripe, "-").encode() + b";")
        found[PORTFOLIO] = digest.hexdigest()
    return found


S = TypeVar("S")
#: A read of some keys' versions through a session (:func:`current`, or a stand-in in tests).
VersionRead = Callable[[S, list[str]], Awaitable[dict[str, str | None]]]


class SharedReads(Generic[S]):
    """One read of versions in flight per process, serving every caller that arrived before it
    started: a caller that arrives while a read runs waits for the next one (started as soon as
    that read ends, for every key its waiters asked), never for the one already running, which
    may have begun before a write the caller saw acknowledged. So concurrent cache hits share
    one indexed read and each still sees every write committed before it arrived.

    The read runs in a task of its own, on the session of the first caller of its batch; a
    caller that is cancelled (its client gone, its deadline) stops waiting, not the read."""

    def __init__(self, read: VersionRead[S]) -> None:
        self._read = read
        self._batch: asyncio.Future[dict[str, str | None]] | None = None
        self._keys: dict[str, None] = {}
        self._session: S | None = None
        self._running: asyncio.Task[None] | None = None
        #: reads run so far (tests and the benchmark's note read it).
        self.reads = 0

    async def current(self, session: S, keys: Sequence[str]) -> dict[str, str | None]:
        """The versions of ``keys`` from a read that started after this call."""
        if self._batch is None:
            self._batch = asyncio.get_running_loop().create_future()
            self._session = session
        self._keys.update(dict.fromkeys(keys))
        batch = self._batch
        if self._running is None:
            self._start()
        found = await asyncio.shield(batch)
        return {key: found.get(key) for key in keys}

    def _start(self) -> None:
        self._running = asyncio.ensure_future(self._run())

    async def _run(self) -> None:
        # The batch is taken when the task runs, not when it was made: callers that came in
        # between still precede the read, and join it.
        batch, keys, session = self._batch, list(self._keys), self._session
        assert batch is not None and session is not None
        self._batch, self._keys, self._session = None, {}, None
        try:
            self.reads += 1
            found = await self._read(session, keys)
        except asyncio.CancelledError:
            # The loop is closing: nobody is served any more, this batch or the next.
            batch.cancel()
            if self._batch is not None:
                self._batch.cancel()
            self._batch, self._keys, self._session = None, {}, None
            raise
        except Exception as exc:  # each waiter meets it (an outage: GraphError)
            batch.set_exception(exc)
            batch.add_done_callback(_retrieved)
        else:
            batch.set_result(found)
        finally:
            self._running = None
            if self._batch is not None:
                self._start()  # the callers that came while this read ran


def _retrieved(future: asyncio.Future[Any]) -> None:
    # When every waiter was cancelled, nobody reads the error; asyncio would log it.
    if not future.cancelled():
        future.exception()
