"""An account's org chart (flat and nested) and stakeholder map through GraphQL, on the known
graph and on the demo anchor account."""

from __future__ import annotations

from collections import Counter
from typing import Any

from api.demo_loader import ANCHOR_ACCOUNT as ANCHOR
from tests.helpers import ERRORS, GraphQL
from tests.integration.documents import LOG
from tests.integration.small_graph import TODAY, ago


async def test_org_chart_flat(gql: GraphQL, graph_loaded: None) -> None:
    body = await gql(
        """{ account(id: "acc-contoso") { orgChart { rootIds
            nodes { personId parentId depth roles bestStrength person { name } owners { name strength } }
            edges { source target } } } }"""
    )
    chart = body["data"]["account"]["orgChart"]
    nodes = {n["personId"]: n for n in chart["nodes"]}
    assert set(nodes) == {"p-ceo", "p-cfo", "p-cio", "p-itdir", "p-eng1", "p-eng2", "p-contractor"}
    # People with no manager are roots: the CEO and the contractor.
    assert sorted(chart["rootIds"]) == ["p-ceo", "p-contractor"]
    assert nodes["p-eng1"]["parentId"] == "p-itdir"
    assert nodes["p-eng1"]["depth"] == 3
    assert nodes["p-ceo"]["depth"] == 0
    assert nodes["p-cfo"]["roles"] == ["DECISION_MAKER"]
    assert nodes["p-cfo"]["bestStrength"] == "STRONG"  # set by hand, no newer touchpoint
    # Lea Lead met the CFO at the QBR a month ago: that touchpoint made the relationship (one
    # in-person meeting 30 days ago: WEAK).
    assert nodes["p-cfo"]["owners"] == [
        {"name": "Lea Lead", "strength": "WEAK"},
        {"name": "Sam Sponsor", "strength": "STRONG"},
    ]
    assert nodes["p-eng2"]["owners"] == [] and nodes["p-eng2"]["bestStrength"] is None
    assert {(e["source"], e["target"]) for e in chart["edges"]} == {
        ("p-cfo", "p-ceo"),
        ("p-cio", "p-ceo"),
        ("p-itdir", "p-cio"),
        ("p-eng1", "p-itdir"),
        ("p-eng2", "p-itdir"),
    }


