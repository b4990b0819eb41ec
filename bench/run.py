"""Benchmarks: each target is a ratio against a baseline measured in the same run.

    make bench-core                 # default sizes; writes its section of docs/benchmarks.md
    python -m bench.run --accounts 2000 --people 1000 --repeat 15

Without NEO4J_URI it starts its own Neo4j instance (``bench``), so it never touches the data
of ``make run``. With NEO4J_URI it wipes that database (set STAKEGRAPH_BENCH_ALLOW_WIPE=1).
"""

from __future__ import annotations

import asyncio
import os
import platform
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

import httpx
import typer

from api.app import create_app
from api.cli_graph import CLI_QUERY_TIMEOUT_SECONDS
from api.settings import Settings
from bench import report
from demo.generator import generate_account, generate_portfolio
from graph import keys, reads
from graph import scores as stored
from graph.access import Role
from graph.client import GraphClient, GraphSession
from graph.dataset import Dataset, ReportsToRecord
from graph.facts import account_facts
from graph.importer import import_dataset, wipe
from scripts import neo4jctl

ORG_CHART_QUERY = """
query($id: ID!) { account(id: $id) { orgChart { rootIds
  nodes { personId parentId depth roles bestStrength owners { name strength }
          person { name title department seniority } }
  edges { source target } } } }
"""
# The explorer's question (explorer/src/main.js): the top levels first, expanded lazily.
CHART_DEPTH_QUERY = """
query($id: ID!, $depth: Int) { account(id: $id) { orgChart(depth: $depth) { rootIds totalCount
  nodes { personId parentId depth roles bestStrength hiddenDescendants
          person { name title department } }
  edges { source target } } } }
"""
#: Levels the lazy chart asks for first, and the id of the account it is timed on.
#: The levels a lazy explorer loads first: the root and the two below it (orgChart(depth: 2)).
TOP_LEVELS = 3
#: People each manager has in the timed org chart, as in a real company (span of control).
SPAN = 7
CHART_ACCOUNT_INDEX = 99_999
RANKING_QUERY = """
{ accounts(orderBy: {field: DEPENDENCY, direction: DESC}, first: 20) {
  totalCount edges { node { name tier dependencyScore breadthScore executiveScore } } } }
"""
#: A page of an account's people, as a list screen asks it (keyset cursors: schema/pagination.py).
PEOPLE_PAGE_QUERY = """
query($id: ID!, $after: String) { account(id: $id) { people(first: 20, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { name title seniority } } } } }
"""
#: The deep page timed against the first one.
DEEP_PAGE = 50
SCORES_QUERY = """
query($id: ID!) { account(id: $id) { scores {
  breadth { value explanation } championDependency { value top { person { name } } }
  executiveAccess { value } riskFlags { code } } } }
"""


@dataclass(frozen=True)
class Result:
    name: str
    baseline: str
    subject_ms: float
    baseline_ms: float
    target: str

    @property
    def ratio(self) -> float:
        return self.subject_ms / self.baseline_ms if self.baseline_ms else float("inf")


