"""Fault injection: kill -9 the Neo4j JVM in the middle of a write load and of a bulk import,
start it again with the project's command, and check that no acknowledged write was lost, none
is half written, the import is all or nothing, and a rerun of the import converges.

    python -m scripts.faults                 # 8 writers, 3 kills (a few minutes); the report
    python -m scripts.faults --short         # 3 writers, 1 kill: what the suite runs

It starts its own Neo4j instance (``faults``) and the API in a uvicorn process of its own on a
free loopback port, and stops both. Results are recorded in docs/reliability.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import statistics
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx
import typer

from demo.generator import generate_portfolio
from graph import keys
from graph.access import Role
from graph.client import GraphClient
from graph.dataset import Dataset
from scripts import neo4jctl
from scripts.harness import dataset_input, serve

WRITE = """mutation($input: PersonInput!) { upsertPerson(input: $input) {
  person { personId } userErrors { code } } }"""
ACCOUNT = """mutation($id: ID!, $name: String!) {
  upsertAccount(input: {id: $id, name: $name, tier: 2}) { userErrors { code } } }"""
IMPORT = """mutation($input: DatasetInput!) { importDataset(input: $input) {
  accounts people touchpoints userErrors { code } } }"""

# Every fault-load person, with its external id and its current employer: one upsert writes
# all three in one transaction, so a person without either is half written.
WRITTEN_PEOPLE = """
MATCH (p:Person) WHERE p.id STARTS WITH 'fault-'
OPTIONAL MATCH (r:ExternalRef {key: 'faults:' + p.id})-[:IDENTIFIES]->(p)
OPTIONAL MATCH (p)-[e:EMPLOYED_AT]->(a:Account) WHERE e.until IS NULL
RETURN p.id AS id, count(DISTINCT r) AS refs, collect(DISTINCT a.id) AS accounts
"""
IMPORTED = """
OPTIONAL MATCH (a:Account) WHERE a.id IN $accounts WITH count(a) AS accounts
OPTIONAL MATCH (p:Person) WHERE p.id IN $people WITH accounts, count(p) AS people
OPTIONAL MATCH (t:Touchpoint) WHERE t.id IN $touchpoints
WITH accounts, people, count(t) AS touchpoints
OPTIONAL MATCH (:Person)-[e:EMPLOYED_AT]->(x:Account) WHERE x.id IN $accounts
RETURN accounts, people, touchpoints, count(e) AS employments
"""

#: Answers that say nothing was stored (the client retries later): docs/reliability.md.
NOTHING_STORED = frozenset({"SERVICE_UNAVAILABLE", "TIMEOUT"})


#: Answers a client retries, and how often the rerun of the import is tried.
RETRYABLE = frozenset({"SERVICE_UNAVAILABLE", "TIMEOUT", "WRITE_UNCONFIRMED"})
RERUN_ATTEMPTS = 3


@dataclass
class Outcome:
    """One request of the load: when it started and ended (monotonic), and how it answered:
    OK, an error code, HTTP <status> or TRANSPORT (no answer)."""

    person_id: str
    started: float
    ended: float
    code: str


@dataclass
class CrashReport:
    """What one kill showed."""

    writers: int
    attempted: int = 0
    acknowledged: int = 0
    lost: int = 0
    half_written: int = 0
    #: answered "nothing stored" (SERVICE_UNAVAILABLE) yet found: the misreport to avoid.
    misreported: int = 0
    #: when those were sent and answered, in seconds after the kill.
    misreported_at: list[tuple[float, float]] = field(default_factory=list)
    unconfirmed: int = 0
    unconfirmed_found: int = 0
    server_errors: int = 0
    #: what each server error was: INTERNAL_ERROR, NO_CODE, HTTP <status> or TRANSPORT.
    server_error_codes: dict[str, int] = field(default_factory=dict)
    outage_codes: dict[str, int] = field(default_factory=dict)
    outage_p50_ms: float = 0.0
    outage_max_ms: float = 0.0
    #: requests started at least a second into the outage (the API knows by then).
    known_outage_p50_ms: float = 0.0
    readyz_during: dict[int, int] = field(default_factory=dict)
    readyz_max_ms: float = 0.0
    #: kill -> Bolt answering again (the restart), and Bolt -> first acknowledged write.
    restart_s: float = 0.0
    after_codes: dict[str, int] = field(default_factory=dict)
    recovery_s: float = float("inf")
    import_records: int = 0
    #: how long the same import takes undisturbed; the kill lands at 60 % of it.
    import_s: float = 0.0
    import_answer: str = ""
    import_after_crash: str = ""
    import_all_or_nothing: bool = False
    import_rerun_exact: bool = False
    #: what each attempt of the rerun answered (retried while retryable).
    import_rerun_answers: list[str] = field(default_factory=list)

    @property
    def sound(self) -> bool:
        return (
            self.acknowledged > 0
            and self.lost == 0
            and self.half_written == 0
            and self.misreported == 0
            and self.server_errors == 0
            and self.import_all_or_nothing
            and self.import_rerun_exact
            and self.recovery_s != float("inf")
        )

    def lines(self) -> list[str]:
        return [
            f"writers {self.writers}: {self.attempted} writes, {self.acknowledged} acknowledged,"
            f" {self.lost} lost, {self.half_written} half written, {self.misreported} reported"
            f" as not stored but found, {self.unconfirmed} WRITE_UNCONFIRMED"
            f" ({self.unconfirmed_found} found), {self.server_errors} server errors"
            + (f" {dict(sorted(self.server_error_codes.items()))}" if self.server_errors else ""),
            f"during the outage: {dict(sorted(self.outage_codes.items()))}, p50"
            f" {self.outage_p50_ms:.0f} ms, max {self.outage_max_ms:.0f} ms; after the first"
            f" second p50 {self.known_outage_p50_ms:.0f} ms; /readyz"
            f" {dict(sorted(self.readyz_during.items()))}, max {self.readyz_max_ms:.0f} ms",
            f"restart (kill -> Bolt) {self.restart_s:.1f} s; first write acknowledged"
            f" {self.recovery_s:.2f} s after Bolt answered; answers since:"
            f" {dict(sorted(self.after_codes.items()))}",
            f"import of {self.import_records} records ({self.import_s:.1f} s undisturbed,"
            f" killed at 60 %): answered {self.import_answer}; after the"
            f" crash {self.import_after_crash}; all or nothing {self.import_all_or_nothing};"
            f" rerun exact {self.import_rerun_exact} (answered"
            f" {', '.join(self.import_rerun_answers) or 'nothing'})",
        ]


def _code(response: httpx.Response) -> str:
    try:
        body: dict[str, Any] = response.json()
    except ValueError:
        return f"HTTP {response.status_code}"
    if response.status_code != 200:
        # A refusal before GraphQL (503 while a key cannot be checked) is typed too.
        errors = body.get("errors") if isinstance(body, dict) else None
        code = errors[0].get("extensions", {}).get("code") if errors else None
        return str(code) if code else f"HTTP {response.status_code}"
    if body.get("errors"):
        return str(body["errors"][0].get("extensions", {}).get("code", "NO_CODE"))
    payload = next(iter(body["data"].values()))
    if payload["userErrors"]:
        return str(payload["userErrors"][0]["code"])
    return "OK"


async def _post(http: httpx.AsyncClient, query: str, variables: dict[str, Any]) -> str:
    try:
        response = await http.post("/graphql", json={"query": query, "variables": variables})
    except httpx.HTTPError:
        return "TRANSPORT"
    return _code(response)


@dataclass
class Load:
    """What the writers share: their outcomes, when Neo4j was killed, and two signals."""

    outcomes: list[Outcome] = field(default_factory=list)
    killed: float = float("inf")
    acknowledged_since_kill: asyncio.Event = field(default_factory=asyncio.Event)
    stop: asyncio.Event = field(default_factory=asyncio.Event)


async def writer(http: httpx.AsyncClient, number: int, run: str, load: Load) -> None:
    """Upserts of new people (ids ``fault-<run>-<number>-<index>``) through the API, each
    answer recorded, until ``load.stop``."""
    index = 0
    while not load.stop.is_set():
        index += 1
        person_id = f"fault-{run}-{number}-{index}"
        began = time.monotonic()
        code = await _post(
            http,
            WRITE,
            {
                "input": {
                    "id": person_id,
                    "name": f"Fault {number}/{index}",
                    "accountId": f"fault-acc-{number}",
                    "externalId": {"system": "faults", "value": person_id},
                }
            },
        )
        load.outcomes.append(Outcome(person_id, began, time.monotonic(), code))
        if code == "OK" and began >= load.killed:
            load.acknowledged_since_kill.set()
        if code != "OK":
            await asyncio.sleep(0.05)  # no hot loop while the server is away


async def _poll_ready(
    http: httpx.AsyncClient, seen: list[tuple[float, int, float]], stop: asyncio.Event
) -> None:
    """/readyz every 0.2 s, as an orchestrator would: (start, status, latency)."""
    while not stop.is_set():
        began = time.monotonic()
        try:
            status = (await http.get("/readyz")).status_code
        except httpx.HTTPError:
            status = 0
        seen.append((began, status, time.monotonic() - began))
        await asyncio.sleep(0.2)


def kill_neo4j(name: str) -> None:
    """kill -9 the instance's JVM and wait until it is gone."""
    inst = neo4jctl.instance(name)
    pid = inst.pid()
    if pid is None:
        raise RuntimeError(f"Neo4j instance {name} is not running")
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while inst.pid() is not None:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the killed JVM {pid} is still there")
        time.sleep(0.05)


