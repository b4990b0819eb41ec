"""Opportunities (deals) and their contact roles through GraphQL, on the small graph: Contoso's
CFO (decision maker), IT director (champion) and others; Ivo at Fabrikam; a former champion."""

from __future__ import annotations

import asyncio
from typing import Any

from graph.access import AccountScope, Role
from graph.client import GraphClient
from tests.helpers import GraphQL, KeyFor, count

UPSERT = """mutation($input: OpportunityInput!) {
  upsertOpportunity(input: $input) {
    opportunity { opportunityId accountId name stage isOpen amount currency closeDate
                  externalIds { system value } }
    userErrors { field code } } }"""
SET_ROLE = """mutation($o: ID!, $p: ID!, $role: BuyingRole!, $primary: Boolean) {
  setOpportunityContactRole(opportunityId: $o, personId: $p, role: $role, isPrimary: $primary) {
    opportunity { contactRoles { personId name role isPrimary person { name } } }
    userErrors { field code } } }"""
REMOVE_ROLE = """mutation($o: ID!, $p: ID!) {
  removeOpportunityContactRole(opportunityId: $o, personId: $p) {
    opportunity { contactRoles { personId } } userErrors { field code } } }"""
DEAL = {
    "externalId": {"system": "salesforce", "value": "006-CON-1"},
    "accountId": "acc-contoso",
    "name": "Contoso platform renewal",
    "stage": "PROPOSAL",
    "amount": 250000.0,
    "currency": "EUR",
    "closeDate": "2030-03-31",
}
DEALS = "MATCH (o:Opportunity) RETURN count(o) AS n"


async def _upsert(gql: GraphQL, **fields: Any) -> dict[str, Any]:
    body = await gql(UPSERT, {"input": fields})
    payload: dict[str, Any] = body["data"]["upsertOpportunity"]
    return payload


def _codes(payload: dict[str, Any]) -> list[tuple[str, str]]:
    return [(".".join(e["field"]), e["code"]) for e in payload["userErrors"]]


