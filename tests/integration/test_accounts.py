"""Accounts through GraphQL on the real Neo4j: the list (filters, order, pages), one account's
fields, lookups by id, global id and CRM id, upsertAccount, the id checks all writes share, and
the delete rules (deleteAccount, and what deleting a person, touchpoint or team member leaves)."""

from __future__ import annotations

from typing import Any

import pytest

from graph.client import GraphClient
from tests.helpers import ERRORS, GraphQL, codes, count, names
from tests.integration.documents import IMPORT
from tests.integration.small_graph import ago


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


UPSERT_ACCOUNT = (
    """
mutation($input: AccountInput!) { upsertAccount(input: $input) {
  account { accountId name tier industry externalIds { system value } } %s } }
"""
    % ERRORS
)


async def test_upsert_account_is_idempotent_by_external_id(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    new = {"externalId": {"system": "hubspot", "value": "42"}, "name": "Woodgrove", "tier": 2}
    first = (await gql(UPSERT_ACCOUNT, {"input": new}))["data"]["upsertAccount"]
    assert first["userErrors"] == []
    again = (await gql(UPSERT_ACCOUNT, {"input": new}))["data"]["upsertAccount"]
    assert again["account"]["accountId"] == first["account"]["accountId"]
    assert await count(graph, "MATCH (a:Account {name: 'Woodgrove'}) RETURN count(a) AS n") == 1
    # Only given fields change; omitted ones stay.
    update = {"externalId": {"system": "hubspot", "value": "42"}, "industry": "Banking"}
    changed = (await gql(UPSERT_ACCOUNT, {"input": update}))["data"]["upsertAccount"]["account"]
    assert changed == {**first["account"], "industry": "Banking"}
    by_id = {"id": "acc-contoso", "tier": 3}
    contoso = (await gql(UPSERT_ACCOUNT, {"input": by_id}))["data"]["upsertAccount"]["account"]
    assert contoso["name"] == "Contoso" and contoso["tier"] == 3


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"name": "   ", "tier": 2}, ("REQUIRED", "input", "name")),
        ({"name": "X" * 201, "tier": 2}, ("TOO_LONG", "input", "name")),
        ({"name": "Ok", "tier": 7}, ("OUT_OF_RANGE", "input", "tier")),
        ({"name": "Ok", "tier": 2, "icpFit": 4}, ("OUT_OF_RANGE", "input", "icpFit")),
        ({"name": "Ok", "tier": 2, "currency": "euro"}, ("INVALID", "input", "currency")),
        (
            {"name": "Ok", "tier": 2, "annualRevenue": -5},
            ("OUT_OF_RANGE", "input", "annualRevenue"),
        ),
        ({"name": "No tier"}, ("REQUIRED", "input", "tier")),
        ({"id": "acc-contoso", "name": None}, ("REQUIRED", "input", "name")),
        (
            {"id": "acc-fabrikam", "externalId": {"system": "salesforce", "value": "001-CONTOSO"}},
            ("CONFLICT", "input", "externalId"),
        ),
    ],
)
async def test_upsert_account_bad_input_writes_nothing(
    gql: GraphQL,
    graph: GraphClient,
    graph_loaded: None,
    data: dict[str, Any],
    expected: tuple[str, ...],
) -> None:
    before = await count(graph, "MATCH (n) RETURN count(n) AS n")
    payload = (await gql(UPSERT_ACCOUNT, {"input": data}))["data"]["upsertAccount"]
    assert payload["account"] is None
    assert expected in codes(payload)
    assert await count(graph, "MATCH (n) RETURN count(n) AS n") == before
    names = await graph.session().read("MATCH (a:Account) RETURN collect(a.name) AS names")
    assert sorted(names[0]["names"]) == ["Contoso", "Fabrikam", "Tailspin Toys"]


async def test_invalid_enum_is_a_graphql_error(gql: GraphQL, graph_loaded: None) -> None:
    body = await gql(
        UPSERT_ACCOUNT,
        {"input": {"name": "X", "tier": 1, "lifecycleStage": "DATING"}},
        allow_errors=True,
    )
    assert body["data"] is None
    assert "DATING" in body["errors"][0]["message"]


