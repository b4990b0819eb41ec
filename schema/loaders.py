"""Per-request dataloaders, one per kind and key (``<Thing>By<Key>Loader``).

Each batches every key asked for in one tick of the event loop into one Cypher round trip, so
the number of queries of a request does not grow with the size of its result.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import date

from strawberry.dataloader import DataLoader

from graph import accounts, reads
from graph.client import GraphSession, Row
from graph.facts import account_facts
from scoring import StrengthAssessment, derive_strengths
from scoring.config import ScoringConfig
from scoring.facts import AccountFacts

StrengthMap = dict[tuple[str, str], StrengthAssessment]


def _by_key(
    session: GraphSession, fetch: Callable[[GraphSession, Sequence[str]], Awaitable[dict[str, Row]]]
) -> DataLoader[str, Row | None]:
    async def load(keys: list[str]) -> list[Row | None]:
        found = await fetch(session, keys)
        return [found.get(key) for key in keys]

    return DataLoader(load_fn=load)


def _grouped(
    session: GraphSession,
    fetch: Callable[[GraphSession, Sequence[str]], Awaitable[dict[str, list[Row]]]],
) -> DataLoader[str, list[Row]]:
    async def load(keys: list[str]) -> list[list[Row]]:
        found = await fetch(session, keys)
        return [found.get(key, []) for key in keys]

    return DataLoader(load_fn=load)


class Loaders:
    """The loaders of one request; ``today`` is the request's reference date."""

    def __init__(self, session: GraphSession, today: date, scoring: ScoringConfig) -> None:
        self.account_by_id = _by_key(session, accounts.accounts_by_id)
        self.person_by_id = _by_key(session, reads.people_by_id)
        self.team_member_by_id = _by_key(session, reads.team_members_by_id)
        self.touchpoint_by_id = _by_key(session, reads.touchpoints_by_id)
        #: ``system:value`` → ``{id, label}`` of the node it identifies.
        self.owner_by_external_key = _by_key(session, reads.external_id_owners)
        self.relationship_by_id = _by_key(session, reads.relationships_by_id)
        self.relationships_by_person_id = _grouped(session, reads.relationships_by_person_id)
        self.relationships_by_team_member_id = _grouped(
            session, reads.relationships_by_team_member_id
        )
        self.direct_reports_by_manager_id = _grouped(session, reads.direct_reports_by_manager_id)

        async def load_facts(keys: list[str]) -> list[AccountFacts | None]:
            found = await account_facts(session, keys, today)
            return [found.get(key) for key in keys]

        self.facts_by_account_id: DataLoader[str, AccountFacts | None] = DataLoader(
            load_fn=load_facts
        )

        async def load_strengths(keys: list[str]) -> list[StrengthMap]:
            facts = await self.facts_by_account_id.load_many(keys)
            return [
                {(s.team_member_id, s.person_id): s for s in derive_strengths(f, today, scoring)}
                if f
                else {}
                for f in facts
            ]

        self.strengths_by_account_id: DataLoader[str, StrengthMap] = DataLoader(
            load_fn=load_strengths
        )
