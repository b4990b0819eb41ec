"""Stored derived strengths, through GraphQL, on a known graph: the score recompute keeps each
relationship's derived strength at an account with the range of days it holds for, the charts
read it while the chart's day is in that range and derive it otherwise (docs/scoring.md,
"Stored strengths"), both ways answer alike, and a write that changes an input forgets it in
its own transaction.

Stored Co: Bo Boss, and four people reporting to him; Dual Dee works at Second Co too. Ana (ours)
met Sam Strong three times in person this fortnight (STRONG), Rita Risk three times 100-110 days
ago and never since (AT_RISK: strong 90 days ago, silent since), Dee three times this fortnight
at Stored Co only (STRONG there, WEAK at Second Co: shared touchpoints count per account), and
set Max Manual STRONG by hand; Ben (ours) knows Bo and Dev Dev with no contact (WEAK).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from graph import scores
from graph.client import GraphClient
from graph.cypher.facts import forget_strength
from graph.dataset import (
    AccountRecord,
    Dataset,
    EmploymentRecord,
    PersonRecord,
    RelationshipRecord,
    ReportsToRecord,
    TeamMemberRecord,
    TouchpointRecord,
)
from graph.errors import GraphError
from tests.helpers import TODAY, GraphQL, LoadGraph
from tests.integration.documents import IMPORT, LOG
from tests.integration.small_graph import ago

OWNERS = "owners { teamMemberId name strength strengthSource lastContact }"
NODES = "personId parentId bestStrength " + OWNERS
ANSWERS = """query($asOf: Date) { %s }"""
ONE = """%(alias)s: account(id: "%(id)s") {
  chart: orgChart(asOf: $asOf) { nodes { %(nodes)s } }
  page: orgChart(first: 2, asOf: $asOf) { nodes { %(nodes)s } }
  deep: orgChart(rootPersonId: "%(root)s", depth: 1, asOf: $asOf) { nodes { %(nodes)s } }
  tree: orgTree(asOf: $asOf) { personId bestStrength %(owners)s
                               children { personId bestStrength %(owners)s } }
  map: stakeholderMap(asOf: $asOf) { person { personId } bestStrength hasActiveRelationship
                                     lastTouchpoint relationships { teamMemberId strength
                                     strengthSource lastContact } }
}"""
QUERY = ANSWERS % "\n".join(
    ONE % {"alias": alias, "id": account, "root": root, "nodes": NODES, "owners": OWNERS}
    for alias, account, root in (
        ("stored", "acc-stored", "p-boss"),
        ("second", "acc-second", "p-dual"),
    )
)

#: How many relationships hold a derived strength stored for this account valid today
#: (test-side, to know which path a read takes).
VALID = """
MATCH (:TeamMember)-[k:KNOWS]->(:Person)
WHERE k.derivedAt = $id AND k.derivedFrom <= $today AND $today < k.derivedUntil
RETURN count(k) AS n
"""
#: Every stored derived strength forgotten: the next reads derive them.
FORGET = "MATCH (:TeamMember)-[k:KNOWS]->(:Person) " + forget_strength("k")
#: One stored value changed by hand, to see which path a read took.
TAMPER = """
MATCH (:TeamMember {id: $member})-[k:KNOWS]->(:Person {id: $person})
WHERE k.derivedAt = $account
SET k.derivedStrength = 'AT_RISK'
RETURN count(k) AS n
"""
#: Every stored range, to count what a recompute wrote.
RANGES = """
MATCH (t:TeamMember)-[k:KNOWS]->(p:Person)
RETURN t.id + '>' + p.id AS pair, [k.derivedAt, k.derivedStrength, k.derivedFrom, k.derivedUntil]
       AS stored
