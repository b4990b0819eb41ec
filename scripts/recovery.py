"""The phases of a Neo4j restart after kill -9, one kill at a time: when Bolt accepts, when
``SHOW DATABASES`` says ``neo4j`` is online, when a fresh driver's ``RETURN 1`` and a fresh
bare driver's write (an explicit transaction, no retries) first go through, when the API's
first write is acknowledged (the API in process, its GraphClient kept across the kill, as in
production), what the API answered until then, and Neo4j's own log lines of the restart.

    python -m scripts.recovery --kills 3          # the figures in docs/reliability.md
    python -m scripts.recovery --kills 6 --compare --jvm-flag=-XX:SharedArchiveFile=x.jsa
                                                  # every other restart with the flag: A/B

It starts its own instance (``recovery``, wiped before and after). Times are seconds after the
kill; the medians over the kills are printed last.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import statistics
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any

import httpx
import typer

from api.app import create_app
from api.settings import Settings
from graph import bare, keys
from graph import client as graph_client
from graph.access import Role
from scripts import neo4jctl
from scripts.faults import ACCOUNT, Load, _post, kill_neo4j, writer

#: A probe's own bound: each attempt of each phase gives up after it and tries again. Long:
#: a cold server takes seconds for its first answers, and a shorter bound would only measure
#: attempts cut off one after the other.
ATTEMPT_S = 30.0
#: How often each phase is tried while it has not gone through.
POLL_S = 0.1
#: How long after the kill the phases are watched at most.
WINDOW_S = 120.0

#: The log lines that say what the server did while starting (debug.log, neo4j.log).
LOG_LINES = re.compile(
    r"Recovery|Checkpoint triggered|Started\.|Bolt enabled|IndexingService\.(init|start):"
    r"|Index population started|Index creation finished"
)
#: One line per index: counted, not printed.
PER_INDEX = re.compile(r"Index population started|Index creation finished|index \d+ on ")
LOG_TIME = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3})([+-]\d{4})")


@dataclass
class Phases:
    """One kill: each phase in seconds after it (None: not within the window)."""

    start_called: float = 0.0
    start_returned: float = 0.0
    bolt: float | None = None
    online: float | None = None
    return_1: float | None = None
    bare_write: float | None = None
    api_write: float | None = None
    #: the bare driver's failed attempts after Bolt accepted: error -> count.
    bare_errors: Counter[str] = field(default_factory=Counter)
    #: the API's answers to writes started after Bolt accepted, until the first OK:
    #: code -> latencies in ms.
    api_answers: dict[str, list[float]] = field(default_factory=dict)
    #: the API's traced calls started after Bolt accepted until its first write: what ->
    #: (count, outcomes, longest in ms).
    api_calls: dict[str, tuple[int, Counter[str], float]] = field(default_factory=dict)
    #: the traced calls of that window that took a second or more: (start after the kill,
    #: seconds, what, outcome).
    slow_calls: list[tuple[float, float, str, str]] = field(default_factory=list)
    #: the extra JVM flags Neo4j was started with this time (--jvm-flag, --compare).
    flags: tuple[str, ...] = ()
    #: the server's log lines of the restart: (seconds after the kill, line).
    log: list[tuple[float, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        def at(value: float | None) -> str:
            return "-" if value is None else f"{value:.1f} s"

        answers = ", ".join(
            f"{code} x{len(ms)} (p50 {statistics.median(ms):.0f} ms, max {max(ms):.0f} ms)"
            for code, ms in sorted(self.api_answers.items())
        )
        out = [
            f"extra JVM flags: {' '.join(self.flags) or 'none'}",
            f"start called {at(self.start_called)}, returned {at(self.start_returned)}; Bolt"
            f" {at(self.bolt)}; neo4j online {at(self.online)}; RETURN 1 {at(self.return_1)};"
            f" bare write {at(self.bare_write)}; API write {at(self.api_write)}",
            f"bare write failures: {dict(self.bare_errors) or 'none'}",
            f"API answers after Bolt, before its first write: {answers or 'none'}",
        ]
        out.extend(
            f"  API call {what}: {count}x {dict(outcomes)}, longest {longest:.0f} ms"
            for what, (count, outcomes, longest) in self.api_calls.items()
        )
        out.extend(
            f"    slow call at {at_s:5.1f} s for {took:5.1f} s: {what} -> {outcome}"
            for at_s, took, what, outcome in self.slow_calls
        )
        per_index = [s for s, line in self.log if PER_INDEX.search(line)]
        if per_index:
            out.append(
                f"  log: {len(per_index)} index population lines from {min(per_index):.1f} s"
                f" to {max(per_index):.1f} s"
            )
        out.extend(
            f"  log {seconds:6.1f} s  {line}"
            for seconds, line in self.log
            if not PER_INDEX.search(line)
        )
        return out


@dataclass
class Call:
    """One of the API's calls into Neo4j (traced): monotonic start and end, what, outcome."""

    began: float
    ended: float
    what: str
    outcome: str


