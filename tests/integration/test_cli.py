"""The ``stakegraph`` CLI against the real Neo4j: load the demo, snapshot, rank."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from api.cli import app


def test_cli_loads_snapshots_and_ranks(
    neo4j_connection: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in neo4j_connection.items():
        monkeypatch.setenv(key, value)
    runner = CliRunner()
    loaded = runner.invoke(app, ["load-demo", "--replace"])
    assert loaded.exit_code == 0, loaded.output
    assert "Loaded 7 accounts and 80 people" in loaded.output
    refused = runner.invoke(app, ["load-demo"])
    assert "not empty" in refused.output
    snap = runner.invoke(app, ["snapshot"])
    assert snap.exit_code == 0, snap.output
    assert "Scored 7 accounts" in snap.output and "took snapshots" in snap.output
    ranked = runner.invoke(app, ["ranking", "--by", "EXECUTIVE", "--top", "2"])
    assert ranked.exit_code == 0, ranked.output
    # Contoso (96.2) and Northwind (73.4) lead on executive access in the demo.
    assert "Contoso Pharma" in ranked.output and "Northwind" in ranked.output
    assert "Woodgrove" not in ranked.output
    # Options are checked with a message, not a traceback.
    wrong = runner.invoke(app, ["ranking", "--by", "FOO"])
    assert wrong.exit_code == 2 and "Invalid value for '--by'" in wrong.output
    # For scripts: JSON and CSV, with every flag code whole.
    as_json = runner.invoke(app, ["ranking", "--by", "executive", "--top", "2", "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    top = json.loads(as_json.output)
    assert [a["name"] for a in top] == ["Contoso Pharma", "Northwind Logistics"]
    as_csv = runner.invoke(app, ["ranking", "--by", "dependency", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert len(rows) == 7 and set(rows[0]) == {
        "id",
        "name",
        "tier",
        "breadth_score",
        "dependency_score",
        "executive_score",
        "risk_flag_codes",
    }
    northwind = next(r for r in rows if r["name"] == "Northwind Logistics")
    assert "CHAMPION_LEFT" in northwind["risk_flag_codes"].split(";")
    # In an 80-column terminal the table folds instead of cutting the flags off.
    narrow = runner.invoke(app, ["ranking", "--by", "dependency"], env={"COLUMNS": "80"})
    assert narrow.exit_code == 0, narrow.output
    assert max(len(line) for line in narrow.output.splitlines()) <= 80
    assert "…" not in narrow.output  # rich marks a cut cell with an ellipsis


def test_cli_runs_analyst_cypher_and_exports_people_and_relationships(
    neo4j_connection: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in neo4j_connection.items():
        monkeypatch.setenv(key, value)
    runner = CliRunner()
    assert runner.invoke(app, ["load-demo", "--replace"]).exit_code == 0
    query = "MATCH (a:Account) RETURN a.name AS name, a.clientSince AS since ORDER BY name"
    as_csv = runner.invoke(app, ["cypher", query, "--format", "csv"])
    assert as_csv.exit_code == 0, as_csv.output
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert len(rows) == 7 and rows[0]["name"] == "Adatum Insurance"
    assert len(rows[0]["since"]) == 10  # an ISO date
    # The query on stdin, with parameters; JSON as the GraphQL field gives it.
    as_json = runner.invoke(
        app,
        ["cypher", "--params", '{"tier": 3}', "--format", "json"],
        input="MATCH (a:Account) WHERE a.tier >= $tier RETURN a.name AS name ORDER BY name",
    )
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.stdout) == {
        "columns": ["name"],
        "rows": [["Contoso Pharma"], ["Fabrikam Retail"], ["Northwind Logistics"]],
        "truncated": False,
    }
    narrow = runner.invoke(
        app, ["cypher", "MATCH (a:Account) RETURN a AS account LIMIT 2"], env={"COLUMNS": "80"}
    )
    assert narrow.exit_code == 0, narrow.output
    assert max(len(line) for line in narrow.output.splitlines()) <= 80
    assert "…" not in narrow.output
    # Refusals and bad options: a message and an exit code, no traceback.
    syntax = runner.invoke(app, ["cypher", "MATCH (n RETURN n"])
    assert syntax.exit_code == 1 and "column 10" in syntax.output
    write = runner.invoke(app, ["cypher", "CREATE (:Account {id: 'x'})"])
    assert write.exit_code == 1 and "Query refused" in write.output
    for args in (
        ["cypher", "RETURN 1", "--params", "[1]"],
        ["cypher", "RETURN 1", "--params", "{no"],
        ["cypher", "RETURN 1", "--format", "xml"],
        ["cypher", "-"],
        ["export", "accounts"],
    ):
        wrong = runner.invoke(app, args, input="")
        assert wrong.exit_code == 2, (args, wrong.output)
        assert "Traceback" not in wrong.output and "Invalid value" in wrong.output, args
    monkeypatch.setenv("CYPHER_MAX_ROWS", "2")
    capped = runner.invoke(app, ["cypher", "UNWIND range(1, 5) AS n RETURN n", "--format", "csv"])
    assert capped.stdout.split() == ["n", "1", "2"]
    assert "Only the first 2 rows" in capped.output
    # People and relationships as CSV, one row each.
    people = list(csv.DictReader(io.StringIO(runner.invoke(app, ["export", "people"]).stdout)))
    assert len(people) == 80
    olsen = next(p for p in people if p["id"] == "p-olsen")
    assert olsen["account_id"] == "acc-contoso" and olsen["known_by"] == "1"
    raman = next(p for p in people if p["id"] == "p-raman")
    assert "CHAMPION" in json.loads(raman["roles"]) and raman["known_by"] == "2"
    relationships = runner.invoke(app, ["export", "relationships", "--format", "json"])
    records = json.loads(relationships.stdout)
    # 27 recorded, 4 made by touchpoints (Weber and Ng, Weber and Roth, Shah and Evans, Fischer
    # and Kaur: docs/model.md, relationships follow activity).
    assert len(records) == 31 and len({r["id"] for r in records}) == 31
    hahn = next(r for r in records if r["person_id"] == "p-hahn")
    assert hahn["manual_strength"] == "AT_RISK" and hahn["team_member_id"] == "tm-bianchi"
    # Who made each one: the four from touchpoints say so.
    made = {(r["team_member_id"], r["person_id"]) for r in records if r["origin"] == "ACTIVITY"}
    assert len(made) == 4 and {r["origin"] for r in records} == {"ACTIVITY", "MANUAL"}