async def test_org_tree_nested_and_depth(gql: GraphQL, graph_loaded: None) -> None:
    fragment = "personId children { personId children { personId children { personId children { personId } } } }"
    body = await gql('{ account(id: "acc-contoso") { orgTree { %s } } }' % fragment)
    trees = body["data"]["account"]["orgTree"]
    assert [t["personId"] for t in trees] == ["p-ceo", "p-contractor"]
    ceo = trees[0]
    assert sorted(c["personId"] for c in ceo["children"]) == ["p-cfo", "p-cio"]
    cio = next(c for c in ceo["children"] if c["personId"] == "p-cio")
    assert [c["personId"] for c in cio["children"]] == ["p-itdir"]
    assert sorted(c["personId"] for c in cio["children"][0]["children"]) == ["p-eng1", "p-eng2"]

    shallow = await gql(
        '{ account(id: "acc-contoso") { orgTree(rootPersonId: "p-cio", depth: 1) { %s } } }'
        % fragment
    )
    (root,) = shallow["data"]["account"]["orgTree"]
    assert root["personId"] == "p-cio"
    assert [c["personId"] for c in root["children"]] == ["p-itdir"]
    assert root["children"][0]["children"] == []

    bad = await gql(
        '{ account(id: "acc-contoso") { orgTree(rootPersonId: "p-fab") { personId } } }',
        allow_errors=True,
    )
    assert bad["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_stakeholder_map(gql: GraphQL, graph_loaded: None) -> None:
    body = await gql(
        """{ account(id: "acc-contoso") { stakeholderMap { person { name } roles perception
            seniority department caresAbout isKeyStakeholder bestStrength hasActiveRelationship
            lastTouchpoint relationships { name strength strengthSource } } } }"""
    )
    rows = {r["person"]["name"]: r for r in body["data"]["account"]["stakeholderMap"]}
    assert len(rows) == 7
    cfo = rows["Ben Cfo"]
    assert cfo["roles"] == ["DECISION_MAKER"] and cfo["perception"] == "POSITIVE"
    assert cfo["caresAbout"] == ["cost control"]
    assert cfo["isKeyStakeholder"] is True
    assert cfo["lastTouchpoint"] == ago(30).isoformat()
    assert cfo["hasActiveRelationship"] is True
    director = rows["Dan Director"]
    assert director["lastTouchpoint"] == ago(1).isoformat()
    assert director["hasActiveRelationship"] is True
    assert rows["Finn Engineer"]["isKeyStakeholder"] is False
    assert rows["Finn Engineer"]["relationships"] == []
    assert rows["Finn Engineer"]["hasActiveRelationship"] is False
    assert rows["Gil Contractor"]["lastTouchpoint"] is None


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
              nodes { personId parentId depth roles bestStrength
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
    raman = next(n for n in chart["nodes"] if n["personId"] == "p-raman")
    assert raman["parentId"] == "p-alvarez" and raman["depth"] == 2
    assert raman["roles"] == ["CHAMPION", "INFLUENCER"]
    assert {o["name"] for o in raman["owners"]} == {"Marco Bianchi", "Julia Novak"}
    assert raman["bestStrength"] == "STRONG"

    children = "personId person { name } roles bestStrength"
    for _ in range(6):
        children = f"personId person {{ name }} roles bestStrength children {{ {children} }}"
    nested = await gql('{ account(id: "%s") { orgTree(depth: 6) { %s } } }' % (ANCHOR, children))
    trees = nested["data"]["account"]["orgTree"]
    assert [t["personId"] for t in trees] == ["p-lindqvist", "p-rivera"]
    assert count_tree(trees) == 62
    ceo = trees[0]
    assert {c["person"]["name"] for c in ceo["children"]} >= {"Rahul Mehta", "Sofia Alvarez"}


CHART = """query($root: ID, $depth: Int, $first: Int, $after: String) {
  account(id: "acc-contoso") {
    orgChart(rootPersonId: $root, depth: $depth, first: $first, after: $after) {
      rootIds totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
      nodes { personId parentId depth hiddenDescendants person { name } }
      edges { source target } } } }"""


async def test_org_chart_depth_says_what_is_hidden(gql: GraphQL, graph_loaded: None) -> None:
    # CEO -> CFO, CIO -> IT director -> two engineers; the contractor is a root of their own.
    body = await gql(CHART, {"depth": 1})
    chart = body["data"]["account"]["orgChart"]
    shown = {n["personId"]: n for n in chart["nodes"]}
    assert set(shown) == {"p-ceo", "p-cfo", "p-cio", "p-contractor"}
    assert chart["totalCount"] == 4
    assert {k: n["hiddenDescendants"] for k, n in shown.items()} == {
        "p-ceo": 3,  # the IT director and the two engineers, below the CIO
        "p-cfo": 0,
        "p-cio": 3,
        "p-contractor": 0,
    }
    assert {(e["source"], e["target"]) for e in chart["edges"]} == {
        ("p-cfo", "p-ceo"),
        ("p-cio", "p-ceo"),
    }


async def test_org_chart_of_a_subtree_by_own_or_global_id(gql: GraphQL, graph_loaded: None) -> None:
    global_id = (await gql('{ person(id: "p-cio") { id } }'))["data"]["person"]["id"]
    for root in ("p-cio", global_id):
        chart = (await gql(CHART, {"root": root, "depth": 1}))["data"]["account"]["orgChart"]
        assert chart["rootIds"] == ["p-cio"]
        nodes = {n["personId"]: n for n in chart["nodes"]}
        assert set(nodes) == {"p-cio", "p-itdir"}
        # Depth counts from the chart's root; the root keeps its manager, outside the chart.
        assert nodes["p-cio"]["depth"] == 0 and nodes["p-cio"]["parentId"] == "p-ceo"
        assert nodes["p-itdir"]["hiddenDescendants"] == 2
        assert chart["edges"] == [{"source": "p-itdir", "target": "p-cio"}]
    account = (await gql('{ account(id: "acc-contoso") { id } }'))["data"]["account"]["id"]
    wrong = await gql(CHART, {"root": account}, allow_errors=True)
    assert wrong["errors"][0]["extensions"]["code"] == "INVALID_ID"
    too_deep = await gql(CHART, {"depth": 99}, allow_errors=True)
    assert too_deep["errors"][0]["extensions"]["code"] == "OUT_OF_RANGE"


async def test_org_chart_pages_breadth_first(gql: GraphQL, graph_loaded: None) -> None:
    seen: list[tuple[str, int]] = []
    after = None
    pages = 0
    while True:
        chart = (await gql(CHART, {"first": 3, "after": after}))["data"]["account"]["orgChart"]
        assert chart["totalCount"] == 7
        assert chart["pageInfo"]["hasPreviousPage"] == (after is not None)
        seen += [(n["personId"], n["depth"]) for n in chart["nodes"]]
        pages += 1
        if not chart["pageInfo"]["hasNextPage"]:
            break
        after = chart["pageInfo"]["endCursor"]
    assert pages == 3
    # Every person once, the roots first, and no one before their manager's level.
    assert sorted(p for p, _ in seen) == sorted(
        ["p-ceo", "p-cfo", "p-cio", "p-itdir", "p-eng1", "p-eng2", "p-contractor"]
    )
    assert [d for _, d in seen] == sorted(d for _, d in seen)
    assert {p for p, d in seen if d == 0} == {"p-ceo", "p-contractor"}


async def test_org_tree_says_what_is_hidden(gql: GraphQL, graph_loaded: None) -> None:
    body = await gql(
        '{ account(id: "acc-contoso") { orgTree(depth: 1) { personId hiddenDescendants'
        " children { personId hiddenDescendants children { personId } } } } }"
    )
    ceo, contractor = body["data"]["account"]["orgTree"]
    assert ceo["hiddenDescendants"] == 3 and contractor["hiddenDescendants"] == 0
    cio = next(c for c in ceo["children"] if c["personId"] == "p-cio")
    assert cio["hiddenDescendants"] == 3 and cio["children"] == []


OWNER = "owners { teamMemberId strength strengthSource lastContact }"
STRENGTHS = """query($id: ID!) { account(id: $id) {
  whole: orgChart { nodes { personId person { name } %s } }
  deep: orgChart(depth: 12) { nodes { personId person { name employments { accountId } } %s } }
  stakeholderMap { person { personId } lastTouchpoint
                   relationships { teamMemberId strength strengthSource lastContact } }
  scores { strengths { teamMember { ownId } person { ownId } effective source
                       lastTouchpoint } } } }""" % (OWNER, OWNER)
STRENGTH = (
    """mutation($t: ID!, $p: ID!, $s: Strength) {
  setRelationshipStrength(teamMemberId: $t, personId: $p, strength: $s) { %s } }"""
    % ERRORS
)


async def _chart_strengths_as_scored(gql: GraphQL, account_id: str) -> Counter[tuple[str, str]]:
    """Every relationship the account's charts show (the whole chart, a chart read through its
    skeleton with full person rows, the stakeholder map) has the strength, source and last
    touchpoint that the account's scores give it today; returns what was seen."""
    account = (await gql(STRENGTHS, {"id": account_id}))["data"]["account"]
    scored = {
        (s["teamMember"]["ownId"], s["person"]["ownId"]): (
            s["effective"],
            s["source"],
            s["lastTouchpoint"],
        )
        for s in account["scores"]["strengths"]
    }
    assert all(n["person"]["employments"] for n in account["deep"]["nodes"])  # full rows
    shown = [(n["personId"], n["owners"]) for n in account["whole"]["nodes"]]
    shown += [(n["personId"], n["owners"]) for n in account["deep"]["nodes"]]
    shown += [(r["person"]["personId"], r["relationships"]) for r in account["stakeholderMap"]]
    seen: Counter[tuple[str, str]] = Counter()
    for person, owners in shown:
        for owner in owners:
            # A relationship the scores do not count (begun later) is weak, derived, silent.
            expected = scored.get((owner["teamMemberId"], person), ("WEAK", "DERIVED", None))
            got = (owner["strength"], owner["strengthSource"], owner["lastContact"])
            assert got == expected, (account_id, person, owner)
            seen[(owner["strength"], owner["strengthSource"])] += 1
    return seen


async def test_chart_strengths_equal_the_scores_after_writes(gql: GraphQL, demo: None) -> None:
    page = await gql(
        """query($id: ID!) { account(id: $id) { relationships(first: 3) {
          edges { node { teamMemberId personId } } } } }""",
        {"id": ANCHOR},
    )
    pairs = [
        (e["node"]["teamMemberId"], e["node"]["personId"])
        for e in page["data"]["account"]["relationships"]["edges"]
    ]
    assert len(pairs) == 3
    # A hand-set strength (in force: no later touchpoint); another, with a touchpoint the same
    # day (which does not end it); and a touchpoint that raises a derived strength.
    (t0, p0), (t1, p1), (t2, p2) = pairs
    for t, p, s in ((t0, p0, "STRONG"), (t1, p1, "AT_RISK")):
        assert (await gql(STRENGTH, {"t": t, "p": p, "s": s}))["data"]
    for t, p in ((t1, p1), (t2, p2)):
        touchpoint = {
            "accountId": ANCHOR,
            "date": TODAY.isoformat(),
            "channel": "IN_PERSON",
            "kind": "STRATEGIC",
            "teamMemberIds": [t],
            "personIds": [p],
        }
        logged = await gql(LOG, {"input": touchpoint})
        assert logged["data"]["logTouchpoint"]["userErrors"] == []
    accounts = await gql("{ accounts(first: 50) { edges { node { accountId } } } }")
    seen: Counter[tuple[str, str]] = Counter()
    for edge in accounts["data"]["accounts"]["edges"]:
        seen += await _chart_strengths_as_scored(gql, edge["node"]["accountId"])
    # The comparison covered hand-set and derived strengths of several levels.
    assert seen[("STRONG", "MANUAL")] and seen[("AT_RISK", "MANUAL")]
    derived = {strength for strength, source in seen if source == "DERIVED"}
    assert {"STRONG", "WEAK"} <= derived and len(derived) >= 3, seen


async def test_charts_read_what_the_selection_asks_of_a_person(
    gql: GraphQL, graph_loaded: None
) -> None:
    # Lean rows hold only stored fields: anything else, asked directly, through a fragment or
    # an inline fragment, gets the full rows.
    body = await gql(
        """fragment Where on Person { currentAccountId }
        fragment Line on OrgChartNode { person { ...Where ... on Person { managerId } } }
        { account(id: "acc-contoso") {
            lean: orgChart { nodes { personId person { name title } } }
            full: orgChart { nodes { personId person { name } ...Line } }
            tree: orgTree(depth: 1) { person { name employments { accountId } } }
            stakeholderMap { person { name isCurrent } lastTouchpoint } } }"""
    )
    account = body["data"]["account"]
    lean = {n["personId"]: n["person"] for n in account["lean"]["nodes"]}
    full = {n["personId"]: n["person"] for n in account["full"]["nodes"]}
    assert lean["p-eng1"] == {"name": "Eve Engineer", "title": None}
    assert full["p-eng1"]["managerId"] == "p-itdir"
    assert {p["currentAccountId"] for p in full.values()} == {"acc-contoso"}
    assert all(t["person"]["employments"][0]["accountId"] == "acc-contoso" for t in account["tree"])
    rows = {r["person"]["name"]: r for r in account["stakeholderMap"]}
    assert all(r["person"]["isCurrent"] for r in rows.values())
    assert rows["Dan Director"]["lastTouchpoint"] == ago(1).isoformat()
