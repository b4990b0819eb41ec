"""Keeps stored scores fresh: after a committed write, recompute the accounts it touched."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Collection

from graph import scores as stored
from graph.errors import GraphError
from schema.context import Info

log = logging.getLogger("stakegraph")


async def refresh_scores(info: Info, accounts: Collection[str]) -> None:
    """Recompute and store the scores of ``accounts`` (those a write reported it touched), and
    forget what this request read of them so the payload shows the new scores.

    Concurrent writes share the recompute (graph/scores.py :func:`~graph.scores.refresh`):
    this waits for a run that started after the write committed."""
    if not accounts:
        return
    ctx = info.context
    try:
        await stored.refresh(ctx.graph, accounts, ctx.today, ctx.scoring)
    except GraphError as exc:
        # The write has committed: failing the mutation now would make a client retry it. The
        # stored scores stay as they were (their computedAt says how old) until the next write
        # or `stakegraph recompute`.
        log.warning("scores not refreshed after %s: %s", info.field_name, exc)
        return
    for account_id in accounts:
        with contextlib.suppress(KeyError):  # not loaded in this request
            ctx.loaders.account_by_id.clear(account_id)
