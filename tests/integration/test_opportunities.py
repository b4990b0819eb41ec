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
