"""The demo anchor account through GraphQL: both org-chart shapes, the scores and what they say,
what-if, intro paths, history, the portfolio, analyst Cypher and the CSV export."""

from __future__ import annotations

import csv
import http.server
import io
import threading
from datetime import date
from typing import Any

import httpx
import pytest

from api.demo import ANCHOR_ACCOUNT as ANCHOR
from api.demo import demo_input, load_demo
from api.settings import Settings
from graph.client import GraphClient
from graph.dataset import Dataset
from tests.conftest import GraphQL, LoadGraph
from tests.reference.nx_scores import reference_scores

TODAY = date.today()


@pytest.fixture
async def demo(load_graph: LoadGraph, graph: GraphClient, settings: Settings, gql: GraphQL) -> None:
    await load_graph(Dataset())  # an empty database
    await load_demo(graph.session(), settings, TODAY)  # through importDataset, with its checks
    await gql("mutation { recomputeScores { accounts } }")


def count_tree(nodes: list[dict[str, Any]]) -> int:
    return sum(1 + count_tree(n.get("children", [])) for n in nodes)


async def test_demo_org_chart_in_both_shapes(gql: GraphQL, demo: None) -> None:
    # README: frontend org chart
    flat = await gql(
        """query OrgChart($id: ID!) {
          account(id: $id) {
            name
            orgChart {
              rootIds
              nodes { id parentId depth roles bestStrength
                      person { name title department seniority }
                      owners { name strength } }
              edges { source target }
            }
          }
        }""",
        {"id": ANCHOR},
    )
    chart = flat["data"]["account"]["orgChart"]
    assert len(chart["nodes"]) == 62
    assert sorted(chart["rootIds"]) == ["p-lindqvist", "p-rivera"]  # the CEO and a contractor
    assert len(chart["edges"]) == 60
    raman = next(n for n in chart["nodes"] if n["id"] == "p-raman")
    assert raman["parentId"] == "p-alvarez" and raman["depth"] == 2
    assert raman["roles"] == ["CHAMPION", "INFLUENCER"]
    assert {o["name"] for o in raman["owners"]} == {"Marco Bianchi", "Julia Novak"}
    assert raman["bestStrength"] == "STRONG"

    children = "id person { name } roles bestStrength"
    for _ in range(6):
        children = f"id person {{ name }} roles bestStrength children {{ {children} }}"
    nested = await gql('{ account(id: "%s") { orgTree(depth: 6) { %s } } }' % (ANCHOR, children))
    trees = nested["data"]["account"]["orgTree"]
    assert [t["id"] for t in trees] == ["p-lindqvist", "p-rivera"]
    assert count_tree(trees) == 62
    ceo = trees[0]
    assert {c["person"]["name"] for c in ceo["children"]} >= {"Rahul Mehta", "Sofia Alvarez"}


async def test_demo_explanations_name_the_right_people(
    gql: GraphQL, graph: GraphClient, demo: None
) -> None:
    body = await gql(
        """{ account(id: "%s") { scores {
          breadth { value explanation uncoveredDepartments uncoveredKeyStakeholders { name } }
          championDependency { value explanation top { person { id name } side valueLost } }
          executiveAccess { value sponsorPaths { decisionMaker { name } reachable } }
          riskFlags { code message people { name } evidence } } } }"""
        % ANCHOR
    )
    scores = body["data"]["account"]["scores"]
    flags = {f["code"]: f for f in scores["riskFlags"]}
    assert flags["CHAMPION_LEFT"]["people"] == [{"name": "Henrik Olsen"}]
    assert "Contoso Pharma" in flags["CHAMPION_LEFT"]["message"]
    assert flags["STRONG_BLOCKER"]["people"] == [{"name": "Gregor Hahn"}]
    # Nobody on our side knows anyone in HR, Legal or Marketing; Procurement only at risk.
    assert scores["breadth"]["uncoveredDepartments"] == ["HR", "Legal", "Marketing", "Procurement"]
    assert "HR, Legal, Marketing, Procurement" in scores["breadth"]["explanation"]
    reference = await reference_scores(graph.session(), ANCHOR, TODAY)
    top = scores["championDependency"]["top"]
    assert top["person"]["id"] == reference.dependency_person
    assert top["person"]["name"] in scores["championDependency"]["explanation"]
    assert scores["championDependency"]["value"] == pytest.approx(reference.dependency, abs=0.051)
    paths = {
        p["decisionMaker"]["name"]: p["reachable"]
        for p in scores["executiveAccess"]["sponsorPaths"]
    }
    assert paths == {"Rahul Mehta": True, "Sofia Alvarez": True}


