"""graph.scores.compute: a facts read that Neo4j refuses for memory is made in halves."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date
from typing import Any

import pytest

from graph import scores
from graph.errors import GraphMemoryError
from scoring.config import ScoringConfig


def test_a_batch_too_large_for_the_servers_memory_is_read_in_halves(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reads: list[tuple[str, ...]] = []

    async def facts(_session: Any, ids: Sequence[str], _as_of: date) -> dict[str, str]:
        reads.append(tuple(ids))
        if len(ids) > 2:  # the server's limit: facts of two accounts at most
            raise GraphMemoryError("full")
        return {i: f"facts of {i}" for i in ids}

    monkeypatch.setattr(scores, "account_facts", facts)
    monkeypatch.setattr(scores, "score_account", lambda f, _day, _config: f"scores from {f}")
    ids = [f"acc-{n}" for n in range(5)]
    no_session: Any = None  # the stand-in for account_facts reads nothing
    found: dict[str, Any] = asyncio.run(
        scores.compute(no_session, ids, date(2026, 12, 1), ScoringConfig())
    )
    assert found == {i: f"scores from facts of {i}" for i in ids}
    assert reads == [tuple(ids), tuple(ids[:2]), tuple(ids[2:]), ("acc-2",), ("acc-3", "acc-4")]


def test_one_account_too_large_is_an_error_not_a_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    async def facts(_session: Any, _ids: Sequence[str], _as_of: date) -> dict[str, str]:
        raise GraphMemoryError("full")

    monkeypatch.setattr(scores, "account_facts", facts)
    no_session: Any = None
    with pytest.raises(GraphMemoryError):
        asyncio.run(scores.compute(no_session, ["a", "b"], date(2026, 12, 1), ScoringConfig()))
