"""An account's org chart (flat and nested) and stakeholder map through GraphQL, on the known
graph and on the demo anchor account."""

from __future__ import annotations

from typing import Any

from api.demo_loader import ANCHOR_ACCOUNT as ANCHOR
from tests.helpers import GraphQL
from tests.integration.small_graph import ago


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
    assert nodes["p-cfo"]["owners"] == [{"name": "Sam Sponsor", "strength": "STRONG"}]
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
