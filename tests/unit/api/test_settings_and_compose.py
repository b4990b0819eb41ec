"""Settings: scoring overrides by JSON; docker-compose.yml agrees with what the app reads."""

from __future__ import annotations

import pytest
import yaml
from pydantic import ValidationError

from api.settings import Settings
from scoring.config import DEFAULT_CONFIG
from tests.helpers import ROOT


def test_scoring_overrides_nested_and_tier_plan() -> None:
    settings = Settings(
        scoring='{"active_window_days": 60, "breadth": {"our_side_target": 4},'
        ' "cadence": {"plan": {"4": {"STRATEGIC": 14}}},'
        ' "strength": {"channel_weights": {"EMAIL": 0.5}}}'
    )
    config = settings.scoring_config()
    assert config.active_window_days == 60
    assert config.breadth.our_side_target == 4
    assert config.breadth.key_stakeholders == DEFAULT_CONFIG.breadth.key_stakeholders
    assert config.cadence.plan[4] == {"STRATEGIC": 14, "EXECUTIVE": 92}
    assert config.strength.channel_weights["EMAIL"] == 0.5
    assert config.strength.channel_weights["IN_PERSON"] == 3.0


@pytest.mark.parametrize("bad", ['{"no_such": 1}', "[1, 2]", '{"breadth": {"nope": 2}}'])
def test_unknown_scoring_settings_are_refused(bad: str) -> None:
    with pytest.raises(ValidationError):
        Settings(scoring=bad)


def test_docker_compose_matches_the_settings() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    neo4j = compose["services"]["neo4j"]
    api = compose["services"]["api"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert "healthcheck" in neo4j and neo4j["volumes"]
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    fields = {name.upper() for name in Settings.model_fields}
    assert set(api["environment"]) <= fields
    assert {"NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"} <= set(
        api["environment"]
    )
    assert (ROOT / "Dockerfile").exists()


def test_every_setting_is_documented() -> None:
    documented = (ROOT / "docs" / "configuration.md").read_text()
    missing = [name for name in Settings.model_fields if f"`{name.upper()}`" not in documented]
    assert missing == []


def test_the_cli_reads_the_connection_file_the_dev_instance_writes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from api.settings import LOCAL_NEO4J_ENV_FILE
    from scripts import neo4jctl

    # STAKEGRAPH_CACHE moves the instances elsewhere; the CLI looks in the default place.
    monkeypatch.setattr(neo4jctl, "CACHE", neo4jctl.ROOT / ".cache" / "neo4j")
    assert neo4jctl.instance("dev").connection_file == LOCAL_NEO4J_ENV_FILE