#: Every traced call of the API's GraphClient since the tracing began.
CALLS: list[Call] = []


def _traced(what: Callable[..., str], method: Callable[..., Awaitable[Any]]) -> Any:
    async def call(*args: Any, **kwargs: Any) -> Any:
        began = time.monotonic()
        outcome = "OK"
        done: Any = None
        try:
            done = await method(*args, **kwargs)
        except BaseException as exc:
            outcome = _short(exc)
            raise
        else:
            # A probe answers its refusal instead of raising it.
            if isinstance(done, Exception):
                outcome = type(done).__name__
            return done
        finally:
            CALLS.append(Call(began, time.monotonic(), what(*args, **kwargs), outcome))

    return call


def trace_the_api() -> None:
    """Record each query, transaction and probe of the API's GraphClient in :data:`CALLS`: what
    the API waited for between Bolt and its first write (a diagnostic, so a patch)."""
    session = graph_client.GraphSession
    session._execute = _traced(  # type: ignore[method-assign]
        lambda self, query, params, mode: f"{mode[0]} " + " ".join(query.split())[:60],
        session._execute,
    )
    session.transaction = _traced(  # type: ignore[method-assign]
        lambda self, work: f"T {getattr(work, '__qualname__', work)}"[:60], session.transaction
    )
    graph_client.Transaction.run = _traced(  # type: ignore[method-assign]
        lambda self, query, params=None: "  tx " + " ".join(query.split())[:56],
        graph_client.Transaction.run,
    )
    graph_client.Availability.probe = _traced(  # type: ignore[method-assign]
        lambda self, driver, database: "probe RETURN 1", graph_client.Availability.probe
    )


def _short(exc: BaseException) -> str:
    code = getattr(exc, "code", None)
    return code if isinstance(code, str) and code else type(exc).__name__


async def _until(
    killed: float, check: Callable[[], Awaitable[bool]], failed: Counter[str] | None = None
) -> float | None:
    """Seconds after the kill when ``check`` first answered True (each try bounded)."""
    while time.monotonic() - killed < WINDOW_S:
        try:
            async with asyncio.timeout(ATTEMPT_S):
                if await check():
                    return time.monotonic() - killed
        except (TimeoutError, bare.BareCheckError, OSError) as exc:
            if failed is not None:
                failed[_short(exc)] += 1
        await asyncio.sleep(POLL_S)
    return None


def _bolt(port: int) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        return await asyncio.to_thread(neo4jctl.bolt_answers, port, ATTEMPT_S)

    return check


def _log_lines(name: str, killed_wall: float) -> list[tuple[float, str]]:
    """The instance's log lines written since the kill that match :data:`LOG_LINES`."""
    found: list[tuple[float, str]] = []
    for file in ("neo4j.log", "debug.log"):
        path = neo4jctl.instance(name).log_dir / file
        if not path.exists():
            continue
        for line in path.read_text(errors="replace").splitlines():
            stamp = LOG_TIME.match(line)
            if stamp is None or not LOG_LINES.search(line):
                continue
            wall = datetime.strptime(
                stamp.group(1) + stamp.group(2), "%Y-%m-%d %H:%M:%S.%f%z"
            ).timestamp()
            if wall >= killed_wall:
                found.append((wall - killed_wall, f"[{file}] {line[len(stamp.group(0)) :]}"))
    found.sort()
    return found


