"""Relationships follow activity (issue 14, item 4) through GraphQL on a known graph: a
touchpoint between one of ours and a client person with no relationship creates it (strength
derived, active, in the scores), moves an existing one's last contact forward only and its
since back, leaves hand-set strengths to their rules; the import (importDataset and
``stakegraph import``) follows the same rule and re-imports unchanged; a scoped key follows it
only within its accounts; a deleted touchpoint takes the relationship it alone made; the
backfill (``stakegraph derive-relationships``) makes what older data lacks, once."""

from __future__ import annotations

import asyncio
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from strawberry.relay import to_base64
from typer.testing import CliRunner

from api.cli import app
from graph import versions
from graph.access import AccountScope, Role
from graph.client import GraphClient, Transaction
from graph.dataset import (
    AccountRecord,
    BuyingRoleRecord,
    Dataset,
    EmploymentRecord,
    PersonRecord,
    RelationshipRecord,
    TeamAssignmentRecord,
    TeamMemberRecord,
    TouchpointRecord,
)
from graph.importer import import_dataset
from tests.helpers import GraphQL, KeyFor, LoadGraph, codes, count
from tests.integration.documents import IMPORT, LOG
from tests.integration.test_import_cli import tallies
from tests.reference.nx_scores import reference_scores

TODAY = date.today()


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def known_graph() -> Dataset:
    """Acme (tier 3): a CFO (decision maker) nobody of ours knows, a champion our lead knows
    (last touchpoint 10 days ago), a CFO's analyst who joins only next week. Bolt (tier 2): one
    person, known by nobody. Our partner (Acme's sponsor), our lead, Bolt's lead."""
    return Dataset(
        accounts=(
            AccountRecord(id="acc-acme", name="Acme", tier=3),
            AccountRecord(id="acc-bolt", name="Bolt", tier=2),
        ),
        people=(
            PersonRecord(id="p-cfo", name="Cara Cfo", department="Finance", seniority="C_LEVEL"),
            PersonRecord(id="p-champ", name="Chad Champ", department="IT", seniority="VP"),
            PersonRecord(id="p-new", name="Nia New", department="Finance", seniority="MANAGER"),
            PersonRecord(id="p-bolt", name="Bo Bolt", department="IT", seniority="DIRECTOR"),
        ),
        employments=(
            EmploymentRecord("p-cfo", "acc-acme", since=ago(900)),
            EmploymentRecord("p-champ", "acc-acme", since=ago(900)),
            EmploymentRecord("p-new", "acc-acme", since=TODAY + timedelta(days=7)),
            EmploymentRecord("p-bolt", "acc-bolt", since=ago(900)),
        ),
        buying_roles=(
            BuyingRoleRecord("p-cfo", "acc-acme", "DECISION_MAKER", since=ago(800)),
            BuyingRoleRecord("p-champ", "acc-acme", "CHAMPION", since=ago(800)),
        ),
        team_members=(
            TeamMemberRecord(id="tm-partner", name="Pat Partner", seniority="C_LEVEL"),
            TeamMemberRecord(id="tm-lead", name="Lee Lead", seniority="DIRECTOR"),
            TeamMemberRecord(id="tm-bolt", name="Bea Boltlead", seniority="MANAGER"),
        ),
        team_assignments=(
            TeamAssignmentRecord("tm-partner", "acc-acme", "EXECUTIVE_SPONSOR", since=ago(800)),
            TeamAssignmentRecord("tm-lead", "acc-acme", "ACCOUNT_LEAD", since=ago(800)),
            TeamAssignmentRecord("tm-bolt", "acc-bolt", "ACCOUNT_LEAD", since=ago(800)),
        ),
        relationships=(
            RelationshipRecord(
                id="rel-champ",
                team_member_id="tm-lead",
                person_id="p-champ",
                since=ago(400),
                last_contact=ago(10),
            ),
        ),
        touchpoints=(
            TouchpointRecord(
                id="tp-champ",
                account_id="acc-acme",
                date=ago(10),
                channel="IN_PERSON",
                kind="OPERATIONAL",
                team_member_ids=("tm-lead",),
                person_ids=("p-champ",),
            ),
        ),
    )


