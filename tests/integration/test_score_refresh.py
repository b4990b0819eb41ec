"""Writes through GraphQL keep the stored scores fresh; recomputeScores on demand."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from graph import scores as stored
from graph.client import GraphClient
from tests.helpers import GraphQL, LoadGraph
from tests.integration.documents import LOG
from tests.integration.small_graph import TODAY, small_graph

COMPUTED_AT = "MATCH (a:Account) RETURN a.id AS id, a.scoresComputedAt AS at ORDER BY id"


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


async def _computed_at(graph: GraphClient) -> dict[str, Any]:
    return {row["id"]: row["at"] for row in await graph.session().read(COMPUTED_AT)}


async def test_upsert_team_member_with_seats_refreshes_their_accounts(
    gql: GraphQL, graph: GraphClient, load_graph: LoadGraph
) -> None:
    # tm-lead sits on the Contoso and Fabrikam teams. This upsert used to answer
    # INTERNAL_ERROR (the payload's seats point back at the member, and the old refresh
    # followed them for ever) although the write had committed, so a retrying sync looped.
    await load_graph(small_graph())
    before = await _computed_at(graph)
    body = await gql(
        'mutation { upsertTeamMember(input: {id: "tm-lead", title: "Partner"}) {'
        " teamMember { teamMemberId title assignments { account { accountId } } }"
        " userErrors { field code message } } }"
    )
    payload = body["data"]["upsertTeamMember"]
    assert payload["userErrors"] == []
    assert payload["teamMember"]["title"] == "Partner"
    seats = {a["account"]["accountId"] for a in payload["teamMember"]["assignments"]}
    assert seats == {"acc-contoso", "acc-fabrikam"}
    after = await _computed_at(graph)
    refreshed = {a for a in after if after[a] is not None and after[a] != before.get(a)}
    # Its seats' accounts, and no other (Tailspin has nothing of tm-lead's).
    assert refreshed == {"acc-contoso", "acc-fabrikam"}


async def test_a_refused_write_refreshes_nothing(
    gql: GraphQL, graph: GraphClient, load_graph: LoadGraph
) -> None:
    await load_graph(small_graph())
    before = await _computed_at(graph)
    body = await gql(
        'mutation { setReportsTo(personId: "p-cio", managerId: "p-cio") {'
        " userErrors { field code } } }"
    )
    assert body["data"]["setReportsTo"]["userErrors"] == [{"field": ["managerId"], "code": "CYCLE"}]
    assert await _computed_at(graph) == before


async def test_concurrent_writes_to_one_account_share_their_refreshes(
    gql: GraphQL, graph_loaded: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writes at once to one account: each waits for a refresh that started after its commit
    (graph/coalesce.py), so the stored scores are those of a fresh recompute, but the
    recomputes are fewer than the writes (counted where every refresh calls it)."""
    calls: list[list[str]] = []
    real = stored.recompute

    async def counted(*args: Any, **kwargs: Any) -> int:
        calls.append(list(args[1]))
        return await real(*args, **kwargs)

    monkeypatch.setattr(stored, "recompute", counted)
    people = ["p-ceo", "p-cfo", "p-cio", "p-itdir", "p-eng1", "p-eng2", "p-contractor"]
    writes = 14
    answers = await asyncio.gather(
        *(
            gql(
                LOG,
                {
                    "input": {
                        "accountId": "acc-contoso",
                        "date": (TODAY - timedelta(days=n)).isoformat(),
                        "channel": "IN_PERSON",
                        "kind": "STRATEGIC",
                        "teamMemberIds": ["tm-sponsor"],
                        "personIds": [people[n % len(people)]],
                    }
                },
            )
            for n in range(writes)
        )
    )
    assert all(a["data"]["logTouchpoint"]["userErrors"] == [] for a in answers)
    assert calls and all(ids == ["acc-contoso"] for ids in calls)
    assert len(calls) < writes, calls
    print(f"{writes} concurrent writes, {len(calls)} recomputes")
    monkeypatch.undo()
    shown = (await gql(SHOWN))["data"]["account"]
    await gql('mutation { recomputeScores(accountIds: ["acc-contoso"]) { accounts } }')
    fresh = (await gql(SHOWN))["data"]["account"]
    assert shown.pop("scoresComputedAt") < fresh.pop("scoresComputedAt")
    assert shown == fresh
    live = await gql('{ account(id: "acc-contoso") { scores { breadth { value } } } }')
    assert shown["breadthScore"] == live["data"]["account"]["scores"]["breadth"]["value"]


SHOWN = """{ account(id: "acc-contoso") { breadthScore dependencyScore executiveScore
  riskFlagCodes scoresComputedAt } }"""
