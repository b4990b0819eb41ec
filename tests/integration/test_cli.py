"""The ``stakegraph`` CLI against the real Neo4j: load the demo, snapshot, rank."""

from __future__ import annotations

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