def import_dataset_for(run: int, accounts: int) -> Dataset:
    """The bulk import a kill lands in: its own accounts and people (ids ``acc-9....``)."""
    return generate_portfolio(
        seed=run, accounts=accounts, today=date.today(), first_index=(90 + run) * 1000
    )


async def _import_counts(graph: GraphClient, data: Dataset) -> dict[str, int]:
    rows = await graph.session().read(
        IMPORTED,
        {
            "accounts": [a.id for a in data.accounts],
            "people": [p.id for p in data.people],
            "touchpoints": [t.id for t in data.touchpoints],
        },
    )
    return {key: int(value) for key, value in rows[0].items()}


async def crash(
    http: httpx.AsyncClient,
    graph: GraphClient,
    instance_name: str,
    *,
    run: int = 0,
    writers: int = 3,
    before_s: float = 1.0,
    outage_s: float = 2.0,
    after_s: float = 2.0,
    import_accounts: int = 5,
    heap: str = "256m",
    pagecache: str = "32m",
    when_down: Callable[[], Awaitable[None]] | None = None,
) -> CrashReport:
    """Write load and a bulk import through the API at ``http``; kill -9 the instance while
    both run, keep the load on for ``outage_s``, start the instance again with
    ``neo4jctl.start`` and keep on for ``after_s``; then check through ``graph`` (a client of
    the same instance, not the API's) what the clients were told against what is stored.
    ``when_down`` runs right after the kill."""
    report = CrashReport(writers=writers)
    # The people of this crash only, whatever the database held before.
    token = f"{run}{uuid.uuid4().hex[:6]}"
    for number in range(writers):
        answer = await _post(
            http, ACCOUNT, {"id": f"fault-acc-{number}", "name": f"Faults {number}"}
        )
        if answer != "OK":
            raise RuntimeError(f"the load's account was refused: {answer}")
    # An import like the one the kill lands in, to know how long one takes.
    began = time.monotonic()
    warm_up = await _post(
        http, IMPORT, {"input": dataset_input(import_dataset_for(run + 500, import_accounts))}
    )
    if warm_up != "OK":
        raise RuntimeError(f"the warm-up import was refused: {warm_up}")
    report.import_s = time.monotonic() - began
    data = import_dataset_for(run, import_accounts)
    records = dataset_input(data)
    report.import_records = sum(len(v) for v in records.values())
    expected = {
        "accounts": len(data.accounts),
        "people": len(data.people),
        "touchpoints": len(data.touchpoints),
        "employments": len(data.employments),
    }

    load = Load()
    outcomes, stop = load.outcomes, load.stop
    ready: list[tuple[float, int, float]] = []
    tasks = [asyncio.create_task(writer(http, n, token, load)) for n in range(writers)]
    tasks.append(asyncio.create_task(_poll_ready(http, ready, stop)))
    await asyncio.sleep(before_s)
    importing = asyncio.create_task(_post(http, IMPORT, {"input": records}))
    # Past its checks, into its write transaction, most of the time.
    await asyncio.sleep(report.import_s * 0.6)
    killed = load.killed = time.monotonic()
    await asyncio.to_thread(kill_neo4j, instance_name)
    if when_down is not None:
        await when_down()
    await asyncio.sleep(outage_s)
    await asyncio.to_thread(
        neo4jctl.start, instance_name, heap=heap, pagecache=pagecache, quiet=True
    )
    back = time.monotonic()
    report.restart_s = back - killed
    # Until the first write since the kill is acknowledged (or a minute), then ``after_s``.
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(load.acknowledged_since_kill.wait(), 60)
    await asyncio.sleep(after_s)
    stop.set()
    await asyncio.gather(*tasks)
    report.import_answer = await importing

    outage = [o for o in outcomes if o.started >= killed and o.ended <= back]
    report.outage_codes = dict(Counter(o.code for o in outage))
    latencies = [(o.ended - o.started) * 1000 for o in outage]
    known = [(o.ended - o.started) * 1000 for o in outage if o.started >= killed + 1.0]
    report.outage_p50_ms = statistics.median(latencies) if latencies else 0.0
    report.outage_max_ms = max(latencies, default=0.0)
    report.known_outage_p50_ms = statistics.median(known) if known else 0.0
    during = [(status, seconds) for began, status, seconds in ready if killed <= began <= back]
    report.readyz_during = dict(Counter(status for status, _ in during))
    report.readyz_max_ms = max((s * 1000 for _, s in during), default=0.0)
    report.after_codes = dict(Counter(o.code for o in outcomes if o.started >= back))
    report.recovery_s = min(
        (o.ended - back for o in outcomes if o.code == "OK" and o.started >= killed),
        default=float("inf"),
    )

    rows = await graph.session().read(WRITTEN_PEOPLE)
    stored = {row["id"]: row for row in rows if row["id"].startswith(f"fault-{token}-")}

    def whole(person_id: str) -> bool:
        row = stored[person_id]
        number = person_id.split("-")[2]
        return bool(row["refs"] == 1 and row["accounts"] == [f"fault-acc-{number}"])

    report.attempted = len(outcomes)
    report.half_written = sum(not whole(person_id) for person_id in stored)
    for o in outcomes:
        if o.code == "OK":
            report.acknowledged += 1
            report.lost += o.person_id not in stored
        elif o.code in NOTHING_STORED:
            report.misreported += o.person_id in stored
            if o.person_id in stored:
                report.misreported_at.append((o.started - killed, o.ended - killed))
        elif o.code == "WRITE_UNCONFIRMED":
            report.unconfirmed += 1
            report.unconfirmed_found += o.person_id in stored
        elif o.code in ("INTERNAL_ERROR", "TRANSPORT", "NO_CODE") or o.code.startswith("HTTP"):
            report.server_errors += 1
            report.server_error_codes[o.code] = report.server_error_codes.get(o.code, 0) + 1

    found = await _import_counts(graph, data)
    nothing = dict.fromkeys(expected, 0)
    report.import_after_crash = ", ".join(f"{k} {v}" for k, v in found.items())
    report.import_all_or_nothing = found in (expected, nothing) and not (
        report.import_answer == "OK" and found != expected
    )
    # As a client would: a retryable answer (the rerun queued behind the writers' locks or ran
    # past the time limit on a busy machine) is retried, a few times.
    answers: list[str] = []
    while len(answers) < RERUN_ATTEMPTS and (not answers or answers[-1] in RETRYABLE):
        answers.append(await _post(http, IMPORT, {"input": records}))
    report.import_rerun_answers = answers
    report.import_rerun_exact = (
        answers[-1] == "OK" and await _import_counts(graph, data) == expected
    )
    return report


