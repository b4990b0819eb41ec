"""Each write names the accounts it touched, and exactly those get fresh stored scores."""

from __future__ import annotations

from typing import Any

from graph.client import GraphClient
from tests.conftest import GraphQL, LoadGraph
from tests.integration.small_graph import small_graph

COMPUTED_AT = "MATCH (a:Account) RETURN a.id AS id, a.scoresComputedAt AS at ORDER BY id"


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
