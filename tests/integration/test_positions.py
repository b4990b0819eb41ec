"""Versioned titles (issue 17, item 8), through GraphQL: a person's title, department and
seniority at an account are kept as dated positions, so charts and scores of a past day show
what people were then; a title change raises CHAMPION_ROLE_CHANGED; positions import, export
and round-trip."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from graph import versions
from graph.client import GraphClient
from graph.dataset import (
    AccountRecord,
    BuyingRoleRecord,
    Dataset,
    EmploymentRecord,
    PersonRecord,
    PositionRecord,
    ReportsToRecord,
)
from graph.exports import dataset_records
from graph.importer import import_dataset
from graph.writes import backfill_positions
from tests.helpers import ERRORS, GraphQL, LoadGraph, count
from tests.integration.documents import IMPORT
from tests.integration.small_graph import TODAY, ago, small_graph


def _graph() -> Dataset:
    """Adatum: a CEO, their VP of Finance and a champion (Head of IT), all there 1,000 days."""
    people = (
        PersonRecord("p-ceo", "Cara Chief", title="CEO", department="Board", seniority="C_LEVEL"),
        PersonRecord(
            "p-vp", "Victor Vance", title="VP Finance", department="Finance", seniority="VP"
        ),
        PersonRecord(
            "p-champ", "Hanna Champ", title="Head of IT", department="IT", seniority="DIRECTOR"
        ),
    )
    return Dataset(
        accounts=(AccountRecord("acc-adatum", "Adatum", tier=3),),
        people=people,
        employments=tuple(
            EmploymentRecord(p.id, "acc-adatum", since=ago(1000), title=p.title) for p in people
        ),
        reports_to=(
            ReportsToRecord("p-vp", "p-ceo", since=ago(1000)),
            ReportsToRecord("p-champ", "p-ceo", since=ago(1000)),
        ),
        buying_roles=(BuyingRoleRecord("p-champ", "acc-adatum", "CHAMPION", since=ago(900)),),
    )


UPSERT = (
    """
