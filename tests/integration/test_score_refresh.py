"""Writes through GraphQL keep the stored scores fresh; recomputeScores on demand."""

from __future__ import annotations

from tests.helpers import GraphQL
from tests.integration.documents import LOG
from tests.integration.small_graph import TODAY


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
