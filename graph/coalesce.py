"""Single-flight runs per key, with one trailing run for everyone who came while one ran.

The score refresh after a write (graph/scores.py :func:`~graph.scores.refresh`) goes through
this: N concurrent writes to one account used to recompute that account N times, each run
reading the same facts and queueing on the same account lock. Here a request for some keys
starts a run at once for those with none running; for a key whose run is already under way
(it may have read the facts before the caller's commit) the caller waits for the *next* run,
which starts when the running one ends and so covers every request made before it started.
However many arrive meanwhile, that is one trailing run.

Pure asyncio, no Neo4j: the work is a function of the keys it covers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Iterable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


class _Run(Generic[K]):
    """One run of the work over some keys: its outcome, and the run queued behind it."""

    __slots__ = ("done", "keys", "then")

    def __init__(self) -> None:
        #: the keys it covers, in the order they were asked for (a dict: an ordered set).
        self.keys: dict[K, None] = {}
        #: set when the run ends (its result, or its error); created up front so callers can
        #: wait on a trailing run before it starts.
        self.done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        # Every caller may have gone away by the time it ends: nobody reads the error then.
        self.done.add_done_callback(lambda f: f.cancelled() or f.exception())
        #: the trailing run for keys requested while this one ran.
        self.then: _Run[K] | None = None


class Coalescer(Generic[K]):
    """Runs ``work(keys)`` at most once at a time per key, coalescing the requests that
    arrive while it runs into one trailing run (see the module's docstring)."""

    def __init__(self, work: Callable[[list[K]], Awaitable[object]]) -> None:
        self._work = work
        #: the run under way for each key.
        self._running: dict[K, _Run[K]] = {}
        #: the tasks of the runs under way (a task nobody references may be collected).
        self._tasks: set[asyncio.Task[None]] = set()
        #: how many runs started, and how many keys they covered (for tests and logs).
        self.runs = 0
        self.requests = 0

    async def cover(self, keys: Iterable[K]) -> None:
        """Return once a run that started after this call has covered every key; raise its
        error if it failed. Cancelling the caller does not cancel a run others share."""
        self.requests += 1
        fresh: _Run[K] | None = None
        waits: list[asyncio.Future[None]] = []
        for key in dict.fromkeys(keys):
            running = self._running.get(key)
            if running is None:
                if fresh is None:
                    fresh = _Run()
                    waits.append(fresh.done)
                fresh.keys[key] = None
                continue
            if running.then is None:
                running.then = _Run()
            running.then.keys[key] = None
            waits.append(running.then.done)
        if fresh is not None:
            self._start(fresh)
        for done in dict.fromkeys(waits):
            # shield: a caller that goes away stops waiting; the run goes on for the others
            # (and for its own write, which has committed).
            await asyncio.shield(done)

    def _start(self, run: _Run[K]) -> None:
        for key in run.keys:
            self._running[key] = run
        self.runs += 1
        task = asyncio.get_running_loop().create_task(self._run(run))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, run: _Run[K]) -> None:
        try:
            await self._work([*run.keys])
        except Exception as exc:  # handed to every caller, who decides (refresh: log it)
            run.done.set_exception(exc)
        except asyncio.CancelledError:
            # Only a loop shutting down cancels it; the callers hear it as their own cancel.
            run.done.cancel()
            raise
        else:
            run.done.set_result(None)
        finally:
            for key in run.keys:
                if self._running.get(key) is run:
                    del self._running[key]
            if run.then is not None and not asyncio.get_running_loop().is_closed():
                # Its keys were all in this run (a key queues behind the run under way), so
                # none of them is running now: it starts at once.
                self._start(run.then)

    @property
    def busy(self) -> bool:
        """Whether a run is under way."""
        return bool(self._tasks)

    async def idle(self) -> None:
        """Wait until no run is under way (tests; a shutdown)."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