RELATIONSHIPS = """query($id: ID!) { person(id: $id) { relationships {
  id teamMemberId origin since lastContact manualStrength derivedStrength strength
  strengthSource } } }"""

COVERAGE = """query($id: ID!) { account(id: $id) {
  executiveScore breadthScore
  stakeholderMap { person { personId } hasActiveRelationship bestStrength lastTouchpoint }
  scores { breadth { value } executiveAccess { value } riskFlags { code } } } }"""


async def relationships(gql: GraphQL, person: str) -> list[dict[str, Any]]:
    body = await gql(RELATIONSHIPS, {"id": person})
    found: list[dict[str, Any]] = body["data"]["person"]["relationships"]
    return found


def touchpoint(
    tp_id: str, day: date, members: list[str], people: list[str], channel: str = "VIDEO"
) -> dict[str, Any]:
    return {
        "id": tp_id,
        "accountId": "acc-acme",
        "date": day.isoformat(),
        "channel": channel,
        "kind": "EXECUTIVE",
        "summary": "Budget review",
        "teamMemberIds": members,
        "personIds": people,
    }


KNOWS = "MATCH (:TeamMember)-[k:KNOWS]->(:Person) RETURN count(k) AS n"


async def test_a_video_call_with_the_cfo_makes_the_relationship_and_the_scores_see_it(
    gql: GraphQL, graph: GraphClient, load_graph: LoadGraph
) -> None:
    await load_graph(known_graph())
    await gql("mutation { recomputeScores { accounts } }")
    before = (await gql(COVERAGE, {"id": "acc-acme"}))["data"]["account"]
    cfo = {r["person"]["personId"]: r for r in before["stakeholderMap"]}["p-cfo"]
    assert (cfo["hasActiveRelationship"], cfo["bestStrength"]) == (False, None)
    assert "NO_DECISION_MAKER_ACCESS" in [f["code"] for f in before["scores"]["riskFlags"]]
    assert await relationships(gql, "p-cfo") == []

    logged = await gql(
        LOG, {"input": touchpoint("tp-video", TODAY, ["tm-partner"], ["p-cfo", "p-new"])}
    )
    assert logged["data"]["logTouchpoint"]["userErrors"] == []

    [made] = await relationships(gql, "p-cfo")
    assert {k: v for k, v in made.items() if k != "id"} == {
        "teamMemberId": "tm-partner",
        "origin": "ACTIVITY",
        "since": TODAY.isoformat(),
        "lastContact": TODAY.isoformat(),
        "manualStrength": None,
        # One VIDEO touchpoint today: 2 points, DEVELOPING (docs/scoring.md).
        "derivedStrength": "DEVELOPING",
        "strength": "DEVELOPING",
        "strengthSource": "DERIVED",
    }
    # Nia New joins next week: the touchpoint makes no relationship with her (not employed at
    # the account on its date).
    assert await relationships(gql, "p-new") == []
    after = (await gql(COVERAGE, {"id": "acc-acme"}))["data"]["account"]
    cfo = {r["person"]["personId"]: r for r in after["stakeholderMap"]}["p-cfo"]
    assert cfo == {
        "person": {"personId": "p-cfo"},
        "hasActiveRelationship": True,
        "bestStrength": "DEVELOPING",
        "lastTouchpoint": TODAY.isoformat(),
    }
    scores = after["scores"]
    assert "NO_DECISION_MAKER_ACCESS" not in [f["code"] for f in scores["riskFlags"]]
    assert scores["executiveAccess"]["value"] > before["scores"]["executiveAccess"]["value"]
    assert scores["breadth"]["value"] > before["scores"]["breadth"]["value"]
    # The stored scores were refreshed by the mutation (no recompute since), and agree with the
    # networkx reference reading the raw graph.
    assert after["executiveScore"] == scores["executiveAccess"]["value"]
    assert after["breadthScore"] == scores["breadth"]["value"]
    ref = await reference_scores(graph.session(), "acc-acme", TODAY)
    assert ("tm-partner", "p-cfo") in ref.active
    assert scores["breadth"]["value"] == pytest.approx(ref.breadth, abs=0.051)
    assert scores["executiveAccess"]["value"] == pytest.approx(ref.executive, abs=0.051)

    # Logged again (a CRM retry): nothing new, the same relationship.
    again = await gql(
        LOG, {"input": touchpoint("tp-video", TODAY, ["tm-partner"], ["p-cfo", "p-new"])}
    )
    assert again["data"]["logTouchpoint"]["userErrors"] == []
    assert await relationships(gql, "p-cfo") == [made]
    assert await count(graph, KNOWS) == 2

    # Deleted (logged by mistake), it takes the relationship it alone made with it.
    await gql('mutation { deleteTouchpoint(id: "tp-video") { deletedId } }')
    assert await relationships(gql, "p-cfo") == []
    assert await count(graph, KNOWS) == 1


