"""importDataset carries history: dated lines, roles, seats and influences, when a hand-set
strength was set, and buying roles of people who have since left (dated within their stint)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from graph.client import GraphClient
from graph.dataset import EmploymentRecord
from tests.helpers import GraphQL, LoadGraph
from tests.integration.small_graph import TODAY, ago, small_graph

ERRORS = "userErrors { field code message }"
IMPORT = "mutation($input: DatasetInput!) { importDataset(input: $input) { accounts %s } }" % ERRORS


def day(days: int) -> str:
    return ago(days).isoformat()


def codes(payload: dict[str, Any]) -> list[tuple[str, ...]]:
    return [(e["code"], *e["field"]) for e in payload["userErrors"]]


async def test_a_dated_role_needs_an_employment_covering_its_date(
    gql: GraphQL, graph: GraphClient, load_graph: LoadGraph
) -> None:
    await load_graph(small_graph())
    # p-left worked at Contoso from ago(900) until ago(60); p-cfo since ago(1000), still there;
    # p-fab has never worked at Contoso.
    refused = {
        "buyingRoles": [
            {"personId": "p-left", "accountId": "acc-contoso", "role": "USER"},
            {"personId": "p-left", "accountId": "acc-contoso", "role": "COACH", "since": day(30)},
            {"personId": "p-cfo", "accountId": "acc-contoso", "role": "COACH", "since": day(1100)},
            {"personId": "p-fab", "accountId": "acc-contoso", "role": "USER", "since": day(10)},
        ]
    }
    payload = (await gql(IMPORT, {"input": refused}))["data"]["importDataset"]
    assert codes(payload) == [
        ("NOT_EMPLOYED", "input", "buyingRoles", "0", "personId"),  # no date: employed today
        ("NOT_EMPLOYED", "input", "buyingRoles", "1", "since"),  # after she left
        ("NOT_EMPLOYED", "input", "buyingRoles", "2", "since"),  # before he joined
        ("NOT_EMPLOYED", "input", "buyingRoles", "3", "since"),  # never there
    ]
    assert "on " + ago(30).isoformat() in payload["userErrors"][1]["message"]
    # The role of someone who has left, dated while they were there, is history: kept.
    history = {
        "buyingRoles": [
            {"personId": "p-left", "accountId": "acc-contoso", "role": "COACH", "since": day(500)},
            {"personId": "p-cfo", "accountId": "acc-contoso", "role": "COACH", "since": day(900)},
        ]
    }
    assert (await gql(IMPORT, {"input": history}))["data"]["importDataset"]["userErrors"] == []
    rows = await graph.session().read(
        "MATCH (p:Person)-[r:HAS_ROLE {role: 'COACH'}]->(:Account {id: 'acc-contoso'}) "
        "RETURN p.id AS person, r.since AS since ORDER BY person"
    )
    assert rows == [{"person": "p-cfo", "since": ago(900)}, {"person": "p-left", "since": ago(500)}]


async def test_a_dated_role_counts_the_employments_of_the_same_import(
    gql: GraphQL, load_graph: LoadGraph
) -> None:
    await load_graph(small_graph())
    joined = {
        "employments": [{"personId": "p-fab", "accountId": "acc-contoso", "since": day(200)}],
        "buyingRoles": [
            {"personId": "p-fab", "accountId": "acc-contoso", "role": "USER", "since": day(100)},
            {"personId": "p-fab", "accountId": "acc-contoso", "role": "COACH", "since": day(300)},
        ],
    }
    payload = (await gql(IMPORT, {"input": joined}))["data"]["importDataset"]
    assert codes(payload) == [("NOT_EMPLOYED", "input", "buyingRoles", "1", "since")]
    # An ended row without a start date ends the current stint: p-cfo leaves on ago(300).
    leaves = {
        "employments": [{"personId": "p-cfo", "accountId": "acc-contoso", "until": day(300)}],
        "buyingRoles": [
            {"personId": "p-cfo", "accountId": "acc-contoso", "role": "COACH", "since": day(100)},
            {"personId": "p-cfo", "accountId": "acc-contoso", "role": "USER", "since": day(400)},
            {"personId": "p-cfo", "accountId": "acc-contoso", "role": "INFLUENCER"},
        ],
    }
    payload = (await gql(IMPORT, {"input": leaves}))["data"]["importDataset"]
    assert codes(payload) == [
        ("NOT_EMPLOYED", "input", "buyingRoles", "0", "since"),
        ("NOT_EMPLOYED", "input", "buyingRoles", "2", "personId"),
    ]


async def test_imported_lines_seats_influences_and_strengths_keep_their_dates(
    gql: GraphQL, graph: GraphClient, load_graph: LoadGraph
) -> None:
    await load_graph(small_graph())
    set_at = datetime.combine(ago(40), datetime.min.time()).replace(hour=9)  # no offset: UTC
    dated = {
        "reportsTo": [{"personId": "p-contractor", "managerId": "p-ceo", "since": day(250)}],
        "teamAssignments": [
            {
                "teamMemberId": "tm-dev",
                "accountId": "acc-fabrikam",
                "role": "SPECIALIST",
                "since": day(150),
            }
        ],
        "influences": [{"personId": "p-cio", "influencedId": "p-cfo", "since": day(75)}],
        "relationships": [
            {
                "id": "rel-9",
                "teamMemberId": "tm-dev",
                "personId": "p-cio",
                "since": day(200),
                "manualStrength": "DEVELOPING",
                "manualStrengthSetAt": set_at.isoformat(),
            }
        ],
    }
    assert (await gql(IMPORT, {"input": dated}))["data"]["importDataset"]["userErrors"] == []
    rows = await graph.session().read(
        """MATCH (:Person {id: 'p-contractor'})-[line:REPORTS_TO]->(:Person {id: 'p-ceo'}),
                 (:TeamMember {id: 'tm-dev'})-[seat:ON_TEAM]->(:Account {id: 'acc-fabrikam'}),
                 (:Person {id: 'p-cio'})-[influence:INFLUENCES]->(:Person {id: 'p-cfo'}),
                 (:TeamMember {id: 'tm-dev'})-[k:KNOWS]->(:Person {id: 'p-cio'})
           RETURN line.since AS line, seat.since AS seat, influence.since AS influence,
                  k.manualStrength AS strength, k.manualStrengthSetAt AS setAt"""
    )
    assert rows == [
        {
            "line": ago(250),
            "seat": ago(150),
            "influence": ago(75),
            "strength": "DEVELOPING",
            "setAt": set_at.replace(tzinfo=UTC),
        }
    ]
    tomorrow = datetime.combine(TODAY + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    bad = {
        "relationships": [
            {
                "id": "rel-9",
                "teamMemberId": "tm-dev",
                "personId": "p-cio",
                "manualStrengthSetAt": set_at.isoformat(),
            },
            {
                "id": "rel-3",
                "teamMemberId": "tm-dev",
                "personId": "p-eng1",
                "manualStrength": "WEAK",
                "manualStrengthSetAt": tomorrow.isoformat(),
            },
        ]
    }
    payload = (await gql(IMPORT, {"input": bad}))["data"]["importDataset"]
    assert codes(payload) == [
        ("INVALID", "input", "relationships", "0", "manualStrengthSetAt"),
        ("INVALID", "input", "relationships", "1", "manualStrengthSetAt"),
    ]


async def test_an_ended_row_without_a_start_imported_twice_changes_nothing_the_second_time(
    gql: GraphQL, graph: GraphClient, load_graph: LoadGraph
) -> None:
    """Found by the property test of ``stints_after_import``: with two stints without a start
    date, the second run of the same row ended the other stint too."""
    base = small_graph()
    stints = [
        EmploymentRecord(person_id="p-contractor", account_id="acc-contoso"),  # current
        EmploymentRecord(person_id="p-contractor", account_id="acc-contoso", until=ago(0)),
    ]
    data = replace(
        base,
        employments=tuple(e for e in base.employments if e.person_id != "p-contractor")
        + tuple(stints),
    )
    await load_graph(data)
    row = {
        "employments": [{"personId": "p-contractor", "accountId": "acc-contoso", "until": day(1)}]
    }
    read = (
        "MATCH (:Person {id: 'p-contractor'})-[e:EMPLOYED_AT]->(:Account {id: 'acc-contoso'}) "
        "RETURN e.until AS until ORDER BY until"
    )
    for _ in range(2):
        payload = (await gql(IMPORT, {"input": row}))["data"]["importDataset"]
        assert payload["userErrors"] == []
        # The current stint ended yesterday; the one that ended today is left as it was.
        assert await graph.session().read(read) == [{"until": ago(1)}, {"until": ago(0)}]