mutation($input: PersonInput!) {
  upsertPerson(input: $input) {
    person { title seniority
             positions { accountId title department seniority since until } }
    %s
  }
}
"""
    % ERRORS
)

AS_OF = """
query($asOf: Date) {
  account(id: "acc-adatum") {
    orgChart(asOf: $asOf) { nodes { personId person { title seniority department } } }
    orgTree(asOf: $asOf) { person { personId seniority } children { person { personId seniority } } }
    stakeholderMap(asOf: $asOf) { person { personId } seniority department isKeyStakeholder }
    scores(asOf: $asOf) { breadth { uncoveredLevels } riskFlags { code message people { name } } }
  }
}
"""

POSITIONS = "MATCH (:Person)-[h:HELD]->(:Account) RETURN count(h) AS n"


def _node(account: dict[str, Any], person_id: str) -> dict[str, Any]:
    node = next(n for n in account["orgChart"]["nodes"] if n["personId"] == person_id)
    return dict(node["person"])


async def test_a_promotion_30_days_ago_is_a_vp_in_charts_and_scores_60_days_back(
    gql: GraphQL, graph: GraphClient, load_graph: LoadGraph
) -> None:
    await load_graph(_graph())
    # The import opened one position per person, from the employment's start.
    assert await count(graph, POSITIONS) == 3
    promote = {"id": "p-vp", "title": "CFO", "seniority": "C_LEVEL", "positionSince": str(ago(30))}
    for _ in range(2):  # a retry writes nothing more
        done = (await gql(UPSERT, {"input": promote}))["data"]["upsertPerson"]
        assert done["userErrors"] == []
        assert done["person"]["seniority"] == "C_LEVEL"
        assert done["person"]["positions"] == [
            {
                "accountId": "acc-adatum",
                "title": "CFO",
                "department": "Finance",
                "seniority": "C_LEVEL",
                "since": str(ago(30)),
                "until": None,
            },
            {
                "accountId": "acc-adatum",
                "title": "VP Finance",
                "department": "Finance",
                "seniority": "VP",
                "since": str(ago(1000)),
                "until": str(ago(30)),
            },
        ]
    assert await count(graph, POSITIONS) == 4
    ahead = {"id": "p-vp", "title": "CEO", "positionSince": str(TODAY + timedelta(days=1))}
    refused = (await gql(UPSERT, {"input": ahead}))["data"]["upsertPerson"]
    assert [(e["code"], e["field"][-1]) for e in refused["userErrors"]] == [
        ("INVALID", "positionSince")
    ]
    assert await count(graph, POSITIONS) == 4

    past = (await gql(AS_OF, {"asOf": str(ago(60))}))["data"]["account"]
    assert _node(past, "p-vp") == {
        "title": "VP Finance",
        "seniority": "VP",
        "department": "Finance",
    }
    below = past["orgTree"][0]["children"]
    assert {c["person"]["personId"]: c["person"]["seniority"] for c in below}["p-vp"] == "VP"
    row = next(r for r in past["stakeholderMap"] if r["person"]["personId"] == "p-vp")
    assert row["seniority"] == "VP"
    # Nobody is covered: every level among the people of that day is uncovered.
    assert set(past["scores"]["breadth"]["uncoveredLevels"]) == {"C_LEVEL", "VP", "DIRECTOR"}

    # The day the position changed and today: the new one.
    for day in (str(ago(30)), None):
        now = (await gql(AS_OF, {"asOf": day}))["data"]["account"]
        assert _node(now, "p-vp")["seniority"] == "C_LEVEL"
        assert _node(now, "p-vp")["title"] == "CFO"
        assert set(now["scores"]["breadth"]["uncoveredLevels"]) == {"C_LEVEL", "DIRECTOR"}
    # The day before the change: still the old one.
    before = (await gql(AS_OF, {"asOf": str(ago(31))}))["data"]["account"]
    assert _node(before, "p-vp")["seniority"] == "VP"


async def test_a_title_change_through_upsert_person_raises_champion_role_changed(
    gql: GraphQL, graph: GraphClient, load_graph: LoadGraph
) -> None:
    await load_graph(_graph())

    def changed(account: dict[str, Any]) -> list[dict[str, Any]]:
        flags = account["scores"]["riskFlags"]
        return [f for f in flags if f["code"] == "CHAMPION_ROLE_CHANGED"]

    assert changed((await gql(AS_OF))["data"]["account"]) == []
    # The same values: nothing changes, no new position.
    same = {"id": "p-champ", "title": "Head of IT", "seniority": "DIRECTOR"}
    assert (await gql(UPSERT, {"input": same}))["data"]["upsertPerson"]["userErrors"] == []
    assert await count(graph, POSITIONS) == 3
    assert changed((await gql(AS_OF))["data"]["account"]) == []

    moved = {"id": "p-champ", "title": "Procurement Director", "department": "Procurement"}
    assert (await gql(UPSERT, {"input": moved}))["data"]["upsertPerson"]["userErrors"] == []
    (flag,) = changed((await gql(AS_OF))["data"]["account"])
    assert [p["name"] for p in flag["people"]] == ["Hanna Champ"]
    assert "Head of IT → Procurement Director" in flag["message"]
    assert str(TODAY) in flag["message"]
    # Yesterday she was still Head of IT, and nothing had changed.
    assert changed((await gql(AS_OF, {"asOf": str(ago(1))}))["data"]["account"]) == []
    past = (await gql(AS_OF, {"asOf": str(ago(1))}))["data"]["account"]
    assert _node(past, "p-champ")["department"] == "IT"


async def test_positions_import_through_import_dataset_and_round_trip(
    gql: GraphQL, graph: GraphClient, load_graph: LoadGraph
) -> None:
    await load_graph(_graph())
    history = [
        {
            "personId": "p-ceo",
            "accountId": "acc-adatum",
            "since": str(ago(1000)),
            "until": str(ago(400)),
            "title": "COO",
            "department": "Operations",
            "seniority": "C_LEVEL",
        },
        {
            "personId": "p-ceo",
            "accountId": "acc-adatum",
            "since": str(ago(400)),
            "title": "CEO",
            "department": "Board",
            "seniority": "C_LEVEL",
        },
    ]
    for _ in range(2):  # a re-import writes nothing
        done = (await gql(IMPORT, {"input": {"positions": history}}))["data"]["importDataset"]
        assert done["userErrors"] == []
        # The imported open position ended the backfilled one (since the employment's start)
        # on its own start, and took the person's values, so no third one opened.
        shown = (await gql('{ person(id: "p-ceo") { positions { title since until } } }'))["data"][
            "person"
        ]["positions"]
        assert [(p["title"], p["since"], p["until"]) for p in shown] == [
            ("CEO", str(ago(400)), None),
            ("COO", str(ago(1000)), str(ago(400))),
        ]
    past = (await gql(AS_OF, {"asOf": str(ago(500))}))["data"]["account"]
    assert _node(past, "p-ceo")["title"] == "COO"
    assert _node(past, "p-ceo")["department"] == "Operations"

    bad = [{**history[0], "until": str(ago(1001))}]
    refused = (await gql(IMPORT, {"input": {"positions": bad}}))["data"]["importDataset"]
    assert [e["code"] for e in refused["userErrors"]] == ["INVALID_DATE_RANGE"]

    # Export and import into an empty graph: the same positions.
    async def exported() -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        async for page in dataset_records(graph.session(), "positions", TODAY):
            found.extend(page)
        return sorted(found, key=lambda r: (r["personId"], str(r["since"])))

    first = await exported()
    assert len(first) == await count(graph, POSITIONS)
    data = replace(
        _graph(),
        positions=tuple(
            PositionRecord(
                r["personId"],
                r["accountId"],
                r["since"],
                r["until"],
                r["title"],
                r["department"],
                r["seniority"],
            )
            for r in first
        ),
    )
    await load_graph(data)
    assert await exported() == first
    summary = await import_dataset(graph.session(), data)
    assert summary.changes == 0


async def test_the_start_up_backfill_gives_positions_in_batches_and_then_writes_nothing(
    graph: GraphClient, load_graph: LoadGraph
) -> None:
    # The small graph as a graph from before positions were kept: no HELD at all.
    await load_graph(small_graph())
    session = graph.session()
    await session.write("MATCH ()-[h:HELD]->() DELETE h")
    employed = await count(
        graph, "MATCH (p:Person)-[e:EMPLOYED_AT]->() WHERE e.until IS NULL RETURN count(p) AS n"
    )
    assert employed == 9  # 7 at Contoso, 2 at Fabrikam (Hana's Contoso stint has ended)
    # Three people a transaction: three full batches, then an empty one ends it.
    seen = await backfill_positions(session, TODAY, batch=3)
    assert seen == employed
    held = "MATCH (p:Person)-[h:HELD]->(a) WHERE h.until IS NULL RETURN count(h) AS n"
    assert await count(graph, held) == employed
    version = await versions.current(session, [versions.PORTFOLIO])
    assert version[versions.PORTFOLIO] is not None
    assert await backfill_positions(session, TODAY, batch=3) == 0
    again = await versions.current(session, [versions.PORTFOLIO])
    assert again == version  # nothing written, nothing bumped