"""


def _meeting(i: int, day: int, person: str, account: str = "acc-stored") -> TouchpointRecord:
    return TouchpointRecord(
        id=f"tp-ss-{i}",
        account_id=account,
        date=ago(day),
        channel="IN_PERSON",
        kind="OPERATIONAL",
        team_member_ids=("tm-ana",),
        person_ids=(person,),
    )


def _dataset() -> Dataset:
    people = ("p-boss", "p-strong", "p-risk", "p-manual", "p-dual", "p-dev")
    names = ("Bo Boss", "Sam Strong", "Rita Risk", "Max Manual", "Dual Dee", "Dev Dev")
    return Dataset(
        accounts=(
            AccountRecord(id="acc-stored", name="Stored Co", tier=3),
            AccountRecord(id="acc-second", name="Second Co", tier=2),
        ),
        people=tuple(PersonRecord(id=p, name=n) for p, n in zip(people, names, strict=True)),
        employments=(
            # Dee's two are both concurrent: neither is a move away from the other.
            *(
                EmploymentRecord(p, "acc-stored", since=ago(900), concurrent=p == "p-dual")
                for p in people
            ),
            EmploymentRecord("p-dual", "acc-second", since=ago(900), concurrent=True),
        ),
        reports_to=tuple(ReportsToRecord(p, "p-boss", since=ago(800)) for p in people[1:]),
        team_members=(
            TeamMemberRecord(id="tm-ana", name="Ana Ours"),
            TeamMemberRecord(id="tm-ben", name="Ben Ours"),
        ),
        relationships=(
            RelationshipRecord("rel-ss-1", "tm-ana", "p-strong", since=ago(700)),
            RelationshipRecord("rel-ss-2", "tm-ana", "p-risk", since=ago(700)),
            RelationshipRecord(
                "rel-ss-3", "tm-ana", "p-manual", since=ago(700), manual_strength="STRONG"
            ),
            RelationshipRecord("rel-ss-4", "tm-ana", "p-dual", since=ago(700)),
            RelationshipRecord("rel-ss-5", "tm-ben", "p-boss", since=ago(700)),
            RelationshipRecord("rel-ss-6", "tm-ben", "p-dev", since=ago(700)),
        ),
        touchpoints=(
            *(_meeting(i, d, "p-strong") for i, d in enumerate((1, 6, 12))),
            *(_meeting(10 + i, d, "p-risk") for i, d in enumerate((100, 105, 110))),
            *(_meeting(20 + i, d, "p-dual") for i, d in enumerate((2, 7, 13))),
        ),
    )


async def _answers(gql: GraphQL, as_of: Any = None) -> dict[str, Any]:
    body = await gql(QUERY, {"asOf": as_of})
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


async def _valid(graph: GraphClient, account: str) -> int:
    rows = await graph.session().read(VALID, {"id": account, "today": TODAY})
    return int(rows[0]["n"])


async def _both_ways(gql: GraphQL, graph: GraphClient) -> dict[str, Any]:
    """The answers from the stored values (checked valid), then derived (the stored ones put
    out of force): equal; the stored values restored by a recompute after."""
    assert await _valid(graph, "acc-stored")
    stored = await _answers(gql)
    # A later day in the stored ranges (p-strong's STRONG holds three weeks) reads them too.
    later = (TODAY + timedelta(days=5)).isoformat()
    stored_later = await _answers(gql, later)
    await graph.session().write(FORGET)
    assert not await _valid(graph, "acc-stored") and not await _valid(graph, "acc-second")
    assert stored == await _answers(gql)
    assert stored_later == await _answers(gql, later)
    recomputed = await gql("mutation { recomputeScores { accounts } }")
    assert recomputed["data"]["recomputeScores"]["accounts"] == 2, recomputed
    return stored


def _owners(answers: dict[str, Any], alias: str, person: str) -> list[tuple[str, str, str]]:
    (node,) = [n for n in answers[alias]["chart"]["nodes"] if n["personId"] == person]
    return [(o["teamMemberId"], o["strength"], o["strengthSource"]) for o in node["owners"]]


@pytest.fixture
async def stored_graph(load_graph: LoadGraph) -> None:
    await load_graph(_dataset())


@pytest.mark.usefixtures("stored_graph")
async def test_stored_and_derived_strengths_answer_alike(gql: GraphQL, graph: GraphClient) -> None:
    # Never judged: derived, as before.
    assert not await _valid(graph, "acc-stored")
    derived = await _answers(gql)
    await gql("mutation { recomputeScores { accounts } }")
    stored = await _both_ways(gql, graph)
    assert stored == derived
    # Worked out by hand from docs/scoring.md.
    assert _owners(stored, "stored", "p-strong") == [("tm-ana", "STRONG", "DERIVED")]
    assert _owners(stored, "stored", "p-risk") == [("tm-ana", "AT_RISK", "DERIVED")]
    assert _owners(stored, "stored", "p-manual") == [("tm-ana", "STRONG", "MANUAL")]
    assert _owners(stored, "stored", "p-boss") == [("tm-ben", "WEAK", "DERIVED")]
    # One person at two accounts: judged per account.
    assert _owners(stored, "stored", "p-dual") == [("tm-ana", "STRONG", "DERIVED")]
    assert _owners(stored, "second", "p-dual") == [("tm-ana", "WEAK", "DERIVED")]


@pytest.mark.usefixtures("stored_graph")
async def test_charts_read_the_stored_value_for_today_only_while_valid(
    gql: GraphQL, graph: GraphClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    await gql("mutation { recomputeScores { accounts } }")
    tampered = await graph.session().write(
        TAMPER, {"member": "tm-ana", "person": "p-strong", "account": "acc-stored"}
    )
    assert tampered[0]["n"] == 1
    later = (TODAY + timedelta(days=5)).isoformat()
    for day in (None, later):
        answers = await _answers(gql, day)
        # Today's charts, and those of a later day in the range, take the stored value as it
        # is (nothing is derived for it) ...
        for view in ("chart", "page", "deep"):
            nodes = {n["personId"]: n for n in answers["stored"][view]["nodes"]}
            if "p-strong" in nodes:
                owner = nodes["p-strong"]["owners"][0]
                assert (owner["strength"], owner["strengthSource"]) == ("AT_RISK", "DERIVED")
        assert "p-strong" in {n["personId"] for n in answers["stored"]["deep"]["nodes"]}
        (row,) = [r for r in answers["stored"]["map"] if r["person"]["personId"] == "p-strong"]
        assert row["relationships"][0]["strength"] == "AT_RISK"
        tree = {n["personId"]: n for n in answers["stored"]["tree"][0]["children"]}
        assert tree["p-strong"]["owners"][0]["strength"] == "AT_RISK"
    # ... a day before the range derives, and so does one after it (STRONG until 8.2 points
    # decay below 6, 20 days from now; DEVELOPING then).
    yesterday = await _answers(gql, (TODAY - timedelta(days=1)).isoformat())
    assert _owners(yesterday, "stored", "p-strong") == [("tm-ana", "STRONG", "DERIVED")]
    after_range = await _answers(gql, (TODAY + timedelta(days=40)).isoformat())
    assert _owners(after_range, "stored", "p-strong") == [("tm-ana", "DEVELOPING", "DERIVED")]

    # A write to the account puts the stored values out of force in its own transaction: with
    # the refresh after it failing, the charts derive (and see the write).
    async def refresh_fails(*args: Any, **kwargs: Any) -> int:
        raise GraphError("refresh refused by the test")

    monkeypatch.setattr(scores, "recompute", refresh_fails)
    logged = await gql(
        LOG,
        {
            "input": {
                "accountId": "acc-stored",
                "date": TODAY.isoformat(),
                "channel": "CALL",
                "kind": "OPERATIONAL",
                "teamMemberIds": ["tm-ben"],
                "personIds": ["p-dev"],
            }
        },
    )
    assert logged["data"]["logTouchpoint"]["userErrors"] == [], logged
    after = await _answers(gql)
    assert _owners(after, "stored", "p-dev") == [("tm-ben", "DEVELOPING", "DERIVED")]
    # Only the relationships whose inputs changed were forgotten: the others' stored values
    # stay in force (the tampered one shows it).
    assert _owners(after, "stored", "p-strong") == [("tm-ana", "AT_RISK", "DERIVED")]
    ben_dev = await graph.session().read(
        "MATCH (:TeamMember {id: 'tm-ben'})-[k:KNOWS]->(:Person {id: 'p-dev'})"
        " RETURN k.derivedStrength AS s"
    )
    assert ben_dev == [{"s": None}]


@pytest.mark.usefixtures("stored_graph")
async def test_a_daily_recompute_of_an_unchanged_graph_writes_almost_nothing(
    gql: GraphQL, graph: GraphClient, settings: Any
) -> None:
    session = graph.session()
    await scores.recompute(session, None, TODAY, settings.scoring_config())
    first = {r["pair"]: r["stored"] for r in await session.read(RANGES)}
    assert sum(1 for v in first.values() if v[0] is not None) >= 6
    # Every day of the next fortnight: only ranges that ended are written again.
    rewritten = 0
    for n in range(1, 15):
        day = TODAY + timedelta(days=n)
        await scores.recompute(session, None, day, settings.scoring_config())
        now = {r["pair"]: r["stored"] for r in await session.read(RANGES)}
        changed = [pair for pair in now if now[pair] != first[pair]]
        # A range rewritten only on or after the day it ended.
        assert all(first[pair][3] is not None and first[pair][3] <= day for pair in changed), (
            n,
            changed,
        )
        rewritten += len(changed)
        first = now
    # Seven relationships, a fortnight: a write a day each would be 98.
    assert rewritten <= 4, rewritten


def _touchpoint(**fields: Any) -> dict[str, Any]:
    return {
        "input": {
            "id": "tp-ss-new",
            "accountId": "acc-stored",
            "date": TODAY.isoformat(),
            "kind": "OPERATIONAL",
            **fields,
        }
    }


@pytest.mark.usefixtures("stored_graph")
async def test_every_write_to_a_strength_is_followed_by_the_right_stored_strength(
    gql: GraphQL, graph: GraphClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    await gql("mutation { recomputeScores { accounts } }")
    recompute = scores.recompute

    async def refresh_fails(*args: Any, **kwargs: Any) -> int:
        raise GraphError("refresh refused by the test")

    async def write(document: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        # The refresh after the write fails: what the write left stored must still answer
        # as the derivation does (it forgot what it changed, in its own transaction).
        monkeypatch.setattr(scores, "recompute", refresh_fails)
        body = await gql(document, variables)
        assert "errors" not in body, body
        (payload,) = body["data"].values()
        assert payload["userErrors"] == [], body
        left = await _answers(gql)
        await graph.session().write(FORGET)
        assert left == await _answers(gql)
        # A recompute stores them again; both ways still answer alike.
        monkeypatch.setattr(scores, "recompute", recompute)
        await gql("mutation { recomputeScores { accounts } }")
        return await _both_ways(gql, graph)

    # Logged: one in-person meeting today, 3 points.
    meet = {"channel": "IN_PERSON", "teamMemberIds": ["tm-ben"], "personIds": ["p-boss"]}
    answers = await write(LOG, _touchpoint(**meet))
    assert _owners(answers, "stored", "p-boss") == [("tm-ben", "DEVELOPING", "DERIVED")]
    # Edited: an email, 1 point.
    answers = await write(LOG, _touchpoint(**{**meet, "channel": "EMAIL"}))
    assert _owners(answers, "stored", "p-boss") == [("tm-ben", "WEAK", "DERIVED")]
    # Participants changed: Ana met Dev instead, with no relationship on record: one from
    # activity, DEVELOPING; Bo back to no contact.
    moved = {"channel": "IN_PERSON", "teamMemberIds": ["tm-ana"], "personIds": ["p-dev"]}
    answers = await write(LOG, _touchpoint(**moved))
    assert _owners(answers, "stored", "p-boss") == [("tm-ben", "WEAK", "DERIVED")]
    assert _owners(answers, "stored", "p-dev") == [
        ("tm-ana", "DEVELOPING", "DERIVED"),
        ("tm-ben", "WEAK", "DERIVED"),
    ]
    # Deleted: the relationship it made goes with it (docs/model.md), Ben's stays.
    answers = await write(
        f'mutation {{ deleteTouchpoint(id: "tp-ss-new") {{ {"userErrors { code }"} }} }}'
    )
    assert _owners(answers, "stored", "p-dev") == [("tm-ben", "WEAK", "DERIVED")]
    # A hand-set strength, then an upsert setting another.
    answers = await write(
        """mutation { setRelationshipStrength(teamMemberId: "tm-ana", personId: "p-strong",
           strength: DEVELOPING) { userErrors { code } } }"""
    )
    assert _owners(answers, "stored", "p-strong") == [("tm-ana", "DEVELOPING", "MANUAL")]
    answers = await write(
        """mutation { upsertRelationship(input: {teamMemberId: "tm-ben", personId: "p-boss",
           manualStrength: STRONG}) { userErrors { code } } }"""
    )
    assert _owners(answers, "stored", "p-boss") == [("tm-ben", "STRONG", "MANUAL")]
    # An import of touchpoints: three meetings of Ben with Dev this week, STRONG.
    imported = [
        {
            "id": f"tp-ss-imp-{i}",
            "accountId": "acc-stored",
            "date": ago(i).isoformat(),
            "channel": "IN_PERSON",
            "kind": "OPERATIONAL",
            "teamMemberIds": ["tm-ben"],
            "personIds": ["p-dev"],
        }
        for i in range(3)
    ]
    answers = await write(IMPORT, {"input": {"touchpoints": imported}})
    assert ("tm-ben", "STRONG", "DERIVED") in _owners(answers, "stored", "p-dev")
    # An import of a relationship: Ben and Rita, no contact.
    relationship = {"id": "rel-ss-9", "teamMemberId": "tm-ben", "personId": "p-risk"}
    answers = await write(IMPORT, {"input": {"relationships": [relationship]}})
    assert ("tm-ben", "WEAK", "DERIVED") in _owners(answers, "stored", "p-risk")
    # Employment moves: Dev joins Second Co, where Ben met him nowhere (WEAK there), and Dee
    # leaves Stored Co (still WEAK at Second Co).
    answers = await write(
        """mutation { a: startEmployment(personId: "p-dev", accountId: "acc-second",
           concurrent: true) { userErrors { code } } }"""
    )
    assert ("tm-ben", "WEAK", "DERIVED") in _owners(answers, "second", "p-dev")
    answers = await write(
        """mutation($today: Date!) { endEmployment(personId: "p-dual", accountId: "acc-stored",
           until: $today) { userErrors { code } } }""",
        {"today": TODAY.isoformat()},
    )
    assert "p-dual" not in {n["personId"] for n in answers["stored"]["chart"]["nodes"]}
    assert _owners(answers, "second", "p-dual") == [("tm-ana", "WEAK", "DERIVED")]
