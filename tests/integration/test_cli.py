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
