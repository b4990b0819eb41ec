"""``stakegraph webhooks`` against the real Neo4j: add, list, deliveries, remove."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from api.cli import app


def test_webhooks_cli_adds_lists_and_removes(
    neo4j_connection: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in neo4j_connection.items():
        monkeypatch.setenv(key, value)
    runner = CliRunner()
    refused = runner.invoke(app, ["webhooks", "add", "http://10.0.0.5/hook"])
    assert refused.exit_code == 1 and "not a public address" in refused.output
    added = runner.invoke(
        app,
        [
            "webhooks",
            "add",
            "https://hooks.example.com/in",
            "--code",
            "champion_left",
            "--description",
            "crm",
        ],
    )
    assert added.exit_code == 0, added.output
    secret = added.output.strip().splitlines()[-1]
    assert secret.startswith("whsec_")
    hook_id = added.output.split("Registered webhook ", 1)[1].split(" ", 1)[0]

    listed = runner.invoke(app, ["webhooks", "list"], env={"COLUMNS": "250"})
    assert listed.exit_code == 0 and "hooks.example.com" in listed.output
    assert "CHAMPION_LEFT" in listed.output and secret not in listed.output
    log = runner.invoke(
        app, ["webhooks", "deliveries", "--webhook", hook_id, "--status", "pending"]
    )
    assert log.exit_code == 0 and "0 of 0" in log.output

    removed = runner.invoke(app, ["webhooks", "remove", hook_id])
    assert removed.exit_code == 0 and f"Deleted webhook {hook_id}" in removed.output
    gone = runner.invoke(app, ["webhooks", "remove", hook_id])
    assert gone.exit_code == 1 and "does not exist" in gone.output
