"""The short version of ``python -m scripts.load``: a few clients for a few seconds against the
API under uvicorn (on the session's Neo4j), a mix of reads and writes; no answer is a server
error, every answer is typed, and every acknowledged write is stored."""

from __future__ import annotations

from rich.console import Console

from demo.generator import generate_portfolio
from graph.access import Role
from graph.client import GraphClient
from scripts import load
from scripts.harness import serve_process
from tests.helpers import TODAY, GraphQL, KeyFor, LoadGraph, count

CLIENTS = 6
SECONDS = 4.0


async def test_a_short_load_answers_every_request_typed_and_stores_every_acknowledged_write(
    load_graph: LoadGraph,
    neo4j_connection: dict[str, str],
    key_for: KeyFor,
    graph: GraphClient,
    gql: GraphQL,
) -> None:
    data = generate_portfolio(seed=3, accounts=6, people_per_account=(6, 14), today=TODAY)
    await load_graph(data)
    await gql("mutation { recomputeScores { accounts } }")
    # One key per client: each has its own rate-limit bucket, as separate integrations do.
    secrets = [await key_for(Role.EDITOR, name=f"load {n}") for n in range(CLIENTS)]
    with serve_process(neo4j_connection) as server:
        report = await load.run_load(
            server.url, secrets, load.Catalogue.of(data), duration_s=SECONDS, pid=server.pid
        )
    load.print_report(report, Console(width=160))

    assert report.server_errors == 0, report.codes
    assert report.untyped == set(), report.codes
    # Every operation of the mix ran (each client's warm-up sends each once), and the mix is
    # all valid input: nothing refused but, at worst, for the rate.
    assert {a.operation for a in report.warm_up} == {op.name for op in load.OPERATIONS}
    assert len(report.warm_up) == CLIENTS * len(load.OPERATIONS)
    assert report.answers
    assert set(report.codes) <= {"OK", "RATE_LIMITED"}, report.codes
    assert report.codes.get("OK", 0) > len(report.warm_up)
    # Acknowledged means stored.
    people = report.acknowledged("upsert person")
    touchpoints = report.acknowledged("log touchpoint")
    assert people and touchpoints
    assert await count(
        graph,
        "MATCH (p:Person) WHERE p.id IN $ids RETURN count(p) AS n",
        ids=[load.person_id(t) for t in people],
    ) == len(people)
    assert await count(
        graph,
        "MATCH (t:Touchpoint) WHERE t.id IN $ids RETURN count(t) AS n",
        ids=[load.touchpoint_id(t) for t in touchpoints],
    ) == len(touchpoints)
    # The API process was watched: its memory is in the report.
    assert report.memory and all(mib > 0 for _, mib in report.memory)