async def test_what_if_and_unknown_ids(gql: GraphQL, demo: None) -> None:
    body = await gql(
        """{ account(id: "%s") {
          now: scores { breadth { value } championDependency { reachedValue } }
          without: scores(without: ["p-raman", "tm-hartmann"]) { removedIds
            breadth { value } championDependency { reachedValue } executiveAccess { value } }
          breadthScore } }"""
        % ANCHOR
    )
    account = body["data"]["account"]
    assert account["without"]["removedIds"] == ["p-raman", "tm-hartmann"]
    assert (
        account["without"]["championDependency"]["reachedValue"]
        < account["now"]["championDependency"]["reachedValue"]
    )
    assert account["breadthScore"] == account["now"]["breadth"]["value"]  # nothing was stored
    bad = await gql(
        '{ account(id: "%s") { scores(without: ["p-nobody"]) { breadth { value } } } }' % ANCHOR,
        allow_errors=True,
    )
    assert bad["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_introduction_paths_through_someone_who_moved(gql: GraphQL, demo: None) -> None:
    body = await gql(
        """{ account(id: "%s") { introductionPaths(personId: "p-nw-10", maxHops: 3, limit: 10) {
          strength target { name } viaMovedPeople { name }
          steps { source { name } target { name } kind strength } } } }"""
        % ANCHOR
    )
    paths = body["data"]["account"]["introductionPaths"]
    assert paths
    assert [p["strength"] for p in paths] == sorted((p["strength"] for p in paths), reverse=True)
    assert all(p["steps"][0]["kind"] == "RELATIONSHIP" for p in paths)
    assert all(p["steps"][-1]["target"]["name"] == p["target"]["name"] for p in paths)
    assert any({"name": "Grace Okafor"} in p["viaMovedPeople"] for p in paths)
    bad = await gql(
        '{ account(id: "%s") { introductionPaths(personId: "p-olsen") { strength } } }' % ANCHOR,
        allow_errors=True,
    )
    assert bad["errors"][0]["extensions"]["code"] == "NOT_FOUND"  # he has left


async def test_key_account_matrix_and_history(gql: GraphQL, demo: None) -> None:
    body = await gql(
        '{ account(id: "%s") { keyAccountAssessment { total maxTotal qualifies complete '
        "criteria { name score contribution } } } }" % ANCHOR
    )
    matrix = body["data"]["account"]["keyAccountAssessment"]
    # 2.4M revenue → 3 x 2, expansion 3 x 3, ICP 3 x 3, strategic 3 x 2, risk (3 - 1) x 2.
    assert matrix["total"] == 6 + 9 + 9 + 6 + 4
    assert matrix["qualifies"] and matrix["complete"] and matrix["maxTotal"] == 36
    for _ in range(2):
        taken = await gql(
            "mutation { recomputeScores(snapshot: true) { accounts snapshotsTaken } }"
        )
        assert taken["data"]["recomputeScores"] == {"accounts": 7, "snapshotsTaken": True}
    history = await gql(
        '{ account(id: "%s") { scoreHistory(fromDate: "%s") { asOf breadth dependency riskFlagCodes } } }'
        % (ANCHOR, TODAY.isoformat())
    )
    snapshots = history["data"]["account"]["scoreHistory"]
    assert len(snapshots) == 1  # one per day: the second run replaced the first
    assert "CHAMPION_LEFT" in snapshots[0]["riskFlagCodes"]
    empty = await gql(
        '{ account(id: "%s") { scoreHistory(toDate: "2000-01-01") { asOf } } }' % ANCHOR
    )
    assert empty["data"]["account"]["scoreHistory"] == []


async def test_portfolio_ranking_and_summary(gql: GraphQL, demo: None) -> None:
    # README: analyst listing
    body = await gql(
        """{
          accounts(filter: {riskFlag: "CHAMPION_LEFT"}, orderBy: {field: DEPENDENCY, direction: DESC}) {
            totalCount edges { node { name tier dependencyScore riskFlagCodes scoresComputedAt } }
          }
          ranked: accounts(orderBy: {field: BREADTH, direction: DESC}, first: 3) {
            edges { node { name breadthScore } }
          }
          portfolioSummary { accounts totalRevenue strategicRevenueShare top10RevenueConcentration
            teamMembers teamMembersWithActiveTouchpoints scoredAccounts
            tiers { tier accounts revenue averageTenureYears } riskFlags { code accounts } }
        }"""
    )
    data = body["data"]
    assert [e["node"]["name"] for e in data["accounts"]["edges"]] == ["Northwind Logistics"]
    assert data["accounts"]["edges"][0]["node"]["scoresComputedAt"] is not None
    breadths = [e["node"]["breadthScore"] for e in data["ranked"]["edges"]]
    assert breadths == sorted(breadths, reverse=True)
    summary = data["portfolioSummary"]
    accounts = demo_input(TODAY)["accounts"]
    revenue = sum(a.get("annualRevenue") or 0 for a in accounts)
    strategic = sum(a.get("annualRevenue") or 0 for a in accounts if a["tier"] >= 3)
    assert summary["accounts"] == 7 and summary["scoredAccounts"] == 7
    assert summary["totalRevenue"] == pytest.approx(revenue)
    assert summary["strategicRevenueShare"] == pytest.approx(strategic / revenue, abs=1e-4)
    assert summary["top10RevenueConcentration"] == pytest.approx(1.0)  # only 7 accounts
    assert summary["teamMembers"] == 8
    assert {t["tier"]: t["accounts"] for t in summary["tiers"]} == {1: 2, 2: 2, 3: 2, 4: 1}
    assert {"code": "CHAMPION_LEFT", "accounts": 1} in summary["riskFlags"]


async def test_read_only_cypher(gql: GraphQL, demo: None) -> None:
    body = await gql(
        """query($q: String!, $p: JSON) { cypher(query: $q, params: $p) { columns rows rowCount truncated } }""",
        {
            "q": "MATCH (a:Account) WHERE a.tier >= $tier RETURN a.name AS name, a.clientSince AS since ORDER BY name",
            "p": {"tier": 3},
        },
    )
    result = body["data"]["cypher"]
    assert result["columns"] == ["name", "since"]
    assert [r[0] for r in result["rows"]] == [
        "Contoso Pharma",
        "Fabrikam Retail",
        "Northwind Logistics",
    ]
    assert result["truncated"] is False
    write = await gql(
        'query { cypher(query: "CREATE (:Account {id: \\"evil\\"}) RETURN 1") { rowCount } }',
        allow_errors=True,
    )
    assert write["errors"][0]["extensions"]["code"] == "CYPHER_REJECTED"
    check = await gql('{ account(id: "evil") { name } }')
    assert check["data"]["account"] is None


CYPHER = "query($q: String!) { cypher(query: $q) { columns rows rowCount } }"


class _CsvServer(http.server.ThreadingHTTPServer):
    """A local CSV URL that records every request (so a regression fails fast, not hangs)."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.hits.append(self.path)
                body = b"name\nsecret\n"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)


async def test_analyst_cypher_cannot_reach_out_or_touch_the_server(
    gql: GraphQL, demo: None
) -> None:
    server = _CsvServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/people.csv"
        refused = {
            f"LOAD CSV FROM '{url}' AS row RETURN row": "LOAD CSV",
            f"CALL {{ LOAD CSV FROM '{url}' AS row RETURN row }} RETURN count(*)": "LOAD CSV",
            "TERMINATE TRANSACTIONS 'neo4j-transaction-1'": "TerminateTransactions",
            "SHOW TRANSACTIONS": "ShowTransactions",
            "SHOW SETTINGS": "ShowSettings",
            "CALL dbms.listConfig() YIELD name RETURN name": "dbms.listConfig",
            "call db.clearQueryCaches()": "db.clearQueryCaches",
        }
        for query, named in refused.items():
            body = await gql(CYPHER, {"q": query}, allow_errors=True)
            assert "errors" in body, (query, body)
            assert body["errors"][0]["extensions"]["code"] == "CYPHER_REJECTED", query
            assert named in body["errors"][0]["message"], query
        assert server.hits == []  # Neo4j never opened the URL
    finally:
        server.shutdown()
        server.server_close()
    allowed = await gql(CYPHER, {"q": "CALL db.labels() YIELD label RETURN label ORDER BY label"})
    assert ["Account"] in allowed["data"]["cypher"]["rows"]
    indexes = await gql(CYPHER, {"q": "SHOW INDEXES YIELD name RETURN name"})
    assert ["account_dependency_rank"] in indexes["data"]["cypher"]["rows"]


async def test_csv_export(client: httpx.AsyncClient, demo: None) -> None:
    response = await client.get("/export/accounts.csv", params={"order": "DEPENDENCY"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 7
    assert [float(r["dependency_score"]) for r in rows] == sorted(
        (float(r["dependency_score"]) for r in rows), reverse=True
    )
    tier4 = await client.get("/export/accounts.csv", params={"tier": 4})
    assert [r["name"] for r in csv.DictReader(io.StringIO(tier4.text))] == ["Northwind Logistics"]
