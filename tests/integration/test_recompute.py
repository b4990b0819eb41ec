"""A full recompute in parallel batches gives what one batch at a time gives, and a resumed one
scores only the accounts not yet done for the day."""

from __future__ import annotations

from datetime import timedelta

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.settings import Settings
from graph import scores as stored
from graph.client import GraphClient
from tests.integration.small_graph import TODAY

STORED = (
    "MATCH (a:Account) RETURN a.id AS id, a.breadthScore AS breadth, "
    "a.dependencyScore AS dependency, a.executiveScore AS executive, "
    "a.riskFlagCodes AS flags, a.scoresAsOf AS asOf ORDER BY id"
)
SNAPSHOTS = (
    "MATCH (s:ScoreSnapshot {asOf: $day}) RETURN s.accountId AS id, count(*) AS n ORDER BY id"
)


async def test_parallel_batches_store_what_one_batch_at_a_time_stores(
    demo: None, graph: GraphClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = graph.session()
    config = settings.scoring_config()
    day = TODAY + timedelta(days=3)  # unlike what the demo fixture stored
    monkeypatch.setattr(stored, "RECOMPUTE_BATCH", 2)  # 7 demo accounts: 4 batches
    assert await stored.recompute(session, None, day, config, parallel=1) == 7
    one_at_a_time = await session.read(STORED)
    await stored.recompute(session, None, TODAY, config)  # something else in between
    heard: list[int] = []
    assert (
        await stored.recompute(session, None, day, config, parallel=3, on_batch=heard.append) == 7
    )
    assert sorted(heard) == [1, 2, 2, 2]
    assert await session.read(STORED) == one_at_a_time
    assert {row["asOf"] for row in one_at_a_time} == {day}


async def test_a_resumed_recompute_scores_only_what_is_not_done_for_the_day(
    demo: None, graph: GraphClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = graph.session()
    config = settings.scoring_config()
    day = TODAY + timedelta(days=5)
    monkeypatch.setattr(stored, "RECOMPUTE_BATCH", 2)
    every = await stored.accounts_to_score(session, day)
    assert len(every) == 7
    # A run stopped after three accounts, with snapshots.
    await stored.recompute(session, every[:3], day, config, snapshot=True)
    left = await stored.accounts_to_score(session, day, resume=True, snapshot=True)
    assert left == every[3:]
    assert await stored.recompute(session, None, day, config, snapshot=True, resume=True) == 4
    # Every account has one snapshot of the day, none two.
    assert await session.read(SNAPSHOTS, {"day": day}) == [{"id": a, "n": 1} for a in every]
    assert await stored.recompute(session, None, day, config, resume=True) == 0
    # Without resume, everything again.
    assert await stored.recompute(session, None, day, config, resume=False) == 7


def test_the_cli_recompute_shows_progress_and_resumes(
    demo: None, neo4j_connection: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in neo4j_connection.items():
        monkeypatch.setenv(key, value)
    runner = CliRunner()
    day = (TODAY + timedelta(days=7)).isoformat()
    first = runner.invoke(app, ["recompute", "--as-of", day, "--parallel", "3"])
    assert first.exit_code == 0, first.output
    assert f"Scored 7 accounts as of {day}" in first.output
    assert "scoring" in first.output  # the progress bar's line
    again = runner.invoke(app, ["recompute", "--as-of", day, "--resume"])
    assert again.exit_code == 0, again.output
    assert f"Scored 0 accounts as of {day}" in again.output