async def test_ids_and_external_systems_are_checked(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    nodes = await count(graph, "MATCH (n) RETURN count(n) AS n")
    empty = await gql(UPSERT_ACCOUNT, {"input": {"id": " ", "name": "Blank", "tier": 1}})
    assert codes(empty["data"]["upsertAccount"]) == [("REQUIRED", "input", "id")]
    long = await gql(UPSERT_ACCOUNT, {"input": {"id": "x" * 201, "name": "Long", "tier": 1}})
    assert codes(long["data"]["upsertAccount"]) == [("TOO_LONG", "input", "id")]
    colon = await gql(
        UPSERT_ACCOUNT,
        {"input": {"externalId": {"system": "sf:eu", "value": "1"}, "name": "C", "tier": 1}},
    )
    assert codes(colon["data"]["upsertAccount"]) == [("INVALID", "input", "externalId", "system")]
    orphan = await gql(
        'mutation { upsertPerson(input: {id: "p-cfo", employmentSince: "2020-01-01"}) { %s } }'
        % ERRORS
    )
    assert codes(orphan["data"]["upsertPerson"]) == [("INVALID", "input", "employmentSince")]
    # People on both sides share one id space: scores and what-ifs name them by id.
    taken = await gql(
        'mutation { upsertTeamMember(input: {id: "p-cfo", name: "Not Ben"}) { %s } }' % ERRORS
    )
    assert codes(taken["data"]["upsertTeamMember"]) == [("CONFLICT", "input", "id")]
    both = {
        "people": [{"id": "tm-lead", "name": "Not Lea"}, {"id": "x-1", "name": "X"}],
        "teamMembers": [{"id": "x-1", "name": "X too"}, {"id": "p-ceo", "name": "Not Ada"}],
    }
    payload = (await gql(IMPORT, {"input": both}))["data"]["importDataset"]
    assert sorted(codes(payload)) == [
        ("CONFLICT", "input", "people", "0", "id"),
        ("CONFLICT", "input", "people", "1", "id"),
        ("CONFLICT", "input", "teamMembers", "1", "id"),
    ]
    # A relationship id names one pair.
    rels = {
        "relationships": [
            {"id": "rel-1", "teamMemberId": "tm-dev", "personId": "p-cio"},  # rel-1: sponsor-cfo
            {"id": "rel-x", "teamMemberId": "tm-dev", "personId": "p-ceo"},
            {"id": "rel-x", "teamMemberId": "tm-dev", "personId": "p-cfo"},
            {"id": "rel-y", "teamMemberId": "tm-dev", "personId": "p-ceo"},
        ]
    }
    payload = (await gql(IMPORT, {"input": rels}))["data"]["importDataset"]
    assert sorted(codes(payload)) == [
        ("CONFLICT", "input", "relationships", "0", "id"),
        ("DUPLICATE", "input", "relationships", "2", "id"),
        ("DUPLICATE", "input", "relationships", "3", "personId"),
    ]
    assert await count(graph, "MATCH (n) RETURN count(n) AS n") == nodes


async def test_delete_rules(gql: GraphQL, graph: GraphClient, graph_loaded: None) -> None:
    refused = await gql('mutation { deleteAccount(id: "acc-contoso") { deletedId %s } }' % ERRORS)
    assert codes(refused["data"]["deleteAccount"]) == [("HAS_DEPENDENTS", "id")]
    # Deleting the IT director re-attaches his reports to his manager.
    node_id = (await gql('{ person(id: "p-itdir") { id } }'))["data"]["person"]["id"]
    gone = await gql(
        'mutation { deletePerson(id: "p-itdir") { deletedId deletedNodeId %s } }' % ERRORS
    )
    assert gone["data"]["deletePerson"] == {
        "deletedId": "p-itdir",
        "deletedNodeId": node_id,  # what a Relay cache evicts
        "userErrors": [],
    }
    eng = await gql('{ person(id: "p-eng1") { manager { name } } }')
    assert eng["data"]["person"]["manager"] == {"name": "Cleo Cio"}
    missing = await gql('mutation { deletePerson(id: "p-itdir") { deletedId %s } }' % ERRORS)
    assert codes(missing["data"]["deletePerson"]) == [("NOT_FOUND", "id")]
    await gql('mutation { deleteTouchpoint(id: "tp-qbr") { deletedId } }')
    assert await count(graph, "MATCH (t:Touchpoint {id: 'tp-qbr'}) RETURN count(t) AS n") == 0
    await gql('mutation { deleteTeamMember(id: "tm-lead") { deletedId } }')
    assert await count(graph, "MATCH ()-[k:KNOWS]->() RETURN count(k) AS n") == 2
    cascade = await gql(
        'mutation { deleteAccount(id: "acc-contoso", cascade: true) { deletedId %s } }' % ERRORS
    )
    assert cascade["data"]["deleteAccount"]["deletedId"] == "acc-contoso"
    assert await count(graph, "MATCH (t:Touchpoint) RETURN count(t) AS n") == 0
    assert await count(graph, "MATCH (p:Person {id: 'p-ceo'}) RETURN count(p) AS n") == 1


async def test_lookups_take_the_relay_global_id_too(gql: GraphQL, graph_loaded: None) -> None:
    # Every `id` field returns the Relay global id; `account(id:)` answered null for it.
    first = await gql('{ account(id: "acc-contoso") { id accountId name } }')
    global_id = first["data"]["account"]["id"]
    assert global_id != "acc-contoso"
    by_global = await gql("query($id: ID!) { account(id: $id) { accountId } }", {"id": global_id})
    assert by_global["data"]["account"] == {"accountId": "acc-contoso"}
    person = await gql('{ person(id: "p-cio") { id } }')
    by_person_id = await gql(
        "query($id: ID!) { person(id: $id) { personId } }", {"id": person["data"]["person"]["id"]}
    )
    assert by_person_id["data"]["person"] == {"personId": "p-cio"}
    # A global id of another type says so, instead of answering null.
    wrong = await gql(
        "query($id: ID!) { person(id: $id) { personId } }", {"id": global_id}, allow_errors=True
    )
    assert wrong["errors"][0]["extensions"] == {"code": "INVALID_ID", "field": "id"}
    assert "a global id of type Account, not Person" in wrong["errors"][0]["message"]
