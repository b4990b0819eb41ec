"""Per-request dataloaders, one per kind and key (``<thing>_by_<key>`` on :class:`Loaders`).

Each batches every key asked for in one tick of the event loop into one Cypher round trip, so
the number of queries of a request does not grow with the size of its result.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Sequence
from datetime import date
from functools import cached_property
from typing import TypeVar

from strawberry.dataloader import DataLoader

from graph import accounts, opportunities, reads
from graph import scores as stored
from graph.client import GraphSession, Row
from graph.facts import account_facts
from graph.reads import AccountPageRequest, Page
from graph.rows import (
    AccountRow,
    OpportunityRow,
    PersonRow,
    RelationshipRow,
    TeamMemberRow,
    TouchpointRow,
)
from scoring import DealCoverage, StrengthAssessment, deal_coverages, derive_strengths
from scoring.config import ScoringConfig
from scoring.facts import AccountFacts

StrengthMap = dict[tuple[str, str], StrengthAssessment]
#: (account id, person ids, day, lean): some people's org-chart rows as they stood that day.
ChartPeopleKey = tuple[str, tuple[str, ...], date, bool]
G = TypeVar("G", bound=Hashable)
V = TypeVar("V")
R = TypeVar("R")


def _by_key(
    session: GraphSession, fetch: Callable[[GraphSession, Sequence[str]], Awaitable[dict[str, R]]]
) -> DataLoader[str, R | None]:
    async def load(keys: list[str]) -> list[R | None]:
        found = await fetch(session, keys)
        return [found.get(key) for key in keys]

    return DataLoader(load_fn=load)


def _grouped(
    session: GraphSession,
    fetch: Callable[[GraphSession, Sequence[str]], Awaitable[dict[str, list[R]]]],
) -> DataLoader[str, list[R]]:
    async def load(keys: list[str]) -> list[list[R]]:
        found = await fetch(session, keys)
        return [found.get(key, []) for key in keys]

    return DataLoader(load_fn=load)


def _per_account(
    fetch: Callable[[G, list[str]], Awaitable[dict[str, V]]],
) -> DataLoader[tuple[str, G], V | None]:
    """Keys are (account id, request): one fetch per distinct request, with every account
    that asked for it, so a list of accounts costs one round trip per field, not per account."""

    async def load(keys: list[tuple[str, G]]) -> list[V | None]:
        groups: dict[G, list[str]] = {}
        for account_id, request in keys:
            groups.setdefault(request, []).append(account_id)
        found: dict[tuple[str, G], V | None] = {}
        for request, account_ids in groups.items():
            answers = await fetch(request, sorted(set(account_ids)))
            for account_id in account_ids:
                found[(account_id, request)] = answers.get(account_id)
        return [found[key] for key in keys]

    return DataLoader(load_fn=load)


class Loaders:
    """The loaders of one request; ``today`` is the request's reference date.

    Each is made when first used: most requests use one or two of them, and making all of
    them for every request (``{ __typename }`` included) was a share of its fixed cost."""

    def __init__(self, session: GraphSession, today: date, scoring: ScoringConfig) -> None:
        self._session = session
        self._today = today
        self._scoring = scoring

    @cached_property
    def account_by_id(self) -> DataLoader[str, AccountRow | None]:
        return _by_key(self._session, accounts.accounts_by_id)

    @cached_property
    def person_by_id(self) -> DataLoader[str, PersonRow | None]:
        return _by_key(self._session, reads.people_by_id)

    @cached_property
    def team_member_by_id(self) -> DataLoader[str, TeamMemberRow | None]:
        return _by_key(self._session, reads.team_members_by_id)

    @cached_property
    def touchpoint_by_id(self) -> DataLoader[str, TouchpointRow | None]:
        return _by_key(self._session, reads.touchpoints_by_id)

    @cached_property
    def opportunity_by_id(self) -> DataLoader[str, OpportunityRow | None]:
        return _by_key(self._session, opportunities.opportunities_by_id)

    @cached_property
    def owner_by_external_key(self) -> DataLoader[str, Row | None]:
        """``system:value`` → ``{id, label}`` of the node it identifies."""
        return _by_key(self._session, reads.external_id_owners)

    @cached_property
    def relationship_by_id(self) -> DataLoader[str, RelationshipRow | None]:
        return _by_key(self._session, reads.relationships_by_id)

    @cached_property
    def relationships_by_person_id(self) -> DataLoader[str, list[RelationshipRow]]:
        return _grouped(self._session, reads.relationships_by_person_id)

    @cached_property
    def positions_by_person_id(self) -> DataLoader[str, list[Row]]:
        return _grouped(self._session, reads.positions_by_person_id)

    @cached_property
    def relationships_by_team_member_id(self) -> DataLoader[str, list[RelationshipRow]]:
        return _grouped(self._session, reads.relationships_by_team_member_id)

    @cached_property
    def direct_reports_by_manager_id(self) -> DataLoader[str, list[PersonRow]]:
        return _grouped(self._session, reads.direct_reports_by_manager_id)

    @cached_property
    def page_by_account_id(self) -> DataLoader[tuple[str, AccountPageRequest], Page | None]:
        """(account id, page request) → that page of the account's people, team, ..."""
        session = self._session
        return _per_account(lambda request, ids: reads.account_pages(session, request, ids))

    @cached_property
    def score_history_by_account_id(
        self,
    ) -> DataLoader[tuple[str, tuple[date | None, date | None]], list[Row] | None]:
        """(account id, (from, to)) → its score snapshots."""
        session = self._session
        return _per_account(lambda dates, ids: stored.histories(session, ids, *dates))

    @cached_property
    def facts_by_account_id_and_date(self) -> DataLoader[tuple[str, date], AccountFacts | None]:
        """(account id, as-of date) → its facts on that date (scores on another day)."""
        session = self._session
        return _per_account(lambda day, ids: account_facts(session, ids, day))

    @cached_property
    def org_chart_rows_by_account_id(
        self,
    ) -> DataLoader[tuple[str, tuple[date, bool, bool]], list[Row] | None]:
        """(account id, (day, lean, target)) → the org-chart rows of its people on that day
        (graph.reads); lean rows hold only the person's stored fields, and the target only
        with ``target``."""
        session, today = self._session, self._today
        return _per_account(
            lambda asked, ids: reads.org_chart_rows(
                session, ids, asked[0], lean=asked[1], today=today, target=asked[2]
            )
        )

    @cached_property
    def org_chart_rows_by_account_id_and_people(
        self,
    ) -> DataLoader[ChartPeopleKey, list[Row]]:
        """(account id, person ids, day, lean) → the org-chart rows of those people only."""
        session = self._session

        async def load(keys: list[ChartPeopleKey]) -> list[list[Row]]:
            found: dict[ChartPeopleKey, list[Row]] = {}
            for day, lean in {(day, lean) for _, _, day, lean in keys}:
                asked = [(a, people) for a, people, d, flag in keys if (d, flag) == (day, lean)]
                rows = await reads.org_chart_people_rows(
                    session, asked, day, lean=lean, today=self._today
                )
                found.update(
                    ((a, people, day, lean), r) for (a, people), r in zip(asked, rows, strict=True)
                )
            return [found[key] for key in keys]

        return DataLoader(load_fn=load)

    @cached_property
    def org_lines_by_account_id(self) -> DataLoader[tuple[str, date], list[Row] | None]:
        """(account id, day) → its reporting skeleton that day (person_id, parent_id), ordered
        by name."""
        session = self._session
        return _per_account(lambda day, ids: reads.org_lines(session, ids, day))

    @cached_property
    def facts_by_account_id(self) -> DataLoader[str, AccountFacts | None]:
        session, today = self._session, self._today

        async def load(keys: list[str]) -> list[AccountFacts | None]:
            found = await account_facts(session, keys, today)
            return [found.get(key) for key in keys]

        return DataLoader(load_fn=load)

    @cached_property
    def deal_coverage_by_account_id(self) -> DataLoader[str, dict[str, DealCoverage]]:
        """Account id → the coverage of each of its deals today, by deal id (from the facts
        the scores read: one round trip for all the accounts asked)."""
        today, scoring = self._today, self._scoring

        async def load(keys: list[str]) -> list[dict[str, DealCoverage]]:
            facts = await self.facts_by_account_id.load_many(keys)
            return [
                {d.opportunity_id: d for d in deal_coverages(f, today, scoring)} if f else {}
                for f in facts
            ]

        return DataLoader(load_fn=load)

    @cached_property
    def strengths_by_account_id(self) -> DataLoader[str, StrengthMap]:
        today, scoring = self._today, self._scoring

        async def load(keys: list[str]) -> list[StrengthMap]:
            facts = await self.facts_by_account_id.load_many(keys)
            return [
                {(s.team_member_id, s.person_id): s for s in derive_strengths(f, today, scoring)}
                if f
                else {}
                for f in facts
            ]

        return DataLoader(load_fn=load)
