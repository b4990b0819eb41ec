"""Hostile input: each request that once froze, crashed or flooded the API (issue 13's probe of
``main``), sent to the API in a uvicorn process of its own on a real Neo4j with the demo loaded,
with ``/healthz`` timed alongside (a request that held the event loop would hold it too).

    python -m scripts.hostile            # every probe; prints the table in docs/reliability.md

It starts its own Neo4j instance (``hostile``, wiped before and after) and stops the API and
Neo4j on the way out. The exit code is 1 when any answer is a server error (fuzz's rules:
HTTP 5xx, no JSON object, ``INTERNAL_ERROR``, an error without a code) or lacks the code its
probe expects. ``tests/integration/test_hostile_script.py`` runs every probe in the suite.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx
import typer
from strawberry.relay import to_base64

from graph.access import Role
from scripts import neo4jctl
from scripts.fuzz import answer_codes, is_server_error, prepare
from scripts.harness import serve_process

#: The API's settings for the run: the analyst time limit short, so its probe is quick.
ENV = {"RATE_LIMIT_CAPACITY": "0", "CYPHER_TIMEOUT_S": "3"}
#: The body the size probes send: over MAX_REQUEST_BYTES (8 MiB) by far.
LARGE_BODY_BYTES = 20 * 1024 * 1024
HEALTH_EVERY_S = 0.05

Send = Callable[[httpx.AsyncClient], Awaitable[httpx.Response]]


@dataclass(frozen=True)
class Probe:
    name: str
    #: what issue 13's probe of main saw.
    before: str
    send: Send
    #: the answers that are right (any one of them present).
    expect: frozenset[str]


@dataclass(frozen=True)
class Outcome:
    probe: Probe
    status: int
    codes: tuple[str, ...]
    ms: float
    response_bytes: int
    #: the slowest /healthz answer while the probe ran.
    health_ms: float
    rss_mib: float

    @property
    def right(self) -> bool:
        return not is_server_error(list(self.codes)) and bool(self.probe.expect & set(self.codes))

    def row(self) -> str:
        verdict = "yes" if self.right else "**no**"
        return (
            f"| {self.probe.name} | {self.probe.before} | {self.status} "
            f"{', '.join(self.codes)} | {self.ms:,.0f} | {self.response_bytes:,} "
            f"| {self.health_ms:,.0f} | {self.rss_mib:+.0f} | {verdict} |"
        )


HEADER = (
    "| request | before (issue 13) | status, code | ms | response bytes | slowest /healthz ms "
    "| RSS MiB | typed |\n| --- | --- | --- | ---: | ---: | ---: | ---: | --- |"
)


def fragment_bomb(levels: int) -> str:
    """Each fragment spreads the one below it twice: 2^levels fields once expanded."""
    fragments = ["fragment F0 on Account { x: name }"]
    fragments += [
        f"fragment F{i} on Account {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, levels + 1)
    ]
    return f'{{ account(id: "acc-contoso") {{ ...F{levels} }} }} ' + " ".join(fragments)


def _post_json(document: str, variables: Mapping[str, object] | None = None) -> Send:
    return lambda http: http.post("/graphql", json={"query": document, "variables": variables})


def _post_raw(body: bytes) -> Send:
    headers = {"content-type": "application/json"}
    return lambda http: http.post("/graphql", content=body, headers=headers)


def _streamed(size: int) -> Send:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"query": "{ __typename }", "pad": "'
        for _ in range(size // 65536):
            yield b"x" * 65536
        yield b'"}'

    headers = {"content-type": "application/json"}
    return lambda http: http.post("/graphql", content=chunks(), headers=headers)


CYPHER = "query($q: String!) { cypher(query: $q) { rowCount truncated } }"
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }"
UPSERT = """mutation($name: String) { upsertAccount(input: {id: "acc-hostile", name: $name,
  tier: 2}) { userErrors { code } } }"""
#: Valid against the schema, and over MAX_QUERY_DEPTH (15): a chain of 17 managers.
DEEP = '{ person(id: "p-1") ' + "{ manager " * 17 + "{ name }" + " }" * 17 + " }"
ALIASES = "{ " + " ".join(f"a{i}: __typename" for i in range(31)) + " }"
TOKENS = "{ " + " ".join("__typename" for _ in range(5001)) + " }"
COSTLY = """{ accounts(first: 100) { edges { node { people(first: 100) { edges { node {
  relationships { teamMember { name } } } } } } } } }"""
VALID = frozenset({"GRAPHQL_VALIDATION_FAILED"})
REFUSED = frozenset({"INVALID_REQUEST"})


def probes() -> list[Probe]:
    surrogate = (
        b'{"query": "mutation($n: String) { upsertAccount(input: {id: \\"acc-hostile\\", '
        b'name: $n, tier: 2}) { userErrors { code } } }", "variables": {"n": "Bad \\ud800"}}'
    )
    padded = b'{"query": "{ __typename }", "pad": "' + b"x" * LARGE_BODY_BYTES + b'"}'
    return [
        Probe(f"fragment bomb, 20 levels ({len(fragment_bomb(20))} bytes)",
              "16.6 s, /healthz blocked", _post_json(fragment_bomb(20)), VALID),
        Probe("fragment bomb, 60 levels", "(30 levels) no answer, SIGTERM ignored",
              _post_json(fragment_bomb(60)), VALID),
        Probe("a lone surrogate (`\\ud800`) in a variable", "INTERNAL_ERROR",
              _post_raw(surrogate), REFUSED),
        Probe("JSON body `42`", "HTTP 500", _post_raw(b"42"), REFUSED),
        Probe('JSON body `"x"`', "HTTP 500", _post_raw(b'"x"'), REFUSED),
        Probe("JSON body `null`", "HTTP 500", _post_raw(b"null"), REFUSED),
        Probe("a body that is not UTF-8", "HTTP 500", _post_raw(b"\xff\xfe{"), REFUSED),
        Probe("JSON nested 5,000 deep (10 KB)", "HTTP 500 (found 2026-12-01)",
              _post_raw(b"[" * 5000 + b"]" * 5000), REFUSED),
        Probe("a 20 MiB body with its length", "accepted, +60 MB RSS", _post_raw(padded),
              frozenset({"REQUEST_TOO_LARGE"})),
        Probe("a 20 MiB body streamed, no length", "accepted", _streamed(LARGE_BODY_BYTES),
              frozenset({"REQUEST_TOO_LARGE"})),
        Probe("10,000 ids in `nodes(ids:)`", "NOT_FOUND echoing every id (109 KB)",
              _post_json(NODES, {"ids": [to_base64("Account", f"acc-{i}") for i in range(10_000)]}),
              frozenset({"OUT_OF_RANGE"})),
        Probe("a 1 MB account name", "n/a",
              _post_json(UPSERT, {"name": "x" * 1_000_000}), frozenset({"TOO_LONG"})),
        Probe("analyst Cypher, one 40 MB row", "26 s, /healthz blocked 16 s",
              _post_json(CYPHER, {"q": "RETURN [i IN range(1, 4000000) | 'xxxxxxxx'] AS big"}),
              frozenset({"OK", "CYPHER_REJECTED"})),
        Probe("analyst Cypher over 10^10 rows", "n/a",
              _post_json(CYPHER, {"q": "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) "
                                       "AS b WITH a, b WHERE a + b < 0 RETURN count(*) AS n"}),
              frozenset({"CYPHER_REJECTED", "TIMEOUT"})),
        Probe("a chain of 17 managers (depth 19; the limit is 15)", "n/a", _post_json(DEEP), VALID),
        Probe("31 aliases", "n/a", _post_json(ALIASES), VALID),
        Probe("5,001 tokens", "n/a", _post_json(TOKENS),
              frozenset({"GRAPHQL_PARSE_FAILED"})),
        Probe("100 accounts, 100 people each, their relationships", "n/a", _post_json(COSTLY),
              frozenset({"MAX_COST_EXCEEDED"})),
        Probe("a batch of 11 operations", "n/a",
              lambda http: http.post("/graphql", json=[{"query": "{ __typename }"}] * 11),
              REFUSED | VALID | frozenset({"INVALID"})),
    ]  # fmt: skip


def codes_of(response: httpx.Response) -> list[str]:
    """fuzz's codes of an answer; for a mutation that answered, its userErrors' codes."""
    codes = answer_codes(response)
    if codes == ["OK"]:
        data = response.json().get("data") or {}
        for payload in data.values():
            if isinstance(payload, dict) and payload.get("userErrors"):
                return [str(e.get("code")) for e in payload["userErrors"]]
    return codes


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def run_probe(http: httpx.AsyncClient, probe: Probe, pid: int) -> Outcome:
    slowest = 0.0
    done = asyncio.Event()

    async def watch_health() -> None:
        nonlocal slowest
        while not done.is_set():
            started = time.perf_counter()
            await http.get("/healthz")
            slowest = max(slowest, (time.perf_counter() - started) * 1000)
            await asyncio.sleep(HEALTH_EVERY_S)

    rss = _rss_mib(pid)
    watcher = asyncio.create_task(watch_health())
    started = time.perf_counter()
    try:
        response = await probe.send(http)
    finally:
        ms = (time.perf_counter() - started) * 1000
        done.set()
        await watcher
    return Outcome(
        probe,
        response.status_code,
        tuple(codes_of(response)),
        ms,
        len(response.content),
        slowest,
        _rss_mib(pid) - rss,
    )


async def run_all(base_url: str, pid: int, secret: str) -> list[Outcome]:
    headers = {"Authorization": f"Bearer {secret}"}
    async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=120) as http:
        return [await run_probe(http, probe, pid) for probe in probes()]


def main(instance_name: str = typer.Option("hostile", "--instance")) -> None:
    """Send every hostile request; print the table; exit 1 on any answer that is not right."""
    neo4jctl.wipe(instance_name)
    connection = neo4jctl.start(instance_name, heap="512m", pagecache="64m")
    try:
        secret = asyncio.run(prepare(connection, Role.ADMIN))
        with serve_process(connection, env=ENV) as server:
            outcomes = asyncio.run(run_all(server.url, server.pid, secret))
    finally:
        neo4jctl.wipe(instance_name)
    print(HEADER)
    for outcome in outcomes:
        print(outcome.row())
    wrong = [o.probe.name for o in outcomes if not o.right]
    print(f"{len(outcomes) - len(wrong)} of {len(outcomes)} answered as expected" + (
        f"; not: {', '.join(wrong)}" if wrong else ""))  # fmt: skip
    raise typer.Exit(1 if wrong else 0)


if __name__ == "__main__":
    typer.run(main)
