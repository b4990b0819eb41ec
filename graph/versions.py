"""Graph versions for the response cache (schema/response_cache.py), kept in Neo4j so every
API process sees every write: :func:`bump` runs inside each write's transaction (graph/writes.py
``_commit``, the importer, the score store), :func:`current` is the one read a cache hit costs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from graph.client import GraphSession, Transaction
from graph.cypher import versions as cypher

#: The key of the version every write bumps; answers that read the portfolio at large
#: (pages, summaries, lookups by external id) depend on it.
PORTFOLIO = "portfolio"


def keys_of(accounts: Iterable[str]) -> list[str]:
    """The version keys a write of these accounts bumps: the accounts in order, then the
    portfolio (one lock order for every write)."""
    return [*sorted(set(accounts) - {PORTFOLIO}), PORTFOLIO]


async def bump(tx: Transaction, accounts: Iterable[str]) -> None:
    """New versions for these accounts and the portfolio, in the caller's transaction; its
    last statement, so the portfolio's lock is held only until the commit."""
    await tx.run(cypher.BUMP_VERSIONS, {"keys": keys_of(accounts)})


async def current(session: GraphSession, keys: Sequence[str]) -> dict[str, str | None]:
    """The versions of these keys now (None: never written), in one round trip."""
    found: dict[str, str | None] = dict.fromkeys(keys)
    rows = await session.read_uncounted(cypher.READ_VERSIONS, {"keys": list(found)})
    for row in rows:
        found[row["key"]] = row["version"]
    return found
