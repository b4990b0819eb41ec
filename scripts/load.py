"""Load: N clients on loopback against the API under uvicorn, a mix of reads (org charts,
stakeholder maps, scores, account and portfolio pages) and writes (person upserts, touchpoints),
for a fixed time; it stops by itself and reports throughput, p50/p95/p99 per operation, every
answer's code and the API process's memory over time.

    python -m scripts.load                          # 50 clients, 10 minutes, 200 accounts
    python -m scripts.load --clients 8 --duration 20 --accounts 20
    python -m scripts.load --json load.json         # the figures as JSON as well

It starts its own Neo4j instance (``load``, wiped before and after), loads a generated
portfolio and scores it, creates one API key (editor) per client, so each client has its own
rate-limit bucket as separate integrations would, and serves the API in a uvicorn process of
its own on a free loopback port (stopped by its PID). ``--no-rate-limit`` runs the API with
RATE_LIMIT_CAPACITY=0 instead. Each client is closed-loop: it sends its next request when the
previous one is answered. The exit code is 1 when any answer was a server error (HTTP 5xx,
INTERNAL_ERROR, an error without a code, no answer at all). Results: docs/reliability.md.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import random
import time
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer
from rich.console import Console
from rich.table import Table

from demo.generator import generate_portfolio
from graph import keys
from graph import scores as stored_scores
from graph.access import Role
from graph.client import GraphClient
from graph.dataset import Dataset
from graph.errors import ErrorCode
from graph.importer import import_dataset
from scoring.config import DEFAULT_CONFIG
from scripts import neo4jctl
from scripts.harness import percentile, rss_mib, serve_process

ORG_CHART = """query($id: ID!) { account(id: $id) { orgChart { rootIds totalCount
  nodes { personId parentId depth roles bestStrength hiddenDescendants
          person { name title department seniority } owners { name strength } }
  edges { source target } } } }"""
STAKEHOLDER_MAP = """query($id: ID!) { account(id: $id) { name stakeholderMap {
  person { name } roles seniority department perception hasActiveRelationship bestStrength
  lastTouchpoint } } }"""
SCORES = """query($id: ID!) { account(id: $id) { scores {
  breadth { value explanation uncoveredDepartments }
  championDependency { value explanation top { person { name } } }
  executiveAccess { value } riskFlags { code } } } }"""
ACCOUNT_PAGE = """query($id: ID!) { account(id: $id) { name tier breadthScore dependencyScore
  people(first: 20) { totalCount edges { node { name title seniority } } }
  touchpoints(first: 10) { edges { node { date kind channel } } } } }"""
PORTFOLIO_PAGE = """query($tiers: [Int!]) {
  accounts(filter: {tiers: $tiers}, orderBy: {field: DEPENDENCY, direction: DESC}, first: 20) {
    totalCount edges { node { name tier dependencyScore breadthScore executiveScore
                              riskFlagCodes } } } }"""
UPSERT_PERSON = """mutation($input: PersonInput!) { upsertPerson(input: $input) {
  person { personId } userErrors { code } } }"""
LOG_TOUCHPOINT = """mutation($input: TouchpointInput!) { logTouchpoint(input: $input) {
  touchpoint { touchpointId } userErrors { code } } }"""

#: What the load tells apart from a server error: every code a client can be told.
TYPED_CODES = frozenset({"OK", *(code.value for code in ErrorCode)}) - {ErrorCode.INTERNAL_ERROR}


@dataclass(frozen=True)
class Catalogue:
    """What the clients pick from: the accounts, their current people and their team."""

    accounts: tuple[str, ...]
    people: dict[str, tuple[str, ...]]
    team: dict[str, tuple[str, ...]]
    tiers: tuple[int, ...]

    @classmethod
    def of(cls, data: Dataset) -> Catalogue:
        people: dict[str, list[str]] = {}
        for e in data.employments:
            if e.until is None and not e.concurrent:
                people.setdefault(e.account_id, []).append(e.person_id)
        team: dict[str, list[str]] = {}
        for seat in data.team_assignments:
            team.setdefault(seat.account_id, []).append(seat.team_member_id)
        # Touchpoints need a person and a team member there.
        usable = tuple(a.id for a in data.accounts if people.get(a.id) and team.get(a.id))
        return cls(
            accounts=usable,
            people={k: tuple(sorted(set(v))) for k, v in people.items()},
            team={k: tuple(sorted(set(v))) for k, v in team.items()},
            tiers=tuple(sorted({a.tier for a in data.accounts})),
        )


Request = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class Operation:
    name: str
    weight: int
    write: bool
    request: Callable[[random.Random, Catalogue, str], Request]


def _account(rng: random.Random, cat: Catalogue) -> dict[str, Any]:
    return {"id": rng.choice(cat.accounts)}


def person_id(token: str) -> str:
    """The id of the person an upsert of the load writes."""
    return f"load-{token}"


def touchpoint_id(token: str) -> str:
    """The id of the touchpoint a write of the load logs."""
    return f"load-tp-{token}"


def _upsert_person(rng: random.Random, cat: Catalogue, token: str) -> Request:
    account = rng.choice(cat.accounts)
    return UPSERT_PERSON, {
        "input": {
            "id": person_id(token),
            "externalId": {"system": "load", "value": token},
            "name": f"Load {token}",
            "title": "Analyst",
            "department": rng.choice(["Operations", "Finance", "IT", "Procurement"]),
            "seniority": rng.choice(["INDIVIDUAL_CONTRIBUTOR", "MANAGER", "DIRECTOR"]),
            "accountId": account,
        }
    }


def _log_touchpoint(rng: random.Random, cat: Catalogue, token: str) -> Request:
    account = rng.choice(cat.accounts)
    return LOG_TOUCHPOINT, {
        "input": {
            "id": touchpoint_id(token),
            "accountId": account,
            "date": date.today().isoformat(),
            "channel": rng.choice(["EMAIL", "CALL", "VIDEO", "IN_PERSON"]),
            "kind": rng.choice(["OPERATIONAL", "STRATEGIC", "MAINTENANCE"]),
            "summary": "load run",
            "teamMemberIds": [rng.choice(cat.team[account])],
            "personIds": [rng.choice(cat.people[account])],
        }
    }


#: The mix: 80 % reads, 20 % writes (weights out of 100).
OPERATIONS: tuple[Operation, ...] = (
    Operation("org chart", 20, False, lambda r, c, _: (ORG_CHART, _account(r, c))),
    Operation("stakeholder map", 15, False, lambda r, c, _: (STAKEHOLDER_MAP, _account(r, c))),
    Operation("scores", 20, False, lambda r, c, _: (SCORES, _account(r, c))),
    Operation("account page", 15, False, lambda r, c, _: (ACCOUNT_PAGE, _account(r, c))),
    Operation(
        "portfolio page",
        10,
        False,
        lambda r, c, _: (PORTFOLIO_PAGE, {"tiers": [r.choice(c.tiers)]}),
    ),
    Operation("upsert person", 10, True, _upsert_person),
    Operation("log touchpoint", 10, True, _log_touchpoint),
)


def code_of(response: httpx.Response) -> str:
    """How an answer went: OK, the first error's code (request error or userErrors), or
    ``HTTP <status>`` / ``UNTYPED`` when it carries none."""
    try:
        body = response.json()
    except ValueError:
        return f"HTTP {response.status_code}"
    if not isinstance(body, dict):
        return f"HTTP {response.status_code}"
    if body.get("errors"):
        code = (body["errors"][0].get("extensions") or {}).get("code")
        return str(code) if code else "UNTYPED"
    if response.status_code != 200 or not isinstance(body.get("data"), dict):
        return f"HTTP {response.status_code}"
    for payload in body["data"].values():
        if isinstance(payload, dict) and payload.get("userErrors"):
            return str(payload["userErrors"][0].get("code") or "UNTYPED")
    return "OK"


def server_error(code: str, status: int) -> bool:
    """Whether an answer is the server's fault rather than a typed refusal."""
    return status >= 500 or code not in TYPED_CODES


