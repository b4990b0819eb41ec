"""The shared version reads of the response cache (graph/versions.py SharedReads), pure asyncio:
a read serves only the callers that came before it started, one read at a time, and a caller
that stops waiting does not stop the read of the others."""

from __future__ import annotations

import asyncio

import pytest

from graph.versions import SharedReads


class FakeGraph:
    """Versions in memory; each read is held until the test releases it, so the test decides
    what arrives while a read is in flight."""

    def __init__(self) -> None:
        self.versions: dict[str, str] = {"a": "a1", "b": "b1", "portfolio": "p1"}
        self.started: list[tuple[str, list[str]]] = []
        self.release: list[asyncio.Event] = []
        self.fail: Exception | None = None

    async def read(self, session: str, keys: list[str]) -> dict[str, str | None]:
        self.started.append((session, keys))
        # What the read sees is fixed when it starts (a transaction's snapshot).
        seen: dict[str, str | None] = {key: self.versions.get(key) for key in keys}
        gate = asyncio.Event()
        self.release.append(gate)
        await gate.wait()
        if self.fail is not None:
            raise self.fail
        return seen


async def _settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_callers_during_a_read_wait_for_the_next_which_sees_the_write() -> None:
    graph = FakeGraph()
    shared: SharedReads[str] = SharedReads(graph.read)
    first = asyncio.ensure_future(shared.current("s1", ["a"]))
    await _settle()
    assert len(graph.started) == 1  # the first caller's read is in flight
    # A write is acknowledged, then two callers arrive: the read in flight began before it.
    graph.versions["a"] = "a2"
    late = [
        asyncio.ensure_future(shared.current("s2", ["a"])),
        asyncio.ensure_future(shared.current("s3", ["b", "portfolio"])),
    ]
    await _settle()
    assert len(graph.started) == 1  # no second read while one runs
    graph.release[0].set()
    assert await first == {"a": "a1"}
    await _settle()
    # One read for both late callers, of the keys they asked between them, on the first's
    # session; it began after the write, so both see it.
    assert graph.started[1] == ("s2", ["a", "b", "portfolio"])
    graph.release[1].set()
    assert await late[0] == {"a": "a2"}
    assert await late[1] == {"b": "b1", "portfolio": "p1"}
    assert shared.reads == 2
    # Nobody waiting: the next caller starts a read of its own straight away.
    again = asyncio.ensure_future(shared.current("s4", ["c"]))
    await _settle()
    assert graph.started[2] == ("s4", ["c"])
    graph.release[2].set()
    assert await again == {"c": None}


async def test_a_burst_shares_one_read() -> None:
    graph = FakeGraph()
    shared: SharedReads[str] = SharedReads(graph.read)
    burst = [asyncio.ensure_future(shared.current(f"s{i}", ["a"])) for i in range(20)]
    await _settle()
    assert len(graph.started) == 1
    graph.release[0].set()
    assert [await b for b in burst] == [{"a": "a1"}] * 20
    assert shared.reads == 1


async def test_a_cancelled_caller_does_not_stop_the_read_of_the_others() -> None:
    graph = FakeGraph()
    shared: SharedReads[str] = SharedReads(graph.read)
    gone = asyncio.ensure_future(shared.current("s1", ["a"]))
    stays = asyncio.ensure_future(shared.current("s2", ["a"]))
    await _settle()
    gone.cancel()
    await _settle()
    graph.release[0].set()
    assert await stays == {"a": "a1"}
    assert gone.cancelled()


async def test_a_failed_read_reaches_each_of_its_callers_and_the_next_read_runs() -> None:
    graph = FakeGraph()
    shared: SharedReads[str] = SharedReads(graph.read)
    failing = [asyncio.ensure_future(shared.current("s1", ["a"])) for _ in range(3)]
    await _settle()
    graph.fail = ConnectionError("down")
    graph.release[0].set()
    for caller in failing:
        with pytest.raises(ConnectionError):
            await caller
    graph.fail = None
    after = asyncio.ensure_future(shared.current("s2", ["a"]))
    await _settle()
    graph.release[1].set()
    assert await after == {"a": "a1"}