async def test_an_existing_relationship_moves_last_contact_forward_only_and_since_back(
    gql: GraphQL, load_graph: LoadGraph
) -> None:
    await load_graph(known_graph())

    async def champ() -> dict[str, Any]:
        [rel] = await relationships(gql, "p-champ")
        return rel

    assert (await champ())["lastContact"] == ago(10).isoformat()
    # An older touchpoint (20 days ago) leaves the last contact where it is.
    await gql(LOG, {"input": touchpoint("tp-old", ago(20), ["tm-lead"], ["p-champ"])})
    rel = await champ()
    assert (rel["lastContact"], rel["since"], rel["origin"]) == (
        ago(10).isoformat(),
        ago(400).isoformat(),
        "MANUAL",
    )
    # A newer one (3 days ago) moves it up; one before the relationship began moves since back.
    await gql(LOG, {"input": touchpoint("tp-new", ago(3), ["tm-lead"], ["p-champ"])})
    await gql(LOG, {"input": touchpoint("tp-first", ago(450), ["tm-lead"], ["p-champ"])})
    rel = await champ()
    assert (rel["lastContact"], rel["since"], rel["origin"]) == (
        ago(3).isoformat(),
        ago(450).isoformat(),
        "MANUAL",
    )
    assert rel["id"] == to_base64("Relationship", "rel-champ")


async def test_a_hand_set_strength_keeps_its_rules(gql: GraphQL, load_graph: LoadGraph) -> None:
    await load_graph(known_graph())
    # Set by hand today: a touchpoint the same day does not override it (days are compared).
    await gql(
        'mutation { setRelationshipStrength(teamMemberId: "tm-lead", personId: "p-champ", '
        "strength: AT_RISK) { userErrors { code } } }"
    )
    await gql(LOG, {"input": touchpoint("tp-today", TODAY, ["tm-lead"], ["p-champ"])})
    [rel] = await relationships(gql, "p-champ")
    assert (rel["manualStrength"], rel["strength"], rel["strengthSource"]) == (
        "AT_RISK",
        "AT_RISK",
        "MANUAL",
    )
    assert rel["lastContact"] == TODAY.isoformat()
    # A relationship made from activity carries no manual strength; one set by hand on it
    # counts from its day as any other (the touchpoint that made it is not newer).
    await gql(LOG, {"input": touchpoint("tp-cfo", TODAY, ["tm-partner"], ["p-cfo"])})
    await gql(
        'mutation { setRelationshipStrength(teamMemberId: "tm-partner", personId: "p-cfo", '
        "strength: STRONG) { userErrors { code } } }"
    )
    [cfo] = await relationships(gql, "p-cfo")
    assert (cfo["origin"], cfo["manualStrength"], cfo["strength"], cfo["strengthSource"]) == (
        "ACTIVITY",
        "STRONG",
        "STRONG",
        "MANUAL",
    )
    # With a hand-set strength, deleting the touchpoint keeps the relationship.
    await gql('mutation { deleteTouchpoint(id: "tp-cfo") { deletedId } }')
    [kept] = await relationships(gql, "p-cfo")
    assert (kept["origin"], kept["manualStrength"], kept["lastContact"]) == (
        "ACTIVITY",
        "STRONG",
        None,
    )