@dataclass
class Answer:
    operation: str
    started: float
    ms: float
    status: int
    code: str
    token: str


@dataclass
class OperationFigures:
    name: str
    count: int
    per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    codes: dict[str, int]


@dataclass
class LoadReport:
    clients: int
    duration_s: float
    answers: list[Answer] = field(default_factory=list)
    #: each client's first request of every operation, before the clock starts (cold query
    #: plans, the first key check): checked like the rest, left out of the figures.
    warm_up: list[Answer] = field(default_factory=list)
    #: (seconds since the start, RSS in MiB) of the API process.
    memory: list[tuple[float, float]] = field(default_factory=list)

    @property
    def server_errors(self) -> int:
        return sum(server_error(a.code, a.status) for a in self.warm_up + self.answers)

    @property
    def codes(self) -> dict[str, int]:
        """The codes of every answer, the warm-up's included."""
        return dict(Counter(a.code for a in self.warm_up + self.answers))

    @property
    def untyped(self) -> set[str]:
        return set(self.codes) - TYPED_CODES

    def acknowledged(self, operation: str) -> list[str]:
        """The tokens of the writes of ``operation`` answered OK (the warm-up's included)."""
        return [
            a.token
            for a in self.warm_up + self.answers
            if a.operation == operation and a.code == "OK"
        ]

    def figures(self) -> list[OperationFigures]:
        rows = []
        names = [op.name for op in OPERATIONS] + ["all"]
        for name in names:
            picked = [a for a in self.answers if name in ("all", a.operation)]
            ms = [a.ms for a in picked]
            rows.append(
                OperationFigures(
                    name=name,
                    count=len(picked),
                    per_second=len(picked) / self.duration_s if self.duration_s else 0.0,
                    p50_ms=percentile(ms, 0.50),
                    p95_ms=percentile(ms, 0.95),
                    p99_ms=percentile(ms, 0.99),
                    max_ms=max(ms, default=0.0),
                    codes=dict(Counter(a.code for a in picked)),
                )
            )
        return rows

    def as_json(self) -> dict[str, Any]:
        return {
            "clients": self.clients,
            "duration_s": round(self.duration_s, 1),
            "server_errors": self.server_errors,
            "operations": [vars(f) for f in self.figures()],
            "memory_mib": [(round(t, 1), round(m, 1)) for t, m in self.memory],
        }