def main(
    short: bool = typer.Option(False, help="The suite's version: 3 writers, one kill."),
    writers: int = typer.Option(8, help="Concurrent writing clients."),
    kills: int = typer.Option(3, help="Kills, one after the other."),
    outage_s: float = typer.Option(5.0, help="How long the load goes on while Neo4j is down."),
    import_accounts: int = typer.Option(40, help="Accounts in the import the kill lands in."),
    instance_name: str = typer.Option("faults", "--instance"),
) -> None:
    """Kill -9 Neo4j under write load and a bulk import; print what was lost (nothing)."""
    if short:
        writers, kills, outage_s, import_accounts = 3, 1, 2.0, 5
    neo4jctl.wipe(instance_name)
    connection = neo4jctl.start(instance_name, heap="512m", pagecache="64m")
    try:
        sound = asyncio.run(
            _main(connection, instance_name, writers, kills, outage_s, import_accounts)
        )
    finally:
        neo4jctl.wipe(instance_name)
    raise typer.Exit(0 if sound else 1)


async def _main(
    connection: dict[str, str],
    name: str,
    writers: int,
    kills: int,
    outage_s: float,
    import_accounts: int,
) -> bool:
    graph = GraphClient.connect(
        connection["NEO4J_URI"], connection["NEO4J_USER"], connection["NEO4J_PASSWORD"], "neo4j"
    )
    sound = True
    try:
        # The writers authenticate as an integration would, with an editor's API key.
        issued = await keys.create_key(graph.session(), "fault run", frozenset({Role.EDITOR}))
        headers = {"Authorization": f"Bearer {issued.secret}"}
        with serve(connection) as base_url:
            async with httpx.AsyncClient(base_url=base_url, timeout=120, headers=headers) as http:
                for run in range(kills):
                    report = await crash(
                        http,
                        graph,
                        name,
                        run=run,
                        writers=writers,
                        before_s=3.0,
                        outage_s=outage_s,
                        after_s=5.0,
                        import_accounts=import_accounts,
                        heap="512m",
                        pagecache="64m",
                    )
                    print(f"kill {run + 1}:")
                    for line in report.lines():
                        print("  " + line)
                    sound = sound and report.sound
    finally:
        await graph.close()
    print("sound" if sound else "NOT SOUND")
    return sound


if __name__ == "__main__":
    typer.run(main)
