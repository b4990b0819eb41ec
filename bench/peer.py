"""Stakegraph against @neo4j/graphql (the peer) on one Neo4j, with the same data and answers.

    make bench-peer                                  # defaults: a few minutes
    python -m bench.peer --duration 10 --rounds 3    # longer runs, steadier figures
    python -m bench.peer --smoke                     # start everything, compare, time nothing

It starts its own Neo4j instance (``bench-peer``, with the APOC core plugin the peer needs),
loads the demo portfolio, a 2,000-person and a 300-person account and a generated portfolio,
computes the stored scores, then serves Stakegraph under uvicorn (one process, as ``make run``
does, with an API key it creates and the rate limit off) and the peer (``bench/peer/server.mjs``,
one Node process) on free loopback ports. Before timing it checks that both answer each query
alike (same people in the same order, same managers, roles, relationship owners and strengths;
same scores and page). Each query is then timed at 1, 8 and 32 clients with autocannon (the
pinned ``bench/peer/package.json``), Stakegraph and the peer taking turns, and so is the floor:
the Cypher statements Stakegraph ran for that query, replayed through the driver with no
GraphQL or HTTP. Results go to bench/peer.py's section of docs/benchmarks.md. Every process it
starts is stopped by its PID.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, LiteralString

import httpx
import typer

from api.app import create_app
from api.demo_loader import load_demo
from api.settings import Settings
from bench import report
from demo.generator import generate_account, generate_portfolio
from graph import keys
from graph import scores as stored
from graph.access import Role
from graph.client import GraphClient, GraphSession
from graph.cypher import keys as key_cypher
from graph.cypher.facts import FACTS_WINDOW_DAYS
from graph.importer import import_dataset, wipe
from scoring.config import ScoringConfig
from scripts import neo4jctl
from scripts.harness import free_port, percentile, serve
from scripts.npm import ensure_packages

ROOT = Path(__file__).resolve().parent.parent
PEER = ROOT / "bench" / "peer"
NODE_MODULES = PEER / "node_modules"
INSTANCE = "bench-peer"
LARGE_ID, MEDIUM_ID = "acc-00000", "acc-00001"
CLIENTS = (1, 8, 32)

# ---- the queries, as each side asks them ----------------------------------------------------

TYPENAME = "{ __typename }"
SG_ORG_CHART = """query($id: ID!) { account(id: $id) { orgChart { nodes {
  personId parentId roles owners { teamMemberId name strength }
  person { name title department seniority } } } } }"""
# The peer's filter of a current employment, as ORG_LINES has it: no end, or an end to come.
_CURRENT = "{OR: [{until: {eq: null}}, {until: {gt: $today}}]}"
PEER_ORG_CHART = (
    """query($id: ID!, $today: Date!) { accounts(where: {id: {eq: $id}}) {
  employeesConnection(where: {edge: """
    + _CURRENT
    + """}, sort: [{node: {name: ASC}}, {node: {id: ASC}}]) {
    edges { node {
      id name title department seniority
      managersConnection(where: {edge: {until: {eq: null}}, node: {employersConnection: {some:
        {node: {id: {eq: $id}}, edge: """
    + _CURRENT
    + """}}}}) {
        edges { node { id } } }
      buyingRolesConnection(where: {node: {id: {eq: $id}}}) { edges { properties { role } } }
      owners(accountId: $id, today: $today) { teamMemberId name strength }
    } } } } }"""
)
SG_RANKING = """{ accounts(orderBy: {field: DEPENDENCY, direction: DESC}, first: 20) {
  totalCount edges { node {
    accountId name tier dependencyScore breadthScore executiveScore } } } }"""
# Ties break on the id in the sort's direction, as Stakegraph's index order has it.
PEER_RANKING = """{ accountsConnection(sort: [{dependencyScore: DESC}, {id: DESC}], first: 20) {
  totalCount edges { node { id name tier dependencyScore breadthScore executiveScore } } } }"""
# The page of 20 accounts deep in the ranking: `after` the cursor each side gave on the page
# before, found by walking the pages before the timing (each side's cursors are its own).
DEEP_PAGE = 50
SG_DEEP_PAGE = """query($after: String) {
  accounts(orderBy: {field: DEPENDENCY, direction: DESC}, first: 20, after: $after) {
  totalCount pageInfo { endCursor } edges { node {
    accountId name tier dependencyScore breadthScore executiveScore } } } }"""
PEER_DEEP_PAGE = """query($after: String) {
  accountsConnection(sort: [{dependencyScore: DESC}, {id: DESC}], first: 20, after: $after) {
  totalCount pageInfo { endCursor } edges { node {
    id name tier dependencyScore breadthScore executiveScore } } } }"""
SG_STAKEHOLDERS = """query($id: ID!) { account(id: $id) { stakeholderMap {
  person { personId name title seniority } roles perception lastTouchpoint
  relationships { teamMemberId name strength } } } }"""
PEER_STAKEHOLDERS = (
    """query($id: ID!, $today: Date!) { accounts(where: {id: {eq: $id}}) {
  employeesConnection(where: {edge: """
    + _CURRENT
    + """}) { edges { node {
      id name title seniority perception lastTouchpoint(today: $today)
      buyingRolesConnection(where: {node: {id: {eq: $id}}}) { edges { properties { role } } }
      owners(accountId: $id, today: $today) { teamMemberId name strength }
    } } } } }"""
)
# A write: a video call logged between a team member and a client person at the medium
# account, a new touchpoint each time (no id given, so each side makes one).
SG_LOG_TOUCHPOINT = """mutation($input: TouchpointInput!) { logTouchpoint(input: $input) {
  touchpoint { date channel kind summary teamMemberIds personIds } userErrors { code } } }"""
PEER_LOG_TOUCHPOINT = """mutation($date: Date!, $summary: String!, $accountId: ID!,
    $teamMemberId: ID!, $personId: ID!) {
  createTouchpoints(input: [{date: $date, channel: "VIDEO", kind: "OPERATIONAL",
      summary: $summary, initiatedByClient: false,
      account: {connect: [{where: {node: {id: {eq: $accountId}}}}]},
      teamMembers: {connect: [{where: {node: {id: {eq: $teamMemberId}}}}]},
      people: {connect: [{where: {node: {id: {eq: $personId}}}}]}}]) {
    touchpoints { date channel kind summary teamMembers { id } people { id } } } }"""
SG_SCORES = """query($id: ID!) { account(id: $id) {
  accountId name breadthScore dependencyScore executiveScore riskFlagCodes scoresComputedAt } }"""
PEER_SCORES = """query($id: ID!) { accounts(where: {id: {eq: $id}}) {
  id name breadthScore dependencyScore executiveScore riskFlagCodes scoresComputedAt } }"""


def _data(body: Mapping[str, Any]) -> Any:
    if body.get("errors"):
        raise AssertionError(f"the query failed: {body['errors']}")
    return body["data"]


def chart_of_stakegraph(body: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """Stakegraph's org chart as rows in its order: breadth-first, each level by name."""
    return [
        (
            n["personId"],
            n["parentId"],
            tuple(sorted(n["roles"])),
            tuple((o["teamMemberId"], o["name"], o["strength"]) for o in n["owners"]),
            tuple(n["person"][k] for k in ("name", "title", "department", "seniority")),
        )
        for n in _data(body)["account"]["orgChart"]["nodes"]
    ]


