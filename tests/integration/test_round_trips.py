"""The number of Cypher round trips of a request does not grow with the size of its result."""

from __future__ import annotations

from datetime import date, timedelta

from demo.generator import generate_account, generate_portfolio
from tests.helpers import GraphQL, LoadGraph

ORG_CHART_AND_MAP = """
query($id: ID!) { account(id: $id) {
  name
  orgChart { rootIds nodes { personId parentId roles bestStrength owners { name strength }
             person { name title department seniority } } edges { source target } }
  stakeholderMap { person { name } roles relationships { name strength } lastTouchpoint }
  people(first: 100) { totalCount edges { node { name manager { name } relationships {
      teamMember { name } strength } } } }
  scores { breadth { value } championDependency { value } executiveAccess { value } }
} }
"""


async def _round_trips(gql: GraphQL, load_graph: LoadGraph, people: int) -> tuple[int, int]:
    data = generate_account(seed=42, people=people, today=date.today())
    await load_graph(data)
    account_id = data.accounts[0].id
    body = await gql(ORG_CHART_AND_MAP, {"id": account_id})
    nodes = body["data"]["account"]["orgChart"]["nodes"]
    return body["extensions"]["cypherRoundTrips"], len(nodes)


async def test_org_chart_round_trips_are_constant_for_10_and_300_people(
    gql: GraphQL, load_graph: LoadGraph
) -> None:
    small_trips, small_nodes = await _round_trips(gql, load_graph, 10)
    large_trips, large_nodes = await _round_trips(gql, load_graph, 300)
    assert small_nodes <= 10 < 290 <= large_nodes
    assert small_trips == large_trips
    # account, org chart, facts, stakeholder rows, people page, managers, relationships, ...
    assert small_trips <= 12


SCORES = """query($id: ID!) { account(id: $id) { scores {
  breadth { value explanation } championDependency { value top { person { name } } }
  executiveAccess { value sponsorPaths { steps { kind } } } riskFlags { code } cadence { overdueKinds } }
  keyAccountAssessment { total } } }"""


async def test_scores_of_one_account_take_the_same_round_trips_in_any_portfolio(
    gql: GraphQL, load_graph: LoadGraph
) -> None:
    trips = []
    for accounts in (5, 60):
        await load_graph(generate_portfolio(3, accounts, today=date.today()))
        body = await gql(SCORES, {"id": "acc-00000"})
        trips.append(body["extensions"]["cypherRoundTrips"])
    assert trips[0] == trips[1] <= 3


ACCOUNTS_WITH_LISTS = """
query($first: Int!) { accounts(first: $first) { totalCount edges { node {
  name
  people(first: 5) { totalCount edges { node { name } } }
  former: people(status: FORMER, first: 5) { totalCount }
  team { totalCount edges { node { role member { name } } } }
  relationships(first: 5) { totalCount edges { node { strength } } }
  touchpoints(first: 3) { totalCount edges { node { date kind } } }
  orgChart { rootIds nodes { personId } }
  orgTree(depth: 2) { person { name } }
  stakeholderMap { person { name } }
  scoreHistory { asOf }
  scores { breadth { value } }
  lastYear: scores(asOf: "%s") { breadth { value } }
} } } }
"""


async def test_a_list_of_accounts_with_their_lists_takes_the_same_round_trips_for_3_and_30(
    gql: GraphQL, load_graph: LoadGraph
) -> None:
    today = date.today()
    await load_graph(generate_portfolio(7, 30, today=today))
    await gql("mutation { recomputeScores(snapshot: true) { accounts } }")
    query = ACCOUNTS_WITH_LISTS % (today - timedelta(days=365)).isoformat()
    trips = []
    for first in (3, 30):
        body = await gql(query, {"first": first})
        edges = body["data"]["accounts"]["edges"]
        assert len(edges) == first
        assert all(e["node"]["orgChart"]["nodes"] for e in edges)
        assert all(len(e["node"]["scoreHistory"]) == 1 for e in edges)
        trips.append(body["extensions"]["cypherRoundTrips"])
    assert trips[0] == trips[1] <= 15, trips
