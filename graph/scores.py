"""Stored scores: recompute and store, snapshots, history, portfolio summary."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from graph import versions
from graph.alerts import raised
from graph.client import GraphClient, GraphSession, Row, Transaction
from graph.coalesce import Coalescer
from graph.cypher import scores as cypher
from graph.cypher.facts import FACTS_WINDOW_DAYS
from graph.errors import GraphMemoryError
from graph.facts import account_facts
from scoring import AccountScores, judge_strengths, score_account
from scoring.config import ScoringConfig
from scoring.facts import AccountFacts

#: Accounts scored per facts round trip when recomputing many.
RECOMPUTE_BATCH = 200

log = logging.getLogger("stakegraph")


def _stored(account_id: str, scores: AccountScores) -> dict[str, object]:
    return {
        "id": account_id,
        "breadth": scores.breadth.value,
        "dependency": scores.champion_dependency.value,
        "executive": scores.executive_access.value,
        "flags": [flag.code for flag in scores.risk_flags],
        "raised": raised(scores.risk_flags),
        "as_of": scores.as_of,
    }


def _strengths(
    account_id: str, facts: AccountFacts, as_of: date, config: ScoringConfig
) -> list[Row]:
    """STORE_STRENGTHS rows: each relationship's derived strength and the days it holds for."""
    return [
        {
            "accountId": account_id,
            "teamMemberId": j.team_member_id,
            "personId": j.person_id,
            "strength": j.derived.value,
            "lastTouchpoint": j.last_touchpoint,
            "lastShared": j.last_shared,
            "from": j.valid_from,
            "until": j.valid_until,
        }
        for j in judge_strengths(facts, as_of, config, facts_window=FACTS_WINDOW_DAYS)
    ]


async def _facts(
    session: GraphSession, account_ids: Sequence[str], as_of: date
) -> dict[str, AccountFacts]:
    """The facts of these accounts in one round trip; when Neo4j refuses that read the memory
    it needs, in halves (large accounts, or a server with a small heap: 200 generated
    accounts passed the 717 MiB a 1 GB heap allows)."""
    try:
        return await account_facts(session, account_ids, as_of)
    except GraphMemoryError:
        if len(account_ids) < 2:
            raise
        half = len(account_ids) // 2
        log.info("facts of %d accounts too large for one read; in halves", len(account_ids))
        first = await _facts(session, account_ids[:half], as_of)
        return first | await _facts(session, account_ids[half:], as_of)


async def compute(
    session: GraphSession, account_ids: Sequence[str], as_of: date, config: ScoringConfig
) -> dict[str, AccountScores]:
    """The scores of these accounts (their facts read as :func:`_facts` reads them)."""
    facts = await _facts(session, account_ids, as_of)
    return {account_id: score_account(f, as_of, config) for account_id, f in facts.items()}


async def accounts_to_score(
    session: GraphSession, as_of: date, *, resume: bool = False, snapshot: bool = False
) -> list[str]:
    """Every account's id, or with ``resume`` those not yet done for ``as_of``."""
    rows = await session.read(
        cypher.ACCOUNTS_TO_SCORE, {"resume": resume, "snapshot": snapshot, "asOf": as_of}
    )
    return [str(row["id"]) for row in rows]


async def recompute(
    session: GraphSession,
    account_ids: Sequence[str] | None,
    as_of: date,
    config: ScoringConfig,
    *,
    snapshot: bool = False,
    parallel: int = 1,
    resume: bool = False,
    on_batch: Callable[[int], None] | None = None,
    batch_size: int | None = None,
) -> int:
    """Recompute and store the scores of these accounts (all when None); returns how many.

    Batches of :data:`RECOMPUTE_BATCH` accounts, each its own transaction, ``parallel`` at a
    time (Neo4j and the scoring share the work: a second batch's facts are read while the
    first is judged). With ``resume`` the accounts already done for ``as_of`` are left out:
    scored as of that day, or, with ``snapshot``, with a snapshot of that day; so a run that
    was stopped goes on where it stopped. ``on_batch`` hears how many accounts each batch
    stored, as it commits. ``batch_size``: accounts per batch (memory holds
    ``parallel`` batches' facts; default :data:`RECOMPUTE_BATCH`, read at the call)."""
    if account_ids is None:
        account_ids = await accounts_to_score(session, as_of, resume=resume, snapshot=snapshot)
    size = batch_size or RECOMPUTE_BATCH
    batches = [account_ids[start : start + size] for start in range(0, len(account_ids), size)]
    slots = asyncio.Semaphore(max(1, parallel))

    async def run(batch: Sequence[str]) -> int:
        async with slots:
            facts = await _facts(session, batch, as_of)
            rows = [
                _stored(account_id, score_account(f, as_of, config))
                for account_id, f in facts.items()
            ]
            strengths = [
                row
                for account_id, f in facts.items()
                for row in _strengths(account_id, f, as_of, config)
            ]

            async def store(tx: Transaction) -> None:
                # Scores, their flag transitions (alert events and the webhook outbox) and
                # their snapshot together, or none of them.
                await tx.run(cypher.STORE_SCORES, {"rows": rows})
                if snapshot:
                    await tx.run(cypher.TAKE_SNAPSHOTS, {"rows": rows})
                if strengths:
                    await tx.run(cypher.STORE_STRENGTHS, {"rows": strengths})
                # The stored scores (and the day they are as of) are part of cached answers.
                await versions.bump(tx, [str(row["id"]) for row in rows])

            await session.transaction(store)
        if on_batch is not None:
            on_batch(len(rows))
        return len(rows)

    if len(batches) <= 1 or parallel <= 1:
        return sum([await run(batch) for batch in batches])
    return sum(await asyncio.gather(*(run(batch) for batch in batches)))