async def test_upsert_by_external_id_is_idempotent_and_updates_only_given_fields(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    first = await _upsert(gql, **DEAL)
    assert first["userErrors"] == []
    deal = first["opportunity"]
    assert deal["accountId"] == "acc-contoso" and deal["isOpen"] is True
    assert deal["externalIds"] == [{"system": "salesforce", "value": "006-CON-1"}]
    again = await asyncio.gather(*(_upsert(gql, **DEAL) for _ in range(4)))
    assert {a["opportunity"]["opportunityId"] for a in again} == {deal["opportunityId"]}
    assert await count(graph, DEALS) == 1
    # By external id alone, one field: the others stay.
    won = await _upsert(gql, externalId=DEAL["externalId"], stage="CLOSED_WON")
    assert won["opportunity"]["stage"] == "CLOSED_WON" and won["opportunity"]["isOpen"] is False
    assert won["opportunity"]["amount"] == 250000.0
    assert won["opportunity"]["closeDate"] == "2030-03-31"
    by_id = await _upsert(gql, id=deal["opportunityId"], amount=None)
    assert by_id["opportunity"]["amount"] is None  # an explicit null clears


async def test_bad_input_comes_back_typed_and_writes_nothing(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    bad = await _upsert(gql, **{**DEAL, "amount": -1.0, "currency": "euro", "name": " "})
    assert set(_codes(bad)) == {
        ("input.amount", "OUT_OF_RANGE"),
        ("input.currency", "INVALID"),
        ("input.name", "REQUIRED"),
    }
    no_account = await _upsert(gql, name="Orphan", stage="PROSPECTING")
    assert _codes(no_account) == [("input.accountId", "REQUIRED")]
    no_stage = await _upsert(gql, name="Stageless", accountId="acc-contoso")
    assert _codes(no_stage) == [("input.stage", "REQUIRED")]
    unknown = await _upsert(gql, **{**DEAL, "accountId": "acc-nope"})
    assert _codes(unknown) == [("input.accountId", "NOT_FOUND")]
    assert await count(graph, DEALS) == 0
    await _upsert(gql, **DEAL)
    moved = await _upsert(gql, externalId=DEAL["externalId"], accountId="acc-fabrikam")
    assert _codes(moved) == [("input.accountId", "CONFLICT")]
    taken = await _upsert(
        gql, externalId={"system": "salesforce", "value": "001-CONTOSO"}, name="x"
    )
    assert taken["opportunity"] is None  # an account's external id names no deal
    cleared = await _upsert(gql, externalId=DEAL["externalId"], stage=None)
    assert _codes(cleared) == [("input.stage", "REQUIRED")]


async def test_contact_roles_one_per_person_one_primary_and_only_people_working_there(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    deal = (await _upsert(gql, **DEAL))["opportunity"]["opportunityId"]

    async def set_role(person: str, role: str, primary: bool | None = None) -> dict[str, Any]:
        body = await gql(SET_ROLE, {"o": deal, "p": person, "role": role, "primary": primary})
        payload: dict[str, Any] = body["data"]["setOpportunityContactRole"]
        return payload

    assert (await set_role("p-cfo", "DECISION_MAKER", True))["userErrors"] == []
    for _ in range(2):  # again: still one role
        assert (await set_role("p-itdir", "CHAMPION"))["userErrors"] == []
    both = await set_role("p-itdir", "CHAMPION", True)  # a new primary
    roles = both["opportunity"]["contactRoles"]
    assert [(r["personId"], r["role"], r["isPrimary"]) for r in roles] == [
        ("p-itdir", "CHAMPION", True),
        ("p-cfo", "DECISION_MAKER", False),
    ]
    assert roles[0]["person"]["name"] == roles[0]["name"]
    # The role changes in place; an omitted isPrimary keeps the flag.
    changed = await set_role("p-itdir", "INFLUENCER")
    assert changed["opportunity"]["contactRoles"][0]["role"] == "INFLUENCER"
    assert changed["opportunity"]["contactRoles"][0]["isPrimary"] is True
    assert await count(graph, "MATCH ()-[c:CONTACT_ROLE]->() RETURN count(c) AS n") == 2
    assert _codes(await set_role("p-fab", "USER")) == [("personId", "NOT_EMPLOYED")]
    assert _codes(await set_role("p-left", "USER")) == [("personId", "NOT_EMPLOYED")]
    assert _codes(await set_role("p-nobody", "USER")) == [("personId", "NOT_FOUND")]
    body = await gql(SET_ROLE, {"o": "opp-nope", "p": "p-cfo", "role": "USER"})
    assert _codes(body["data"]["setOpportunityContactRole"]) == [("opportunityId", "NOT_FOUND")]
    for _ in range(2):  # removing twice is no error
        body = await gql(REMOVE_ROLE, {"o": deal, "p": "p-cfo"})
        removed = body["data"]["removeOpportunityContactRole"]
        assert removed["userErrors"] == []
    assert [r["personId"] for r in removed["opportunity"]["contactRoles"]] == ["p-itdir"]


async def test_a_scoped_key_writes_deals_of_its_accounts_only(
    gql: GraphQL, graph: GraphClient, graph_loaded: None, anonymous: Any, key_for: KeyFor
) -> None:
    deal = (await _upsert(gql, **DEAL))["opportunity"]["opportunityId"]
    secret = await key_for(Role.EDITOR, scope=AccountScope(frozenset({"acc-fabrikam"})))
    headers = {"Authorization": f"Bearer {secret}"}

    async def ask(query: str, variables: dict[str, Any]) -> dict[str, Any]:
        response = await anonymous.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        body: dict[str, Any] = response.json()
        return body

    outside = await ask(UPSERT, {"input": {"id": deal, "name": "Renamed"}})
    assert _codes(outside["data"]["upsertOpportunity"]) == [("input", "NOT_FOUND")]
    new_outside = await ask(UPSERT, {"input": {**DEAL, "externalId": None, "name": "New"}})
    assert new_outside["data"]["upsertOpportunity"]["opportunity"] is None
    role = await ask(SET_ROLE, {"o": deal, "p": "p-cfo", "role": "USER"})
    assert role["data"]["setOpportunityContactRole"]["opportunity"] is None
    inside = await ask(
        UPSERT, {"input": {"accountId": "acc-fabrikam", "name": "Fab deal", "stage": "PROSPECTING"}}
    )
    assert inside["data"]["upsertOpportunity"]["userErrors"] == []
    names = "MATCH (o:Opportunity) RETURN collect(o.name) AS n"
    assert sorted((await graph.session().read(names))[0]["n"]) == [
        "Contoso platform renewal",
        "Fab deal",
    ]


IMPORT = """mutation($input: DatasetInput!) {
  importDataset(input: $input) { accounts userErrors { field code } } }"""
DEALS_OF = """query($id: ID!, $open: Boolean) { account(id: $id) {
  opportunities(openOnly: $open) { totalCount edges { node {
    opportunityId name stage amount closeDate externalIds { value }
    contactRoles { personId role isPrimary } } } } } }"""
IMPORTED = {
    "opportunities": [
        {
            "id": "opp-1",
            "accountId": "acc-contoso",
            "name": "Platform",
            "stage": "NEGOTIATION",
            "amount": 90000.0,
            "closeDate": "2030-01-15",
            "externalIds": [{"system": "salesforce", "value": "006-1"}],
        },
        {"id": "opp-2", "accountId": "acc-contoso", "name": "Pilot", "stage": "CLOSED_LOST"},
    ],
    "opportunityContactRoles": [
        {"opportunityId": "opp-1", "personId": "p-cfo", "role": "DECISION_MAKER"},
        {"opportunityId": "opp-1", "personId": "p-itdir", "role": "CHAMPION", "isPrimary": True},
    ],
}


def _import_codes(body: dict[str, Any]) -> list[tuple[str, str]]:
    return [(".".join(e["field"]), e["code"]) for e in body["data"]["importDataset"]["userErrors"]]


async def test_import_writes_deals_and_roles_and_a_reimport_writes_nothing(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    assert _import_codes(await gql(IMPORT, {"input": IMPORTED})) == []
    changed = "MATCH (o:Opportunity) RETURN count(o) AS n"
    assert await count(graph, changed) == 2
    version = "MATCH (v:GraphVersion {key: 'acc-contoso'}) RETURN v.version AS n"
    before = (await graph.session().read(version))[0]["n"]
    assert _import_codes(await gql(IMPORT, {"input": IMPORTED})) == []
    assert (await graph.session().read(version))[0]["n"] == before  # nothing changed
    body = await gql(DEALS_OF, {"id": "acc-contoso"})
    deals = body["data"]["account"]["opportunities"]
    assert deals["totalCount"] == 2
    first = deals["edges"][0]["node"]  # by close date, undated last
    assert (first["opportunityId"], first["externalIds"]) == ("opp-1", [{"value": "006-1"}])
    assert [(r["personId"], r["isPrimary"]) for r in first["contactRoles"]] == [
        ("p-itdir", True),
        ("p-cfo", False),
    ]
    open_only = await gql(DEALS_OF, {"id": "acc-contoso", "open": True})
    assert open_only["data"]["account"]["opportunities"]["totalCount"] == 1
    # A new primary by import makes the old one non-primary.
    swap = {
        "opportunityContactRoles": [
            {
                "opportunityId": "opp-1",
                "personId": "p-cfo",
                "role": "DECISION_MAKER",
                "isPrimary": True,
            }
        ]
    }
    assert _import_codes(await gql(IMPORT, {"input": swap})) == []
    body = await gql(DEALS_OF, {"id": "acc-contoso"})
    roles = body["data"]["account"]["opportunities"]["edges"][0]["node"]["contactRoles"]
    assert [(r["personId"], r["isPrimary"]) for r in roles] == [
        ("p-cfo", True),
        ("p-itdir", False),
    ]


async def test_import_checks_deals_and_roles_like_the_mutations(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    assert _import_codes(await gql(IMPORT, {"input": IMPORTED})) == []
    bad = {
        "opportunities": [
            {"id": "opp-1", "accountId": "acc-fabrikam", "name": "Moved", "stage": "PROPOSAL"},
            {
                "id": "opp-3",
                "accountId": "acc-fabrikam",
                "name": "x",
                "stage": "PROPOSAL",
                "amount": -5.0,
                "currency": "eur",
            },
        ],
        "opportunityContactRoles": [
            {"opportunityId": "opp-9", "personId": "p-cfo", "role": "USER"},
            {"opportunityId": "opp-3", "personId": "p-cfo", "role": "USER"},
            {"opportunityId": "opp-2", "personId": "p-cfo", "role": "USER", "isPrimary": True},
            {"opportunityId": "opp-2", "personId": "p-cio", "role": "USER", "isPrimary": True},
            {"opportunityId": "opp-2", "personId": "p-cio", "role": "BLOCKER"},
        ],
    }
    assert sorted(_import_codes(await gql(IMPORT, {"input": bad}))) == [
        ("input.opportunities.0.accountId", "CONFLICT"),
        ("input.opportunities.1.amount", "OUT_OF_RANGE"),
        ("input.opportunities.1.currency", "INVALID"),
        ("input.opportunityContactRoles.0.opportunityId", "NOT_FOUND"),
        ("input.opportunityContactRoles.1.personId", "NOT_EMPLOYED"),  # p-cfo is not at Fabrikam
        ("input.opportunityContactRoles.3.isPrimary", "DUPLICATE"),
        ("input.opportunityContactRoles.4.personId", "DUPLICATE"),
    ]
    # An employment in the same import counts: Ivo joins Contoso (a move) and is on the deal.
    joined = {
        "employments": [{"personId": "p-fab", "accountId": "acc-contoso"}],
        "opportunityContactRoles": [
            {"opportunityId": "opp-1", "personId": "p-fab", "role": "INFLUENCER"}
        ],
    }
    assert _import_codes(await gql(IMPORT, {"input": joined})) == []


async def test_stakegraph_import_reads_opportunity_csv_files(
    graph: GraphClient,
    graph_loaded: None,
    neo4j_connection: dict[str, str],
    monkeypatch: Any,
    tmp_path: Any,
) -> None:
    from typer.testing import CliRunner

    from api.cli import app

    for key, value in neo4j_connection.items():
        monkeypatch.setenv(key, value)
    (tmp_path / "opportunities.csv").write_text(
        "id,accountId,name,stage,amount,currency,closeDate\n"
        "opp-a,acc-contoso,Renewal,PROPOSAL,120000,EUR,2030-06-30\n"
        "opp-b,acc-contoso,Bad,NOPE,1,EUR,\n",
        encoding="utf-8",
    )
    (tmp_path / "opportunity_contact_roles.csv").write_text(
        "opportunityId,personId,role,isPrimary\nopp-a,p-cfo,DECISION_MAKER,true\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    done = await asyncio.to_thread(runner.invoke, app, ["import", str(tmp_path)])
    assert "opportunities.csv:3" in done.output  # the bad stage, by file and line
    rows = await graph.session().read(
        "MATCH (p:Person)-[c:CONTACT_ROLE]->(o:Opportunity)-[:FOR_ACCOUNT]->(a:Account)"
        " RETURN o.id AS o, o.amount AS amount, p.id AS p, c.isPrimary AS primary, a.id AS a"
    )
    assert [dict(r) for r in rows] == [
        {"o": "opp-a", "amount": 120000.0, "p": "p-cfo", "primary": True, "a": "acc-contoso"}
    ]


COVERAGE = """query { account(id: "acc-contoso") {
  opportunities(openOnly: true) { edges { node { opportunityId coverage {
    decisionMakerReached championReached contacts activeContacts activeContactIds atRisk
    decisionMakers { name } champions { name } } } } }
  scores { riskFlags { code message evidence people { name } } } } }"""


async def test_coverage_and_the_closing_deal_flag_through_graphql(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    from tests.integration.small_graph import ago

    soon = {**DEAL, "closeDate": ago(-20).isoformat(), "name": "Data platform"}
    deal = (await _upsert(gql, **soon))["opportunity"]["opportunityId"]
    for person, role in (("p-cio", "DECISION_MAKER"), ("p-itdir", "CHAMPION"), ("p-eng2", "USER")):
        body = await gql(SET_ROLE, {"o": deal, "p": person, "role": role})
        assert body["data"]["setOpportunityContactRole"]["userErrors"] == []
    body = await gql(COVERAGE)
    account = body["data"]["account"]
    (edge,) = account["opportunities"]["edges"]
    coverage = edge["node"]["coverage"]
    assert coverage == {
        "decisionMakerReached": False,  # nobody of ours knows the CIO
        "championReached": True,
        "contacts": 3,
        "activeContacts": 1,
        "activeContactIds": ["p-itdir"],
        "atRisk": True,
        "decisionMakers": [{"name": "Cleo Cio"}],
        "champions": [{"name": "Dan Director"}],
    }
    flags = {f["code"]: f for f in account["scores"]["riskFlags"]}
    flag = flags["DEAL_AT_RISK_NO_DECISION_MAKER"]
    assert flag["people"] == [{"name": "Cleo Cio"}]
    assert flag["evidence"] == [
        f"Data platform (PROPOSAL, closes {ago(-20).isoformat()}): no active relationship "
        "with Cleo Cio"
    ]
    # The CFO, whom we know, joins the deal as a decision maker: the deal is covered.
    await gql(SET_ROLE, {"o": deal, "p": "p-cfo", "role": "DECISION_MAKER"})
    body = await gql(COVERAGE)
    account = body["data"]["account"]
    coverage = account["opportunities"]["edges"][0]["node"]["coverage"]
    assert (coverage["decisionMakerReached"], coverage["atRisk"]) == (True, False)
    codes = {f["code"] for f in account["scores"]["riskFlags"]}
    assert "DEAL_AT_RISK_NO_DECISION_MAKER" not in codes
    # The stored scores were refreshed by the writes: the flag came and went.
    stored = await graph.session().read(
        "MATCH (a:Account {id: 'acc-contoso'}) RETURN a.riskFlagCodes AS codes"
    )
    assert "DEAL_AT_RISK_NO_DECISION_MAKER" not in stored[0]["codes"]


async def test_a_scoped_key_reads_no_deal_of_other_accounts(
    gql: GraphQL, graph_loaded: None, anonymous: Any, key_for: KeyFor
) -> None:
    deal = (await _upsert(gql, **DEAL))["opportunity"]["opportunityId"]
    await _upsert(gql, id="opp-fab", accountId="acc-fabrikam", name="Fab", stage="PROPOSAL")
    secret = await key_for(Role.VIEWER, scope=AccountScope(frozenset({"acc-fabrikam"})))
    from strawberry.relay import to_base64

    query = """query($c: ID!, $f: ID!) {
      contoso: node(id: $c) { id } fabrikam: node(id: $f) { ... on Opportunity { name } }
      account(id: "acc-fabrikam") { opportunities { totalCount } } }"""
    response = await anonymous.post(
        "/graphql",
        json={
            "query": query,
            "variables": {
                "c": to_base64("Opportunity", deal),
                "f": to_base64("Opportunity", "opp-fab"),
            },
        },
        headers={"Authorization": f"Bearer {secret}"},
    )
    data = response.json()["data"]
    assert data["contoso"] is None
    assert data["fabrikam"] == {"name": "Fab"}
    assert data["account"]["opportunities"]["totalCount"] == 1


async def test_the_demo_flags_northwinds_cloud_deal(gql: GraphQL, demo: None) -> None:
    body = await gql(
        """{ account(id: "acc-northwind") {
          opportunities { edges { node { name coverage { atRisk decisionMakerReached } } } }
          riskFlags { code people { name } evidence } } }"""
    )
    account = body["data"]["account"]
    deals = {e["node"]["name"]: e["node"]["coverage"] for e in account["opportunities"]["edges"]}
    assert deals["Northwind cloud migration"] == {"atRisk": True, "decisionMakerReached": False}
    assert deals["Northwind finance analytics renewal"]["atRisk"] is False
    flag = next(f for f in account["riskFlags"] if f["code"] == "DEAL_AT_RISK_NO_DECISION_MAKER")
    assert flag["people"] == [{"name": "Sofia Alvarez"}]
    assert len(flag["evidence"]) == 1 and "Northwind cloud migration" in flag["evidence"][0]
