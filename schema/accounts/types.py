"""Accounts: the client companies, with their lists, org chart and scores."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Self

import strawberry
from strawberry import relay

from graph import keyset, opportunities, reads
from graph.rows import AccountRow
from schema.common import (
    ExternalId,
    enum_or_none,
    external_ids,
)
from schema.context import Info
from schema.enums import (
    EmploymentStatus,
    LifecycleStage,
    RiskFlagCode,
    TeamRole,
    TouchpointKind,
)
from schema.opportunities.types import Opportunity, OpportunityConnection
from schema.pagination import build_connection, page_window
from schema.people import orgchart
from schema.people.orgchart import OrgChart, OrgTreeNode, StakeholderRow
from schema.people.types import Person, PersonConnection
from schema.relationships.types import (
    Relationship,
    RelationshipConnection,
    Touchpoint,
    TouchpointConnection,
)
from schema.scores import types as scores
from schema.scores.types import (
    AccountScores,
    IntroductionPath,
    KeyAccountAssessment,
    RiskFlag,
    ScoreSnapshot,
)
from schema.team.types import TeamAssignment, TeamAssignmentConnection, TeamMember


@strawberry.type(description="A client company.")
class Account(relay.Node):
    id: relay.NodeID[str]
    account_id: strawberry.ID = strawberry.field(description="The account's own id.")
    name: str
    domain: str | None
    industry: str | None
    segment: str | None
    tier: int = strawberry.field(
        description="1 transactional, 2 recurring, 3 strategic partner, 4 anchor."
    )
    is_key_account: bool
    annual_revenue: float | None
    currency: str | None
    client_since: date | None
    tenure_years: float | None = strawberry.field(description="Years since clientSince.")
    lifecycle_stage: LifecycleStage | None
    renewal_date: date | None
    expansion_potential: int | None
    icp_fit: int | None
    strategic_value: int | None
    risk_cost_to_serve: int | None
    external_ids: list[ExternalId]
    created_at: datetime | None
    updated_at: datetime | None
    breadth_score: float | None = strawberry.field(description="Stored score (see scores).")
    dependency_score: float | None
    executive_score: float | None
    risk_flag_codes: list[RiskFlagCode]
    scores_computed_at: datetime | None

    @classmethod
    def from_row(cls, row: AccountRow, today: date | None = None) -> Self:
        since = row["client_since"]
        today = today or date.today()
        return cls(
            id=row["id"],
            account_id=strawberry.ID(row["id"]),
            name=row["name"],
            domain=row["domain"],
            industry=row["industry"],
            segment=row["segment"],
            tier=int(row["tier"] or 1),
            is_key_account=bool(row["is_key_account"]),
            annual_revenue=row["annual_revenue"],
            currency=row["currency"],
            client_since=since,
            tenure_years=round((today - since).days / 365.25, 2) if since else None,
            lifecycle_stage=enum_or_none(LifecycleStage, row["lifecycle_stage"]),
            renewal_date=row["renewal_date"],
            expansion_potential=row["expansion_potential"],
            icp_fit=row["icp_fit"],
            strategic_value=row["strategic_value"],
            risk_cost_to_serve=row["risk_cost_to_serve"],
            external_ids=external_ids(row["external_ids"]),
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            breadth_score=row["breadth_score"],
            dependency_score=row["dependency_score"],
            executive_score=row["executive_score"],
            risk_flag_codes=[RiskFlagCode(c) for c in row["risk_flag_codes"]],
            scores_computed_at=row["scores_computed_at"],
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        rows = await info.context.loaders.account_by_id.load_many(list(node_ids))
        return [cls.from_row(row, info.context.today) if row else None for row in rows]

    @strawberry.field(description="People employed at the account (current by default).")
    async def people(
        self,
        info: Info,
        status: EmploymentStatus = EmploymentStatus.CURRENT,
        first: int | None = None,
        after: str | None = None,
    ) -> PersonConnection:
        key, limit = page_window(first, after, info.context.config, keyset.ACCOUNT_PEOPLE)
        today = info.context.today
        request = reads.people_of_accounts(
            reads.PeopleFilter(status=status.value), today, key, limit
        )
        page = await _account_page(info, self.account_id, request)
        return build_connection(
            PersonConnection,
            page,
            keyset=keyset.ACCOUNT_PEOPLE,
            after=key,
            make=lambda row: Person.from_row(row, today),
        )

    @strawberry.field(description="Our account team: who holds which seat.")
    async def team(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> TeamAssignmentConnection:
        key, limit = page_window(first, after, info.context.config, keyset.ACCOUNT_TEAM)
        page = await _account_page(info, self.account_id, reads.team_of_accounts(key, limit))
        return build_connection(
            TeamAssignmentConnection,
            page,
            keyset=keyset.ACCOUNT_TEAM,
            after=key,
            make=lambda r: TeamAssignment(
                role=TeamRole(r["role"]),
                since=r["since"],
                member=TeamMember.from_row(r["member"]),
                account_id=self.account_id,
            ),
        )

    @strawberry.field(description="Relationships between our team and the account's people.")
    async def relationships(
        self,
        info: Info,
        include_former: bool = False,
        first: int | None = None,
        after: str | None = None,
    ) -> RelationshipConnection:
        key, limit = page_window(first, after, info.context.config, keyset.RELATIONSHIPS)
        request = reads.relationships_of_accounts(
            include_former=include_former, today=info.context.today, after=key, limit=limit
        )
        page = await _account_page(info, self.account_id, request)
        return build_connection(
            RelationshipConnection,
            page,
            keyset=keyset.RELATIONSHIPS,
            after=key,
            make=Relationship.from_row,
        )

    @strawberry.field(description="Touchpoints, newest first, optionally within dates.")
    async def touchpoints(
        self,
        info: Info,
        from_date: date | None = None,
        to_date: date | None = None,
        kind: TouchpointKind | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> TouchpointConnection:
        key, limit = page_window(first, after, info.context.config, keyset.TOUCHPOINTS)
        request = reads.touchpoints_of_accounts(
            start=from_date, end=to_date, kind=kind.value if kind else None, after=key, limit=limit
        )
        page = await _account_page(info, self.account_id, request)
        return build_connection(
            TouchpointConnection,
            page,
            keyset=keyset.TOUCHPOINTS,
            after=key,
            make=Touchpoint.from_row,
        )

    @strawberry.field(
        description="The account's deals, by close date (undated last), name and id; openOnly: "
        "only those not yet closed."
    )
    async def opportunities(
        self,
        info: Info,
        open_only: bool = False,
        first: int | None = None,
        after: str | None = None,
    ) -> OpportunityConnection:
        key, limit = page_window(first, after, info.context.config, keyset.OPPORTUNITIES)
        request = opportunities.opportunities_of_accounts(
            open_only=open_only, after=key, limit=limit
        )
        page = await _account_page(info, self.account_id, request)
        return build_connection(
            OpportunityConnection,
            page,
            keyset=keyset.OPPORTUNITIES,
            after=key,
            make=Opportunity.from_row,
        )

    @strawberry.field(
        description="The org chart as flat nodes and edges, for client-side layout: from "
        "rootPersonId (own or global id), or from every person without a current manager; "
        "down to depth levels below the root (all when null); the whole chart, or a page of "
        "it breadth-first with first/after. hiddenDescendants on each node tells what lies "
        "deeper, for lazy expansion. asOf (default today): the chart as it stood that day "
        "(people employed then, the lines, roles and relationships of then, strengths as the "
        "scores of that day compute them, each person's title, department and seniority of the "
        "position held then)."
    )
    async def org_chart(
        self,
        info: Info,
        root_person_id: strawberry.ID | None = None,
        depth: int | None = None,
        first: int | None = None,
        after: str | None = None,
        as_of: date | None = None,
    ) -> OrgChart:

        return await orgchart.resolve_org_chart(
            info, self.account_id, root_person_id, depth, first, after, as_of
        )

    @strawberry.field(
        description="The org chart as nested trees: from rootPersonId (own or global id), or "
        "from every person without a current manager, down to depth levels below the root; "
        "hiddenDescendants on each node tells what lies deeper. asOf (default today): the tree "
        "as it stood that day, as orgChart(asOf:)."
    )
    async def org_tree(
        self,
        info: Info,
        root_person_id: strawberry.ID | None = None,
        depth: int = 4,
        as_of: date | None = None,
    ) -> list[OrgTreeNode]:

        return await orgchart.resolve_org_tree(info, self.account_id, root_person_id, depth, as_of)

    @strawberry.field(
        description="The stakeholder map: every current person with buying roles, perception, "
        "seniority, department, our relationships and their last touchpoint. asOf (default "
        "today): the people, roles, relationships and touchpoints of that day, as "
        "orgChart(asOf:), with the title, seniority and department of the position each person "
        "held then (today's where none covers that day); perception and caresAbout are today's."
    )
    async def stakeholder_map(self, info: Info, as_of: date | None = None) -> list[StakeholderRow]:

        return await orgchart.resolve_stakeholder_map(info, self.account_id, as_of)

    @strawberry.field(
        description="Breadth, champion dependency and executive access as of a date (default "
        "today), computed now from the graph. `without` lists people or team members to treat "
        "as gone (what-if); nothing is changed."
    )
    async def scores(
        self,
        info: Info,
        as_of: date | None = None,
        without: list[strawberry.ID] | None = None,
    ) -> AccountScores:

        return await scores.resolve_scores(info, self.account_id, as_of, without or [])

    @strawberry.field(description="Risk flags as of a date (default today), with evidence.")
    async def risk_flags(self, info: Info, as_of: date | None = None) -> list[RiskFlag]:

        return (await scores.resolve_scores(info, self.account_id, as_of, [])).risk_flags

    @strawberry.field(description="The key-account selection matrix for this account.")
    async def key_account_assessment(self, info: Info) -> KeyAccountAssessment:

        return await scores.resolve_key_account_assessment(info, self.account_id)

    @strawberry.field(description="Warm introduction paths from our team to a person, best first.")
    async def introduction_paths(
        self,
        info: Info,
        person_id: strawberry.ID,
        max_hops: int = 3,
        limit: int = 5,
    ) -> list[IntroductionPath]:

        return await scores.resolve_introduction_paths(
            info, self.account_id, str(person_id), max_hops, limit
        )

    @strawberry.field(description="Stored score snapshots, newest first, optionally within dates.")
    async def score_history(
        self, info: Info, from_date: date | None = None, to_date: date | None = None
    ) -> list[ScoreSnapshot]:

        return await scores.resolve_score_history(info, self.account_id, from_date, to_date)


@strawberry.type
class AccountConnection(relay.Connection[Account]):
    total_count: int


async def _account_page(
    info: Info, account_id: str, request: reads.AccountPageRequest
) -> reads.Page:
    """A page of one of the account's lists, batched with the same page of other accounts."""
    page = await info.context.loaders.page_by_account_id.load((account_id, request))
    return page or reads.EMPTY_PAGE