@dataclass
class _Client:
    """One client: its connection, its own random choices, and how many it has sent."""

    number: int
    http: httpx.AsyncClient
    catalogue: Catalogue
    rng: random.Random
    run: str
    sent: int = 0

    async def send(self, op: Operation) -> Answer:
        self.sent += 1
        token = f"{self.run}-{self.number}-{self.sent}"
        query, variables = op.request(self.rng, self.catalogue, token)
        began = time.monotonic()
        response = None
        try:
            response = await self.http.post(
                "/graphql", json={"query": query, "variables": variables}
            )
            status, code = response.status_code, code_of(response)
        except httpx.HTTPError:
            status, code = 0, "TRANSPORT"
        answer = Answer(op.name, began, (time.monotonic() - began) * 1000, status, code, token)
        if response is not None and status == 429:
            # Told to wait: do as a well-behaved integration would.
            await asyncio.sleep(float(response.headers.get("Retry-After", "1")))
        return answer

    async def warm_up(self, answers: list[Answer]) -> None:
        for op in OPERATIONS:
            answers.append(await self.send(op))

    async def load(self, deadline: float, answers: list[Answer]) -> None:
        weights = [op.weight for op in OPERATIONS]
        while time.monotonic() < deadline:
            [op] = self.rng.choices(OPERATIONS, weights)
            answers.append(await self.send(op))


async def _watch_memory(
    pid: int | None, start: float, every_s: float, memory: list[tuple[float, float]]
) -> None:
    while pid is not None:
        memory.append((time.monotonic() - start, rss_mib(pid)))
        await asyncio.sleep(every_s)


async def run_load(
    base_url: str,
    secrets: Sequence[str],
    catalogue: Catalogue,
    *,
    duration_s: float,
    seed: int = 0,
    pid: int | None = None,
    timeout_s: float = 120.0,
) -> LoadReport:
    """One client per secret in ``secrets``, each with its own HTTP connection, for
    ``duration_s``; requests still in flight then are waited for (up to ``timeout_s``)."""
    run = uuid.uuid4().hex[:6]
    report = LoadReport(clients=len(secrets), duration_s=duration_s)
    clients = [
        _Client(
            n,
            httpx.AsyncClient(
                base_url=base_url,
                timeout=timeout_s,
                headers={"Authorization": f"Bearer {secret}"},
                limits=httpx.Limits(max_connections=1),
            ),
            catalogue,
            random.Random(seed * 1000 + n),
            run,
        )
        for n, secret in enumerate(secrets)
    ]
    watcher: asyncio.Task[None] | None = None
    try:
        await asyncio.gather(*(client.warm_up(report.warm_up) for client in clients))
        start = time.monotonic()
        watcher = asyncio.create_task(
            _watch_memory(pid, start, max(1.0, duration_s / 60), report.memory)
        )
        deadline = start + duration_s
        await asyncio.gather(*(client.load(deadline, report.answers) for client in clients))
    finally:
        if watcher is not None:
            watcher.cancel()
        for client in clients:
            await client.http.aclose()
    report.duration_s = time.monotonic() - start
    if pid is not None:
        report.memory.append((report.duration_s, rss_mib(pid)))
    return report


