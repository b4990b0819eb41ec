"""Spreadsheet exports: an account's stakeholder map and the portfolio, over HTTP and the CLI.

The small graph's Contoso: Ada Ceo at the top; Ben Cfo and Cleo Cio report to her; Dan
Director to Cleo; Eve and Finn Engineer to Dan; Gil Contractor has no manager; Hana Gone (a
champion) left 60 days ago for Fabrikam.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import httpx
import pytest
from typer.testing import CliRunner

from api.cli import app
from api.sheets import STAKEHOLDER_COLUMNS
from graph.access import AccountScope, Role
from tests.helpers import GraphQL, KeyFor, LoadGraph
from tests.integration.small_graph import TODAY, small_graph

CONTOSO_NOW = {"p-ceo", "p-cfo", "p-cio", "p-itdir", "p-eng1", "p-eng2", "p-contractor"}


def _sheet(response: httpx.Response) -> dict[str, dict[str, str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    reader = csv.DictReader(io.StringIO(response.text))
    assert tuple(reader.fieldnames or ()) == STAKEHOLDER_COLUMNS
    return {row["person_id"]: row for row in reader}


async def test_the_stakeholder_map_sheet_says_what_the_api_says(
    client: httpx.AsyncClient, gql: GraphQL, load_graph: LoadGraph
) -> None:
    await load_graph(small_graph())
    response = await client.get("/export/accounts/acc-contoso/stakeholder-map.csv")
    assert 'filename="stakeholder-map-acc-contoso.csv"' in response.headers["content-disposition"]
    rows = _sheet(response)
    assert set(rows) == CONTOSO_NOW
    eve = rows["p-eng1"]
    assert (eve["manager_id"], eve["manager_name"], eve["level"]) == (
        "p-itdir",
        "Dan Director",
        "3",
    )
    assert (rows["p-ceo"]["manager_id"], rows["p-ceo"]["level"]) == ("", "0")
    assert rows["p-contractor"]["manager_name"] == ""
    assert rows["p-cfo"]["roles"] == "DECISION_MAKER"
    assert rows["p-cfo"]["cares_about"] == "cost control"
    assert rows["p-cfo"]["is_key_stakeholder"] == "true"
    assert "Sam Sponsor: STRONG (MANUAL" in rows["p-cfo"]["relationships"]
    assert (eve["relationship_count"], eve["relationships"][:14]) == ("1", "Dev Delivery: ")
    assert rows["p-eng2"]["relationships"] == "" and rows["p-eng2"]["best_strength"] == ""
    # Row for row the GraphQL answer of the same day.
    data = await gql(
        '{ account(id: "acc-contoso") { stakeholderMap { person { personId } bestStrength '
        "hasActiveRelationship isKeyStakeholder lastTouchpoint perception } } }"
    )
    entries = data["data"]["account"]["stakeholderMap"]
    assert [e["person"]["personId"] for e in entries] == list(rows)
    for entry in entries:
        row = rows[entry["person"]["personId"]]
        assert row["best_strength"] == (entry["bestStrength"] or "")
        assert row["has_active_relationship"] == str(entry["hasActiveRelationship"]).lower()
        assert row["is_key_stakeholder"] == str(entry["isKeyStakeholder"]).lower()
        assert row["last_touchpoint"] == (entry["lastTouchpoint"] or "")
        assert row["perception"] == entry["perception"]


async def test_the_sheet_of_a_past_day_and_refusals(
    client: httpx.AsyncClient, gql: GraphQL, load_graph: LoadGraph
) -> None:
    await load_graph(small_graph())
    day = (TODAY - timedelta(days=100)).isoformat()
    past = _sheet(await client.get(f"/export/accounts/acc-contoso/stakeholder-map.csv?asOf={day}"))
    # Hana Gone was still there, with Lea Lead's relationship.
    assert set(past) == CONTOSO_NOW | {"p-left"}
    assert past["p-left"]["name"] == "Hana Gone"
    assert "Lea Lead: " in past["p-left"]["relationships"]
    missing = await client.get("/export/accounts/acc-nope/stakeholder-map.csv")
    assert missing.status_code == 404
    assert missing.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    bad_day = await client.get("/export/accounts/acc-contoso/stakeholder-map.csv?asOf=yesterday")
    assert bad_day.status_code == 400
    (error,) = bad_day.json()["errors"]
    assert "yesterday" in error["message"] and error["extensions"]["code"]
    # A target our side falls short of shows as its gap (Finn: no relationship, target WEAK).
    await gql(
        'mutation { setTargetStrength(personId: "p-eng2", target: WEAK) { userErrors { code } } }'
    )
    rows = _sheet(await client.get("/export/accounts/acc-contoso/stakeholder-map.csv"))
    finn = rows["p-eng2"]
    assert (finn["target_strength"], finn["target_set_at"], finn["strength_gap"]) == (
        "WEAK",
        TODAY.isoformat(),
        "2",
    )
    assert rows["p-cfo"]["target_strength"] == "" and rows["p-cfo"]["strength_gap"] == "0"
    # A name a spreadsheet would run as a formula is written as text.
    await gql('mutation { upsertPerson(input: {id: "p-eng2", name: "=1+2"}) { person { name } } }')
    rows = _sheet(await client.get("/export/accounts/acc-contoso/stakeholder-map.csv"))
    assert rows["p-eng2"]["name"] == "'=1+2"


async def test_a_scoped_key_exports_its_accounts_only(
    anonymous: httpx.AsyncClient, key_for: KeyFor, load_graph: LoadGraph
) -> None:
    await load_graph(small_graph())
    scope = AccountScope(frozenset({"acc-fabrikam"}))
    headers = {"Authorization": f"Bearer {await key_for(Role.ANALYST, scope=scope)}"}
    own = await anonymous.get("/export/accounts/acc-fabrikam/stakeholder-map.csv", headers=headers)
    assert set(_sheet(own)) == {"p-left", "p-fab"}
    other = await anonymous.get("/export/accounts/acc-contoso/stakeholder-map.csv", headers=headers)
    assert other.status_code == 404
    assert "Ada Ceo" not in other.text
    viewer = {"Authorization": f"Bearer {await key_for(Role.VIEWER)}"}
    refused = await anonymous.get(
        "/export/accounts/acc-contoso/stakeholder-map.csv", headers=viewer
    )
    assert refused.status_code == 403


def test_the_cli_exports_the_portfolio_and_a_stakeholder_map(
    neo4j_connection: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in neo4j_connection.items():
        monkeypatch.setenv(key, value)
    runner = CliRunner()
    assert runner.invoke(app, ["load-demo", "--replace"]).exit_code == 0
    assert runner.invoke(app, ["snapshot"]).exit_code == 0
    portfolio = runner.invoke(app, ["export", "portfolio"])
    assert portfolio.exit_code == 0, portfolio.output
    accounts = list(csv.DictReader(io.StringIO(portfolio.output)))
    assert len(accounts) == 7
    assert [a["name"] for a in accounts] == sorted(a["name"] for a in accounts)
    northwind = next(a for a in accounts if a["id"] == "acc-northwind")
    assert "CHAMPION_LEFT" in northwind["risk_flag_codes"].split(";")
    # ISO 8601 instants, not Python's str() of a datetime.
    assert "T" in northwind["scores_computed_at"] and " " not in northwind["scores_computed_at"]
    sheet = runner.invoke(
        app, ["export", "stakeholder-map", "--account", "acc-northwind", "--format", "json"]
    )
    assert sheet.exit_code == 0, sheet.output
    people = {row["person_id"]: row for row in json.loads(sheet.output)}
    cio = people["p-alvarez"]
    assert (cio["name"], cio["seniority"], cio["manager_id"]) == (
        "Sofia Alvarez",
        "C_LEVEL",
        "p-lindqvist",
    )
    assert cio["manager_name"] == people["p-lindqvist"]["name"]
    unknown = runner.invoke(app, ["export", "stakeholder-map", "--account", "acc-nope"])
    assert unknown.exit_code == 1 and "NOT_FOUND" in unknown.output
    no_account = runner.invoke(app, ["export", "stakeholder-map"])
    assert no_account.exit_code == 2 and "--account" in no_account.output
