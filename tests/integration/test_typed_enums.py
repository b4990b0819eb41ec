"""Risk flags, severities, path steps, strengths and cadence kinds are GraphQL enums over the real
server: the filter takes the enum (and refuses what is not a flag), results read as the same
strings as before, and the CSV export checks its risk_flag against the same enum."""

from __future__ import annotations

import csv
import io
from datetime import date

import httpx
import pytest

from api.demo_loader import ANCHOR_ACCOUNT as ANCHOR
from api.demo_loader import load_demo
from api.settings import Settings
from graph.client import GraphClient
from graph.dataset import Dataset
from scoring.vocabulary import (
    PathStepKind,
    RiskFlagCode,
    Severity,
    Strength,
    StrengthSource,
    TouchpointKind,
)
from tests.helpers import GraphQL, LoadGraph

FILTERED = """query($flag: RiskFlagCode) {
  accounts(filter: {riskFlag: $flag}) { totalCount edges { node { name riskFlagCodes } } }
}"""


@pytest.fixture
async def demo(load_graph: LoadGraph, graph: GraphClient, settings: Settings, gql: GraphQL) -> None:
    await load_graph(Dataset())
    await load_demo(graph.session(), settings, date.today())
    await gql("mutation { recomputeScores(snapshot: true) { accounts } }")


async def test_accounts_filter_by_a_risk_flag_enum(gql: GraphQL, demo: None) -> None:
    literal = await gql(
        "{ accounts(filter: {riskFlag: CHAMPION_LEFT}) "
        "{ totalCount edges { node { name riskFlagCodes } } } }"
    )
    accounts = literal["data"]["accounts"]
    assert accounts["totalCount"] == 1
    node = accounts["edges"][0]["node"]
    assert node["name"] == "Northwind Logistics"
    assert "CHAMPION_LEFT" in node["riskFlagCodes"]
    assert set(node["riskFlagCodes"]) <= {c.value for c in RiskFlagCode}
    # As a variable the value is the same string as before.
    variable = await gql(FILTERED, {"flag": "CHAMPION_LEFT"})
    assert variable["data"]["accounts"] == accounts
    everyone = await gql(FILTERED, {"flag": None})
    assert everyone["data"]["accounts"]["totalCount"] == 7


async def test_an_unknown_risk_flag_is_a_validation_error(gql: GraphQL, demo: None) -> None:
    unknown = await gql(
        "{ accounts(filter: {riskFlag: NOT_A_FLAG}) { totalCount } }", allow_errors=True
    )
    assert "data" not in unknown or unknown["data"] is None
    [error] = unknown["errors"]
    assert "RiskFlagCode" in error["message"] and "NOT_A_FLAG" in error["message"]
    # A quoted string is no enum value either (clients write the bare name in documents).
    quoted = await gql(
        '{ accounts(filter: {riskFlag: "CHAMPION_LEFT"}) { totalCount } }', allow_errors=True
    )
    assert quoted.get("data") is None and "RiskFlagCode" in quoted["errors"][0]["message"]
    variable = await gql(FILTERED, {"flag": "NOT_A_FLAG"}, allow_errors=True)
    assert variable.get("data") is None
    assert "NOT_A_FLAG" in variable["errors"][0]["message"]


async def test_scores_read_as_enums_with_the_old_strings(gql: GraphQL, demo: None) -> None:
    body = await gql(
        """query($id: ID!, $person: ID!) { account(id: $id) {
          riskFlagCodes
          scoreHistory { riskFlagCodes }
          scores {
            riskFlags { code severity }
            executiveAccess { sponsorPaths { steps { kind strength } } }
            cadence { overdueKinds items { kind } }
            strengths { manual derived effective source }
          }
          introductionPaths(personId: $person) { steps { kind strength } }
        }
        portfolioSummary { riskFlags { code accounts } } }""",
        {"id": ANCHOR, "person": "p-mehta"},
    )
    account = body["data"]["account"]
    scores = account["scores"]
    flags = {f["code"]: f["severity"] for f in scores["riskFlags"]}
    assert flags["CHAMPION_LEFT"] == "HIGH"
    assert (
        set(flags)
        == set(account["riskFlagCodes"])
        == set(account["scoreHistory"][0]["riskFlagCodes"])
    )
    assert set(flags.values()) <= {s.value for s in Severity}
    steps = [s for p in scores["executiveAccess"]["sponsorPaths"] for s in p["steps"]]
    steps += [s for p in account["introductionPaths"] for s in p["steps"]]
    assert "RELATIONSHIP" in {s["kind"] for s in steps}
    assert {s["kind"] for s in steps} <= {k.value for k in PathStepKind}
    for step in steps:
        if step["kind"] == "RELATIONSHIP":
            assert step["strength"] in {s.value for s in Strength}
        else:
            assert step["strength"] is None
    kinds = {i["kind"] for i in scores["cadence"]["items"]}
    assert kinds == {"STRATEGIC", "EXECUTIVE"}  # the anchor account is tier 4
    assert set(scores["cadence"]["overdueKinds"]) <= kinds <= {k.value for k in TouchpointKind}
    strengths = scores["strengths"]
    assert strengths
    assert {s["source"] for s in strengths} <= {s.value for s in StrengthSource}
    assert {s["effective"] for s in strengths} | {s["derived"] for s in strengths} <= {
        s.value for s in Strength
    }
    assert any(s["manual"] == "STRONG" for s in strengths)
    assert {"code": "CHAMPION_LEFT", "accounts": 1} in body["data"]["portfolioSummary"]["riskFlags"]


async def test_the_csv_export_checks_risk_flag_against_the_enum(
    client: httpx.AsyncClient, demo: None
) -> None:
    refused = await client.get("/export/accounts.csv", params={"risk_flag": "NOT_A_FLAG"})
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["query", "risk_flag"]
    flagged = await client.get("/export/accounts.csv", params={"risk_flag": "CHAMPION_LEFT"})
    assert flagged.status_code == 200
    rows = list(csv.DictReader(io.StringIO(flagged.text)))
    assert [r["name"] for r in rows] == ["Northwind Logistics"]
    assert "CHAMPION_LEFT" in rows[0]["risk_flag_codes"].split(";")
