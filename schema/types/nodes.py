"""The Relay node types of the relationship graph and their connections.

Objects are built from Cypher rows in ``from_row`` (the one seam where records become response
data); scalar fields are plain attributes read by Strawberry's default resolvers. Only fields
that need another query have resolvers, and those go through the per-request dataloaders.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Self

import strawberry
from strawberry import relay

from graph import reads
from schema.context import Info
from schema.pagination import build_connection, page_window
from schema.types.enums import (
    BuyingRole,
    Channel,
    EmploymentStatus,
    LifecycleStage,
    Perception,
    RiskFlagCode,
    Seniority,
    Strength,
    StrengthSource,
    TeamRole,
    TouchpointKind,
)

if TYPE_CHECKING:
    from schema.types.orgchart import OrgChart, OrgTreeNode, StakeholderRow
    from schema.types.scores import (
        AccountScores,
        IntroductionPath,
        KeyAccountAssessment,
        RiskFlag,
        ScoreSnapshot,
    )


def _enum(enum_cls: Any, value: str | None) -> Any:
    return None if value is None else enum_cls(value)


@strawberry.type
class ExternalId:
    system: str
    value: str


def _external_ids(rows: Iterable[dict[str, str]]) -> list[ExternalId]:
    return [ExternalId(system=r["system"], value=r["value"]) for r in rows]


# ---- accounts ------------------------------------------------------------------------------


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
    def from_row(cls, row: dict[str, Any], today: date | None = None) -> Self:
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
            lifecycle_stage=_enum(LifecycleStage, row["lifecycle_stage"]),
            renewal_date=row["renewal_date"],
            expansion_potential=row["expansion_potential"],
            icp_fit=row["icp_fit"],
            strategic_value=row["strategic_value"],
            risk_cost_to_serve=row["risk_cost_to_serve"],
            external_ids=_external_ids(row["external_ids"]),
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
        skip, limit = page_window(first, after, info.context.config)
        today = info.context.today
        request = reads.people_of_accounts(
            reads.PeopleFilter(status=status.value), today, skip, limit
        )
        page = await _account_page(info, self.account_id, request)
        return build_connection(
            PersonConnection,
            page.rows,
            total=page.total,
            skip=skip,
            make=lambda row: Person.from_row(row, today),
        )

    @strawberry.field(description="Our account team: who holds which seat.")
    async def team(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> TeamAssignmentConnection:
        skip, limit = page_window(first, after, info.context.config)
        page = await _account_page(info, self.account_id, reads.team_of_accounts(skip, limit))
        return build_connection(
            TeamAssignmentConnection,
            page.rows,
            total=page.total,
            skip=skip,
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
        skip, limit = page_window(first, after, info.context.config)
        request = reads.relationships_of_accounts(
            include_former=include_former, today=info.context.today, skip=skip, limit=limit
        )
        page = await _account_page(info, self.account_id, request)
        return build_connection(
            RelationshipConnection,
            page.rows,
            total=page.total,
            skip=skip,
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
        skip, limit = page_window(first, after, info.context.config)
        request = reads.touchpoints_of_accounts(
            start=from_date, end=to_date, kind=kind.value if kind else None, skip=skip, limit=limit
        )
        page = await _account_page(info, self.account_id, request)
        return build_connection(
            TouchpointConnection, page.rows, total=page.total, skip=skip, make=Touchpoint.from_row
        )

    @strawberry.field(description="The org chart as flat nodes and edges, for client-side layout.")
    async def org_chart(
        self, info: Info
    ) -> Annotated[OrgChart, strawberry.lazy("schema.types.orgchart")]:
        from schema.types.orgchart import resolve_org_chart

        return await resolve_org_chart(info, self.account_id)

    @strawberry.field(
        description="The org chart as nested trees: from rootPersonId, or from every person "
        "without a current manager, down to depth levels below the root."
    )
    async def org_tree(
        self, info: Info, root_person_id: strawberry.ID | None = None, depth: int = 4
    ) -> list[Annotated[OrgTreeNode, strawberry.lazy("schema.types.orgchart")]]:
        from schema.types.orgchart import resolve_org_tree

        return await resolve_org_tree(info, self.account_id, root_person_id, depth)

    @strawberry.field(
        description="The stakeholder map: every current person with buying roles, perception, "
        "seniority, department, our relationships and their last touchpoint."
    )
    async def stakeholder_map(
        self, info: Info
    ) -> list[Annotated[StakeholderRow, strawberry.lazy("schema.types.orgchart")]]:
        from schema.types.orgchart import resolve_stakeholder_map

        return await resolve_stakeholder_map(info, self.account_id)

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
    ) -> Annotated[AccountScores, strawberry.lazy("schema.types.scores")]:
        from schema.types.scores import resolve_scores

        return await resolve_scores(info, self.account_id, as_of, without or [])

    @strawberry.field(description="Risk flags as of a date (default today), with evidence.")
    async def risk_flags(
        self, info: Info, as_of: date | None = None
    ) -> list[Annotated[RiskFlag, strawberry.lazy("schema.types.scores")]]:
        from schema.types.scores import resolve_scores

        return (await resolve_scores(info, self.account_id, as_of, [])).risk_flags

    @strawberry.field(description="The key-account selection matrix for this account.")
    async def key_account_assessment(
        self, info: Info
    ) -> Annotated[KeyAccountAssessment, strawberry.lazy("schema.types.scores")]:
        from schema.types.scores import resolve_key_account_assessment

        return await resolve_key_account_assessment(info, self.account_id)

    @strawberry.field(description="Warm introduction paths from our team to a person, best first.")
    async def introduction_paths(
        self,
        info: Info,
        person_id: strawberry.ID,
        max_hops: int = 3,
        limit: int = 5,
    ) -> list[Annotated[IntroductionPath, strawberry.lazy("schema.types.scores")]]:
        from schema.types.scores import resolve_introduction_paths

        return await resolve_introduction_paths(
            info, self.account_id, str(person_id), max_hops, limit
        )

    @strawberry.field(description="Stored score snapshots, newest first, optionally within dates.")
    async def score_history(
        self, info: Info, from_date: date | None = None, to_date: date | None = None
    ) -> list[Annotated[ScoreSnapshot, strawberry.lazy("schema.types.scores")]]:
        from schema.types.scores import resolve_score_history

        return await resolve_score_history(info, self.account_id, from_date, to_date)


# ---- people --------------------------------------------------------------------------------


@strawberry.type(description="A period of employment at an account.")
class Employment:
    account_id: strawberry.ID
    account_name: str
    since: date | None
    until: date | None
    title: str | None
    current: bool

    @strawberry.field
    async def account(self, info: Info) -> Account | None:
        row = await info.context.loaders.account_by_id.load(str(self.account_id))
        return Account.from_row(row, info.context.today) if row else None


@strawberry.type(description="A buying role a person holds at an account.")
class RoleAssignment:
    account_id: strawberry.ID
    role: BuyingRole
    since: date | None


@strawberry.type(description="Someone at a client.")
class Person(relay.Node):
    id: relay.NodeID[str]
    person_id: strawberry.ID = strawberry.field(description="The person's own id.")
    name: str
    email: str | None
    title: str | None
    department: str | None
    seniority: Seniority | None
    location: str | None
    profile_url: str | None
    perception: Perception
    cares_about: list[str]
    external_ids: list[ExternalId]
    employments: list[Employment]
    roles: list[RoleAssignment] = strawberry.field(description="Buying roles, at any account.")
    current_account_id: strawberry.ID | None
    manager_id: strawberry.ID | None = strawberry.field(description="Current manager's id.")
    is_current: bool = strawberry.field(description="Employed at some account today.")

    @classmethod
    def from_row(cls, row: dict[str, Any], today: date | None = None) -> Self:
        today = today or date.today()
        employments = sorted(
            (
                Employment(
                    account_id=strawberry.ID(e["account_id"]),
                    account_name=e["account_name"],
                    since=e["since"],
                    until=e["until"],
                    title=e["title"],
                    current=e["until"] is None or e["until"] > today,
                )
                for e in row["employments"]
            ),
            key=lambda e: (e.current, e.since or date.min),
            reverse=True,
        )
        current = next((e for e in employments if e.current), None)
        return cls(
            id=row["id"],
            person_id=strawberry.ID(row["id"]),
            name=row["name"],
            email=row["email"],
            title=row["title"],
            department=row["department"],
            seniority=_enum(Seniority, row["seniority"]),
            location=row["location"],
            profile_url=row["profile_url"],
            perception=Perception(row["perception"]),
            cares_about=list(row["cares_about"]),
            external_ids=_external_ids(row["external_ids"]),
            employments=employments,
            roles=[
                RoleAssignment(
                    account_id=strawberry.ID(r["account_id"]),
                    role=BuyingRole(r["role"]),
                    since=r["since"],
                )
                for r in sorted(row["roles"], key=lambda r: (r["account_id"], r["role"]))
            ],
            current_account_id=current.account_id if current else None,
            manager_id=strawberry.ID(row["manager_id"]) if row["manager_id"] else None,
            is_current=current is not None,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        rows = await info.context.loaders.person_by_id.load_many(list(node_ids))
        return [cls.from_row(row, info.context.today) if row else None for row in rows]

    @strawberry.field
    async def current_account(self, info: Info) -> Account | None:
        if self.current_account_id is None:
            return None
        row = await info.context.loaders.account_by_id.load(str(self.current_account_id))
        return Account.from_row(row, info.context.today) if row else None

    @strawberry.field
    async def manager(self, info: Info) -> Person | None:
        if self.manager_id is None:
            return None
        row = await info.context.loaders.person_by_id.load(str(self.manager_id))
        return Person.from_row(row, info.context.today) if row else None

    @strawberry.field
    async def direct_reports(self, info: Info) -> list[Person]:
        rows = await info.context.loaders.direct_reports_by_manager_id.load(self.id)
        return [Person.from_row(row, info.context.today) for row in rows]

    @strawberry.field(description="Relationships our team members hold with this person.")
    async def relationships(self, info: Info) -> list[Relationship]:
        rows = await info.context.loaders.relationships_by_person_id.load(self.id)
        return [Relationship.from_row(row) for row in rows]


# ---- our side ------------------------------------------------------------------------------


@strawberry.type(description="A seat on an account team.")
class TeamAssignment:
    role: TeamRole
    since: date | None
    member: TeamMember
    account_id: strawberry.ID

    @strawberry.field
    async def account(self, info: Info) -> Account | None:
        row = await info.context.loaders.account_by_id.load(str(self.account_id))
        return Account.from_row(row, info.context.today) if row else None


@strawberry.type(description="Someone on our side.")
class TeamMember(relay.Node):
    id: relay.NodeID[str]
    team_member_id: strawberry.ID = strawberry.field(description="The team member's own id.")
    name: str
    email: str | None
    title: str | None
    seniority: Seniority | None
    external_ids: list[ExternalId]
    assignments: list[TeamAssignment] = strawberry.field(
        description="Seats on account teams, for every account."
    )

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Self:
        member = cls(
            id=row["id"],
            team_member_id=strawberry.ID(row["id"]),
            name=row["name"],
            email=row["email"],
            title=row["title"],
            seniority=_enum(Seniority, row["seniority"]),
            external_ids=_external_ids(row["external_ids"]),
            assignments=[],
        )
        member.assignments = [
            TeamAssignment(
                role=TeamRole(a["role"]),
                since=a["since"],
                member=member,
                account_id=strawberry.ID(a["account_id"]),
            )
            for a in sorted(row["assignments"], key=lambda a: (a["account_id"], a["role"]))
        ]
        return member

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        rows = await info.context.loaders.team_member_by_id.load_many(list(node_ids))
        return [cls.from_row(row) if row else None for row in rows]

    @strawberry.field(description="Relationships this team member holds with client people.")
    async def relationships(self, info: Info) -> list[Relationship]:
        rows = await info.context.loaders.relationships_by_team_member_id.load(self.id)
        return [Relationship.from_row(row) for row in rows]


# ---- relationships and touchpoints ---------------------------------------------------------


@strawberry.type(description="A relationship between one of our team members and a client person.")
class Relationship(relay.Node):
    id: relay.NodeID[str]
    team_member_id: strawberry.ID
    person_id: strawberry.ID
    since: date | None
    last_contact: date | None
    manual_strength: Strength | None = strawberry.field(description="Set by hand, if ever.")
    manual_strength_set_at: datetime | None
    notes: str | None
    account_id: strawberry.ID | None = strawberry.field(
        description="The account whose touchpoints derive the strength."
    )

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Self:
        return cls(
            id=row["id"],
            team_member_id=strawberry.ID(row["team_member_id"]),
            person_id=strawberry.ID(row["person_id"]),
            since=row["since"],
            last_contact=row["last_contact"],
            manual_strength=_enum(Strength, row["manual_strength"]),
            manual_strength_set_at=row["manual_strength_set_at"],
            notes=row["notes"],
            account_id=strawberry.ID(row["account_id"]) if row["account_id"] else None,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        rows = await info.context.loaders.relationship_by_id.load_many(list(node_ids))
        return [cls.from_row(row) if row else None for row in rows]

    async def _assessment(self, info: Info) -> Any:
        if self.account_id is None:
            return None
        strengths = await info.context.loaders.strengths_by_account_id.load(str(self.account_id))
        return strengths.get((str(self.team_member_id), str(self.person_id)))

    @strawberry.field(description="Derived from touchpoints (recency, channel, initiative).")
    async def derived_strength(self, info: Info) -> Strength:
        assessment = await self._assessment(info)
        return Strength(assessment.derived) if assessment else Strength.WEAK

    @strawberry.field(description="The strength in force: manual until a newer touchpoint.")
    async def strength(self, info: Info) -> Strength:
        assessment = await self._assessment(info)
        if assessment:
            return Strength(assessment.effective)
        return self.manual_strength or Strength.WEAK

    @strawberry.field
    async def strength_source(self, info: Info) -> StrengthSource:
        assessment = await self._assessment(info)
        if assessment:
            return StrengthSource(assessment.source)
        return StrengthSource.MANUAL if self.manual_strength else StrengthSource.DERIVED

    @strawberry.field
    async def team_member(self, info: Info) -> TeamMember | None:
        row = await info.context.loaders.team_member_by_id.load(str(self.team_member_id))
        return TeamMember.from_row(row) if row else None

    @strawberry.field
    async def person(self, info: Info) -> Person | None:
        row = await info.context.loaders.person_by_id.load(str(self.person_id))
        return Person.from_row(row, info.context.today) if row else None


@strawberry.type(description="An interaction between our side and the client's at a date.")
class Touchpoint(relay.Node):
    id: relay.NodeID[str]
    touchpoint_id: strawberry.ID
    date: date
    channel: Channel
    kind: TouchpointKind
    summary: str | None
    initiated_by_client: bool
    initiator_id: strawberry.ID | None
    account_id: strawberry.ID | None
    team_member_ids: list[strawberry.ID]
    person_ids: list[strawberry.ID]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Self:
        return cls(
            id=row["id"],
            touchpoint_id=strawberry.ID(row["id"]),
            date=row["date"],
            channel=Channel(row["channel"]),
            kind=TouchpointKind(row["kind"]),
            summary=row["summary"],
            initiated_by_client=bool(row["initiated_by_client"]),
            initiator_id=strawberry.ID(row["initiator_id"]) if row["initiator_id"] else None,
            account_id=strawberry.ID(row["account_id"]) if row["account_id"] else None,
            team_member_ids=[strawberry.ID(i) for i in sorted(row["team_member_ids"])],
            person_ids=[strawberry.ID(i) for i in sorted(row["person_ids"])],
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        rows = await info.context.loaders.touchpoint_by_id.load_many(list(node_ids))
        return [cls.from_row(row) if row else None for row in rows]

    @strawberry.field(description="Our people who took part.")
    async def team_members(self, info: Info) -> list[TeamMember]:
        rows = await info.context.loaders.team_member_by_id.load_many(
            [str(i) for i in self.team_member_ids]
        )
        return [TeamMember.from_row(r) for r in rows if r]

    @strawberry.field(description="Client people who took part.")
    async def people(self, info: Info) -> list[Person]:
        rows = await info.context.loaders.person_by_id.load_many([str(i) for i in self.person_ids])
        return [Person.from_row(r, info.context.today) for r in rows if r]


# ---- connections ---------------------------------------------------------------------------


@strawberry.type
class AccountConnection(relay.Connection[Account]):
    total_count: int


@strawberry.type
class PersonConnection(relay.Connection[Person]):
    total_count: int


@strawberry.type
class TeamMemberConnection(relay.Connection[TeamMember]):
    total_count: int


# Relay connections are typed for Node items; a team seat is a plain edge of data, and
# Strawberry builds the connection for any type at run time.
@strawberry.type
class TeamAssignmentConnection(relay.Connection[TeamAssignment]):  # type: ignore[type-var]
    total_count: int


@strawberry.type
class RelationshipConnection(relay.Connection[Relationship]):
    total_count: int


@strawberry.type
class TouchpointConnection(relay.Connection[Touchpoint]):
    total_count: int


async def _account_page(
    info: Info, account_id: str, request: reads.AccountPageRequest
) -> reads.Page:
    """A page of one of the account's lists, batched with the same page of other accounts."""
    page = await info.context.loaders.page_by_account_id.load((account_id, request))
    return page or reads.Page(total=0, rows=[])