def _company(data: Dataset) -> Dataset:
    """The account's people in one company-shaped chart: the first person at the top, each
    manager with :data:`SPAN` reports, in order (the generator's chart has many roots and
    long chains, so its top levels hold a third of it). Each line starts when the later of
    the two started."""
    started = {e.person_id: e.since for e in data.employments}
    people = [p.id for p in data.people]
    lines = []
    for j, person_id in enumerate(people[1:], start=1):
        manager_id = people[(j - 1) // SPAN]
        days = [d for d in (started.get(person_id), started.get(manager_id)) if d is not None]
        lines.append(ReportsToRecord(person_id, manager_id, since=max(days) if days else None))
    return replace(data, reports_to=tuple(lines))


async def import_in_batches(session: GraphSession, data: Dataset, batch: int = 5000) -> None:
    """``data`` imported a kind at a time in batches, as ``stakegraph import`` writes a large
    file (one transaction per batch): in one transaction, the grown portfolio's nine thousand
    accounts passed Neo4j's memory limit for transactions (dbms.memory.transaction.total.max)."""
    for kind in fields(data):
        records = getattr(data, kind.name)
        for start in range(0, len(records), batch):
            await import_dataset(session, Dataset(**{kind.name: records[start : start + batch]}))


async def _median_ms(work: Callable[[], Awaitable[Any]], repeat: int) -> float:
    await work()  # warm caches and query plans
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        await work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


async def run(
    accounts: int, people: int, repeat: int, grow_to: int, chart_people: int
) -> list[Result]:
    settings = _settings()
    app = create_app(settings)
    results: list[Result] = []
    async with app.router.lifespan_context(app):
        graph: GraphClient = app.state.graph
        session = graph.session()
        await wipe(session)
        today = date.today()
        big = generate_account(seed=7, people=people, today=today)
        await import_dataset(session, big)
        # The large account is acc-00000; the portfolio follows it.
        await import_dataset(session, generate_portfolio(11, accounts, today=today, first_index=1))
        await stored.recompute(session, None, today, settings.scoring_config())
        big_id = big.accounts[0].id
        chart_id = ""
        if chart_people:
            chart = _company(
                generate_account(
                    seed=17, people=chart_people, today=today, index=CHART_ACCOUNT_INDEX
                )
            )
            await import_dataset(session, chart)
            chart_id = chart.accounts[0].id
        transport = httpx.ASGITransport(app=app)
        # Requests authenticate as a real client's do (the key check is part of the cost).
        issued = await keys.create_key(session, "bench", frozenset({Role.ADMIN}))
        headers = {"Authorization": f"Bearer {issued.secret}"}
        async with httpx.AsyncClient(
            transport=transport, base_url="http://bench", headers=headers
        ) as http:

            async def gql(query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
                response = await http.post(
                    "/graphql", json={"query": query, "variables": variables}
                )
                body: dict[str, Any] = response.json()
                if "errors" in body:
                    raise RuntimeError(body["errors"])
                return body

            async def raw_org_chart() -> None:
                # The statement through graph.reads: its parameters and the rows' grouping.
                await reads.org_chart_rows(graph.session(), [big_id], today, lean=True, today=today)

            async def raw_facts() -> None:
                await account_facts(graph.session(), [big_id], today)

            all_ids = [
                row["id"] for row in await session.read("MATCH (a:Account) RETURN a.id AS id")
            ]

            async def compute_all() -> None:
                await stored.compute(graph.session(), all_ids, today, settings.scoring_config())

            async def raw_page() -> None:
                await reads.people_page(
                    graph.session(), reads.PeopleFilter(account_id=big_id), today, None, 20
                )

            async def typename() -> None:
                await gql("{ __typename }")

            async def healthz() -> None:
                (await http.get("/healthz")).raise_for_status()

            # Fixed costs are fractions of a millisecond: many repeats for a stable median.
            results.append(
                Result(
                    name="`{ __typename }` through GraphQL (the fixed cost of a request)",
                    baseline="GET /healthz through the same app (the HTTP stack alone)",
                    subject_ms=await _median_ms(typename, repeat * 30),
                    baseline_ms=await _median_ms(healthz, repeat * 30),
                    target="< 4x: parsing, validation and execution of a cached document",
                )
            )

            async def big_chart() -> None:
                await gql(ORG_CHART_QUERY, {"id": big_id})

            async def big_scores() -> None:
                await gql(SCORES_QUERY, {"id": big_id})

            chart_ms = await _median_ms(big_chart, repeat)
            scores_ms = await _median_ms(big_scores, repeat)
            results.append(
                Result(
                    name=f"org chart of {people} people through GraphQL",
                    baseline="its one Cypher query alone (driver, no GraphQL)",
                    subject_ms=chart_ms,
                    baseline_ms=await _median_ms(raw_org_chart, repeat),
                    target="< 10x: GraphQL and strength derivation add under an order of magnitude",
                )
            )
            results.append(
                Result(
                    name=f"scores of the {people}-person account through GraphQL",
                    baseline="fetching its facts alone (one Cypher round trip)",
                    subject_ms=scores_ms,
                    baseline_ms=await _median_ms(raw_facts, repeat),
                    target="< 5x: judging in Python costs less than the traversal",
                )
            )
            if chart_id:
                results.append(
                    Result(
                        name=f"top {TOP_LEVELS} levels of a {chart_people}-person org chart"
                        " through GraphQL (orgChart(depth:))",
                        baseline="the whole chart, same fields, through GraphQL",
                        subject_ms=await _median_ms(
                            lambda: gql(
                                CHART_DEPTH_QUERY, {"id": chart_id, "depth": TOP_LEVELS - 1}
                            ),
                            repeat,
                        ),
                        baseline_ms=await _median_ms(
                            lambda: gql(CHART_DEPTH_QUERY, {"id": chart_id, "depth": None}),
                            repeat,
                        ),
                        target="< 0.1x: a lazy explorer pays for what it shows",
                    )
                )
                # The cursor of page 49's last row, by walking there as a client would.
                after = None
                for _ in range(DEEP_PAGE - 1):
                    body = await gql(PEOPLE_PAGE_QUERY, {"id": chart_id, "after": after})
                    after = body["data"]["account"]["people"]["pageInfo"]["endCursor"]
                results.append(
                    Result(
                        name=f"page {DEEP_PAGE} of an account's {chart_people} people"
                        " through GraphQL (people(first: 20, after:))",
                        baseline="page 1 of the same people",
                        subject_ms=await _median_ms(
                            lambda: gql(PEOPLE_PAGE_QUERY, {"id": chart_id, "after": after}),
                            repeat,
                        ),
                        baseline_ms=await _median_ms(
                            lambda: gql(PEOPLE_PAGE_QUERY, {"id": chart_id, "after": None}),
                            repeat,
                        ),
                        target="< 1.5x: a keyset cursor makes a deep page cost what page 1 does",
                    )
                )
            ranking_ms = await _median_ms(lambda: gql(RANKING_QUERY), repeat)
            results.append(
                Result(
                    name=f"ranking {accounts + 1} accounts by stored dependency (top 20)",
                    baseline=f"computing the scores of all {accounts + 1} accounts on request",
                    subject_ms=ranking_ms,
                    baseline_ms=await _median_ms(compute_all, max(1, repeat // 5)),
                    target="< 0.1x: stored scores make ranking independent of scoring cost",
                )
            )
            results.append(
                Result(
                    name="a page of 20 people through GraphQL",
                    baseline="its Cypher page query alone",
                    subject_ms=await _median_ms(
                        lambda: gql(
                            "query($id: ID!) { account(id: $id) { people(first: 20) {"
                            " totalCount edges { node { name title seniority } } } } }",
                            {"id": big_id},
                        ),
                        repeat,
                    ),
                    baseline_ms=await _median_ms(raw_page, repeat),
                    target="< 5x",
                )
            )
            results.append(
                await _cache_hits(settings, headers, big_id, people, raw_org_chart, repeat)
            )
            if grow_to > accounts + 1:
                # Grow the portfolio with real (small) accounts, scored the normal way, and rank
                # again: the index-backed ranking should not notice.
                extra = generate_portfolio(
                    13,
                    grow_to - accounts - 1,
                    people_per_account=(3, 8),
                    today=today,
                    first_index=accounts + 1,
                )
                await import_in_batches(session, extra)
                await stored.recompute(
                    session, [a.id for a in extra.accounts], today, settings.scoring_config()
                )
                results.append(
                    Result(
                        name=f"ranking {grow_to} accounts by stored dependency (top 20)",
                        baseline=f"the same ranking of {accounts + 1} accounts, before growing",
                        subject_ms=await _median_ms(lambda: gql(RANKING_QUERY), repeat),
                        baseline_ms=ranking_ms,
                        target="< 2x: ranking reads an index, whatever the portfolio size",
                    )
                )
                # One account's reads look at that account only: the portfolio around it
                # should not show in their time.
                for what, timed, before in (
                    (f"org chart of {people} people", big_chart, chart_ms),
                    (f"scores of the {people}-person account", big_scores, scores_ms),
                ):
                    results.append(
                        Result(
                            name=f"{what} once the portfolio grew to {grow_to} accounts",
                            baseline=f"the same, among {accounts + 1} accounts",
                            subject_ms=await _median_ms(timed, repeat),
                            baseline_ms=before,
                            target="< 1.2x: an account's reads do not grow with the portfolio",
                        )
                    )
    return results


async def _cache_hits(
    settings: Settings,
    headers: dict[str, str],
    account_id: str,
    people: int,
    floor: Callable[[], Awaitable[Any]],
    repeat: int,
) -> Result:
    """The org chart asked again and again of an app with the response cache on: each answer
    a hit (checked), against the chart's own Cypher."""
    app = create_app(settings.model_copy(update={"response_cache": True}))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://bench", headers=headers
        ) as http,
    ):

        async def ask() -> dict[str, Any]:
            response = await http.post(
                "/graphql", json={"query": ORG_CHART_QUERY, "variables": {"id": account_id}}
            )
            body: dict[str, Any] = response.json()
            if "errors" in body:
                raise RuntimeError(body["errors"])
            return body

        async def hit() -> None:
            cache = (await ask())["extensions"]["cache"]
            if not cache["hit"]:
                raise RuntimeError(f"not a cache hit: {cache}")

        await ask()  # the miss that keeps it
        return Result(
            name=f"org chart of {people} people, repeated (response cache hits)",
            baseline="its one Cypher query alone (driver, no GraphQL)",
            subject_ms=await _median_ms(hit, repeat * 3),
            baseline_ms=await _median_ms(floor, repeat),
            target="< 1x: a hit reads the account's graph version, not the chart",
        )


def _settings() -> Settings:
    if os.environ.get("NEO4J_URI"):
        if os.environ.get("STAKEGRAPH_BENCH_ALLOW_WIPE") != "1":
            sys.exit("the benchmark wipes NEO4J_URI's database: set STAKEGRAPH_BENCH_ALLOW_WIPE=1")
    else:
        os.environ.update(neo4jctl.start("bench", heap="2g", pagecache="1g"))
    # The rate limit is a policy per caller, not a cost of serving: one caller here sends
    # every request. The response cache off: these rows time the work of each request; the
    # cache's row asks an app of its own. The CLI's time limits: loading the portfolio is
    # set-up, and a loaded machine took longer than a request's 30 s for it.
    return Settings(
        rate_limit_capacity=0,
        response_cache=False,
        neo4j_query_timeout_seconds=CLI_QUERY_TIMEOUT_SECONDS,
        request_timeout_seconds=CLI_QUERY_TIMEOUT_SECONDS,
    )


def write_report(
    results: list[Result], accounts: int, people: int, repeat: int, grow_to: int, chart_people: int
) -> None:
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench-core` (bench/run.py); `make bench` runs all three sections of",
        "this file. Every figure is the median of the repeats, and every target is a ratio",
        "against a baseline measured in the same run on the same Neo4j, so the ratios compare",
        "across machines while the milliseconds do not.",
        "",
        f"- when: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"- machine: {platform.machine()}, {os.cpu_count()} cores,"
        f" Python {platform.python_version()}",
        f"- Neo4j: {neo4jctl.NEO4J_VERSION} Community (local) unless NEO4J_URI was set",
        f"- data: a synthetic portfolio of {accounts} accounts plus one account of {people} people"
        + (f" and one of {chart_people} for the org chart's levels" if chart_people else "")
        + f"; {repeat} repeats"
        + (f"; grown to {grow_to} accounts for the last ranking" if grow_to > accounts + 1 else ""),
        "",
        "| benchmark | baseline | subject ms | baseline ms | ratio | target | met |",
        "| --- | --- | ---: | ---: | ---: | --- | --- |",
    ]
    for r in results:
        limit = float(r.target.split("x")[0].lstrip("< "))
        lines.append(
            f"| {r.name} | {r.baseline} | {r.subject_ms:.1f} | {r.baseline_ms:.1f} | "
            f"{r.ratio:.2f}x | {r.target} | {'yes' if r.ratio < limit else 'NO'} |"
        )
    # The peer comparison (bench/peer.py) has a section of its own below this one: kept.
    report.write_main("\n".join(lines) + "\n")


def main(
    accounts: int = typer.Option(1000, help="Synthetic accounts in the portfolio."),
    people: int = typer.Option(1000, help="People in the one large account."),
    repeat: int = typer.Option(10, help="Timed repeats per measurement."),
    grow_to: int = typer.Option(10000, help="Portfolio size for the second ranking (0: skip)."),
    chart_people: int = typer.Option(
        5000, help="People in the account whose top org-chart levels are timed (0: skip)."
    ),
) -> None:
    # Decided before run(): starting the local server exports NEO4J_URI into the environment.
    started_here = not os.environ.get("NEO4J_URI")
    try:
        results = asyncio.run(run(accounts, people, repeat, grow_to, chart_people))
    finally:
        if started_here:
            neo4jctl.stop("bench")
    write_report(results, accounts, people, repeat, grow_to, chart_people)
    for r in results:
        print(f"{r.name}: {r.subject_ms:.1f} ms vs {r.baseline_ms:.1f} ms = {r.ratio:.2f}x")


if __name__ == "__main__":
    typer.run(main)