def chart_of_peer(body: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """The peer's people (by name) as the same rows, put breadth-first from their managers as
    Stakegraph's chart is: the same people, managers and order, or the comparison fails."""
    (account,) = _data(body)["accounts"]
    rows: dict[str, tuple[Any, ...]] = {}
    children: dict[str | None, list[str]] = {}
    for edge in account["employeesConnection"]["edges"]:
        p = edge["node"]
        managers = [m["node"]["id"] for m in p["managersConnection"]["edges"]]
        parent = managers[0] if managers else None
        rows[p["id"]] = (
            p["id"],
            parent,
            tuple(sorted(r["properties"]["role"] for r in p["buyingRolesConnection"]["edges"])),
            tuple((o["teamMemberId"], o["name"], o["strength"]) for o in p["owners"]),
            tuple(p[k] for k in ("name", "title", "department", "seniority")),
        )
        children.setdefault(parent, []).append(p["id"])
    order = list(children.get(None, []))
    for person in order:  # grows while it is walked: breadth-first
        order.extend(children.get(person, []))
    return [rows[p] for p in order]


def page_of_stakegraph(body: Mapping[str, Any]) -> tuple[Any, ...]:
    page = _data(body)["accounts"]
    nodes = [e["node"] for e in page["edges"]]
    return page["totalCount"], [tuple(n.values()) for n in nodes]


def page_of_peer(body: Mapping[str, Any]) -> tuple[Any, ...]:
    page = _data(body)["accountsConnection"]
    nodes = [e["node"] for e in page["edges"]]
    return page["totalCount"], [tuple(n.values()) for n in nodes]


def end_cursor(body: Mapping[str, Any]) -> tuple[str | None, int]:
    """A page's end cursor and total (either side's connection)."""
    (page,) = _data(body).values()
    return page["pageInfo"]["endCursor"], page["totalCount"]


def _instant(value: str | None) -> datetime | None:
    """An ISO instant at microseconds (the peer writes nanoseconds and ``Z``)."""
    if value is None:
        return None
    trimmed = re.sub(r"(\.\d{6})\d+", r"\1", value).replace("Z", "+00:00")
    return datetime.fromisoformat(trimmed)


def scores_of_stakegraph(body: Mapping[str, Any]) -> tuple[Any, ...]:
    a = _data(body)["account"]
    return (
        a["accountId"],
        a["name"],
        a["breadthScore"],
        a["dependencyScore"],
        a["executiveScore"],
        a["riskFlagCodes"],
        _instant(a["scoresComputedAt"]),
    )


def scores_of_peer(body: Mapping[str, Any]) -> tuple[Any, ...]:
    (a,) = _data(body)["accounts"]
    return (
        a["id"],
        a["name"],
        a["breadthScore"],
        a["dependencyScore"],
        a["executiveScore"],
        a["riskFlagCodes"] or [],
        _instant(a["scoresComputedAt"]),
    )


def stakeholders_of_stakegraph(body: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """The stakeholder map as rows by person id (the peer gives no order of its own)."""
    return sorted(
        (
            e["person"]["personId"],
            tuple(e["person"][k] for k in ("name", "title", "seniority")),
            tuple(sorted(e["roles"])),
            e["perception"],
            e["lastTouchpoint"],
            tuple((o["teamMemberId"], o["name"], o["strength"]) for o in e["relationships"]),
        )
        for e in _data(body)["account"]["stakeholderMap"]
    )


def stakeholders_of_peer(body: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    (account,) = _data(body)["accounts"]
    return sorted(
        (
            p["id"],
            tuple(p[k] for k in ("name", "title", "seniority")),
            tuple(sorted(r["properties"]["role"] for r in p["buyingRolesConnection"]["edges"])),
            p["perception"],
            p["lastTouchpoint"],
            tuple((o["teamMemberId"], o["name"], o["strength"]) for o in p["owners"]),
        )
        for p in (edge["node"] for edge in account["employeesConnection"]["edges"])
    )


def logged_of_stakegraph(body: Mapping[str, Any]) -> tuple[Any, ...]:
    payload = _data(body)["logTouchpoint"]
    if payload["userErrors"]:
        raise AssertionError(f"the write was refused: {payload['userErrors']}")
    t = payload["touchpoint"]
    return (t["date"], t["channel"], t["kind"], t["summary"], t["teamMemberIds"], t["personIds"])


def logged_of_peer(body: Mapping[str, Any]) -> tuple[Any, ...]:
    (t,) = _data(body)["createTouchpoints"]["touchpoints"]
    return (
        t["date"],
        t["channel"],
        t["kind"],
        t["summary"],
        [m["id"] for m in t["teamMembers"]],
        [p["id"] for p in t["people"]],
    )


def typename_of(body: Mapping[str, Any]) -> Any:
    return _data(body)


@dataclass(frozen=True)
class Case:
    """One query, as Stakegraph and the peer ask it, and how to put both answers alike."""

    key: str
    title: str
    sg_query: str
    sg_variables: dict[str, Any]
    peer_query: str
    peer_variables: dict[str, Any]
    sg_answer: Callable[[Mapping[str, Any]], Any]
    peer_answer: Callable[[Mapping[str, Any]], Any]
    #: whether Stakegraph runs Cypher for it (``{ __typename }`` has no floor).
    has_floor: bool = True
    #: asked of the Stakegraph process with the response cache on, the same request again and
    #: again on unchanged accounts (cache hits); every other case goes to one with it off.
    cached: bool = False
    #: a deep page: ``after`` is the end cursor of the page before it, each side's own,
    #: found by walking the pages before the timing (:func:`deep_cursors`).
    deep: bool = False
    #: a write: each request writes anew (its floor is not replayed, the floor being reads).
    writes: bool = False


def cases(today: date, large: int, medium: int, pair: tuple[str, str] = ("", "")) -> list[Case]:
    """The queries; ``pair``: the team member and client person of the write (at the medium
    account, who know each other)."""
    day = today.isoformat()
    member, person = pair
    summary = "Benchmark call"
    return [
        Case("typename", "`{ __typename }`", TYPENAME, {}, TYPENAME, {}, typename_of,
             typename_of, has_floor=False),
        Case("chart-medium", f"org chart, {medium} people", SG_ORG_CHART, {"id": MEDIUM_ID},
             PEER_ORG_CHART, {"id": MEDIUM_ID, "today": day}, chart_of_stakegraph,
             chart_of_peer),
        Case("chart-large", f"org chart, {large:,} people", SG_ORG_CHART, {"id": LARGE_ID},
             PEER_ORG_CHART, {"id": LARGE_ID, "today": day}, chart_of_stakegraph,
             chart_of_peer),
        Case("ranking", "page of 20 accounts by a stored score", SG_RANKING, {}, PEER_RANKING,
             {}, page_of_stakegraph, page_of_peer),
        Case("scores", "one account's stored scores", SG_SCORES, {"id": LARGE_ID}, PEER_SCORES,
             {"id": LARGE_ID}, scores_of_stakegraph, scores_of_peer),
        Case("stakeholders", f"stakeholder map, {medium} people", SG_STAKEHOLDERS,
             {"id": MEDIUM_ID}, PEER_STAKEHOLDERS, {"id": MEDIUM_ID, "today": day},
             stakeholders_of_stakegraph, stakeholders_of_peer),
        Case("deep-page", f"page {DEEP_PAGE} of 20 accounts by a stored score", SG_DEEP_PAGE,
             {}, PEER_DEEP_PAGE, {}, page_of_stakegraph, page_of_peer, deep=True),
        # Repeated reads of unchanged accounts: Stakegraph answers from its response cache
        # (one version read each), the peer runs its Cypher as every time.
        Case("chart-cached", f"org chart, {medium} people, repeated (cache hits)",
             SG_ORG_CHART, {"id": MEDIUM_ID}, PEER_ORG_CHART, {"id": MEDIUM_ID, "today": day},
             chart_of_stakegraph, chart_of_peer, has_floor=False, cached=True),
        Case("scores-cached", "one account's stored scores, repeated (cache hits)", SG_SCORES,
             {"id": LARGE_ID}, PEER_SCORES, {"id": LARGE_ID}, scores_of_stakegraph,
             scores_of_peer, has_floor=False, cached=True),
        # Last: its touchpoints change the medium account the reads above ask about.
        Case("write", "log a touchpoint (a write)", SG_LOG_TOUCHPOINT,
             {"input": {"accountId": MEDIUM_ID, "date": day, "channel": "VIDEO",
                        "kind": "OPERATIONAL", "summary": summary, "teamMemberIds": [member],
                        "personIds": [person]}},
             PEER_LOG_TOUCHPOINT,
             {"date": day, "summary": summary, "accountId": MEDIUM_ID, "teamMemberId": member,
              "personId": person},
             logged_of_stakegraph, logged_of_peer, has_floor=False, writes=True),
    ]  # fmt: skip


# ---- the peer: install, type definitions, process -------------------------------------------


def ensure_installed() -> None:
    """``npm ci`` in bench/peer unless node_modules holds this lock file's packages."""
    ensure_packages(PEER, "the peer benchmark")


def type_definitions(config: ScoringConfig) -> str:
    """bench/peer/typeDefs.graphql with the strength rules of ``config`` filled in."""
    cfg = config.strength
    weights = " ".join(
        f"WHEN '{channel}' THEN {float(weight)!r}"
        for channel, weight in sorted(cfg.channel_weights.items())
    )
    tokens = {
        "__FACTS_WINDOW_DAYS__": str(FACTS_WINDOW_DAYS),
        "__SILENCE_DAYS__": str(int(cfg.silence_days)),
        "__WINDOW_DAYS__": str(int(cfg.window_days)),
        # Floats: Cypher divides integers as integers.
        "__HALF_LIFE_DAYS__": repr(float(cfg.half_life_days)),
        "__CLIENT_BONUS__": repr(float(cfg.client_initiated_bonus)),
        "__STRONG_POINTS__": repr(float(cfg.strong_points)),
        "__DEVELOPING_POINTS__": repr(float(cfg.developing_points)),
        "__CHANNEL_WEIGHT__": f"(CASE x.channel {weights} ELSE 1.0 END)",
    }
    text = (PEER / "typeDefs.graphql").read_text()
    for token, value in tokens.items():
        text = text.replace(token, value)
    left = set(re.findall(r"__[A-Z_]+__", text))
    if left:
        raise RuntimeError(f"typeDefs.graphql has tokens nothing fills: {sorted(left)}")
    return text


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def serve_peer(connection: Mapping[str, str], config: ScoringConfig) -> Iterator[str]:
    """The peer (``node bench/peer/server.mjs``) on a free loopback port; yields its URL and
    stops it by its PID on the way out."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node not found: the peer benchmark needs Node 20 on PATH")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="stakegraph-peer-") as scratch:
        typedefs = Path(scratch) / "typeDefs.graphql"
        typedefs.write_text(type_definitions(config))
        log_path = Path(scratch) / "peer.log"
        with log_path.open("wb") as log:
            proc = subprocess.Popen(
                [node, "server.mjs"],
                cwd=PEER,
                env={
                    **os.environ,
                    **connection,
                    "PEER_PORT": str(port),
                    "PEER_TYPEDEFS": str(typedefs),
                    "NODE_ENV": "production",
                },
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        try:
            deadline = time.monotonic() + 120
            while "peer ready" not in log_path.read_text(errors="replace"):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"the peer did not start (exit code {proc.poll()}):\n"
                        + log_path.read_text(errors="replace")[-3000:]
                    )
                time.sleep(0.2)
            yield f"http://127.0.0.1:{port}/"
        finally:
            _stop(proc)


# ---- data -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sizes:
    accounts: int
    people: int
    touchpoints: int
    relationships: int


async def load(session: GraphSession, settings: Settings, accounts: int, large: int,
               medium: int, today: date) -> Sizes:  # fmt: skip
    """The demo portfolio, the two sized accounts and a generated portfolio, scored."""
    await wipe(session)
    await load_demo(session, settings, today)
    await import_dataset(session, generate_account(7, large, today=today, index=0))
    await import_dataset(session, generate_account(8, medium, today=today, index=1))
    if accounts:
        await import_dataset(session, generate_portfolio(11, accounts, today=today, first_index=2))
    await stored.recompute(session, None, today, settings.scoring_config())
    (row,) = await session.read(
        "CALL () { MATCH (a:Account) RETURN count(a) AS accounts }"
        " CALL () { MATCH (p:Person) RETURN count(p) AS people }"
        " CALL () { MATCH (t:Touchpoint) RETURN count(t) AS touchpoints }"
        " CALL () { MATCH ()-[k:KNOWS]->() RETURN count(k) AS relationships }"
        " RETURN accounts, people, touchpoints, relationships"
    )
    return Sizes(**row)


# ---- the floor: Stakegraph's own Cypher, replayed -------------------------------------------

#: Statements of the API-key check: a cost of serving a request, not of the query's data.
_KEY_STATEMENTS = frozenset(
    value for name, value in vars(key_cypher).items() if name.isupper() and isinstance(value, str)
)


@dataclass
class Statement:
    query: LiteralString
    params: dict[str, Any]
    started: float
    ended: float = 0.0


async def record_cypher(app: Any, headers: Mapping[str, str], case: Case) -> list[list[Statement]]:
    """The read statements one request of ``case`` runs in the app, in waves: statements that
    were in flight together (dataloaders) are replayed together."""
    recorded: list[Statement] = []
    original = GraphSession._execute

    async def spy(
        self: GraphSession, query: LiteralString, params: Mapping[str, Any] | None, mode: str
    ) -> list[dict[str, Any]]:
        entry = Statement(query, dict(params or {}), time.perf_counter())
        try:
            return await original(self, query, params, mode)
        finally:
            entry.ended = time.perf_counter()
            if mode == "READ" and query not in _KEY_STATEMENTS:
                recorded.append(entry)

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
        GraphSession._execute = spy  # type: ignore[method-assign,assignment]
        try:
            response = await http.post(
                "/graphql",
                json={"query": case.sg_query, "variables": case.sg_variables},
                headers=dict(headers),
            )
        finally:
            GraphSession._execute = original  # type: ignore[method-assign]
    _data(response.json())
    waves: list[list[Statement]] = []
    for entry in sorted(recorded, key=lambda s: s.started):
        if waves and entry.started < min(s.ended for s in waves[-1]):
            waves[-1].append(entry)
        else:
            waves.append([entry])
    return waves


# ---- timing ---------------------------------------------------------------------------------


@dataclass
class Run:
    rps: float
    p50: float
    p99: float
    failed: int = 0


@dataclass
class Cell:
    """The runs of one system for one query at one number of clients."""

    runs: list[Run] = field(default_factory=list)

    def median(self, attr: str) -> float:
        values = [getattr(r, attr) for r in self.runs]
        return statistics.median(values) if values else float("nan")


@dataclass(frozen=True)
class Span:
    """How long a timed run lasts: ``seconds``, or until ``amount`` answers have come."""

    seconds: float
    amount: int = 0


def span_for(clients: int, single_s: float, duration: float, longest: float) -> Span:
    """A run long enough for each client to get three answers of the slower side (a run by
    time counts only the answers that arrive within it); when that would last longer than
    ``longest``, a run by count instead: about ``longest`` seconds of answers one after another,
    and at least one for each client."""
    wanted = 3 * clients * single_s
    if wanted <= max(duration, longest):
        return Span(max(duration, wanted))
    return Span(longest, amount=max(clients, round(longest / single_s)))


def autocannon(url: str, body: str, headers: Mapping[str, str], clients: int, span: Span,
               timeout: float) -> Run:  # fmt: skip
    spec = {
        "url": url,
        "headers": dict(headers),
        "body": body,
        "connections": clients,
        "duration": span.seconds,
        "amount": span.amount,
        "timeout": timeout,
    }
    done = subprocess.run(
        ["node", "load.mjs", json.dumps(spec)],
        cwd=PEER,
        capture_output=True,
        text=True,
        check=True,
        timeout=span.seconds * 10 + timeout + 60,
    )
    out = json.loads(done.stdout.strip().splitlines()[-1])
    return Run(
        rps=out["ok"] / out["seconds"] if out["seconds"] else 0.0,
        p50=out["p50"],
        p99=out["p99"],
        failed=out["non2xx"] + out["errors"] + out["timeouts"],
    )


async def replay(graph: GraphClient, waves: list[list[Statement]], clients: int,
                 span: Span) -> Run:  # fmt: skip
    """``clients`` loops replaying the statements through the driver for the span."""

    async def once() -> None:
        session = graph.session()
        for wave in waves:
            await asyncio.gather(*(session.read(s.query, s.params) for s in wave))

    times: list[float] = []
    sent = 0

    def more() -> bool:
        nonlocal sent
        if span.amount:
            sent += 1
            return sent <= span.amount
        return time.perf_counter() < deadline

    async def loop() -> None:
        while more():
            began = time.perf_counter()
            await once()
            times.append((time.perf_counter() - began) * 1000)

    await once()  # plans cached
    started = time.perf_counter()
    deadline = started + span.seconds
    await asyncio.gather(*(loop() for _ in range(clients)))
    elapsed = time.perf_counter() - started
    return Run(rps=len(times) / elapsed, p50=percentile(times, 0.5), p99=percentile(times, 0.99))


# ---- the run --------------------------------------------------------------------------------


@dataclass
class Outcome:
    sizes: Sizes
    cases: list[Case]
    clients: tuple[int, ...]
    duration: float
    max_duration: float
    rounds: int
    #: (case key, clients, system) -> runs; systems: stakegraph, peer, floor.
    cells: dict[tuple[str, int, str], Cell]
    round_trips: dict[str, int]
    checked: dict[str, str]
    #: the one-minute load average when the timing began.
    load_before: float = 0.0


def _post(url: str, query: str, variables: Mapping[str, Any], headers: Mapping[str, str]) -> Any:
    response = httpx.post(
        url, json={"query": query, "variables": dict(variables)}, headers=dict(headers),
        timeout=120,
    )  # fmt: skip
    response.raise_for_status()
    return response.json()


def compare(case: Case, sg_url: str, peer_url: str, headers: Mapping[str, str]) -> str:
    """Both answers put alike, or AssertionError saying where they differ."""
    mine = case.sg_answer(_post(sg_url, case.sg_query, case.sg_variables, headers))
    theirs = case.peer_answer(_post(peer_url, case.peer_query, case.peer_variables, {}))
    if mine != theirs:
        if isinstance(mine, list) and isinstance(theirs, list):
            diff = next(
                (i for i, (a, b) in enumerate(zip(mine, theirs, strict=False)) if a != b),
                min(len(mine), len(theirs)),
            )
            detail = (
                f"{len(mine)} vs {len(theirs)} rows; first difference at {diff}: "
                f"{mine[diff] if diff < len(mine) else None} vs "
                f"{theirs[diff] if diff < len(theirs) else None}"
            )
        else:
            detail = f"{mine} vs {theirs}"
        raise AssertionError(f"{case.title}: Stakegraph and the peer differ: {detail}")
    size = len(mine) if isinstance(mine, list) else 1
    return f"same answer ({size} rows)" if isinstance(mine, list) else "same answer"


def run(accounts: int, large: int, medium: int, clients: tuple[int, ...], duration: float,
        max_duration: float, rounds: int, timeout: float, smoke: bool,
        only: frozenset[str] = frozenset(), instance: str = INSTANCE) -> Outcome:  # fmt: skip
    """``only``: the keys of the cases to run (all when empty)."""
    ensure_installed()
    connection = neo4jctl.start(instance, heap="2g", pagecache="1g", plugins=("apoc",))
    os.environ.update(connection)
    # The cache off for the recorded statements: a hit would record none.
    settings = Settings(rate_limit_capacity=0, response_cache=False)
    today = date.today()

    async def prepare() -> tuple[Sizes, str, tuple[str, str]]:
        graph = GraphClient.connect(
            connection["NEO4J_URI"], connection["NEO4J_USER"], connection["NEO4J_PASSWORD"],
            connection["NEO4J_DATABASE"],
        )  # fmt: skip
        try:
            await graph.apply_schema()
            sizes = await load(graph.session(), settings, accounts, large, medium, today)
            issued = await keys.create_key(graph.session(), "bench-peer", frozenset({Role.ADMIN}))
            (pair,) = await graph.session().read(WRITE_PAIR, {"id": MEDIUM_ID})
            return sizes, issued.secret, (pair["member"], pair["person"])
        finally:
            await graph.close()

    print("loading data ...", file=sys.stderr, flush=True)
    sizes, secret, pair = asyncio.run(prepare())
    the_cases = [c for c in cases(today, large, medium, pair) if not only or c.key in only]
    headers = {"Authorization": f"Bearer {secret}"}
    cells: dict[tuple[str, int, str], Cell] = {}
    checked: dict[str, str] = {}
    round_trips: dict[str, int] = {}
    env = {"RATE_LIMIT_CAPACITY": "0", "AUTH_REQUIRED": "true", "RESPONSE_CACHE": "false"}
    with (
        serve(connection, env=env) as sg_base,
        serve(connection, env={**env, "RESPONSE_CACHE": "true"}) as cached_base,
        serve_peer(connection, settings.scoring_config()) as peer_url,
    ):

        def url_of(case: Case) -> str:
            return (cached_base if case.cached else sg_base) + "/graphql"

        the_cases = [
            deep_cursors(case, sg_base + "/graphql", peer_url, headers) if case.deep else case
            for case in the_cases
        ]
        for case in the_cases:
            # For a cached case the first answer is kept: the timed ones are hits of it.
            checked[case.key] = compare(case, url_of(case), peer_url, headers)
            if case.cached:
                again = _post(url_of(case), case.sg_query, case.sg_variables, headers)
                if not again.get("extensions", {}).get("cache", {}).get("hit"):
                    raise AssertionError(
                        f"{case.title}: not a cache hit: {again.get('extensions')}"
                    )
                checked[case.key] += ", then served from the cache"
            print(f"{case.title}: {checked[case.key]}", file=sys.stderr, flush=True)
        if smoke:
            return Outcome(sizes, the_cases, clients, 0, 0, 0, cells, round_trips, checked)
        waves = asyncio.run(
            _record_all(settings, headers, [c for c in the_cases if not (c.cached or c.writes)])
        )
        load_before = os.getloadavg()[0]
        round_trips.update({k: sum(len(w) for w in v) for k, v in waves.items()})
        for case in the_cases:
            sg_url = url_of(case)
            sg_body = json.dumps({"query": case.sg_query, "variables": case.sg_variables})
            peer_body = json.dumps({"query": case.peer_query, "variables": case.peer_variables})
            single_s = max(
                _warm(sg_url, case.sg_query, case.sg_variables, headers),
                _warm(peer_url, case.peer_query, case.peer_variables, {}),
            )
            for n in clients:
                # The same span for both sides, from the slower one.
                span = span_for(n, single_s, duration, max_duration)
                for turn in range(rounds):
                    # Who goes first alternates, so a slow spell of the shared machine falls
                    # on both alike.
                    order = ["stakegraph", "peer"] if turn % 2 == 0 else ["peer", "stakegraph"]
                    for system in order:
                        url, body, sent = (
                            (sg_url, sg_body, headers)
                            if system == "stakegraph"
                            else (peer_url, peer_body, {})
                        )
                        result = autocannon(url, body, sent, n, span, timeout)
                        cells.setdefault((case.key, n, system), Cell()).runs.append(result)
                    if case.has_floor:
                        result = asyncio.run(_replay(connection, waves[case.key], n, span))
                        cells.setdefault((case.key, n, "floor"), Cell()).runs.append(result)
                print(_progress(cells, case, n), file=sys.stderr, flush=True)
        # Checked again after the load: neither side answered differently under it.
        for case in the_cases:
            compare(case, url_of(case), peer_url, headers)
    return Outcome(
        sizes, the_cases, clients, duration, max_duration, rounds, cells, round_trips, checked,
        load_before,
    )  # fmt: skip


#: Who logs the benchmark's touchpoints: a team member and a current client person of the
#: account who know each other (the first such pair by id).
WRITE_PAIR: LiteralString = """
MATCH (t:TeamMember)-[:KNOWS]->(p:Person)-[e:EMPLOYED_AT]->(:Account {id: $id})
WHERE e.until IS NULL
RETURN t.id AS member, p.id AS person ORDER BY member, person LIMIT 1"""


def deep_cursors(case: Case, sg_url: str, peer_url: str, headers: Mapping[str, str]) -> Case:
    """``case`` asking for page :data:`DEEP_PAGE` (or the last full page of a smaller
    portfolio): each side's ``after`` found by walking its pages from the first."""

    def walk(url: str, query: str, sent: Mapping[str, str]) -> str | None:
        after, total = end_cursor(_post(url, query, {"after": None}, sent))
        for _ in range(min(DEEP_PAGE, total // 20) - 2):
            after, _total = end_cursor(_post(url, query, {"after": after}, sent))
        return after

    return replace(
        case,
        sg_variables={"after": walk(sg_url, case.sg_query, headers)},
        peer_variables={"after": walk(peer_url, case.peer_query, {})},
    )


def _warm(url: str, query: str, variables: Mapping[str, Any], headers: Mapping[str, str]) -> float:
    """A few answers one after another (plans, caches, the JIT), then the seconds one takes."""
    times = []
    for _ in range(4):
        began = time.perf_counter()
        _data(_post(url, query, variables, headers))
        times.append(time.perf_counter() - began)
    return statistics.median(times[1:])


async def _record_all(settings: Settings, headers: Mapping[str, str],
                      the_cases: list[Case]) -> dict[str, list[list[Statement]]]:  # fmt: skip
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        recorded = {}
        for case in the_cases:
            await record_cypher(app, headers, case)  # warm: loaders, plans, key cache
            recorded[case.key] = await record_cypher(app, headers, case)
        return recorded


async def _replay(connection: Mapping[str, str], waves: list[list[Statement]], clients: int,
                  span: Span) -> Run:  # fmt: skip
    graph = GraphClient.connect(
        connection["NEO4J_URI"], connection["NEO4J_USER"], connection["NEO4J_PASSWORD"],
        connection["NEO4J_DATABASE"],
    )  # fmt: skip
    try:
        return await replay(graph, waves, clients, span)
    finally:
        await graph.close()


def _progress(cells: dict[tuple[str, int, str], Cell], case: Case, n: int) -> str:
    parts = [
        f"{system} {cells[(case.key, n, system)].median('rps'):.1f}/s"
        for system in ("stakegraph", "peer", "floor")
        if (case.key, n, system) in cells
    ]
    return f"{case.title} at {n}: " + ", ".join(parts)


# ---- the report -----------------------------------------------------------------------------


def _versions() -> dict[str, str]:
    lock = json.loads((PEER / "package-lock.json").read_text())["packages"]
    node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False)
    found = {
        name: str(lock.get(f"node_modules/{name}", {}).get("version", "?"))
        for name in ("@neo4j/graphql", "@apollo/server", "graphql", "neo4j-driver", "autocannon")
    }
    found["node"] = node.stdout.strip()
    return found


def _ratio(mine: float, theirs: float) -> str:
    return f"{mine / theirs:.2f}" if theirs > 0 else "n/a"


def _ms(value: float) -> str:
    return f"{value:.2f}" if value < 10 else f"{value:.0f}"


def render(outcome: Outcome) -> str:
    v = _versions()
    s = outcome.sizes
    load = os.getloadavg()
    lines = [
        "# Stakegraph against @neo4j/graphql",
        "",
        "Written by `make bench-peer` (bench/peer.py). One Neo4j, the same data; Stakegraph",
        "under uvicorn (one process, an API key sent, rate limit off) and the peer,",
        "@neo4j/graphql on Apollo Server (one Node process, no authentication), each on a",
        "loopback port.",
        "",
        "Before any timing both answers were compared and found alike: for the org charts the",
        "same people in the same order, managers, buying roles, relationship owners and their",
        "strengths (the peer lists people by name; put breadth-first from their managers they",
        "give Stakegraph's order); for the page the same accounts, order, count and scores; the",
        "same stored scores; for the stakeholder map the same people with their roles,"
        " perception, last touchpoint and relationship owners; for the deep page the same"
        f" accounts on page {DEEP_PAGE} (each side following its own cursors there); for the"
        " write the same touchpoint logged. The comparison ran again after the load.",
        "",
        "The write logs a new touchpoint each request: the peer creates the node and its"
        " edges; Stakegraph also checks the participants and the account scope, bumps the"
        " account's graph version in the same transaction and then refreshes the account's"
        " stored scores and alerts before it answers. It has no floor (the floor replays"
        " reads).",
        "",
        "Each run is autocannon (`bench/peer/load.mjs`) at a number of clients, after a few",
        f"warming requests, for {outcome.duration:g} s or longer where the slower side needs it",
        "for each client to get three answers; where that would pass"
        f" {outcome.max_duration:g} s, until a count of answers has come (about"
        f" {outcome.max_duration:g} s of them one after another, at least one per client). Both",
        f"sides get the same span. {outcome.rounds} runs per cell, Stakegraph and the peer taking",
        "turns (who goes first alternates); the figures are the medians of those runs. The floor",
        "is the read Cypher Stakegraph ran for that request (the API-key check left out),",
        "replayed through the driver from Python with no GraphQL or HTTP, as many clients",
        "looping.",
        "",
        "What differs between the sides: Stakegraph checks the API key of every request (the",
        "peer checks nothing) and walks the chart breadth-first itself; the peer answers people by",
        "name and leaves the order to the client. Both read each relationship's derived strength",
        "where Stakegraph's score recompute stored it on the relationship (with the days it holds",
        "for; docs/scoring.md) and the day is in its range, and derive it from its touchpoints",
        "otherwise (Stakegraph in Python from the chart's own rows, the peer in the `@cypher`",
        "field of `bench/peer/typeDefs.graphql`): the same data, read the same way.",
        "",
        "The rows marked *(cache hits)* ask a second Stakegraph process, with the response cache",
        "on (`RESPONSE_CACHE`, schema/response_cache.py), the same request on unchanged accounts:",
        "each answer is one read of the accounts' graph versions and the kept JSON (checked to be",
        "a hit, and the peer's answer, before the timing). Every other row asks a process with the",
        "cache off, so it measures the uncached path. The peer has no such cache.",
        "",
        "**The machine is shared**: 2 cores, with other sessions' work running during the run",
        f"(load average {outcome.load_before:.1f} before, {load[0]:.1f} / {load[1]:.1f} /"
        f" {load[2]:.1f} at the end), and the load tool, both servers and Neo4j share those",
        "cores. The ratios compare both sides under the same noise; the absolute figures are",
        "not what this machine gives when idle.",
        "",
        f"- when: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, Python"
        f" {platform.python_version()}, Node {v['node']}",
        f"- Neo4j {neo4jctl.NEO4J_VERSION} Community with APOC {neo4jctl.APOC_VERSION} (local)",
        f"- peer: @neo4j/graphql {v['@neo4j/graphql']}, @apollo/server {v['@apollo/server']},"
        f" graphql {v['graphql']}, neo4j-driver {v['neo4j-driver']}; autocannon"
        f" {v['autocannon']}",
        f"- data: {s.accounts:,} accounts, {s.people:,} people, {s.relationships:,} relationships,"
        f" {s.touchpoints:,} touchpoints (the demo portfolio, an account of"
        f" {_people(outcome, 'chart-large')} people, one of {_people(outcome, 'chart-medium')}"
        " and a generated portfolio)",
        "- Cypher round trips of Stakegraph per request (the floor's): "
        + ", ".join(
            f"{c.title} {outcome.round_trips.get(c.key, 0)}" for c in outcome.cases if not c.cached
        )
        + "; a cache hit runs none of them, only one read of its accounts' graph versions",
        "",
        "Throughput ratios (above 1: Stakegraph serves more; the chart is"
        f" [{PLOT.name}]({PLOT.name})):",
        "",
        f"![Stakegraph / peer throughput per query and clients]({PLOT.name})",
        "",
        "| query | clients | Stakegraph req/s | peer req/s | Stakegraph / peer |"
        " floor req/s | Stakegraph / floor |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    cells = outcome.cells
    for case in outcome.cases:
        for n in outcome.clients:
            sg, peer = cells[(case.key, n, "stakegraph")], cells[(case.key, n, "peer")]
            floor = cells.get((case.key, n, "floor"))
            row = [
                case.title,
                str(n),
                f"{sg.median('rps'):.1f}",
                f"{peer.median('rps'):.1f}",
                f"**{_ratio(sg.median('rps'), peer.median('rps'))}**",
                f"{floor.median('rps'):.1f}" if floor else "n/a",
                _ratio(sg.median("rps"), floor.median("rps")) if floor else "n/a",
            ]
            lines.append("| " + " | ".join(row) + " |")
    lines += [
        "",
        "Latency in ms, p50 / p99 (medians of the runs):",
        "",
        "| query | clients | Stakegraph | peer | floor | Stakegraph p50 / peer p50 |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for case in outcome.cases:
        for n in outcome.clients:
            sg, peer = cells[(case.key, n, "stakegraph")], cells[(case.key, n, "peer")]
            floor = cells.get((case.key, n, "floor"))
            row = [
                case.title,
                str(n),
                f"{_ms(sg.median('p50'))} / {_ms(sg.median('p99'))}",
                f"{_ms(peer.median('p50'))} / {_ms(peer.median('p99'))}",
                f"{_ms(floor.median('p50'))} / {_ms(floor.median('p99'))}" if floor else "n/a",
                _ratio(sg.median("p50"), peer.median("p50")),
            ]
            lines.append("| " + " | ".join(row) + " |")
    failed = sum(r.failed for cell in cells.values() for r in cell.runs)
    lines += ["", f"Failed requests (non-2xx, errors, time-outs) in all runs: {failed}."]
    lines += ["", *targets(outcome)]
    return "\n".join(lines) + "\n"


#: Issue 11's targets for the rows of this run: (what, the bound, whether above it is good).
THROUGHPUT_TARGET = 1.0  # Stakegraph / peer throughput, every client count
CACHED_TARGET = 5.0  # the same for cache hits
TAIL_TARGET = 3.0  # Stakegraph's p99 / p50 at TAIL_CLIENTS clients
TAIL_CLIENTS = 8
FLOOR_TARGET = 1.3  # Stakegraph's p50 / its own Cypher floor's p50 at one client
CHART_FLOOR_TARGET = 1.0  # the org chart's Cypher floor p50 / the peer's p50 at one client


def targets(outcome: Outcome) -> list[str]:
    """The table of where each query stands against issue 11's targets, from this run."""
    cells = outcome.cells
    rows: list[tuple[str, str, str, bool]] = []

    def median(key: str, n: int, system: str, what: str) -> float | None:
        cell = cells.get((key, n, system))
        return cell.median(what) if cell and cell.runs else None

    for case in outcome.cases:

        def judge(target: str, value: float, met: bool, title: str = case.title) -> None:
            rows.append((target, title, f"{value:.2f}x", met))

        ratios = [
            (sg / peer)
            for n in outcome.clients
            if (sg := median(case.key, n, "stakegraph", "rps"))
            and (peer := median(case.key, n, "peer", "rps"))
        ]
        if ratios:
            bound = CACHED_TARGET if case.cached else THROUGHPUT_TARGET
            judge(f"throughput >= {bound:g}x the peer at {_clients(outcome)} clients (the lowest)",
                  min(ratios), min(ratios) >= bound)  # fmt: skip
        p50 = median(case.key, TAIL_CLIENTS, "stakegraph", "p50")
        p99 = median(case.key, TAIL_CLIENTS, "stakegraph", "p99")
        if p50 and p99:
            judge(f"p99 <= {TAIL_TARGET:g}x p50 at {TAIL_CLIENTS} clients", p99 / p50,
                  p99 / p50 <= TAIL_TARGET)  # fmt: skip
        sg1 = median(case.key, 1, "stakegraph", "p50")
        floor1 = median(case.key, 1, "floor", "p50")
        if sg1 and floor1:
            judge(f"p50 at 1 client <= {FLOOR_TARGET:g}x its own Cypher floor", sg1 / floor1,
                  sg1 / floor1 <= FLOOR_TARGET)  # fmt: skip
        peer1 = median(case.key, 1, "peer", "p50")
        if case.key.startswith("chart-") and not case.cached and floor1 and peer1:
            judge(f"the org chart's Cypher floor p50 <= {CHART_FLOOR_TARGET:g}x the peer's p50"
                  " at 1 client", floor1 / peer1, floor1 / peer1 <= CHART_FLOOR_TARGET)  # fmt: skip
    if not rows:
        return []
    met = sum(ok for *_, ok in rows)
    lines = [
        f"Issue 11's targets, from this run ({met} of {len(rows)} met; the page-50 and"
        " portfolio-growth targets are in the first section):",
        "",
        "| target | query | this run | met |",
        "| --- | --- | ---: | --- |",
    ]
    lines += [f"| {t} | {q} | {v} | {'yes' if ok else 'no'} |" for t, q, v, ok in rows]
    return lines


def _clients(outcome: Outcome) -> str:
    return ", ".join(map(str, outcome.clients))


#: The chart of the ratios, beside docs/benchmarks.md (render links it).
PLOT = report.REPORT.parent / "benchmarks-peer.png"


def plot(outcome: Outcome, path: Path = PLOT) -> None:
    """A PNG of the throughput ratios: a group of bars per query, one bar per number of
    clients, on a log scale with the line at 1 (the peer's throughput)."""
    import matplotlib

    matplotlib.use("Agg")  # no display: a file
    import matplotlib.pyplot as plt

    titles = [c.title.replace("`", "") for c in outcome.cases]
    width = 0.8 / max(len(outcome.clients), 1)
    fig, ax = plt.subplots(figsize=(11, 5.5), dpi=100)
    for i, n in enumerate(outcome.clients):
        ratios = [
            outcome.cells[(c.key, n, "stakegraph")].median("rps")
            / max(outcome.cells[(c.key, n, "peer")].median("rps"), 1e-9)
            for c in outcome.cases
        ]
        xs = [x + (i - (len(outcome.clients) - 1) / 2) * width for x in range(len(titles))]
        ax.bar(xs, ratios, width=width, label=f"{n} client{'s' if n > 1 else ''}")
    ax.axhline(1.0, color="black", linewidth=1)
    ax.set_yscale("log")
    ax.set_ylabel("Stakegraph / @neo4j/graphql throughput")
    ax.set_xticks(range(len(titles)), titles, rotation=30, ha="right", fontsize=8)
    ax.set_title(f"make bench-peer, {time.strftime('%Y-%m-%d', time.gmtime())} (above 1: faster)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _people(outcome: Outcome, key: str) -> str:
    title = next((c.title for c in outcome.cases if c.key == key), None)
    if title is None:  # a partial run (--only) without that chart
        return "n/a"
    return title.rsplit(", ", 1)[-1].removesuffix(" people")


def main(
    accounts: int = typer.Option(1000, help="Accounts in the generated portfolio."),
    large: int = typer.Option(2000, help="People in the large account."),
    medium: int = typer.Option(300, help="People in the medium account."),
    clients: str = typer.Option(",".join(map(str, CLIENTS)), help="Client counts, e.g. 1,8,32."),
    duration: float = typer.Option(3.0, help="Seconds per timed run (at least)."),
    max_duration: float = typer.Option(
        30.0, help="Longest run: slow queries at many clients run longer than --duration."
    ),
    rounds: int = typer.Option(2, help="Timed runs per system, query and client count."),
    timeout: float = typer.Option(120.0, help="Seconds before a request counts as timed out."),
    smoke: bool = typer.Option(False, help="Start, load and compare answers; time nothing."),
    keep: bool = typer.Option(False, help="Leave the Neo4j instance running afterwards."),
    only: str = typer.Option(
        "", help="Case keys to run, e.g. write,scores-cached; prints, writes no docs."
    ),
    instance: str = typer.Option(INSTANCE, help="The local Neo4j instance to start."),
) -> None:
    counts = tuple(int(c) for c in clients.split(",") if c.strip())
    keys = frozenset(k.strip() for k in only.split(",") if k.strip())
    unknown = keys - {c.key for c in cases(date.today(), large, medium)}
    if unknown:
        raise typer.BadParameter(f"unknown case keys: {', '.join(sorted(unknown))}")
    try:
        outcome = run(
            accounts, large, medium, counts, duration, max_duration, rounds, timeout, smoke,
            keys, instance,
        )  # fmt: skip
    finally:
        if not keep:
            neo4jctl.stop(instance)
    if smoke:
        print("smoke: " + "; ".join(f"{k}: {v}" for k, v in outcome.checked.items()))
        return
    if keys:
        # A partial run: its figures are for the terminal, not for docs/benchmarks.md.
        print(render(outcome))
        return
    plot(outcome)
    report.write_peer(render(outcome))
    print(render(outcome))


if __name__ == "__main__":
    typer.run(main)
