"""Relationships and touchpoints through GraphQL on the real Neo4j: strength set by hand and
derived, upsertRelationship, logTouchpoint and deleteTouchpoint."""

from __future__ import annotations

from graph.client import GraphClient
from tests.helpers import ERRORS, GraphQL, codes, count
from tests.integration.documents import LOG
from tests.integration.small_graph import TODAY, ago


async def test_relationship_strength_manual_then_cleared(gql: GraphQL, graph_loaded: None) -> None:
    query = (
        """mutation($s: Strength) { setRelationshipStrength(teamMemberId: "tm-dev",
      personId: "p-eng1", strength: $s) { relationship { manualStrength strength strengthSource
      derivedStrength } %s } }"""
        % ERRORS
    )
    strong = (await gql(query, {"s": "STRONG"}))["data"]["setRelationshipStrength"]
    assert strong["relationship"] == {
        "manualStrength": "STRONG",
        "strength": "STRONG",
        "strengthSource": "MANUAL",
        "derivedStrength": "WEAK",
    }
    cleared = (await gql(query, {"s": None}))["data"]["setRelationshipStrength"]["relationship"]
    assert cleared["manualStrength"] is None and cleared["strengthSource"] == "DERIVED"
    assert cleared["strength"] == "WEAK"

    upsert = (
        """mutation($input: RelationshipInput!) { upsertRelationship(input: $input) {
      relationship { teamMemberId personId since lastContact notes } %s } }"""
        % ERRORS
    )
    made = await gql(
        upsert,
        {
            "input": {
                "teamMemberId": "tm-dev",
                "personId": "p-eng2",
                "since": ago(10).isoformat(),
                "notes": "met at training",
            }
        },
    )
    assert made["data"]["upsertRelationship"]["relationship"]["notes"] == "met at training"
    wrong = await gql(
        upsert,
        {
            "input": {
                "teamMemberId": "tm-dev",
                "personId": "p-eng2",
                "since": ago(10).isoformat(),
                "lastContact": ago(20).isoformat(),
            }
        },
    )
    assert codes(wrong["data"]["upsertRelationship"]) == [
        ("INVALID_DATE_RANGE", "input", "lastContact")
    ]
    unknown = await gql(upsert, {"input": {"teamMemberId": "tm-dev", "personId": "p-x"}})
    assert codes(unknown["data"]["upsertRelationship"]) == [("NOT_FOUND", "input", "personId")]


async def test_log_touchpoint_idempotent_and_bumps_last_contact(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    data = {
        "id": "tp-crm-1",
        "accountId": "acc-contoso",
        "date": TODAY.isoformat(),
        "channel": "CALL",
        "kind": "STRATEGIC",
        "summary": "Budget call",
        "teamMemberIds": ["tm-dev"],
        "personIds": ["p-eng1"],
        "initiatorId": "p-eng1",
    }
    first = (await gql(LOG, {"input": data}))["data"]["logTouchpoint"]
    assert first["userErrors"] == []
    assert first["touchpoint"]["initiatedByClient"] is True
    await gql(LOG, {"input": data})
    assert await count(graph, "MATCH (t:Touchpoint {id: 'tp-crm-1'}) RETURN count(t) AS n") == 1
    last = (
        "MATCH (:TeamMember {id: 'tm-dev'})-[k:KNOWS]->(:Person {id: 'p-eng1'}) "
        "RETURN k.lastContact AS last"
    )
    assert (await graph.session().read(last))[0]["last"] == TODAY
    touchpoints = "MATCH (t:Touchpoint) RETURN count(t) AS n"
    before = await count(graph, touchpoints)
    for bad, expected in (
        ({**data, "id": "tp-2", "personIds": []}, ("REQUIRED", "input", "personIds")),
        (
            {**data, "id": "tp-3", "personIds": ["p-eng1", "p-ghost"]},
            ("NOT_FOUND", "input", "personIds", "1"),
        ),
        (
            {**data, "id": "tp-4", "personIds": ["p-fab"], "initiatorId": None},
            ("CROSS_ACCOUNT", "input", "personIds", "0"),
        ),
        ({**data, "id": "tp-5", "initiatorId": "p-cfo"}, ("INVALID", "input", "initiatorId")),
        ({**data, "id": "tp-6", "summary": "x" * 2001}, ("TOO_LONG", "input", "summary")),
        ({**data, "id": "tp-7", "date": "2999-01-01"}, ("INVALID", "input", "date")),
        ({**data, "accountId": "acc-fabrikam"}, ("CONFLICT", "input", "id")),
    ):
        payload = (await gql(LOG, {"input": bad}))["data"]["logTouchpoint"]
        assert expected in codes(payload), (bad, payload)
        assert payload["touchpoint"] is None
    assert await count(graph, touchpoints) == before
    # Deleted (logged by mistake), it leaves no last contact behind.
    await gql('mutation { deleteTouchpoint(id: "tp-crm-1") { deletedId } }')
    assert (await graph.session().read(last))[0]["last"] is None


async def test_upsert_relationship_takes_when_a_hand_set_strength_was_set(
    gql: GraphQL, graph_loaded: None
) -> None:
    # Issue 17, fix 4: a strength carried over from a CRM counts from when it was set there,
    # so the scores of the days since see it (before, the mutation always dated it now).
    upsert = (
        """mutation($input: RelationshipInput!) { upsertRelationship(input: $input) {
      relationship { manualStrength manualStrengthSetAt } %s } }"""
        % ERRORS
    )
    pair = {"teamMemberId": "tm-dev", "personId": "p-eng2"}
    set_at = f"{ago(30).isoformat()}T09:00:00Z"
    made = await gql(
        upsert,
        {
            "input": pair
            | {
                "since": ago(60).isoformat(),
                "manualStrength": "STRONG",
                "manualStrengthSetAt": set_at,
            }
        },
    )
    assert made["data"]["upsertRelationship"] == {
        "relationship": {
            "manualStrength": "STRONG",
            "manualStrengthSetAt": "%s+00:00" % set_at[:-1],
        },
        "userErrors": [],
    }
    scores = """query($day: Date) { account(id: "acc-contoso") { scores(asOf: $day) {
      strengths { teamMember { ownId } person { ownId } source effective } } } }"""
    for days, source in ((20, "MANUAL"), (40, "DERIVED")):
        body = await gql(scores, {"day": ago(days).isoformat()})
        views = body["data"]["account"]["scores"]["strengths"]
        (view,) = [
            v
            for v in views
            if (v["teamMember"]["ownId"], v["person"]["ownId"]) == ("tm-dev", "p-eng2")
        ]
        assert view["source"] == source, days
    # The rule of the import: only with a strength, never in the future.
    no_strength = await gql(upsert, {"input": pair | {"manualStrengthSetAt": set_at}})
    future = await gql(
        upsert,
        {
            "input": pair
            | {"manualStrength": "WEAK", "manualStrengthSetAt": f"{ago(-2).isoformat()}T00:00:00Z"}
        },
    )
    for body in (no_strength, future):
        assert codes(body["data"]["upsertRelationship"]) == [
            ("INVALID", "input", "manualStrengthSetAt")
        ]
