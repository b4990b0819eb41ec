"""Every mutation through GraphQL on the real Neo4j: the payload, the graph afterwards, and
bad inputs that must write nothing."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from graph.client import GraphClient
from graph.dataset import AccountRecord, BuyingRoleRecord, Dataset
from graph.errors import WriteRejectedError
from graph.importer import import_dataset
from tests.conftest import GraphQL, LoadGraph
from tests.integration.small_graph import TODAY, ago, small_graph

ERRORS = "userErrors { field code message }"


@pytest.fixture
async def graph_loaded(load_graph: LoadGraph) -> None:
    await load_graph(small_graph())


async def count(graph: GraphClient, query: str, **params: Any) -> int:
    rows = await graph.session().read(query, params)
    return int(rows[0]["n"])


def codes(payload: dict[str, Any]) -> list[tuple[str, ...]]:
    return [(e["code"], *e["field"]) for e in payload["userErrors"]]


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


UPSERT_PERSON = (
    """
mutation($input: PersonInput!) { upsertPerson(input: $input) {
  person { personId name email seniority perception caresAbout currentAccountId
           employments { accountId current } } %s } }
"""
    % ERRORS
)


async def test_upsert_person_with_employment_and_validation(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    data = {
        "externalId": {"system": "salesforce", "value": "003-NEW"},
        "name": "Nina New",
        "email": "nina@contoso.example",
        "seniority": "VP",
        "caresAbout": ["budget"],
        "accountId": "acc-contoso",
    }
    made = (await gql(UPSERT_PERSON, {"input": data}))["data"]["upsertPerson"]
    assert made["userErrors"] == []
    person = made["person"]
    assert person["currentAccountId"] == "acc-contoso" and person["seniority"] == "VP"
    again = (await gql(UPSERT_PERSON, {"input": data}))["data"]["upsertPerson"]["person"]
    assert again["personId"] == person["personId"]
    assert len(again["employments"]) == 1  # a retry does not add a second employment

    bad = {"name": "Bad", "email": "not-an-email", "profileUrl": "ftp://x", "accountId": "acc-nope"}
    payload = (await gql(UPSERT_PERSON, {"input": bad}))["data"]["upsertPerson"]
    assert ("INVALID", "input", "email") in codes(payload)
    assert ("INVALID", "input", "profileUrl") in codes(payload)
    missing = await gql(UPSERT_PERSON, {"input": {"name": "Lost", "accountId": "acc-nope"}})
    assert codes(missing["data"]["upsertPerson"]) == [("NOT_FOUND", "input", "accountId")]
    # The person node created before the failing employment step was rolled back.
    assert await count(graph, "MATCH (p:Person {name: 'Lost'}) RETURN count(p) AS n") == 0
    many = {"name": "Notes", "caresAbout": ["x" * 201]}
    assert ("TOO_LONG", "input", "caresAbout", "0") in codes(
        (await gql(UPSERT_PERSON, {"input": many}))["data"]["upsertPerson"]
    )


async def test_concurrent_upserts_of_one_external_id_make_one_person(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    # A CRM sync that pushes the same contact from several workers at once (or retries while
    # the first call is still running) must still end with one person behind the external id.
    data = {
        "externalId": {"system": "salesforce", "value": "003-RACE"},
        "name": "Rita Race",
        "accountId": "acc-contoso",
    }
    payloads = await asyncio.gather(*(gql(UPSERT_PERSON, {"input": data}) for _ in range(8)))
    ids = {p["data"]["upsertPerson"]["person"]["personId"] for p in payloads}
    assert [p["data"]["upsertPerson"]["userErrors"] for p in payloads] == [[]] * 8
    assert len(ids) == 1
    assert await count(graph, "MATCH (p:Person {name: 'Rita Race'}) RETURN count(p) AS n") == 1
    assert (
        await count(
            graph,
            "MATCH (:ExternalRef {key: 'salesforce:003-RACE'})-[i:IDENTIFIES]->() "
            "RETURN count(i) AS n",
        )
        == 1
    )
    assert (
        await count(
            graph,
            "MATCH (:Person {name: 'Rita Race'})-[e:EMPLOYED_AT]->() RETURN count(e) AS n",
        )
        == 1
    )


async def test_upsert_team_member(gql: GraphQL, graph_loaded: None) -> None:
    query = (
        "mutation($input: TeamMemberInput!) { upsertTeamMember(input: $input) {"
        " teamMember { teamMemberId name title } %s } }" % ERRORS
    )
    made = await gql(query, {"input": {"id": "tm-new", "name": "Ola New", "title": "Analyst"}})
    assert made["data"]["upsertTeamMember"]["teamMember"] == {
        "teamMemberId": "tm-new",
        "name": "Ola New",
        "title": "Analyst",
    }
    bad = await gql(query, {"input": {"name": ""}})
    assert codes(bad["data"]["upsertTeamMember"]) == [("REQUIRED", "input", "name")]


SET_REPORTS_TO = (
    """
mutation($p: ID!, $m: ID!) { setReportsTo(personId: $p, managerId: $m) {
  person { managerId } %s } }