def import_input() -> dict[str, Any]:
    return {"touchpoints": [touchpoint("tp-import", ago(2), ["tm-partner", "tm-lead"], ["p-cfo"])]}


async def test_the_import_makes_the_same_relationships_and_reimports_unchanged(
    gql: GraphQL, graph: GraphClient, load_graph: LoadGraph
) -> None:
    await load_graph(known_graph())
    body = await gql(IMPORT, {"input": import_input()})
    assert body["data"]["importDataset"]["userErrors"] == []
    made = await relationships(gql, "p-cfo")
    assert [(r["teamMemberId"], r["origin"], r["since"], r["lastContact"]) for r in made] == [
        ("tm-lead", "ACTIVITY", ago(2).isoformat(), ago(2).isoformat()),
        ("tm-partner", "ACTIVITY", ago(2).isoformat(), ago(2).isoformat()),
    ]
    stored = (await gql(COVERAGE, {"id": "acc-acme"}))["data"]["account"]
    assert stored["executiveScore"] == stored["scores"]["executiveAccess"]["value"]
    # The same records again write nothing.
    tp = import_input()["touchpoints"][0]
    again = Dataset(
        touchpoints=(
            TouchpointRecord(
                id=tp["id"],
                account_id=tp["accountId"],
                date=date.fromisoformat(tp["date"]),
                channel=tp["channel"],
                kind=tp["kind"],
                summary=tp["summary"],
                team_member_ids=tuple(tp["teamMemberIds"]),
                person_ids=tuple(tp["personIds"]),
            ),
        )
    )
    summary = await import_dataset(graph.session(), again)
    assert (summary.outcomes["touchpoints"].unchanged, summary.changes) == (1, 0)
    assert summary.touched_accounts == frozenset()
    assert await relationships(gql, "p-cfo") == made


async def test_the_dataset_export_carries_the_origin_and_reimports_unchanged(
    gql: GraphQL, graph: GraphClient, load_graph: LoadGraph
) -> None:
    # A relationship record with its origin (as the dataset export writes it) and the
    # touchpoint that made it, into an empty graph: as exported, and unchanged a second time.
    data = known_graph()
    rel = RelationshipRecord(
        id="rel-from-export",
        team_member_id="tm-partner",
        person_id="p-cfo",
        since=ago(2),
        last_contact=ago(2),
        origin="ACTIVITY",
    )
    tp = TouchpointRecord(
        id="tp-export",
        account_id="acc-acme",
        date=ago(2),
        channel="CALL",
        kind="STRATEGIC",
        team_member_ids=("tm-partner",),
        person_ids=("p-cfo",),
    )
    exported = Dataset(
        **{
            **{f: getattr(data, f) for f in data.__dataclass_fields__},
            "relationships": (*data.relationships, rel),
            "touchpoints": (*data.touchpoints, tp),
        }
    )
    await load_graph(exported)
    [made] = await relationships(gql, "p-cfo")
    assert (made["id"], made["origin"], made["since"]) == (
        to_base64("Relationship", "rel-from-export"),
        "ACTIVITY",
        ago(2).isoformat(),
    )
    summary = await import_dataset(graph.session(), exported)
    assert summary.changes == 0


