"""Job changes are moves, through GraphQL: upsertPerson with another accountId, startEmployment
(or concurrent, a board seat, which moves nothing) and an import row."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from graph.client import GraphClient
from tests.helpers import ERRORS, GraphQL, count
from tests.integration.documents import IMPORT
from tests.integration.small_graph import TODAY

MOVE = (
    """
mutation($account: ID!) {
  upsertPerson(input: {id: "p-itdir", accountId: $account}) {
    person { currentAccountId managerId employments { accountId since until current } }
    %s
  }
}
"""
    % ERRORS
)

CONTOSO = """
{ account(id: "acc-contoso") {
    riskFlagCodes
    scores { riskFlags { code people { name } } }
    orgChart { nodes { person { name } parentId } }
} }
"""


def flagged(account: dict[str, Any]) -> set[tuple[str, str]]:
    """(flag, person named) pairs of an account's live scores."""
    return {(f["code"], p["name"]) for f in account["scores"]["riskFlags"] for p in f["people"]}


LINES = """
MATCH (:Person {id: 'p-itdir'})-[r:REPORTS_TO]-(:Person) WHERE r.until IS NULL
RETURN count(r) AS n
"""


async def test_upsert_person_with_another_account_moves_the_champion(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    before = (await gql(CONTOSO))["data"]["account"]
    assert ("CHAMPION_LEFT", "Dan Director") not in flagged(before)
    assert await count(graph, LINES) == 3  # to the CIO, from two engineers

    for _ in range(2):  # a retry of the same CRM update changes nothing more
        moved = (await gql(MOVE, {"account": "acc-tailspin"}))["data"]["upsertPerson"]
        assert moved["userErrors"] == []
        person = moved["person"]
        assert person["currentAccountId"] == "acc-tailspin"
        assert person["managerId"] is None
        stints = {e["accountId"]: e for e in person["employments"]}
        assert stints["acc-contoso"]["until"] == (TODAY - timedelta(days=1)).isoformat()
        assert not stints["acc-contoso"]["current"]
        assert stints["acc-tailspin"]["current"] and stints["acc-tailspin"]["since"] == str(TODAY)
        assert len(person["employments"]) == 2

    # CHAMPION_LEFT fires at the old account, in its live and its stored scores, with no
    # endEmployment; the reporting lines there ended with the job.
    after = (await gql(CONTOSO))["data"]["account"]
    # (one flag per champion who left: Hana Gone left 60 days ago)
    assert ("CHAMPION_LEFT", "Dan Director") in flagged(after)
    assert "CHAMPION_LEFT" in after["riskFlagCodes"]
    assert "Dan Director" not in {n["person"]["name"] for n in after["orgChart"]["nodes"]}
    assert await count(graph, LINES) == 0
    # Relationships stay with the person.
    kept = "MATCH (:TeamMember)-[k:KNOWS]->(:Person {id: 'p-itdir'}) RETURN count(k) AS n"
    assert await count(graph, kept) > 0


START = (
    """
mutation($concurrent: Boolean!) {
  startEmployment(personId: "p-cfo", accountId: "acc-fabrikam", concurrent: $concurrent) {
    person { currentAccountId employments { accountId current } }
    %s
  }
}
"""
    % ERRORS
)


async def test_a_concurrent_employment_is_no_move(gql: GraphQL, graph_loaded: None) -> None:
    seat = (await gql(START, {"concurrent": True}))["data"]["startEmployment"]
    assert seat["userErrors"] == []
    current = {e["accountId"] for e in seat["person"]["employments"] if e["current"]}
    assert current == {"acc-contoso", "acc-fabrikam"}


async def test_an_import_row_moves_a_person_and_reimports_unchanged(
    gql: GraphQL, graph_loaded: None
) -> None:
    rows = {"employments": [{"personId": "p-itdir", "accountId": "acc-fabrikam"}]}
    for _ in range(2):
        done = (await gql(IMPORT, {"input": rows}))["data"]["importDataset"]
        assert done["userErrors"] == []
    body = await gql('{ person(id: "p-itdir") { employments { accountId current until } } }')
    stints = {e["accountId"]: e for e in body["data"]["person"]["employments"]}
    assert stints["acc-fabrikam"]["current"] and not stints["acc-contoso"]["current"]
    assert len(stints) == 2
    flags = (await gql(CONTOSO))["data"]["account"]["riskFlagCodes"]
    assert "CHAMPION_LEFT" in flags
    # Two current jobs at once in one import would end each other: refused.
    both = {
        "employments": [
            {"personId": "p-eng1", "accountId": "acc-fabrikam"},
            {"personId": "p-eng1", "accountId": "acc-tailspin"},
        ]
    }
    refused = (await gql(IMPORT, {"input": both}))["data"]["importDataset"]
    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [
        ("DUPLICATE", ["input", "employments", "1", "accountId"])
    ]