async def one_kill(
    http: httpx.AsyncClient,
    connection: dict[str, str],
    name: str,
    *,
    writers: int,
    outage_s: float,
    heap: str,
    pagecache: str,
) -> Phases:
    """Kill -9 the instance under ``writers`` API writers, start it again after ``outage_s``
    and time the phases."""
    phases = Phases()
    port = int(connection["NEO4J_URI"].rsplit(":", 1)[1])
    writes = Load()
    answers = writes.outcomes
    run = f"recovery-{time.time_ns()}"  # person ids new at every kill
    CALLS.clear()
    tasks = [asyncio.create_task(writer(http, n, run, writes)) for n in range(writers)]
    await asyncio.sleep(2.0)  # writes in flight at the kill, as in the fault runs
    killed_wall = time.time()
    killed = writes.killed = time.monotonic()
    await asyncio.to_thread(kill_neo4j, name)
    await asyncio.sleep(outage_s)
    phases.start_called = time.monotonic() - killed

    def restart() -> dict[str, str]:
        again = neo4jctl.start(name, heap=heap, pagecache=pagecache, quiet=True)
        phases.start_returned = time.monotonic() - killed
        return again

    starting = asyncio.create_task(asyncio.to_thread(restart))
    watched = await asyncio.gather(
        _until(killed, _bolt(port)),
        _until(killed, lambda: bare.database_online(connection, timeout_s=ATTEMPT_S)),
        _until(killed, lambda: bare.return_1(connection, timeout_s=ATTEMPT_S)),
        _until(killed, lambda: bare.write(connection, timeout_s=ATTEMPT_S), phases.bare_errors),
    )
    phases.bolt, phases.online, phases.return_1, phases.bare_write = watched
    again = await starting
    if again != connection:
        raise RuntimeError(f"the instance came back elsewhere: {again['NEO4J_URI']}")
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(
            writes.acknowledged_since_kill.wait(), max(0.0, killed + WINDOW_S - time.monotonic())
        )
    writes.stop.set()
    await asyncio.gather(*tasks)
    bolt_at = killed + (phases.bolt if phases.bolt is not None else phases.start_returned)
    first = min((a.ended for a in answers if a.code == "OK" and a.started >= killed), default=None)
    phases.api_write = None if first is None else first - killed
    for a in answers:
        if a.started >= bolt_at and (first is None or a.ended <= first) and a.code != "OK":
            phases.api_answers.setdefault(a.code, []).append((a.ended - a.started) * 1000)
    for call in CALLS:
        if call.began >= bolt_at and (first is None or call.began <= first):
            count, outcomes, longest = phases.api_calls.get(call.what, (0, Counter(), 0.0))
            outcomes[call.outcome] += 1
            phases.api_calls[call.what] = (
                count + 1,
                outcomes,
                max(longest, (call.ended - call.began) * 1000),
            )
            if call.ended - call.began >= 1.0:
                phases.slow_calls.append(
                    (call.began - killed, call.ended - call.began, call.what, call.outcome)
                )
    CALLS.clear()
    # The server may still be writing the last lines; the recovery ones are long written.
    phases.log = _log_lines(name, killed_wall)
    # Bare phases failed past the window show as a bare write failure count, not a time.
    phases.bare_errors = Counter(dict(phases.bare_errors.most_common()))
    return phases


def _median(values: list[float | None]) -> str:
    known = [v for v in values if v is not None]
    if not known:
        return "-"
    return f"{statistics.median(known):.1f} s" + (
        f" ({len(values) - len(known)} not within {WINDOW_S:.0f} s)"
        if len(known) < len(values)
        else ""
    )


