"""What a bulk import's checks read from the graph, each in one round trip."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from graph import rules
from graph.client import GraphSession
from graph.cypher import importer as cypher


@dataclass(frozen=True, slots=True)
class BatchFacts:
    """What an import's checks read first, in one round trip (IMPORT_FACTS)."""

    accounts: set[str]  # of the account ids asked about, those that exist
    people: set[str]
    team_members: set[str]
    #: the reporting lines' ends and everyone above their new managers on current lines
    at_work: dict[str, rules.AtWork]


async def batch_facts(
    session: GraphSession,
    accounts: Sequence[str],
    people: Sequence[str],
    members: Sequence[str],
    *,
    ends: Sequence[str] = (),
    chains: Sequence[str] = (),
    today: date,
) -> BatchFacts:
    """Which of these ids exist in the graph already, per kind, and the reporting context of
    the lines' ``ends`` and of the ``chains`` above their managers."""
    rows = await session.read(
        cypher.IMPORT_FACTS,
        {
            "accounts": list(accounts),
            "people": list(people),
            "teamMembers": list(members),
            "touchpoints": [],
            "opportunities": [],
            "ends": list(ends),
            "chains": list(chains),
            "today": today,
        },
    )
    row = rows[0]
    return BatchFacts(
        set(row["accounts"]),
        set(row["people"]),
        set(row["teamMembers"]),
        {
            str(person): rules.AtWork(manager, frozenset(at))
            for person, manager, at in row["atWork"]
        },
    )


async def relationship_pairs(
    session: GraphSession, relationship_ids: Sequence[str]
) -> dict[str, tuple[str, str]]:
    """The (team member, person) pair of each relationship id that exists."""
    rows = await session.read(cypher.RELATIONSHIP_PAIRS, {"ids": list(relationship_ids)})
    return {row["id"]: (row["team_member_id"], row["person_id"]) for row in rows}


@dataclass(frozen=True, slots=True)
class EmploymentFacts:
    """The touchpoints and (person, account) pairs of an import, as the graph has them."""

    touchpoint_accounts: dict[str, str | None]  # touchpoint id → its account, if it exists
    ever_employed: set[tuple[str, str]]  # (person, account)
    stints: dict[tuple[str, str], list[rules.Stint]]  # (person, account) → its employments


async def employment_facts(
    session: GraphSession,
    touchpoint_ids: Sequence[str],
    pairs: Sequence[tuple[str, str]],
    role_pairs: Sequence[tuple[str, str]],
) -> EmploymentFacts:
    """Whether the ``pairs`` ever had an employment, and the employments of the
    ``role_pairs``."""
    rows = await session.read(
        cypher.IMPORT_CONTEXT,
        {
            "touchpointIds": list(touchpoint_ids),
            "pairs": [list(p) for p in pairs],
            "rolePairs": [list(p) for p in role_pairs],
        },
    )
    row = rows[0]
    return EmploymentFacts(
        touchpoint_accounts={str(tp_id): owner for tp_id, owner in row["owners"]},
        ever_employed={(str(p), str(a)) for p, a in row["employed"]},
        stints={
            (str(p), str(a)): [(since, until) for since, until in stints]
            for p, a, stints in row["stints"]
        },
    )


async def dotted_reach(session: GraphSession, person_ids: Sequence[str]) -> dict[str, set[str]]:
    """Whom each of these people reaches over current dotted lines (among these people)."""
    rows = await session.read(cypher.DOTTED_REACH, {"ids": list(person_ids)})
    return {str(row["id"]): set(row["reaches"]) for row in rows}


async def opportunity_accounts(session: GraphSession, ids: Sequence[str]) -> dict[str, str]:
    """The account of each of these deals that is stored already."""
    rows = await session.read(cypher.OPPORTUNITY_ACCOUNTS, {"ids": list(ids)})
    return {str(row["id"]): str(row["account_id"]) for row in rows}


async def role_stints(
    session: GraphSession, pairs: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], list[rules.Stint]]:
    """The employments (since, until) of these (person, account) pairs."""
    return (await employment_facts(session, [], [], pairs)).stints
