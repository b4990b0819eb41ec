"""The portfolio's striped graph version (graph/versions.py), over a stand-in for the reads."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from graph import versions
from graph.client import GraphSession


class Stored:
    """The :GraphVersion nodes, as READ_VERSIONS would find them."""

    def __init__(self) -> None:
        self.nodes: dict[str, str] = {}
        self.asked: list[list[str]] = []

    async def read_uncounted(self, query: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        self.asked.append(list(params["keys"]))
        return [{"key": k, "version": self.nodes[k]} for k in params["keys"] if k in self.nodes]

    def bump(self, accounts: list[str], n: int) -> list[str]:
        keys = versions.keys_of(accounts)
        for key in keys:
            self.nodes[key] = f"{key}-v{n}"
        return keys


async def test_every_write_bumps_its_accounts_then_one_stripe_and_changes_the_portfolio() -> None:
    stored = Stored()
    session = cast(GraphSession, stored)
    seen = set()
    for n in range(40):
        before = await versions.current(session, ["acc-b", versions.PORTFOLIO])
        keys = stored.bump(["acc-b", "acc-a", "acc-b"], n)
        assert keys[:2] == ["acc-a", "acc-b"] and len(keys) == 3
        assert keys[2] in versions.STRIPES  # one stripe, last: one lock order for all writes
        seen.add(keys[2])
        after = await versions.current(session, ["acc-b", versions.PORTFOLIO])
        assert after["acc-b"] != before["acc-b"]
        assert after[versions.PORTFOLIO] != before[versions.PORTFOLIO]
    assert len(seen) > 1  # drawn, not always the same node
    # One round trip each: the keys asked for and every stripe, not a key named "portfolio".
    assert versions.PORTFOLIO not in stored.asked[-1]
    assert set(versions.STRIPES) <= set(stored.asked[-1])


async def test_never_written_is_none_and_accounts_alone_read_no_stripes() -> None:
    stored = Stored()
    session = cast(GraphSession, stored)
    assert await versions.current(session, ["acc-a", versions.PORTFOLIO]) == {
        "acc-a": None,
        versions.PORTFOLIO: None,
    }
    assert await versions.current(session, ["acc-a"]) == {"acc-a": None}
    assert stored.asked[-1] == ["acc-a"]
