"""Graph versions for the response cache (schema/response_cache.py), kept in Neo4j so every
API process sees every write: :func:`bump` runs inside each write's transaction (graph/writes.py
``_commit``, the importer, the score store), :func:`current` is the one read a cache hit costs.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Sequence

from graph.client import GraphSession, Transaction
from graph.cypher import versions as cypher

#: The key of the version every write changes; answers that read the portfolio at large
#: (pages, summaries, lookups by external id) depend on it. It is not one node: see STRIPES.
PORTFOLIO = "portfolio"

#: The portfolio's version is striped: each write bumps ONE of these nodes (at random) and
#: :func:`current` reads them all as the one PORTFOLIO version, which so still changes with
#: every write. Why: a node's write lock is held until the client sends COMMIT, and with one
#: portfolio node every write queued on it for as long as the busy API took to get back to
#: that transaction (50-client load: that bump was blocked in 396 of 397 samples of SHOW
#: TRANSACTIONS, median wait 0.7 s). Now only writes that draw the same stripe queue.
STRIPES = tuple(f"{PORTFOLIO}#{n}" for n in range(16))


def keys_of(accounts: Iterable[str]) -> list[str]:
    """The version keys a write of these accounts bumps: the accounts in order, then one
    stripe of the portfolio (one lock order for every write: a write holds one stripe)."""
    return list(dict.fromkeys([*sorted(set(accounts) - {PORTFOLIO}), random.choice(STRIPES)]))


async def bump(tx: Transaction, accounts: Iterable[str]) -> None:
    """New versions for these accounts and the portfolio (a stripe of it), in the caller's
    transaction; its last statement, so the stripe's lock is held only until the commit."""
    await tx.run(cypher.BUMP_VERSIONS, {"keys": keys_of(accounts)})


async def current(session: GraphSession, keys: Sequence[str]) -> dict[str, str | None]:
    """The versions of these keys now (None: never written), in one round trip; PORTFOLIO's
    is a digest of its stripes' versions."""
    found: dict[str, str | None] = dict.fromkeys(keys)
    wanted = [k for k in found if k != PORTFOLIO]
    if PORTFOLIO in found:
        wanted.extend(STRIPES)
    rows = await session.read_uncounted(cypher.READ_VERSIONS, {"keys": wanted})
    stripes: dict[str, str] = {}
    for row in rows:
        if row["key"] in found:
            found[row["key"]] = row["version"]
        if row["key"] in STRIPES:
            stripes[row["key"]] = row["version"]
    if PORTFOLIO in found and stripes:
        digest = hashlib.blake2b(digest_size=16)
        for stripe in STRIPES:
            digest.update(stripes.get(stripe, "-").encode() + b";")
        found[PORTFOLIO] = digest.hexdigest()
    return found
