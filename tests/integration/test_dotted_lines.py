"""Dotted-line reporting through GraphQL on the small graph: Contoso's CEO ← CFO, CIO ← IT
director ← two engineers, and a contractor; Fabrikam's people elsewhere."""

from __future__ import annotations

from typing import Any

from graph.access import AccountScope, Role
from graph.client import GraphClient
from tests.helpers import GraphQL, KeyFor, count
from tests.integration.documents import IMPORT
from tests.integration.small_graph import ago

SET = """mutation($p: ID!, $m: ID!, $since: Date) {
  setDottedLine(personId: $p, managerId: $m, since: $since) {
    person { personId } userErrors { code field } } }"""
END = """mutation($p: ID!, $m: ID!) {
  endDottedLine(personId: $p, managerId: $m) { userErrors { code field } } }"""
CHART = """query($asOf: Date, $depth: Int) { account(id: "acc-contoso") {
  orgChart(asOf: $asOf, depth: $depth) { nodes { personId parentId dottedManagerIds }
                                         edges { source target kind } }
  orgTree { personId children { personId children { personId children { personId } } } } } }"""
CURRENT_DOTTED = "MATCH ()-[d:DOTTED_LINE_TO]->() WHERE d.until IS NULL RETURN count(d) AS n"


async def _set(gql: GraphQL, person: str, manager: str, since: Any = None) -> list[str]:
    body = await gql(SET, {"p": person, "m": manager, "since": since})
    return [e["code"] for e in body["data"]["setDottedLine"]["userErrors"]]


async def _chart(gql: GraphQL, **variables: Any) -> dict[str, Any]:
    body = await gql(CHART, variables)
    account: dict[str, Any] = body["data"]["account"]
    return account