"""
    % ERRORS
)


async def test_set_and_clear_reports_to(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    moved = await gql(SET_REPORTS_TO, {"p": "p-eng2", "m": "p-cio"})
    assert moved["data"]["setReportsTo"] == {"person": {"managerId": "p-cio"}, "userErrors": []}
    # The old line is history, not deleted.
    history = "MATCH (:Person {id: 'p-eng2'})-[r:REPORTS_TO]->() RETURN count(r) AS n"
    assert await count(graph, history) == 2
    same = await gql(SET_REPORTS_TO, {"p": "p-eng2", "m": "p-cio"})
    assert same["data"]["setReportsTo"]["userErrors"] == []
    assert await count(graph, history) == 2  # idempotent
    cleared = await gql(
        'mutation { clearReportsTo(personId: "p-eng2") { person { managerId } %s } }' % ERRORS
    )
    assert cleared["data"]["clearReportsTo"]["person"] == {"managerId": None}
    chart = await gql('{ account(id: "acc-contoso") { orgChart { rootIds } } }')
    assert "p-eng2" in chart["data"]["account"]["orgChart"]["rootIds"]
    # A backdated move ends the old line when the new one began: history does not overlap.
    await graph.session().write(
        "MATCH (:Person {id: 'p-eng1'})-[r:REPORTS_TO]->() SET r.since = $day", {"day": ago(400)}
    )
    backdated = await gql(
        'mutation { setReportsTo(personId: "p-eng1", managerId: "p-cio", since: "%s") { %s } }'
        % (ago(10).isoformat(), ERRORS)
    )
    assert backdated["data"]["setReportsTo"]["userErrors"] == []
    lines = await graph.session().read(
        "MATCH (:Person {id: 'p-eng1'})-[r:REPORTS_TO]->(m) RETURN m.id AS m, r.since AS since,"
        " r.until AS until ORDER BY m"
    )
    assert [(r["m"], r["until"]) for r in lines] == [("p-cio", None), ("p-itdir", ago(10))]


@pytest.mark.parametrize(
    ("person", "manager", "expected"),
    [
        ("p-ceo", "p-eng1", ("CYCLE", "managerId")),  # eng1 reports up to the CEO
        ("p-cio", "p-cio", ("CYCLE", "managerId")),
        ("p-eng1", "p-fab", ("CROSS_ACCOUNT", "managerId")),
        ("p-nope", "p-ceo", ("NOT_FOUND", "personId")),
    ],
)
async def test_reports_to_rules(
    gql: GraphQL,
    graph: GraphClient,
    graph_loaded: None,
    person: str,
    manager: str,
    expected: tuple[str, ...],
) -> None:
    lines = "MATCH ()-[r:REPORTS_TO]->() RETURN count(r) AS n"
    before = await count(graph, lines)
    payload = (await gql(SET_REPORTS_TO, {"p": person, "m": manager}))["data"]["setReportsTo"]
    assert codes(payload) == [expected]
    assert payload["person"] is None
    assert await count(graph, lines) == before
    assert (
        await count(
            graph, "MATCH ()-[r:REPORTS_TO]->() WHERE r.until IS NOT NULL RETURN count(r) AS n"
        )
        == 0
    )


async def test_employment_start_and_end(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    end = (
        """mutation($until: Date!) { endEmployment(personId: "p-itdir", accountId: "acc-contoso",
      until: $until) { person { isCurrent employments { accountId current until } } %s } }"""
        % ERRORS
    )
    wrong = await gql(end, {"until": ago(5000).isoformat()})
    assert codes(wrong["data"]["endEmployment"]) == [("INVALID_DATE_RANGE", "until")]
    left = await gql(end, {"until": ago(1).isoformat()})
    person = left["data"]["endEmployment"]["person"]
    assert person["isCurrent"] is False
    # Their reporting lines at the account ended with them: the engineers become roots.
    chart = await gql('{ account(id: "acc-contoso") { orgChart { rootIds nodes { id } } } }')
    roots = chart["data"]["account"]["orgChart"]["rootIds"]
    assert {"p-eng1", "p-eng2"} <= set(roots)
    assert "p-itdir" not in {n["id"] for n in chart["data"]["account"]["orgChart"]["nodes"]}
    # Their champion role stays as history.
    assert (
        await count(graph, "MATCH (:Person {id: 'p-itdir'})-[r:HAS_ROLE]->() RETURN count(r) AS n")
        == 1
    )
    again = await gql(end, {"until": ago(1).isoformat()})
    assert codes(again["data"]["endEmployment"]) == [("NOT_EMPLOYED", "personId")]

    start = (
        """mutation { startEmployment(personId: "p-itdir", accountId: "acc-tailspin",
      title: "CTO") { person { currentAccountId } %s } }"""
        % ERRORS
    )
    joined = await gql(start)
    assert joined["data"]["startEmployment"]["person"] == {"currentAccountId": "acc-tailspin"}
    await gql(start)
    stints = (
        "MATCH (:Person {id: 'p-itdir'})-[e:EMPLOYED_AT]->(:Account {id: 'acc-tailspin'}) "
        "RETURN count(e) AS n"
    )
    assert await count(graph, stints) == 1


async def test_buying_roles(gql: GraphQL, graph_loaded: None) -> None:
    assign = (
        """mutation($p: ID!, $a: ID!) { assignBuyingRole(personId: $p, accountId: $a,
      role: INFLUENCER) { person { roles { role accountId } } %s } }"""
        % ERRORS
    )
    done = await gql(assign, {"p": "p-eng2", "a": "acc-contoso"})
    assert done["data"]["assignBuyingRole"]["person"]["roles"] == [
        {"role": "INFLUENCER", "accountId": "acc-contoso"}
    ]
    again = await gql(assign, {"p": "p-eng2", "a": "acc-contoso"})
    assert len(again["data"]["assignBuyingRole"]["person"]["roles"]) == 1
    elsewhere = await gql(assign, {"p": "p-eng2", "a": "acc-fabrikam"})
    assert codes(elsewhere["data"]["assignBuyingRole"]) == [("NOT_EMPLOYED", "personId")]
    removed = await gql(
        'mutation { removeBuyingRole(personId: "p-eng2", accountId: "acc-contoso", '
        "role: INFLUENCER) { person { roles { role } } %s } }" % ERRORS
    )
    assert removed["data"]["removeBuyingRole"]["person"]["roles"] == []


async def test_account_team_seats(gql: GraphQL, graph_loaded: None) -> None:
    add = (
        """mutation { addAccountTeamMember(accountId: "acc-fabrikam", teamMemberId: "tm-sponsor",
      role: EXECUTIVE_SPONSOR) { account { team { totalCount
      edges { node { role member { name } } } } } %s } }"""
        % ERRORS
    )
    added = await gql(add)
    team = added["data"]["addAccountTeamMember"]["account"]["team"]
    assert team["totalCount"] == 2
    assert (await gql(add))["data"]["addAccountTeamMember"]["account"]["team"]["totalCount"] == 2
    unknown = await gql(
        'mutation { addAccountTeamMember(accountId: "acc-fabrikam", teamMemberId: "tm-nope", '
        "role: SPECIALIST) { account { name } %s } }" % ERRORS
    )
    assert codes(unknown["data"]["addAccountTeamMember"]) == [("NOT_FOUND", "teamMemberId")]
    removed = await gql(
        'mutation { removeAccountTeamMember(accountId: "acc-fabrikam", teamMemberId: "tm-sponsor")'
        " { account { team { totalCount } } %s } }" % ERRORS
    )
    assert removed["data"]["removeAccountTeamMember"]["account"]["team"]["totalCount"] == 1


async def test_relationship_strength_manual_then_cleared(gql: GraphQL, graph_loaded: None) -> None:
    query = (
        """mutation($s: Strength) { setRelationshipStrength(teamMemberId: "tm-dev",
      personId: "p-eng1", strength: $s) { relationship { manualStrength strength strengthSource
      derivedStrength } %s } }"""
        % ERRORS
    )
    strong = (await gql(query, {"s": "STRONG"}))["data"]["setRelationshipStrength"]
    assert strong["relationship"] == {
        "manualStrength": "STRONG",
        "strength": "STRONG",
        "strengthSource": "MANUAL",
        "derivedStrength": "WEAK",
    }
    cleared = (await gql(query, {"s": None}))["data"]["setRelationshipStrength"]["relationship"]
    assert cleared["manualStrength"] is None and cleared["strengthSource"] == "DERIVED"
    assert cleared["strength"] == "WEAK"

    upsert = (
        """mutation($input: RelationshipInput!) { upsertRelationship(input: $input) {
      relationship { teamMemberId personId since lastContact notes } %s } }"""
        % ERRORS
    )
    made = await gql(
        upsert,
        {
            "input": {
                "teamMemberId": "tm-dev",
                "personId": "p-eng2",
                "since": ago(10).isoformat(),
                "notes": "met at training",
            }
        },
    )
    assert made["data"]["upsertRelationship"]["relationship"]["notes"] == "met at training"
    wrong = await gql(
        upsert,
        {
            "input": {
                "teamMemberId": "tm-dev",
                "personId": "p-eng2",
                "since": ago(10).isoformat(),
                "lastContact": ago(20).isoformat(),
            }
        },
    )
    assert codes(wrong["data"]["upsertRelationship"]) == [
        ("INVALID_DATE_RANGE", "input", "lastContact")
    ]
    unknown = await gql(upsert, {"input": {"teamMemberId": "tm-dev", "personId": "p-x"}})
    assert codes(unknown["data"]["upsertRelationship"]) == [("NOT_FOUND", "input", "personId")]


LOG = (
    """mutation($input: TouchpointInput!) { logTouchpoint(input: $input) {
  touchpoint { touchpointId date kind initiatedByClient personIds teamMemberIds } %s } }"""
    % ERRORS
)


async def test_log_touchpoint_idempotent_and_bumps_last_contact(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    data = {
        "id": "tp-crm-1",
        "accountId": "acc-contoso",
        "date": TODAY.isoformat(),
        "channel": "CALL",
        "kind": "STRATEGIC",
        "summary": "Budget call",
        "teamMemberIds": ["tm-dev"],
        "personIds": ["p-eng1"],
        "initiatorId": "p-eng1",
    }
    first = (await gql(LOG, {"input": data}))["data"]["logTouchpoint"]
    assert first["userErrors"] == []
    assert first["touchpoint"]["initiatedByClient"] is True
    await gql(LOG, {"input": data})
    assert await count(graph, "MATCH (t:Touchpoint {id: 'tp-crm-1'}) RETURN count(t) AS n") == 1
    last = (
        "MATCH (:TeamMember {id: 'tm-dev'})-[k:KNOWS]->(:Person {id: 'p-eng1'}) "
        "RETURN k.lastContact AS last"
    )
    assert (await graph.session().read(last))[0]["last"] == TODAY
    touchpoints = "MATCH (t:Touchpoint) RETURN count(t) AS n"
    before = await count(graph, touchpoints)
    for bad, expected in (
        ({**data, "id": "tp-2", "personIds": []}, ("REQUIRED", "input", "personIds")),
        (
            {**data, "id": "tp-3", "personIds": ["p-eng1", "p-ghost"]},
            ("NOT_FOUND", "input", "personIds", "1"),
        ),
        (
            {**data, "id": "tp-4", "personIds": ["p-fab"], "initiatorId": None},
            ("CROSS_ACCOUNT", "input", "personIds", "0"),
        ),
        ({**data, "id": "tp-5", "initiatorId": "p-cfo"}, ("INVALID", "input", "initiatorId")),
        ({**data, "id": "tp-6", "summary": "x" * 2001}, ("TOO_LONG", "input", "summary")),
        ({**data, "id": "tp-7", "date": "2999-01-01"}, ("INVALID", "input", "date")),
        ({**data, "accountId": "acc-fabrikam"}, ("CONFLICT", "input", "id")),
    ):
        payload = (await gql(LOG, {"input": bad}))["data"]["logTouchpoint"]
        assert expected in codes(payload), (bad, payload)
        assert payload["touchpoint"] is None
    assert await count(graph, touchpoints) == before
    # Deleted (logged by mistake), it leaves no last contact behind.
    await gql('mutation { deleteTouchpoint(id: "tp-crm-1") { deletedId } }')
    assert (await graph.session().read(last))[0]["last"] is None


async def test_influence_and_introduction(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    added = await gql(
        'mutation { addInfluence(personId: "p-cfo", influencedId: "p-ceo", note: "old friends")'
        " { person { name } %s } }" % ERRORS
    )
    assert added["data"]["addInfluence"]["userErrors"] == []
    self_loop = await gql(
        'mutation { addInfluence(personId: "p-cfo", influencedId: "p-cfo") { person { name } %s } }'
        % ERRORS
    )
    assert codes(self_loop["data"]["addInfluence"]) == [("INVALID", "influencedId")]
    intro = await gql(
        'mutation { recordIntroduction(introducerId: "p-itdir", introducedId: "p-cio", '
        'teamMemberId: "tm-lead", date: "%s") { person { name } %s } }'
        % (ago(3).isoformat(), ERRORS)
    )
    assert intro["data"]["recordIntroduction"]["person"] == {"name": "Cleo Cio"}
    assert await count(graph, "MATCH ()-[r:INTRODUCED]->() RETURN count(r) AS n") == 1
    await gql(
        'mutation { removeInfluence(personId: "p-cfo", influencedId: "p-ceo") { person { name } } }'
    )
    assert await count(graph, "MATCH ()-[r:INFLUENCES]->() RETURN count(r) AS n") == 1


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


IMPORT = (
    """mutation($input: DatasetInput!) { importDataset(input: $input) {
  accounts people teamMembers relationships touchpoints %s } }"""
    % ERRORS
)


async def test_import_dataset_all_or_nothing(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    good = {
        "accounts": [{"id": "acc-new", "name": "Newco", "tier": 2}],
        "people": [{"id": "p-new1", "name": "New One"}, {"id": "p-new2", "name": "New Two"}],
        "employments": [
            {"personId": "p-new1", "accountId": "acc-new"},
            {"personId": "p-new2", "accountId": "acc-new"},
        ],
        "reportsTo": [{"personId": "p-new2", "managerId": "p-new1"}],
        "buyingRoles": [{"personId": "p-new1", "accountId": "acc-new", "role": "DECISION_MAKER"}],
        "teamAssignments": [
            {"teamMemberId": "tm-lead", "accountId": "acc-new", "role": "ACCOUNT_LEAD"}
        ],
        "relationships": [{"id": "rel-new", "teamMemberId": "tm-lead", "personId": "p-new1"}],
        "touchpoints": [
            {
                "id": "tp-new",
                "accountId": "acc-new",
                "date": ago(2).isoformat(),
                "channel": "EMAIL",
                "kind": "OPERATIONAL",
                "teamMemberIds": ["tm-lead"],
                "personIds": ["p-new1"],
            }
        ],
    }
    done = (await gql(IMPORT, {"input": good}))["data"]["importDataset"]
    assert done == {
        "accounts": 1,
        "people": 2,
        "teamMembers": 0,
        "relationships": 1,
        "touchpoints": 1,
        "userErrors": [],
    }
    nodes = await count(graph, "MATCH (n) RETURN count(n) AS n")
    await gql(IMPORT, {"input": good})
    assert await count(graph, "MATCH (n) RETURN count(n) AS n") == nodes  # idempotent

    bad = {
        **good,
        "accounts": [{"id": "acc-other", "name": "Other", "tier": 2}],
        "people": [{"id": "p-x1", "name": ""}, {"id": "p-x2", "name": "Ok"}],
        "employments": [{"personId": "p-x1", "accountId": "acc-ghost"}],
        "reportsTo": [
            {"personId": "p-x1", "managerId": "p-x2"},
            {"personId": "p-x2", "managerId": "p-x1"},
        ],
    }
    payload = (await gql(IMPORT, {"input": bad}))["data"]["importDataset"]
    found = codes(payload)
    assert ("REQUIRED", "input", "people", "0", "name") in found
    assert ("NOT_FOUND", "input", "employments", "0", "accountId") in found
    assert ("CYCLE", "input", "reportsTo", "0") in found
    assert payload["accounts"] == 0
    assert await count(graph, "MATCH (n) RETURN count(n) AS n") == nodes
    assert await count(graph, "MATCH (a:Account {id: 'acc-other'}) RETURN count(a) AS n") == 0


async def test_imported_external_ids_name_one_record(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    taken = {"system": "salesforce", "value": "001-CONTOSO"}  # acc-contoso's
    clash = {"accounts": [{"id": "acc-new", "name": "Newco", "tier": 2, "externalIds": [taken]}]}
    payload = (await gql(IMPORT, {"input": clash}))["data"]["importDataset"]
    assert codes(payload) == [("CONFLICT", "input", "accounts", "0", "externalIds", "0")]
    assert "acc-contoso" in payload["userErrors"][0]["message"]
    same = {"system": "hubspot", "value": "7"}
    twice = {
        "people": [
            {"id": "p-a", "name": "A", "externalIds": [same]},
            {"id": "p-b", "name": "B", "externalIds": [{**same, "value": " 7 "}]},
        ]
    }
    payload = (await gql(IMPORT, {"input": twice}))["data"]["importDataset"]
    assert codes(payload) == [("DUPLICATE", "input", "people", "1", "externalIds", "0")]
    assert (
        await count(graph, "MATCH (n) WHERE n.id IN ['acc-new', 'p-a'] RETURN count(n) AS n") == 0
    )

    # The owner itself may repeat its id (a re-sync), and a team member can carry one.
    resync = {
        "accounts": [{"id": "acc-contoso", "name": "Contoso", "tier": 3, "externalIds": [taken]}],
        "teamMembers": [
            {"id": "tm-new", "name": "Nia New", "externalIds": [{"system": "hr", "value": "42"}]}
        ],
    }
    assert (await gql(IMPORT, {"input": resync}))["data"]["importDataset"]["userErrors"] == []
    owners = await graph.session().read(
        "MATCH (r:ExternalRef)-[:IDENTIFIES]->(n) WHERE r.key IN ['salesforce:001-CONTOSO', 'hr:42']"
        " RETURN r.key AS key, collect(n.id) AS ids ORDER BY key"
    )
    assert owners == [
        {"key": "hr:42", "ids": ["tm-new"]},
        {"key": "salesforce:001-CONTOSO", "ids": ["acc-contoso"]},
    ]


CURRENT_LINES = (
    "MATCH (p:Person)-[r:REPORTS_TO]->(m:Person) WHERE r.until IS NULL"
    " RETURN p.id AS person, m.id AS manager ORDER BY person"
)


async def test_imported_reporting_lines_follow_the_rules_of_set_reports_to(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    before = await graph.session().read(CURRENT_LINES)

    def line(person: str, manager: str) -> dict[str, Any]:
        return {"reportsTo": [{"personId": person, "managerId": manager}]}

    # eng1 -> itdir -> cio is in the graph: cio -> eng1 closes a loop with it.
    looping = (await gql(IMPORT, {"input": line("p-cio", "p-eng1")}))["data"]["importDataset"]
    assert codes(looping) == [("CYCLE", "input", "reportsTo", "0")]
    abroad = (await gql(IMPORT, {"input": line("p-eng1", "p-fab")}))["data"]["importDataset"]
    assert codes(abroad) == [("CROSS_ACCOUNT", "input", "reportsTo", "0", "managerId")]
    gone = (await gql(IMPORT, {"input": line("p-left", "p-cio")}))["data"]["importDataset"]
    assert codes(gone) == [("CROSS_ACCOUNT", "input", "reportsTo", "0", "managerId")]
    twice = {
        "reportsTo": [
            {"personId": "p-eng1", "managerId": "p-cio"},
            {"personId": "p-eng1", "managerId": "p-ceo"},
        ]
    }
    doubled = (await gql(IMPORT, {"input": twice}))["data"]["importDataset"]
    assert codes(doubled) == [("DUPLICATE", "input", "reportsTo", "1", "personId")]
    # An employment the same import starts makes the line valid.
    joined = {
        "employments": [{"personId": "p-fab", "accountId": "acc-contoso"}],
        **line("p-fab", "p-cio"),
        "people": [],
    }
    assert (await gql(IMPORT, {"input": joined}))["data"]["importDataset"]["userErrors"] == []
    after_join = await graph.session().read(CURRENT_LINES)
    assert {"person": "p-fab", "manager": "p-cio"} in after_join
    assert len(after_join) == len(before) + 1

    # A new manager replaces the old one, which stays as history; a retry changes nothing.
    for _ in range(2):
        moved = (await gql(IMPORT, {"input": line("p-eng1", "p-cio")}))["data"]["importDataset"]
        assert moved["userErrors"] == []
    lines = await graph.session().read(CURRENT_LINES)
    assert [r["manager"] for r in lines if r["person"] == "p-eng1"] == ["p-cio"]
    ended = await graph.session().read(
        "MATCH (:Person {id: 'p-eng1'})-[r:REPORTS_TO]->(:Person {id: 'p-itdir'})"
        " RETURN r.until AS until"
    )
    assert [r["until"] for r in ended] == [TODAY]

    # Someone who left stops reporting there, as with endEmployment.
    leaving = {
        "employments": [
            {
                "personId": "p-eng2",
                "accountId": "acc-contoso",
                "since": ago(1000).isoformat(),
                "until": ago(1).isoformat(),
            }
        ]
    }
    assert (await gql(IMPORT, {"input": leaving}))["data"]["importDataset"]["userErrors"] == []
    lines = await graph.session().read(CURRENT_LINES)
    assert [r for r in lines if "p-eng2" in (r["person"], r["manager"])] == []


async def test_a_crm_resync_keeps_what_it_does_not_send(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    resync = {
        "accounts": [{"id": "acc-contoso", "name": "Contoso", "tier": 4, "industry": "Industrial"}],
        "people": [{"id": "p-cfo", "name": "Ben Cfo", "title": "Finance Director"}],
        "relationships": [{"id": "rel-1", "teamMemberId": "tm-sponsor", "personId": "p-cfo"}],
    }
    assert (await gql(IMPORT, {"input": resync}))["data"]["importDataset"]["userErrors"] == []
    stored = await graph.session().read(
        "MATCH (a:Account {id: 'acc-contoso'}), (t:TeamMember {id: 'tm-sponsor'})-[k:KNOWS]->"
        "(p:Person {id: 'p-cfo'}) RETURN a.industry AS industry, a.currency AS currency, "
        "a.expansionPotential AS expansion, a.isKeyAccount AS key, p.title AS title, "
        "p.department AS department, p.perception AS perception, p.caresAbout AS cares, "
        "k.manualStrength AS strength, k.since AS since"
    )
    assert stored == [
        {
            "industry": "Industrial",
            "currency": "EUR",
            "expansion": 3,
            "key": True,
            "title": "Finance Director",
            "department": "Finance",
            "perception": "POSITIVE",
            "cares": ["cost control"],
            "strength": "STRONG",
            "since": ago(800),
        }
    ]
    # An explicit null clears, as in upsertPerson.
    clearing = {"people": [{"id": "p-cfo", "name": "Ben Cfo", "perception": None}]}
    assert (await gql(IMPORT, {"input": clearing}))["data"]["importDataset"]["userErrors"] == []
    cfo = await gql('{ person(id: "p-cfo") { perception caresAbout title } }')
    assert cfo["data"]["person"] == {
        "perception": "UNKNOWN",
        "caresAbout": ["cost control"],
        "title": "Finance Director",
    }


ATTENDEES = "MATCH (x)-[:ATTENDED]->(:Touchpoint {id: $id}) RETURN x.id AS id ORDER BY id"


async def test_imported_touchpoints_follow_the_rules_of_log_touchpoint(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    def touchpoint(tp_id: str, account: str, people: list[str], **extra: Any) -> dict[str, Any]:
        return {
            "id": tp_id,
            "accountId": account,
            "date": ago(1).isoformat(),
            "channel": "CALL",
            "kind": "OPERATIONAL",
            "teamMemberIds": ["tm-dev"],
            "personIds": people,
            **extra,
        }

    nodes = await count(graph, "MATCH (n) RETURN count(n) AS n")
    bad = {
        "people": [{"id": "p-eng1", "name": "Eve Engineer", "title": "x" * 201}],
        "touchpoints": [
            touchpoint("tp-qbr", "acc-fabrikam", ["p-fab"]),
            touchpoint("tp-new", "acc-contoso", ["p-fab"]),
            touchpoint("tp-new", "acc-contoso", ["p-eng1"], initiatorId="p-cfo"),
            touchpoint("tp-later", "acc-contoso", ["p-eng1"], date=ago(-2).isoformat()),
        ],
    }
    payload = (await gql(IMPORT, {"input": bad}))["data"]["importDataset"]
    assert sorted(codes(payload)) == sorted(
        [
            ("TOO_LONG", "input", "people", "0", "title"),
            ("CONFLICT", "input", "touchpoints", "0", "id"),
            ("CROSS_ACCOUNT", "input", "touchpoints", "1", "personIds", "0"),
            ("DUPLICATE", "input", "touchpoints", "2", "id"),
            ("INVALID", "input", "touchpoints", "2", "initiatorId"),
            ("INVALID", "input", "touchpoints", "3", "date"),
        ]
    )
    assert await count(graph, "MATCH (n) RETURN count(n) AS n") == nodes

    good = {
        # p-fab joins Contoso in this import, so may take part in a Contoso touchpoint.
        "employments": [{"personId": "p-fab", "accountId": "acc-contoso"}],
        "touchpoints": [
            # The QBR's participants are replaced, as a retried logTouchpoint replaces them.
            {**touchpoint("tp-qbr", "acc-contoso", ["p-itdir"]), "teamMemberIds": ["tm-lead"]},
            touchpoint("tp-new", "acc-contoso", ["p-eng1", "p-fab"], initiatorId="p-eng1"),
        ],
    }
    for _ in range(2):  # a retry changes nothing
        payload = (await gql(IMPORT, {"input": good}))["data"]["importDataset"]
        assert payload["userErrors"] == []
    rows = await graph.session().read(ATTENDEES, {"id": "tp-qbr"})
    assert [r["id"] for r in rows] == ["p-itdir", "tm-lead"]
    rows = await graph.session().read(ATTENDEES, {"id": "tp-new"})
    assert [r["id"] for r in rows] == ["p-eng1", "p-fab", "tm-dev"]
    # tm-dev knows p-eng1 (rel-3): the touchpoint is its last contact now.
    initiated = await graph.session().read(
        "MATCH (tp:Touchpoint {id: 'tp-new'}) RETURN tp.initiatedByClient AS client"
    )
    assert initiated == [{"client": True}]
    contact = await graph.session().read(
        "MATCH ()-[k:KNOWS {id: 'rel-3'}]->() RETURN k.lastContact AS last"
    )
    assert contact == [{"last": ago(1)}]


async def test_imported_influences_and_introductions(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    bad = {
        "influences": [
            {"personId": "p-cfo", "influencedId": "p-cfo"},
            {"personId": "p-cfo", "influencedId": "p-ghost"},
        ],
        "introductions": [
            {"introducerId": "p-cfo", "introducedId": "p-ceo", "date": ago(-1).isoformat()}
        ],
    }
    payload = (await gql(IMPORT, {"input": bad}))["data"]["importDataset"]
    assert sorted(codes(payload)) == [
        ("INVALID", "input", "influences", "0", "influencedId"),
        ("INVALID", "input", "introductions", "0", "date"),
        ("NOT_FOUND", "input", "influences", "1", "influencedId"),
    ]
    good = {
        "influences": [{"personId": "p-cfo", "influencedId": "p-ceo", "note": "budget"}],
        "introductions": [
            {
                "introducerId": "p-cfo",
                "introducedId": "p-ceo",
                "date": ago(3).isoformat(),
                "teamMemberId": "tm-sponsor",
            }
        ],
    }
    assert (await gql(IMPORT, {"input": good}))["data"]["importDataset"]["userErrors"] == []
    edges = await graph.session().read(
        "MATCH (:Person {id: 'p-cfo'})-[r:INFLUENCES|INTRODUCED]->(:Person {id: 'p-ceo'})"
        " RETURN type(r) AS type, r.note AS note, r.since AS since, r.date AS date,"
        " r.teamMemberId AS member ORDER BY type"
    )
    assert edges == [
        {"type": "INFLUENCES", "note": "budget", "since": TODAY, "date": None, "member": None},
        {"type": "INTRODUCED", "note": None, "since": None, "date": ago(3), "member": "tm-sponsor"},
    ]


STINTS = (
    "MATCH (:Person {id: $person})-[e:EMPLOYED_AT]->(:Account {id: $account})"
    " RETURN e.since AS since, e.until AS until ORDER BY since"
)


async def test_imported_employments_keep_one_current_stint_and_past_history(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    # p-left worked at Contoso (900 to 60 days ago); rehired 30 days ago.
    rehire = {
        "employments": [
            {"personId": "p-left", "accountId": "acc-contoso", "since": ago(30).isoformat()}
        ]
    }
    assert (await gql(IMPORT, {"input": rehire}))["data"]["importDataset"]["userErrors"] == []
    # A re-sync without dates ends the current stint only; the first stint keeps its end.
    leave = {
        "employments": [
            {"personId": "p-left", "accountId": "acc-contoso", "until": ago(1).isoformat()}
        ]
    }
    assert (await gql(IMPORT, {"input": leave}))["data"]["importDataset"]["userErrors"] == []
    stints = await graph.session().read(STINTS, {"person": "p-left", "account": "acc-contoso"})
    assert stints == [
        {"since": ago(900), "until": ago(60)},
        {"since": ago(30), "until": ago(1)},
    ]
    # A current row with another start date corrects the current stint, not adds a second.
    corrected = {
        "employments": [
            {"personId": "p-eng1", "accountId": "acc-contoso", "since": ago(1200).isoformat()}
        ]
    }
    for _ in range(2):
        payload = (await gql(IMPORT, {"input": corrected}))["data"]["importDataset"]
        assert payload["userErrors"] == []
    stints = await graph.session().read(STINTS, {"person": "p-eng1", "account": "acc-contoso"})
    assert stints == [{"since": ago(1200), "until": None}]


async def test_imported_roles_and_seats_keep_their_dates_and_need_an_employment(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    await graph.session().write(
        "MATCH (:Person {id: 'p-cfo'})-[r:HAS_ROLE]->(), (:TeamMember {id: 'tm-lead'})-[s:ON_TEAM]->"
        "(:Account {id: 'acc-contoso'}) SET r.since = $day, s.since = $day",
        {"day": ago(500)},
    )
    resync = {
        "buyingRoles": [
            {"personId": "p-cfo", "accountId": "acc-contoso", "role": "DECISION_MAKER"}
        ],
        "teamAssignments": [
            {"teamMemberId": "tm-lead", "accountId": "acc-contoso", "role": "ACCOUNT_LEAD"}
        ],
    }
    assert (await gql(IMPORT, {"input": resync}))["data"]["importDataset"]["userErrors"] == []
    dates = await graph.session().read(
        "MATCH (:Person {id: 'p-cfo'})-[r:HAS_ROLE]->(), (:TeamMember {id: 'tm-lead'})-[s:ON_TEAM]->"
        "(:Account {id: 'acc-contoso'}) RETURN r.since AS role, s.since AS seat"
    )
    assert dates == [{"role": ago(500), "seat": ago(500)}]
    # As assignBuyingRole: only for someone employed there today (p-left has left Contoso),
    # counting the import's own employments (p-fab joins).
    roles = {
        "employments": [{"personId": "p-fab", "accountId": "acc-contoso"}],
        "buyingRoles": [
            {"personId": "p-left", "accountId": "acc-contoso", "role": "CHAMPION"},
            {"personId": "p-fab", "accountId": "acc-contoso", "role": "INFLUENCER"},
        ],
    }
    payload = (await gql(IMPORT, {"input": roles}))["data"]["importDataset"]
    assert codes(payload) == [("NOT_EMPLOYED", "input", "buyingRoles", "0", "personId")]
    roles["buyingRoles"] = roles["buyingRoles"][1:]
    assert (await gql(IMPORT, {"input": roles}))["data"]["importDataset"]["userErrors"] == []


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


async def test_an_import_whose_references_vanish_after_its_checks_writes_nothing(
    graph: GraphClient, graph_loaded: None
) -> None:
    """What a concurrent delete between the checks and the write looks like to the importer:
    a record that links to a node that is not there. The whole import rolls back."""
    nodes = await count(graph, "MATCH (n) RETURN count(n) AS n")
    data = Dataset(
        accounts=(AccountRecord(id="acc-new", name="Newco", tier=2),),
        buying_roles=(BuyingRoleRecord("p-deleted", "acc-new", "CHAMPION"),),
    )
    with pytest.raises(WriteRejectedError) as raised:
        await import_dataset(graph.session(), data)
    assert raised.value.code == "CONFLICT"
    assert await count(graph, "MATCH (n) RETURN count(n) AS n") == nodes


async def test_an_announced_departure_keeps_the_person_in_the_chart_until_the_day(
    gql: GraphQL, graph_loaded: None
) -> None:
    leave = (
        'mutation($until: Date!) { endEmployment(personId: "p-itdir", accountId: "acc-contoso",'
        " until: $until) { person { currentAccountId manager { personId } } %s } }" % ERRORS
    )
    chart = '{ account(id: "acc-contoso") { orgChart { nodes { id parentId } } } }'
    announced = await gql(leave, {"until": ago(-30).isoformat()})
    assert announced["data"]["endEmployment"]["person"] == {
        "currentAccountId": "acc-contoso",
        "manager": {"personId": "p-cio"},
    }
    nodes = {
        n["id"]: n["parentId"] for n in (await gql(chart))["data"]["account"]["orgChart"]["nodes"]
    }
    assert nodes["p-itdir"] == "p-cio" and nodes["p-eng1"] == "p-itdir"
    gone = await gql(leave, {"until": TODAY.isoformat()})
    assert gone["data"]["endEmployment"]["person"]["manager"] is None
    nodes = {
        n["id"]: n["parentId"] for n in (await gql(chart))["data"]["account"]["orgChart"]["nodes"]
    }
    assert "p-itdir" not in nodes and nodes["p-eng1"] is None


async def test_writes_keep_stored_scores_fresh(gql: GraphQL, graph_loaded: None) -> None:
    await gql("mutation { recomputeScores { accounts userErrors { code } } }")
    before = await gql('{ account(id: "acc-contoso") { breadthScore scoresComputedAt } }')
    await gql(
        'mutation { setRelationshipStrength(teamMemberId: "tm-dev", personId: "p-eng2", '
        "strength: STRONG) { relationship { id } } }"
    )
    await gql(
        LOG,
        {
            "input": {
                "accountId": "acc-contoso",
                "date": TODAY.isoformat(),
                "channel": "CALL",
                "kind": "OPERATIONAL",
                "teamMemberIds": ["tm-dev"],
                "personIds": ["p-eng2"],
            }
        },
    )
    after = await gql('{ account(id: "acc-contoso") { breadthScore scoresComputedAt } }')
    assert (
        after["data"]["account"]["scoresComputedAt"] > before["data"]["account"]["scoresComputedAt"]
    )
    live = await gql('{ account(id: "acc-contoso") { scores { breadth { value } } } }')
    assert (
        after["data"]["account"]["breadthScore"]
        == live["data"]["account"]["scores"]["breadth"]["value"]
    )
    # Found by its CRM id alone, the account still gets its scores refreshed, and the payload
    # shows the refreshed ones.
    upserted = await gql(
        'mutation { upsertAccount(input: {externalId: {system: "salesforce", value: "001-CONTOSO"},'
        " tier: 2}) { account { scoresComputedAt riskFlagCodes } userErrors { code } } }"
    )
    moved = await gql('{ account(id: "acc-contoso") { tier scoresComputedAt riskFlagCodes } }')
    assert moved["data"]["account"]["tier"] == 2
    assert (
        moved["data"]["account"]["scoresComputedAt"] > after["data"]["account"]["scoresComputedAt"]
    )
    shown = upserted["data"]["upsertAccount"]["account"]
    assert shown["scoresComputedAt"] == moved["data"]["account"]["scoresComputedAt"]
    assert shown["riskFlagCodes"] == moved["data"]["account"]["riskFlagCodes"]
    unknown = await gql(
        'mutation { recomputeScores(accountIds: ["acc-nope"]) {'
        " accounts userErrors { code field } } }"
    )
    assert unknown["data"]["recomputeScores"]["userErrors"] == [
        {"code": "NOT_FOUND", "field": ["accountIds", "0"]}
    ]


@pytest.mark.parametrize(
    ("mutation", "edges"),
    [
        (
            'mutation { assignBuyingRole(personId: "p-eng2", accountId: "acc-contoso",'
            " role: INFLUENCER) { %s } }" % ERRORS,
            "MATCH (:Person {id: 'p-eng2'})-[r:HAS_ROLE {role: 'INFLUENCER'}]->() RETURN count(r) AS n",
        ),
        (
            'mutation { upsertRelationship(input: {teamMemberId: "tm-dev", personId: "p-eng2",'
            ' notes: "pairing"}) { %s } }' % ERRORS,
            "MATCH (:TeamMember {id: 'tm-dev'})-[r:KNOWS]->(:Person {id: 'p-eng2'}) RETURN count(r) AS n",
        ),
        (
            'mutation { addAccountTeamMember(accountId: "acc-fabrikam", teamMemberId: "tm-dev",'
            " role: SPECIALIST) { %s } }" % ERRORS,
            "MATCH (:TeamMember {id: 'tm-dev'})-[r:ON_TEAM]->(:Account {id: 'acc-fabrikam'}) RETURN count(r) AS n",
        ),
        (
            'mutation { addInfluence(personId: "p-eng2", influencedId: "p-cio") { %s } }' % ERRORS,
            "MATCH (:Person {id: 'p-eng2'})-[r:INFLUENCES]->(:Person {id: 'p-cio'}) RETURN count(r) AS n",
        ),
        (
            'mutation { startEmployment(personId: "p-eng2", accountId: "acc-fabrikam") { %s } }'
            % ERRORS,
            "MATCH (:Person {id: 'p-eng2'})-[r:EMPLOYED_AT]->(:Account {id: 'acc-fabrikam'}) RETURN count(r) AS n",
        ),
    ],
    ids=["role", "relationship", "seat", "influence", "employment"],
)
async def test_concurrent_retries_write_one_edge(
    gql: GraphQL, graph: GraphClient, graph_loaded: None, mutation: str, edges: str
) -> None:
    payloads = await asyncio.gather(*(gql(mutation) for _ in range(8)))
    assert all("errors" not in p for p in payloads), payloads[0]
    assert [next(iter(p["data"].values()))["userErrors"] for p in payloads] == [[]] * 8
    assert await count(graph, edges) == 1


async def test_concurrent_reporting_changes_cannot_close_a_loop_together(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    # itdir reports to cio and eng1 to itdir. Each change alone is fine; together they close
    # cio -> contractor -> eng1 -> itdir -> cio, and each one's cycle check, run before the
    # other commits, would see no loop.
    move = (
        "mutation($p: ID!, $m: ID!) { setReportsTo(personId: $p, managerId: $m) { %s } }" % ERRORS
    )
    first, second = await asyncio.gather(
        gql(move, {"p": "p-cio", "m": "p-contractor"}),
        gql(move, {"p": "p-contractor", "m": "p-eng1"}),
    )
    outcomes = sorted(codes(first["data"]["setReportsTo"]) + codes(second["data"]["setReportsTo"]))
    assert outcomes == [("CYCLE", "managerId")]
    loops = (
        "MATCH (p:Person) WHERE EXISTS { MATCH (p) (()-[r:REPORTS_TO WHERE r.until IS NULL]->())+"
        " (p) } RETURN count(p) AS n"
    )
    assert await count(graph, loops) == 0


async def test_concurrent_retries_of_one_reporting_line_keep_one_current_line(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    move = 'mutation { setReportsTo(personId: "p-eng1", managerId: "p-cio") { %s } }' % ERRORS
    payloads = await asyncio.gather(*(gql(move) for _ in range(8)))
    assert [p["data"]["setReportsTo"]["userErrors"] for p in payloads] == [[]] * 8
    current = (
        "MATCH (:Person {id: 'p-eng1'})-[r:REPORTS_TO]->() WHERE r.until IS NULL"
        " RETURN count(r) AS n"
    )
    assert await count(graph, current) == 1