def print_report(report: LoadReport, console: Console) -> None:
    table = Table(title=f"{report.clients} clients, {report.duration_s:.0f} s")
    for column in ("operation", "answers", "per s", "p50 ms", "p95 ms", "p99 ms", "max ms"):
        table.add_column(column, justify="left" if column == "operation" else "right")
    table.add_column("codes")
    for f in report.figures():
        table.add_row(
            f.name,
            str(f.count),
            f"{f.per_second:.1f}",
            f"{f.p50_ms:.0f}",
            f"{f.p95_ms:.0f}",
            f"{f.p99_ms:.0f}",
            f"{f.max_ms:.0f}",
            ", ".join(f"{k} {v}" for k, v in sorted(f.codes.items())),
        )
    console.print(table)
    if report.memory:
        values = [m for _, m in report.memory]
        console.print(
            f"API RSS: {values[0]:.0f} MiB at the start, max {max(values):.0f} MiB, "
            f"{values[-1]:.0f} MiB at the end ({len(values)} samples)"
        )
    console.print(f"server errors: {report.server_errors}")


def main(
    clients: int = typer.Option(50, help="Concurrent clients, one API key and connection each."),
    duration: float = typer.Option(600.0, help="Seconds of load."),
    accounts: int = typer.Option(200, help="Accounts in the generated portfolio."),
    seed: int = typer.Option(7, help="Seed of the portfolio and of the clients' choices."),
    rate_limit: bool = typer.Option(
        True, help="Keep the per-key rate limit on (--no-rate-limit: RATE_LIMIT_CAPACITY=0)."
    ),
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Also write the figures here.")
    ] = None,
    instance_name: str = typer.Option("load", "--instance"),
) -> None:
    """Load the API with CLIENTS clients for DURATION seconds; exit 1 on any server error."""
    console = Console()
    neo4jctl.wipe(instance_name)
    connection = neo4jctl.start(instance_name, heap="1g", pagecache="256m")
    try:
        report = asyncio.run(
            _main(connection, clients, duration, accounts, seed, rate_limit, console)
        )
    finally:
        neo4jctl.wipe(instance_name)
    print_report(report, console)
    if json_path is not None:
        figures = report.as_json()
        figures["machine"] = f"{platform.node()} {platform.machine()}, {os.cpu_count()} CPUs"
        figures["rate_limit"] = rate_limit
        json_path.write_text(json.dumps(figures, indent=2))
    raise typer.Exit(1 if report.server_errors else 0)


async def _main(
    connection: dict[str, str],
    clients: int,
    duration: float,
    accounts: int,
    seed: int,
    rate_limit: bool,
    console: Console,
) -> LoadReport:
    graph = GraphClient.connect(
        connection["NEO4J_URI"], connection["NEO4J_USER"], connection["NEO4J_PASSWORD"], "neo4j"
    )
    try:
        await graph.apply_schema()
        data = generate_portfolio(seed=seed, accounts=accounts, today=date.today())
        began = time.monotonic()
        await import_dataset(graph.session(), data)
        await stored_scores.recompute(graph.session(), None, date.today(), DEFAULT_CONFIG)
        console.print(
            f"loaded {len(data.accounts)} accounts, {len(data.people)} people,"
            f" {len(data.touchpoints)} touchpoints in {time.monotonic() - began:.1f} s"
        )
        secrets = [
            (await keys.create_key(graph.session(), f"load {n}", frozenset({Role.EDITOR}))).secret
            for n in range(clients)
        ]
    finally:
        await graph.close()
    env = {} if rate_limit else {"RATE_LIMIT_CAPACITY": "0"}
    with serve_process(connection, env=env) as server:
        console.print(f"{clients} clients for {duration:.0f} s against {server.url}")
        return await run_load(
            server.url, secrets, Catalogue.of(data), duration_s=duration, seed=seed, pid=server.pid
        )


if __name__ == "__main__":
    typer.run(main)
