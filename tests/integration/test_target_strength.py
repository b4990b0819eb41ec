"""Target strengths through GraphQL on the small graph: Contoso's CFO (hand-set STRONG), IT
director (STRONG from weekly touchpoints), engineer Eve (WEAK: a relationship, no contact), CEO
and CIO (nobody of ours knows them); Hana left Contoso for Fabrikam 60 days ago."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from graph.access import AccountScope, Role
from graph.client import GraphClient
from graph.dataset import Dataset, StrengthTargetRecord
from graph.importer import Outcome, import_dataset
from tests.helpers import TODAY, GraphQL, KeyFor, count

SET = """mutation($p: ID!, $t: Strength, $a: ID, $at: Date) {
  setTargetStrength(personId: $p, target: $t, accountId: $a, setAt: $at) {
    person { personId } accountId target targetSetAt targetSetBy
    userErrors { field code } } }"""
MAP = """query($asOf: Date) { account(id: "acc-contoso") {
  stakeholderMap(asOf: $asOf) { person { personId } bestStrength currentStrength
                                targetStrength targetSetAt strengthGap }
  scores(asOf: $asOf) { breadth { value explanation
    targetGaps { person { ownId name } title target current gap } } } } }"""
TARGETS = "MATCH (:Person)-[t:STRENGTH_TARGET]->(:Account) RETURN count(t) AS n"


async def _set(gql: GraphQL, person: str, target: str | None, **more: Any) -> dict[str, Any]:
    body = await gql(SET, {"p": person, "t": target, **more})
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"]["setTargetStrength"]
    return payload


def _codes(payload: dict[str, Any]) -> list[tuple[str, str]]:
    return [(".".join(e["field"]), e["code"]) for e in payload["userErrors"]]


async def _map(gql: GraphQL, as_of: str | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    body = await gql(MAP, {"asOf": as_of})
    account = body["data"]["account"]
    rows = {r["person"]["personId"]: r for r in account["stakeholderMap"]}
    return rows, account["scores"]["breadth"]


async def test_targets_show_the_gap_per_person_and_the_largest_in_the_explanation(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    _, before = await _map(gql)
    cio = await _set(gql, "p-cio", "STRONG")
    # No accountId: the person's one current employer; dated today, by the caller's key.
    assert cio["userErrors"] == [] and cio["accountId"] == "acc-contoso"
    assert cio["target"] == "STRONG" and cio["targetSetAt"] == TODAY.isoformat()
    assert cio["targetSetBy"] == "test admin" and cio["person"] == {"personId": "p-cio"}
    for person, target in (("p-ceo", "WEAK"), ("p-eng1", "DEVELOPING"), ("p-cfo", "STRONG")):
        assert (await _set(gql, person, target, a="acc-contoso"))["userErrors"] == []

    rows, breadth = await _map(gql)
    gaps = {
        p: (r["currentStrength"], r["targetStrength"], r["strengthGap"]) for p, r in rows.items()
    }
    assert gaps["p-cio"] == (None, "STRONG", 4)  # no relationship: four steps below STRONG
    assert gaps["p-ceo"] == (None, "WEAK", 2)
    assert gaps["p-eng1"] == ("WEAK", "DEVELOPING", 1)
    assert gaps["p-cfo"] == ("STRONG", "STRONG", 0)  # at target: no gap
    assert gaps["p-itdir"] == ("STRONG", None, 0)  # no target
    assert all(r["currentStrength"] == r["bestStrength"] for r in rows.values())
    assert rows["p-cio"]["targetSetAt"] == TODAY.isoformat()
    assert [
        (g["person"]["ownId"], g["target"], g["current"], g["gap"]) for g in breadth["targetGaps"]
    ] == [
        ("p-cio", "STRONG", None, 4),
        ("p-ceo", "WEAK", None, 2),
        ("p-eng1", "DEVELOPING", "WEAK", 1),
    ]
    assert breadth["explanation"].endswith(
        "; largest gaps: CIO Cleo Cio (target STRONG, now no relationship), CEO Ada Ceo "
        "(target WEAK, now no relationship), Eve Engineer (target DEVELOPING, now WEAK)"
    )
    assert breadth["value"] == before["value"]  # targets are named, they do not move the score

    # The same target again keeps its date; clearing removes the gap from the map and the text.
    again = await _set(gql, "p-cio", "STRONG", at=None)
    assert again["targetSetAt"] == TODAY.isoformat()
    assert await count(graph, TARGETS) == 4
    cleared = await _set(gql, "p-cio", None)
    assert cleared["userErrors"] == [] and cleared["target"] is None
    rows, breadth = await _map(gql)
    assert rows["p-cio"]["targetStrength"] is None and rows["p-cio"]["strengthGap"] == 0
    assert breadth["explanation"].endswith(
        "; largest gaps: CEO Ada Ceo (target WEAK, now no relationship), Eve Engineer "
        "(target DEVELOPING, now WEAK)"
    )
    assert await count(graph, TARGETS) == 3


async def test_a_target_set_on_a_past_day_counts_from_that_day(
    gql: GraphQL, graph_loaded: None
) -> None:
    set_at = (TODAY - timedelta(days=30)).isoformat()
    done = await _set(gql, "p-cio", "DEVELOPING", at=set_at)
    assert done["userErrors"] == [] and done["targetSetAt"] == set_at
    rows, breadth = await _map(gql, (TODAY - timedelta(days=20)).isoformat())
    assert rows["p-cio"]["targetStrength"] == "DEVELOPING" and rows["p-cio"]["strengthGap"] == 3
    assert [g["person"]["ownId"] for g in breadth["targetGaps"]] == ["p-cio"]
    rows, breadth = await _map(gql, (TODAY - timedelta(days=31)).isoformat())
    assert rows["p-cio"]["targetStrength"] is None and rows["p-cio"]["strengthGap"] == 0
    assert breadth["targetGaps"] == [] and "largest gaps" not in breadth["explanation"]


async def test_bad_targets_come_back_typed_and_write_nothing(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    assert _codes(await _set(gql, "p-cio", "AT_RISK")) == [("target", "INVALID")]
    assert _codes(await _set(gql, "p-cio", "STRONG", at=tomorrow)) == [("setAt", "INVALID")]
    assert _codes(await _set(gql, "p-cio", None, at=TODAY.isoformat())) == [("setAt", "INVALID")]
    assert _codes(await _set(gql, "p-nobody", "STRONG")) == [("personId", "NOT_FOUND")]
    omitted = await gql(
        'mutation { setTargetStrength(personId: "p-cio") { userErrors { field code } } }'
    )
    assert _codes(omitted["data"]["setTargetStrength"]) == [("target", "REQUIRED")]
    assert _codes(await _set(gql, "p-cio", "STRONG", a="acc-nope")) == [("accountId", "NOT_FOUND")]
    # Hana works at Fabrikam now: not at Contoso today, nor 1,000 days ago (before she joined).
    assert _codes(await _set(gql, "p-left", "STRONG", a="acc-contoso")) == [
        ("personId", "NOT_EMPLOYED")
    ]
    long_ago = (TODAY - timedelta(days=1000)).isoformat()
    assert _codes(await _set(gql, "p-left", "STRONG", a="acc-contoso", at=long_ago)) == [
        ("setAt", "NOT_EMPLOYED")
    ]
    # Ivo also sits on Tailspin's board: which account is for the caller to say.
    seat = await gql(
        'mutation { startEmployment(personId: "p-fab", accountId: "acc-tailspin", '
        "concurrent: true) { userErrors { code } } }"
    )
    assert seat["data"]["startEmployment"]["userErrors"] == []
    assert _codes(await _set(gql, "p-fab", "STRONG")) == [("accountId", "REQUIRED")]
    assert await count(graph, TARGETS) == 0
    # While she was there, the target of her time at Contoso may be backfilled.
    back = (TODAY - timedelta(days=100)).isoformat()
    kept = await _set(gql, "p-left", "STRONG", a="acc-contoso", at=back)
    assert kept["userErrors"] == [] and kept["accountId"] == "acc-contoso"


async def test_a_scoped_key_sets_targets_in_its_accounts_only(
    anonymous: httpx.AsyncClient, key_for: KeyFor, graph: GraphClient, graph_loaded: None
) -> None:
    secret = await key_for(Role.EDITOR, scope=AccountScope(frozenset({"acc-fabrikam"})))
    headers = {"Authorization": f"Bearer {secret}"}

    async def ask(person: str, account: str) -> dict[str, Any]:
        response = await anonymous.post(
            "/graphql",
            json={"query": SET, "variables": {"p": person, "t": "STRONG", "a": account}},
            headers=headers,
        )
        payload: dict[str, Any] = response.json()["data"]["setTargetStrength"]
        return payload

    # Outside its accounts the write rolls back as if the records did not exist.
    assert [c for _, c in _codes(await ask("p-cio", "acc-contoso"))] == ["NOT_FOUND"]
    assert await count(graph, TARGETS) == 0
    inside = await ask("p-fab", "acc-fabrikam")
    assert inside["userErrors"] == [] and inside["target"] == "STRONG"


async def test_import_writes_targets_and_a_reimport_changes_nothing(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    imported = """mutation($input: DatasetInput!) { importDataset(input: $input) {
      userErrors { field code } } }"""
    ten_days_ago = (TODAY - timedelta(days=10)).isoformat()
    records = {
        "strengthTargets": [
            {
                "personId": "p-cio",
                "accountId": "acc-contoso",
                "target": "STRONG",
                "targetSetAt": ten_days_ago,
                "targetSetBy": "crm",
            },
            {"personId": "p-eng1", "accountId": "acc-contoso", "target": "DEVELOPING"},
        ]
    }
    first = (await gql(imported, {"input": records}))["data"]["importDataset"]
    assert first["userErrors"] == []
    rows, _ = await _map(gql)
    assert rows["p-cio"]["targetSetAt"] == ten_days_ago
    assert rows["p-eng1"]["targetSetAt"] == TODAY.isoformat()
    # The same records again, through the writer itself: every one unchanged, nothing written.
    same = Dataset(
        strength_targets=(
            StrengthTargetRecord(
                "p-cio", "acc-contoso", "STRONG", TODAY - timedelta(days=10), "crm"
            ),
            StrengthTargetRecord("p-eng1", "acc-contoso", "DEVELOPING"),
        )
    )
    again = await import_dataset(graph.session(), same, TODAY)
    assert again.changes == 0 and again.outcomes["strength_targets"] == Outcome(0, 0, 2)
    moved = await import_dataset(
        graph.session(),
        Dataset(strength_targets=(StrengthTargetRecord("p-eng1", "acc-contoso", "STRONG"),)),
        TODAY,
    )
    assert moved.outcomes["strength_targets"] == Outcome(0, 1, 0)
    bad = {
        "strengthTargets": [
            {"personId": "p-cio", "accountId": "acc-contoso", "target": "AT_RISK"},
            {"personId": "p-left", "accountId": "acc-contoso", "target": "WEAK"},
            {"personId": "p-cio", "accountId": "acc-contoso", "target": "WEAK"},
        ]
    }
    refused = (await gql(imported, {"input": bad}))["data"]["importDataset"]
    assert sorted(_codes(refused)) == [
        ("input.strengthTargets.0.target", "INVALID"),
        ("input.strengthTargets.1.personId", "NOT_EMPLOYED"),
        ("input.strengthTargets.2", "DUPLICATE"),
    ]


DEMO = """{ account(id: "acc-northwind") {
  stakeholderMap { person { personId } currentStrength targetStrength strengthGap }
  scores { breadth { explanation targetGaps { person { ownId name } title target current gap } } }
} }"""


async def test_the_demo_names_the_largest_gaps_at_northwind(gql: GraphQL, demo: None) -> None:
    body = await gql(DEMO)
    account = body["data"]["account"]
    breadth = account["scores"]["breadth"]
    # Five targets set by the account lead: the CIO nobody knows is the largest gap, then the
    # at-risk procurement blocker, then the CEO; the champion and the CFO are at target.
    assert [
        (g["person"]["name"], g["target"], g["current"], g["gap"]) for g in breadth["targetGaps"]
    ] == [
        ("Sofia Alvarez", "STRONG", None, 4),
        ("Gregor Hahn", "DEVELOPING", "AT_RISK", 2),
        ("Margaret Lindqvist", "STRONG", "DEVELOPING", 1),
    ]
    assert breadth["explanation"].endswith(
        "; largest gaps: Chief Information Officer Sofia Alvarez (target STRONG, now no "
        "relationship), Director of Procurement Gregor Hahn (target DEVELOPING, now AT_RISK), "
        "Chief Executive Officer Margaret Lindqvist (target STRONG, now DEVELOPING)"
    )
    rows = {r["person"]["personId"]: r for r in account["stakeholderMap"] if r["targetStrength"]}
    assert {p: (r["currentStrength"], r["strengthGap"]) for p, r in rows.items()} == {
        "p-alvarez": (None, 4),
        "p-hahn": ("AT_RISK", 2),
        "p-lindqvist": ("DEVELOPING", 1),
        "p-raman": ("STRONG", 0),
        "p-mehta": ("STRONG", 0),
    }
