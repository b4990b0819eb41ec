"""Every query of the relationship graph, through GraphQL on the real Neo4j."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import GraphQL, LoadGraph
from tests.integration.small_graph import ago, small_graph


@pytest.fixture
async def graph_loaded(load_graph: LoadGraph) -> None:
    await load_graph(small_graph())


def names(connection: dict[str, Any]) -> list[str]:
    return [edge["node"]["name"] for edge in connection["edges"]]


async def test_accounts_filter_order_and_pages(gql: GraphQL, graph_loaded: None) -> None:
    body = await gql("{ accounts { totalCount edges { node { name tier } } } }")
    assert body["data"]["accounts"]["totalCount"] == 3
    assert names(body["data"]["accounts"]) == ["Contoso", "Fabrikam", "Tailspin Toys"]

    body = await gql(
        "{ accounts(orderBy: {field: ANNUAL_REVENUE, direction: DESC}, first: 2) {"
        " totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { name } } } }"
    )
    page = body["data"]["accounts"]
    assert names(page) == ["Contoso", "Fabrikam"]
    assert page["pageInfo"]["hasNextPage"] is True
    assert page["pageInfo"]["hasPreviousPage"] is False

    query = (
        "query($after: String) { accounts(orderBy: {field: ANNUAL_REVENUE, direction: DESC},"
        " first: 2, after: $after) { pageInfo { hasNextPage hasPreviousPage endCursor }"
        " edges { node { name } } } }"
    )
    last = await gql(query, {"after": page["pageInfo"]["endCursor"]})
    assert names(last["data"]["accounts"]) == ["Tailspin Toys"]
    assert last["data"]["accounts"]["pageInfo"]["hasNextPage"] is False
    assert last["data"]["accounts"]["pageInfo"]["hasPreviousPage"] is True
    # After the last item: an empty page, not an error.
    beyond = await gql(query, {"after": last["data"]["accounts"]["pageInfo"]["endCursor"]})
    assert beyond["data"]["accounts"]["edges"] == []
    assert beyond["data"]["accounts"]["pageInfo"]["endCursor"] is None

    filtered = await gql(
        '{ accounts(filter: {tiers: [1, 2], industry: "Retail"})'
        " { totalCount edges { node { name } } } }"
    )
    assert names(filtered["data"]["accounts"]) == ["Fabrikam", "Tailspin Toys"]
    searched = await gql('{ accounts(filter: {search: "CONTO"}) { edges { node { name } } } }')
    assert names(searched["data"]["accounts"]) == ["Contoso"]
    key = await gql("{ accounts(filter: {isKeyAccount: true}) { totalCount } }")
    assert key["data"]["accounts"]["totalCount"] == 1
    empty = await gql('{ accounts(filter: {search: "zzz"}) { totalCount edges { cursor } } }')
    assert empty["data"]["accounts"] == {"totalCount": 0, "edges": []}


@pytest.mark.parametrize("first", [0, -1, 101])
async def test_first_out_of_range_is_a_clear_error(
    gql: GraphQL, graph_loaded: None, first: int
) -> None:
    body = await gql(f"{{ accounts(first: {first}) {{ totalCount }} }}", allow_errors=True)
    error = body["errors"][0]
    assert "between 1 and 100" in error["message"]
    assert error["extensions"]["code"] == "INVALID_PAGE_SIZE"


async def test_bad_cursor_is_a_clear_error(gql: GraphQL, graph_loaded: None) -> None:
    body = await gql('{ accounts(after: "not-a-cursor") { totalCount } }', allow_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"


async def test_account_fields_people_team_relationships_touchpoints(
    gql: GraphQL, graph_loaded: None
) -> None:
    body = await gql(
        """{ account(id: "acc-contoso") {
            name tier isKeyAccount lifecycleStage tenureYears currency
            externalIds { system value }
            current: people(first: 100) { totalCount edges { node { name } } }
            former: people(status: FORMER) { totalCount edges { node { name isCurrent
                currentAccount { name } employments { accountName current until } } } }
            team { totalCount edges { node { role member { name } } } }
            relationships { totalCount edges { node { teamMemberId personId manualStrength
                strength derivedStrength strengthSource } } }
            recent: touchpoints(fromDate: "%s") { totalCount }
            all: touchpoints(first: 3) { totalCount edges { node { date kind channel
                teamMembers { name } people { name } } } }
            executive: touchpoints(kind: EXECUTIVE) { totalCount }
        } }"""
        % ago(20).isoformat()
    )
    account = body["data"]["account"]
    assert account["tier"] == 4 and account["isKeyAccount"] is True
    assert account["lifecycleStage"] == "STRATEGIC_ALLIANCE"
    assert 5.9 < account["tenureYears"] < 6.1
    assert account["externalIds"] == [{"system": "salesforce", "value": "001-CONTOSO"}]
    assert account["current"]["totalCount"] == 7
    assert "Hana Gone" not in names(account["current"])
    former = account["former"]
    assert former["totalCount"] == 1
    hana = former["edges"][0]["node"]
    assert hana["name"] == "Hana Gone" and hana["isCurrent"] is True
    assert hana["currentAccount"]["name"] == "Fabrikam"
    assert {(e["accountName"], e["current"]) for e in hana["employments"]} == {
        ("Contoso", False),
        ("Fabrikam", True),
    }
    assert [e["node"]["role"] for e in account["team"]["edges"]] == [
        "EXECUTIVE_SPONSOR",
        "ACCOUNT_LEAD",
        "DELIVERY_LEAD",
    ]
    rels = {e["node"]["personId"]: e["node"] for e in account["relationships"]["edges"]}
    assert set(rels) == {"p-cfo", "p-itdir", "p-eng1"}  # the leaver is not current
    assert rels["p-cfo"]["manualStrength"] == "STRONG"
    assert rels["p-cfo"]["strengthSource"] == "MANUAL"
    assert rels["p-eng1"]["manualStrength"] is None
    assert rels["p-eng1"]["strengthSource"] == "DERIVED"
    # Ten weekly touchpoints (days 1, 8, ..., 64) plus the QBR at day 30.
    assert account["all"]["totalCount"] == 11
    assert account["recent"]["totalCount"] == 3  # days 1, 8, 15
    assert account["executive"]["totalCount"] == 1
    newest = account["all"]["edges"][0]["node"]
    assert newest["date"] == ago(1).isoformat()
    assert newest["teamMembers"] == [{"name": "Lea Lead"}]
    assert newest["people"] == [{"name": "Dan Director"}]


async def test_people_filters_and_person_fields(gql: GraphQL, graph_loaded: None) -> None:
    body = await gql(
        """{
        it: people(filter: {accountId: "acc-contoso", status: CURRENT, department: "IT"})
            { totalCount edges { node { name } } }
        champions: people(filter: {role: CHAMPION}) { edges { node { name } } }
        csuite: people(filter: {seniority: C_LEVEL}) { totalCount }
        search: people(filter: {search: "engineer"}) { totalCount }
        person(id: "p-itdir") { name perception department seniority
            roles { role accountId } manager { name } directReports { name }
            relationships { teamMemberId teamMember { name } person { name } } }
        }"""
    )
    data = body["data"]
    assert names(data["it"]) == ["Cleo Cio", "Dan Director", "Eve Engineer", "Finn Engineer"]
    assert names(data["champions"]) == ["Dan Director", "Hana Gone"]
    assert data["csuite"]["totalCount"] == 3
    assert data["search"]["totalCount"] == 2
    person = data["person"]
    assert person["perception"] == "ADVOCATE"
    assert person["roles"] == [{"role": "CHAMPION", "accountId": "acc-contoso"}]
    assert person["manager"] == {"name": "Cleo Cio"}
    assert [p["name"] for p in person["directReports"]] == ["Eve Engineer", "Finn Engineer"]
    assert person["relationships"] == [
        {
            "teamMemberId": "tm-lead",
            "teamMember": {"name": "Lea Lead"},
            "person": {"name": "Dan Director"},
        }
    ]


async def test_team_members(gql: GraphQL, graph_loaded: None) -> None:
    body = await gql(
        """{ teamMembers(first: 2) { totalCount edges { node { name } } pageInfo { hasNextPage } }
             teamMember(id: "tm-lead") { name assignments { role account { name } }
                relationships { person { name } } } }"""
    )
    assert body["data"]["teamMembers"]["totalCount"] == 3
    assert body["data"]["teamMembers"]["pageInfo"]["hasNextPage"] is True
    lead = body["data"]["teamMember"]
    assert {(a["role"], a["account"]["name"]) for a in lead["assignments"]} == {
        ("ACCOUNT_LEAD", "Contoso"),
        ("ACCOUNT_LEAD", "Fabrikam"),
    }
    assert sorted(r["person"]["name"] for r in lead["relationships"]) == [
        "Dan Director",
        "Hana Gone",
    ]


async def test_relay_node_and_nodes(gql: GraphQL, graph_loaded: None) -> None:
    body = await gql('{ account(id: "acc-contoso") { id } person(id: "p-cfo") { id } }')
    account_gid = body["data"]["account"]["id"]
    person_gid = body["data"]["person"]["id"]
    assert account_gid != "acc-contoso"  # a global id, not the own id
    nodes = await gql(
        "query($ids: [ID!]!) { nodes(ids: $ids) { __typename"
        " ... on Account { name } ... on Person { name } } }",
        {"ids": [account_gid, person_gid]},
    )
    assert nodes["data"]["nodes"] == [
        {"__typename": "Account", "name": "Contoso"},
        {"__typename": "Person", "name": "Ben Cfo"},
    ]
    one = await gql(
        "query($id: ID!) { node(id: $id) { ... on Person { name } } }", {"id": person_gid}
    )
    assert one["data"]["node"] == {"name": "Ben Cfo"}


async def test_org_chart_flat(gql: GraphQL, graph_loaded: None) -> None:
    body = await gql(
        """{ account(id: "acc-contoso") { orgChart { rootIds
            nodes { id parentId depth roles bestStrength person { name } owners { name strength } }
            edges { source target } } } }"""
    )
    chart = body["data"]["account"]["orgChart"]
    nodes = {n["id"]: n for n in chart["nodes"]}
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
    fragment = "id children { id children { id children { id children { id } } } }"
    body = await gql('{ account(id: "acc-contoso") { orgTree { %s } } }' % fragment)
    trees = body["data"]["account"]["orgTree"]
    assert [t["id"] for t in trees] == ["p-ceo", "p-contractor"]
    ceo = trees[0]
    assert sorted(c["id"] for c in ceo["children"]) == ["p-cfo", "p-cio"]
    cio = next(c for c in ceo["children"] if c["id"] == "p-cio")
    assert [c["id"] for c in cio["children"]] == ["p-itdir"]
    assert sorted(c["id"] for c in cio["children"][0]["children"]) == ["p-eng1", "p-eng2"]

    shallow = await gql(
        '{ account(id: "acc-contoso") { orgTree(rootPersonId: "p-cio", depth: 1) { %s } } }'
        % fragment
    )
    (root,) = shallow["data"]["account"]["orgTree"]
    assert root["id"] == "p-cio"
    assert [c["id"] for c in root["children"]] == ["p-itdir"]
    assert root["children"][0]["children"] == []

    bad = await gql(
        '{ account(id: "acc-contoso") { orgTree(rootPersonId: "p-fab") { id } } }',
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


async def test_unknown_account_is_null_and_nested_unknown_is_an_error(
    gql: GraphQL, graph_loaded: None
) -> None:
    body = await gql('{ account(id: "nope") { name } person(id: "nope") { name } }')
    assert body["data"] == {"account": None, "person": None}


async def test_lookup_by_external_id(gql: GraphQL, graph_loaded: None) -> None:
    """Integrations find records by their CRM ids, as they upsert them."""
    await gql(
        'mutation { upsertPerson(input: {id: "p-cfo", externalId: {system: "hubspot", value: "c-9"}})'
        " { userErrors { code } } }"
    )
    body = await gql(
        """{
  byCrm: account(externalId: {system: "salesforce", value: " 001-CONTOSO "}) { accountId name }
  unknown: account(externalId: {system: "salesforce", value: "nope"}) { accountId }
  otherKind: account(externalId: {system: "hubspot", value: "c-9"}) { accountId }
  person(externalId: {system: "hubspot", value: "c-9"}) { personId name }
  teamMember(externalId: {system: "hubspot", value: "c-9"}) { name }
}"""
    )
    assert body["data"] == {
        "byCrm": {"accountId": "acc-contoso", "name": "Contoso"},
        "unknown": None,
        "otherKind": None,
        "person": {"personId": "p-cfo", "name": "Ben Cfo"},
        "teamMember": None,
    }
    for args in ("", '(id: "acc-contoso", externalId: {system: "salesforce", value: "x"})'):
        bad = await gql("{ account%s { name } }" % args, allow_errors=True)
        assert [e["extensions"]["code"] for e in bad["errors"]] == ["INVALID"]