@pytest.fixture
def cli_env(neo4j_connection: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in neo4j_connection.items():
        monkeypatch.setenv(key, value)


async def test_stakegraph_import_follows_activity_and_derive_relationships_backfills(
    cli_env: None, gql: GraphQL, graph: GraphClient, load_graph: LoadGraph, tmp_path: Path
) -> None:
    await load_graph(known_graph())
    runner = CliRunner()
    path = tmp_path / "touchpoints.ndjson"
    record = {"touchpoints": import_input()["touchpoints"][0]}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    first = await asyncio.to_thread(runner.invoke, app, ["import", str(path)])
    assert first.exit_code == 0, first.output
    assert [r["origin"] for r in await relationships(gql, "p-cfo")] == ["ACTIVITY"] * 2
    assert tallies(first.output) == {"touchpoints": (1, 0, 0, 0)}
    second = await asyncio.to_thread(runner.invoke, app, ["import", str(path)])
    assert second.exit_code == 0, second.output
    assert tallies(second.output) == {"touchpoints": (0, 0, 1, 0)}

    # Data from before the rule: touchpoints whose pairs have no relationship. The backfill
    # makes them (and moves nothing else), then finds nothing more to do.
    async def as_before_the_rule(tx: Transaction) -> None:
        await tx.run("MATCH (:TeamMember)-[k:KNOWS {origin: 'ACTIVITY'}]->(:Person) DELETE k")
        await versions.bump(tx, ["acc-acme"])  # as every write does: no stale cached answer

    await graph.session().transaction(as_before_the_rule)
    assert await relationships(gql, "p-cfo") == []
    backfill = await asyncio.to_thread(runner.invoke, app, ["derive-relationships"])
    assert backfill.exit_code == 0, backfill.output
    assert "Followed 2 touchpoints: 2 relationships created, 0 moved" in backfill.output
    made = await relationships(gql, "p-cfo")
    assert [(r["teamMemberId"], r["origin"], r["since"]) for r in made] == [
        ("tm-lead", "ACTIVITY", ago(2).isoformat()),
        ("tm-partner", "ACTIVITY", ago(2).isoformat()),
    ]
    # It refreshed the stored scores of the account it changed.
    stored = (await gql(COVERAGE, {"id": "acc-acme"}))["data"]["account"]
    assert stored["executiveScore"] == stored["scores"]["executiveAccess"]["value"]
    rerun = await asyncio.to_thread(runner.invoke, app, ["derive-relationships"])
    assert "0 relationships created, 0 moved, scores of 0 accounts" in rerun.output
    assert await relationships(gql, "p-cfo") == made


async def test_a_scoped_key_follows_activity_within_its_accounts_only(
    anonymous: httpx.AsyncClient, key_for: KeyFor, graph: GraphClient, load_graph: LoadGraph
) -> None:
    await load_graph(known_graph())
    headers = {
        "Authorization": "Bearer "
        + await key_for(Role.EDITOR, scope=AccountScope(frozenset({"acc-bolt"})))
    }

    async def log(data: dict[str, Any]) -> dict[str, Any]:
        response = await anonymous.post(
            "/graphql", json={"query": LOG, "variables": {"input": data}}, headers=headers
        )
        payload: dict[str, Any] = response.json()["data"]["logTouchpoint"]
        return payload

    # Outside its scope (Acme): refused as an account that does not exist, nothing made.
    outside = await log(touchpoint("tp-scoped", TODAY, ["tm-partner"], ["p-cfo"]))
    assert codes(outside) == [("NOT_FOUND", "input")]
    assert await count(graph, KNOWS) == 1
    # Within it (Bolt): the relationship is made.
    inside = await log(
        {**touchpoint("tp-bolt", TODAY, ["tm-bolt"], ["p-bolt"]), "accountId": "acc-bolt"}
    )
    assert inside["userErrors"] == []
    rows = await graph.session().read(
        "MATCH (:TeamMember {id: 'tm-bolt'})-[k:KNOWS]->(:Person {id: 'p-bolt'}) "
        "RETURN k.origin AS origin"
    )
    assert rows == [{"origin": "ACTIVITY"}]
