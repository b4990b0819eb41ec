"""``python -m scripts.hostile`` in the suite: every hostile request of issue 13's probe (a
fragment bomb, bodies that are no GraphQL request, 20 MiB bodies, 10,000 ids, a 40 MB analyst
row, a query past the analyst time limit, documents over the limits) sent to the API in a
uvicorn process on the session's Neo4j, each answered with the code its probe expects and none
a server error. Times are printed (``-s``), never asserted."""

from __future__ import annotations

from graph.access import Role
from graph.client import GraphClient
from scripts import hostile
from scripts.harness import serve_process
from tests.helpers import KeyFor, count


async def test_every_hostile_request_gets_its_typed_answer(
    neo4j_connection: dict[str, str],
    graph: GraphClient,
    key_for: KeyFor,
    graph_loaded: None,
) -> None:
    secret = await key_for(Role.ADMIN, name="hostile")
    with serve_process(neo4j_connection, env=hostile.ENV) as server:
        outcomes = await hostile.run_all(server.url, server.pid, secret)
    print("\n" + hostile.HEADER)
    for outcome in outcomes:
        print(outcome.row())
    assert len(outcomes) == len(hostile.probes())
    wrong = {o.probe.name: (o.status, o.codes) for o in outcomes if not o.right}
    assert wrong == {}
    # The refused write with a lone surrogate, and the one with a 1 MB name, stored nothing.
    assert await count(graph, "MATCH (a:Account {id: 'acc-hostile'}) RETURN count(a) AS n") == 0