async def test_a_dotted_line_in_the_chart_not_the_tree(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    assert await _set(gql, "p-eng1", "p-cfo", ago(10).isoformat()) == []
    assert await _set(gql, "p-eng1", "p-cfo") == []  # again: nothing changes
    assert await count(graph, CURRENT_DOTTED) == 1
    for variables in ({}, {"depth": 5}):  # the whole chart, and the skeleton's path
        account = await _chart(gql, **variables)
        nodes = {n["personId"]: n for n in account["orgChart"]["nodes"]}
        assert nodes["p-eng1"]["parentId"] == "p-itdir"  # the solid manager stays the parent
        assert nodes["p-eng1"]["dottedManagerIds"] == ["p-cfo"]
        assert nodes["p-eng2"]["dottedManagerIds"] == []
        edges = {(e["source"], e["target"], e["kind"]) for e in account["orgChart"]["edges"]}
        assert ("p-eng1", "p-itdir", "SOLID") in edges
        assert ("p-eng1", "p-cfo", "DOTTED") in edges
        assert len(edges) == 6  # the five solid lines and the dotted one
    # The tree follows solid lines only: the CFO has no one below.
    (ceo, _) = account["orgTree"]
    cfo = next(c for c in ceo["children"] if c["personId"] == "p-cfo")
    assert cfo["children"] == []


async def test_ending_a_dotted_line_keeps_it_as_history(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    assert await _set(gql, "p-eng2", "p-cfo", ago(10).isoformat()) == []
    for _ in range(2):  # idempotent: ending an ended line is no error
        body = await gql(END, {"p": "p-eng2", "m": "p-cfo"})
        assert body["data"]["endDottedLine"]["userErrors"] == []
    assert await count(graph, CURRENT_DOTTED) == 0
    today = {n["personId"]: n for n in (await _chart(gql))["orgChart"]["nodes"]}
    assert today["p-eng2"]["dottedManagerIds"] == []
    before = {
        n["personId"]: n for n in (await _chart(gql, asOf=ago(1).isoformat()))["orgChart"]["nodes"]
    }
    assert before["p-eng2"]["dottedManagerIds"] == ["p-cfo"]
    before_it_began = await _chart(gql, asOf=ago(11).isoformat())
    assert all(n["dottedManagerIds"] == [] for n in before_it_began["orgChart"]["nodes"])


async def test_no_loop_of_dotted_lines(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    assert await _set(gql, "p-eng1", "p-cfo") == []
    assert await _set(gql, "p-cfo", "p-eng1") == ["CYCLE"]  # two people
    assert await _set(gql, "p-cfo", "p-contractor") == []
    assert await _set(gql, "p-contractor", "p-eng1") == ["CYCLE"]  # three
    assert await _set(gql, "p-eng1", "p-eng1") == ["CYCLE"]  # oneself
    assert await count(graph, CURRENT_DOTTED) == 2
    # An ended line no longer closes a loop.
    await gql(END, {"p": "p-eng1", "m": "p-cfo"})
    assert await _set(gql, "p-cfo", "p-eng1") == []


async def test_loops_are_per_kind(gql: GraphQL, graph_loaded: None) -> None:
    # The CIO reports (solid) to the CEO; a dotted line from the CEO to the CIO is no loop of
    # either kind, though the two kinds together go round.
    assert await _set(gql, "p-ceo", "p-cio") == []
    # And the solid rule does not count dotted lines: with an engineer's dotted line to the
    # contractor, the contractor may start reporting (solid) to that engineer.
    assert await _set(gql, "p-eng2", "p-contractor") == []
    body = await gql(
        """mutation { setReportsTo(personId: "p-contractor", managerId: "p-eng2") {
            userErrors { code } } }"""
    )
    assert body["data"]["setReportsTo"]["userErrors"] == []
    nodes = {n["personId"]: n for n in (await _chart(gql))["orgChart"]["nodes"]}
    assert nodes["p-ceo"]["parentId"] is None and nodes["p-ceo"]["dottedManagerIds"] == ["p-cio"]
    assert nodes["p-contractor"]["parentId"] == "p-eng2"
    assert nodes["p-eng2"]["dottedManagerIds"] == ["p-contractor"]
    # The CEO stays the chart's root: depths and the tree follow solid lines.
    assert nodes["p-cio"]["parentId"] == "p-ceo"


async def test_typed_refusals(gql: GraphQL, graph: GraphClient, graph_loaded: None) -> None:
    assert await _set(gql, "p-fab", "p-cfo") == ["CROSS_ACCOUNT"]  # Fabrikam and Contoso
    assert await _set(gql, "p-eng1", "p-nobody") == ["NOT_FOUND"]
    assert await _set(gql, "p-eng1", "p-cfo", "2999-01-01") == ["INVALID"]
    body = await gql(END, {"p": "p-nobody", "m": "p-cfo"})
    assert [e["code"] for e in body["data"]["endDottedLine"]["userErrors"]] == ["NOT_FOUND"]
    assert await count(graph, "MATCH ()-[d:DOTTED_LINE_TO]->() RETURN count(d) AS n") == 0


async def test_leaving_ends_dotted_lines(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    assert await _set(gql, "p-eng1", "p-cfo", ago(10).isoformat()) == []
    body = await gql(
        """mutation($d: Date!) { endEmployment(personId: "p-cfo", accountId: "acc-contoso",
            until: $d) { userErrors { code } } }""",
        {"d": ago(2).isoformat()},
    )
    assert body["data"]["endEmployment"]["userErrors"] == []
    assert await count(graph, CURRENT_DOTTED) == 0
    ended = "MATCH ()-[d:DOTTED_LINE_TO]->() WHERE d.until = $d RETURN count(d) AS n"
    assert await count(graph, ended, d=ago(2)) == 1


async def test_a_scoped_key_writes_dotted_lines_only_inside(
    graph: GraphClient, graph_loaded: None, key_for: KeyFor, anonymous: Any
) -> None:
    key = await key_for(Role.EDITOR, scope=AccountScope(frozenset({"acc-fabrikam"})))
    response = await anonymous.post(
        "/graphql",
        json={"query": SET, "variables": {"p": "p-eng1", "m": "p-cfo"}},
        headers={"Authorization": f"Bearer {key}"},
    )
    errors = response.json()["data"]["setDottedLine"]["userErrors"]
    assert [e["code"] for e in errors] == ["NOT_FOUND"]  # Contoso, as if it did not exist
    assert await count(graph, CURRENT_DOTTED) == 0


LINES = """MATCH (p:Person)-[r:REPORTS_TO|DOTTED_LINE_TO]->(m:Person)
RETURN p.id AS person, m.id AS manager, type(r) AS kind, r.since AS since, r.until AS until
ORDER BY person, manager, kind, since"""


async def _import_lines(gql: GraphQL, lines: list[dict[str, Any]]) -> list[tuple[str, str]]:
    body = await gql(IMPORT, {"input": {"reportsTo": lines}})
    errors = body["data"]["importDataset"]["userErrors"]
    return [(".".join(e["field"][1:3]), e["code"]) for e in errors]


async def test_the_import_loads_dotted_and_ended_lines_by_the_mutations_rules(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    before = {(r["person"], r["manager"], r["kind"]) for r in await graph.session().read(LINES)}
    old, ended, since = ago(300).isoformat(), ago(100).isoformat(), ago(20).isoformat()
    lines = [
        {"personId": "p-eng1", "managerId": "p-cfo", "kind": "DOTTED", "since": since},
        {"personId": "p-eng1", "managerId": "p-cio", "kind": "DOTTED"},  # several are fine
        # History: an ended solid line and an ended dotted one leave the current lines alone.
        {"personId": "p-eng2", "managerId": "p-cio", "since": old, "until": ended},
        {
            "personId": "p-eng2",
            "managerId": "p-ceo",
            "kind": "DOTTED",
            "since": old,
            "until": ended,
        },
    ]
    assert await _import_lines(gql, lines) == []
    rows = await graph.session().read(LINES)
    got = {(r["person"], r["manager"], r["kind"], r["since"], r["until"]) for r in rows}
    assert {(p, m, k) for p, m, k, _, _ in got} - before == {
        ("p-eng1", "p-cfo", "DOTTED_LINE_TO"),
        ("p-eng1", "p-cio", "DOTTED_LINE_TO"),
        ("p-eng2", "p-cio", "REPORTS_TO"),
        ("p-eng2", "p-ceo", "DOTTED_LINE_TO"),
    }
    assert ("p-eng1", "p-cfo", "DOTTED_LINE_TO", ago(20), None) in got
    assert ("p-eng2", "p-cio", "REPORTS_TO", ago(300), ago(100)) in got
    # The solid chart is as it was: p-eng2 still reports to the IT director today.
    nodes = {n["personId"]: n for n in (await _chart(gql))["orgChart"]["nodes"]}
    assert nodes["p-eng2"]["parentId"] == "p-itdir"
    assert nodes["p-eng1"]["dottedManagerIds"] == ["p-cfo", "p-cio"]
    # Again: nothing changes (found by their ends and start dates).
    assert await _import_lines(gql, lines) == []
    assert len(await graph.session().read(LINES)) == len(rows)
    # setDottedLine's rules: no loop with the graph's dotted lines, same account, no repeats.
    refused = [
        {"personId": "p-cfo", "managerId": "p-eng1", "kind": "DOTTED"},  # loops
        {"personId": "p-eng2", "managerId": "p-fab", "kind": "DOTTED"},  # another account
        {"personId": "p-eng2", "managerId": "p-cfo", "kind": "DOTTED"},
        {"personId": "p-eng2", "managerId": "p-cfo", "kind": "DOTTED"},  # twice
        {"personId": "p-eng2", "managerId": "p-cio", "since": ended, "until": old},
    ]
    assert sorted(await _import_lines(gql, refused)) == [
        ("reportsTo.0", "CYCLE"),
        ("reportsTo.1", "CROSS_ACCOUNT"),
        ("reportsTo.3", "DUPLICATE"),
        ("reportsTo.4", "INVALID_DATE_RANGE"),
    ]
    assert len(await graph.session().read(LINES)) == len(rows)