def _same_kind(key: object, other: tuple[object, ...]) -> bool:
    return isinstance(key, tuple) and key[:1] == other[:1]


def _refresher(client: GraphClient, as_of: date, config: ScoringConfig) -> Coalescer[str]:
    """The process's one coordinator of score refreshes as of ``as_of`` under ``config``."""
    # By identity: a config holds mappings (unhashable); the coordinator's work refers to it,
    # so its id is not reused while the entry lives.
    key = ("refresh scores", as_of, id(config))
    found: Coalescer[str] | None = client.shared.get(key)
    if found is not None:
        return found

    async def work(account_ids: list[str]) -> None:
        # A session of its own, not the request's: the run is shared, and outlives a caller
        # that went away. Unscoped: it covers only accounts that scoped writes were let touch.
        # Looked up at call time (not bound here), so a test can count the recomputes.
        count = await recompute(client.session(), sorted(account_ids), as_of, config)
        log.debug("scores refreshed: %d accounts", count)

    coalescer = Coalescer(work)
    # A new day (or config): the coordinators of the others are done with once idle.
    for old in [k for k, c in client.shared.items() if _same_kind(k, key) and not c.busy]:
        del client.shared[old]
    client.shared[key] = coalescer
    return coalescer


async def refresh(
    session: GraphSession, account_ids: Collection[str], as_of: date, config: ScoringConfig
) -> None:
    """Recompute the stored scores of accounts a committed write touched, in a run that
    starts after this call: at once when none of them is being refreshed, else right after
    the run under way, one run for every write that came meanwhile (graph/coalesce.py). So N
    concurrent writes to one account cost two recomputes, not N, and the scores stored
    last saw every write. Raises the run's GraphError (the caller logs it)."""
    if not account_ids:
        return
    if session.client is None:
        await recompute(session, sorted(account_ids), as_of, config)
        return
    await _refresher(session.client, as_of, config).cover(account_ids)


async def histories(
    session: GraphSession,
    account_ids: Sequence[str],
    start: date | None,
    end: date | None,
    limit: int = 500,
) -> dict[str, list[Row]]:
    """Score snapshots of each account, newest first (one round trip)."""
    rows = await session.read(
        cypher.SCORE_HISTORIES,
        {"accountIds": list(account_ids), "from": start, "to": end, "limit": limit},
    )
    return {row["accountId"]: list(row["rows"]) for row in rows}


@dataclass(frozen=True, slots=True)
class PortfolioRows:
    tiers: list[Row]
    top_revenues: list[float]
    engagement: Row
    flags: list[Row]


async def portfolio(
    session: GraphSession, today: date, active_window_days: int, top: int = 10
) -> PortfolioRows:
    tiers = await session.read(cypher.PORTFOLIO_TIERS, {"today": today})
    top_rows = await session.read(cypher.PORTFOLIO_TOP_REVENUE, {"top": top})
    engagement = await session.read(
        cypher.PORTFOLIO_ENGAGEMENT,
        {"today": today, "since": today - timedelta(days=active_window_days)},
    )
    flags = await session.read(cypher.FLAG_COUNTS)
    return PortfolioRows(
        tiers=tiers,
        top_revenues=[float(r["revenue"]) for r in top_rows],
        engagement=engagement[0],
        flags=flags,
    )
