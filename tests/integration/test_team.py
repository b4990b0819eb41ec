"""Our team through GraphQL on the real Neo4j: team members, upsertTeamMember and account team
seats."""

from __future__ import annotations

from tests.helpers import ERRORS, GraphQL, codes


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
    # Ben Cfo from the QBR they both attended (a touchpoint makes the relationship).
    assert sorted(r["person"]["name"] for r in lead["relationships"]) == [
        "Ben Cfo",
        "Dan Director",
        "Hana Gone",
    ]


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
