"""The single-flight coordinator of graph/coalesce.py, in pure asyncio (no Neo4j)."""

from __future__ import annotations

import asyncio

import pytest

from graph.coalesce import Coalescer


class Work:
    """Work whose runs are held open until the test releases them; records what each covered."""

    def __init__(self) -> None:
        self.runs: list[list[str]] = []
        self.gates: list[asyncio.Event] = []
        self.fail: Exception | None = None

    async def __call__(self, keys: list[str]) -> None:
        gate = asyncio.Event()
        self.runs.append(sorted(keys))
        self.gates.append(gate)
        await gate.wait()
        if self.fail is not None:
            raise self.fail

    def release(self, run: int) -> None:
        self.gates[run].set()


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_one_trailing_run_for_every_request_made_while_one_ran() -> None:
    work = Work()
    flight = Coalescer(work)
    first = asyncio.create_task(flight.cover(["a"]))
    await settle()
    assert work.runs == [["a"]]
    # Five more writes of "a" arrive while its run is under way: they wait for the next run,
    # which has not started (the running one may have read before their commits).
    later = [asyncio.create_task(flight.cover(["a"])) for _ in range(5)]
    await settle()
    assert work.runs == [["a"]]
    assert not any(task.done() for task in later)
    work.release(0)
    await settle()
    assert first.done() and not any(task.done() for task in later)
    assert work.runs == [["a"], ["a"]]  # one trailing run for all five
    work.release(1)
    await asyncio.gather(*later)
    assert flight.runs == 2 and flight.requests == 6
    # Nothing under way now: the next request starts its own run at once.
    again = asyncio.create_task(flight.cover(["a"]))
    await settle()
    assert work.runs[-1] == ["a"] and len(work.runs) == 3
    work.release(2)
    await again


async def test_free_keys_run_at_once_and_busy_keys_trail() -> None:
    work = Work()
    flight = Coalescer(work)
    first = asyncio.create_task(flight.cover(["a"]))
    await settle()
    both = asyncio.create_task(flight.cover(["b", "a"]))
    await settle()
    # "b" had no run: it starts now; "a" waits behind the run of "a" under way.
    assert work.runs == [["a"], ["b"]]
    work.release(1)
    await settle()
    assert not both.done()
    work.release(0)
    await first
    await settle()
    assert work.runs == [["a"], ["b"], ["a"]]
    assert not both.done()
    work.release(2)
    await both


async def test_a_caller_that_goes_away_does_not_cancel_the_shared_run() -> None:
    work = Work()
    flight = Coalescer(work)
    first = asyncio.create_task(flight.cover(["a"]))
    await settle()
    gone = asyncio.create_task(flight.cover(["a"]))
    stays = asyncio.create_task(flight.cover(["a"]))
    await settle()
    gone.cancel()
    first.cancel()  # the caller of the running run goes too
    await settle()
    assert gone.cancelled() and first.cancelled()
    work.release(0)  # the running run was not cancelled: it ends, and the trailing one starts
    await settle()
    assert work.runs == [["a"], ["a"]]
    work.release(1)
    await stays
    # The trailing run ran to its end although one of its callers had gone.
    await flight.idle()
    assert flight.runs == 2


async def test_the_trailing_run_starts_even_when_all_its_callers_went_away() -> None:
    work = Work()
    flight = Coalescer(work)
    first = asyncio.create_task(flight.cover(["a"]))
    await settle()
    gone = asyncio.create_task(flight.cover(["a"]))
    await settle()
    gone.cancel()
    await settle()
    work.release(0)
    await first
    await settle()
    # Its write committed: its refresh still happens.
    assert work.runs == [["a"], ["a"]]
    work.release(1)
    await flight.idle()
    assert not flight.busy


async def test_errors_reach_every_caller_of_the_run_and_the_next_run_is_fresh() -> None:
    work = Work()
    flight = Coalescer(work)
    work.fail = RuntimeError("neo4j said no")
    first = asyncio.create_task(flight.cover(["a"]))
    await settle()
    trailing = [asyncio.create_task(flight.cover(["a"])) for _ in range(2)]
    await settle()
    work.release(0)
    with pytest.raises(RuntimeError, match="neo4j said no"):
        await first
    await settle()
    work.fail = None
    work.release(1)
    for task in trailing:
        await task  # the trailing run succeeded
    assert work.runs == [["a"], ["a"]]