def _quiet() -> None:
    # The driver's retry notes and the API's warnings would bury the figures.
    for name in ("neo4j", "stakegraph", "strawberry", "api"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def main(
    kills: int = typer.Option(3, help="Kills, one after the other."),
    writers: int = typer.Option(3, help="API clients writing through the kill."),
    outage_s: float = typer.Option(2.0, help="Seconds between the kill and the restart."),
    instance_name: str = typer.Option("recovery", "--instance"),
    heap: str = typer.Option("512m"),
    pagecache: str = typer.Option("64m"),
    compare: bool = typer.Option(
        False, help="Every other restart without the --jvm-flag flags; medians of each."
    ),
    jvm_flag: Annotated[
        list[str] | None, typer.Option("--jvm-flag", help="An extra JVM flag for Neo4j (A/B).")
    ] = None,
) -> None:
    """Time the phases of a restart after kill -9; print each kill and the medians."""
    _quiet()
    neo4jctl.wipe(instance_name)
    connection = neo4jctl.start(instance_name, heap=heap, pagecache=pagecache)
    try:
        asyncio.run(
            _main(
                connection,
                instance_name,
                kills,
                writers,
                outage_s,
                heap,
                pagecache,
                compare,
                tuple(jvm_flag or ()),
            )
        )
    finally:
        neo4jctl.wipe(instance_name)


async def _main(
    connection: dict[str, str],
    name: str,
    kills: int,
    writers: int,
    outage_s: float,
    heap: str,
    pagecache: str,
    compare: bool,
    flags: tuple[str, ...],
) -> None:
    settings = Settings(
        neo4j_uri=connection["NEO4J_URI"],
        neo4j_password=connection["NEO4J_PASSWORD"],
        rate_limit_capacity=0,
        webhook_worker=True,
    )
    app = create_app(settings)
    trace_the_api()
    all_phases: list[Phases] = []
    async with app.router.lifespan_context(app):
        issued = await keys.create_key(
            app.state.graph.session(), "recovery", frozenset({Role.EDITOR})
        )
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport,
            base_url="http://recovery",
            timeout=120,
            headers={"Authorization": f"Bearer {issued.secret}"},
        ) as http:
            for number in range(writers):
                answer = await _post(
                    http, ACCOUNT, {"id": f"fault-acc-{number}", "name": f"Recovery {number}"}
                )
                if answer != "OK":
                    raise RuntimeError(f"the writers' account was refused: {answer}")
            plain = neo4jctl.JVM_FLAGS
            for run in range(kills):
                extra = flags if not compare or run % 2 == 1 else ()
                # Read by neo4jctl.start at each start: the restart after this kill.
                neo4jctl.JVM_FLAGS = (*plain, *extra)
                phases = await one_kill(
                    http,
                    connection,
                    name,
                    writers=writers,
                    outage_s=outage_s,
                    heap=heap,
                    pagecache=pagecache,
                )
                phases.flags = extra
                all_phases.append(phases)
                print(f"kill {run + 1}:")
                for line in phases.lines():
                    print("  " + line)
                print("  load average " + " ".join(f"{x:.1f}" for x in os.getloadavg()))
    groups = {"": all_phases}
    if compare:
        groups = {
            " without the extra JVM flags": [p for p in all_phases if not p.flags],
            " with them": [p for p in all_phases if p.flags],
        }
    for title, group in groups.items():
        _medians(title, group)


def _after(later: float | None, earlier: float | None) -> float | None:
    return None if later is None or earlier is None else later - earlier


def _medians(title: str, group: list[Phases]) -> None:
    print(f"medians over {len(group)} kills{title}, seconds after the kill:")
    picks: tuple[tuple[str, Callable[[Phases], float | None]], ...] = (
        ("start called", lambda p: p.start_called),
        ("Bolt accepts", lambda p: p.bolt),
        ("neo4j online (SHOW DATABASES)", lambda p: p.online),
        ("RETURN 1, fresh driver", lambda p: p.return_1),
        ("write, fresh bare driver", lambda p: p.bare_write),
        ("write, the API", lambda p: p.api_write),
        ("  bare write after Bolt", lambda p: _after(p.bare_write, p.bolt)),
        ("  API write after Bolt", lambda p: _after(p.api_write, p.bolt)),
        ("  API write after the bare write", lambda p: _after(p.api_write, p.bare_write)),
    )
    for label, pick in picks:
        print(f"  {label}: {_median([pick(p) for p in group])}")


if __name__ == "__main__":
    typer.run(main)
