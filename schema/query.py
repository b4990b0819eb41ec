"""The root Query type."""

from __future__ import annotations

import asyncio
from enum import Enum
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from graph import reads
from graph.accounts import AccountFilter as AccountWhere
from graph.accounts import accounts_page
from graph.errors import ErrorCode
from graph.writes import ExternalKey
from schema.context import Info
from schema.errors import request_error
from schema.inputs import ExternalIdInput
from schema.pagination import build_connection, page_window
from schema.permissions import CanRunCypher
from schema.types.enums import (
    BuyingRole,
    EmploymentStatus,
    OrderDirection,
    RiskFlagCode,
    Seniority,
)
from schema.types.nodes import (
    Account,
    AccountConnection,
    Person,
    PersonConnection,
    TeamMember,
    TeamMemberConnection,
    Touchpoint,
)
from schema.types.portfolio import (
    CypherResult,
    PortfolioSummary,
    resolve_cypher,
    resolve_portfolio_summary,
)


@strawberry.type
class Health:
    ok: bool
    neo4j: bool


@strawberry.enum
class AccountOrderField(Enum):
    NAME = "NAME"
    TIER = "TIER"
    ANNUAL_REVENUE = "ANNUAL_REVENUE"
    CLIENT_SINCE = "CLIENT_SINCE"
    RENEWAL_DATE = "RENEWAL_DATE"
    BREADTH = "BREADTH"
    DEPENDENCY = "DEPENDENCY"
    EXECUTIVE = "EXECUTIVE"


@strawberry.input
class AccountOrder:
    field: AccountOrderField = AccountOrderField.NAME
    direction: OrderDirection = OrderDirection.ASC


@strawberry.input(description="All given conditions must hold. Scores are the stored ones.")
class AccountFilter:
    search: str | None = strawberry.field(
        default=None, description="Case-insensitive text in name or domain."
    )
    tiers: list[int] | None = None
    is_key_account: bool | None = None
    industry: str | None = None
    segment: str | None = None
    risk_flag: RiskFlagCode | None = strawberry.field(default=None, description="A risk flag code.")
    min_breadth: float | None = None
    max_breadth: float | None = None
    min_dependency: float | None = None
    max_dependency: float | None = None
    min_executive: float | None = None
    max_executive: float | None = None


@strawberry.input
class PersonFilter:
    account_id: strawberry.ID | None = None
    status: EmploymentStatus = strawberry.field(
        default=EmploymentStatus.ALL,
        description="With accountId: current, former or all people of that account.",
    )
    search: str | None = strawberry.field(
        default=None, description="Case-insensitive text in name, email or title."
    )
    department: str | None = None
    seniority: Seniority | None = None
    role: BuyingRole | None = None


@strawberry.type
class Query:
    # Written out rather than ``relay.node()``: that field is bound to its schema when the
    # schema is built, so a second schema in the process could not use it. The loaders batch
    # the ids of one type into one round trip.
    @strawberry.field(description="Fetches an object given its ID.")
    async def node(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, strawberry.argument(description="The ID of the object.")],
    ) -> relay.Node | None:
        return await id.resolve_node(info, required=False)

    @strawberry.field(description="Fetches objects given their IDs.")
    async def nodes(
        self,
        info: Info,
        ids: Annotated[
            list[relay.GlobalID], strawberry.argument(description="The IDs of the objects.")
        ],
    ) -> list[relay.Node | None]:
        return list(await asyncio.gather(*(i.resolve_node(info, required=False) for i in ids)))

    @strawberry.field(description="Whether the API and its Neo4j answer.")
    async def health(self, info: Info) -> Health:
        return Health(ok=True, neo4j=await reads.neo4j_answers(info.context.graph))

    @strawberry.field(
        description="An account by its own id (not the Relay global id) or by an external id "
        "such as its CRM id; give exactly one."
    )
    async def account(
        self,
        info: Info,
        id: strawberry.ID | None = None,
        external_id: ExternalIdInput | None = None,
    ) -> Account | None:
        own_id = await _own_id(info, "Account", id, external_id)
        row = await info.context.loaders.account_by_id.load(own_id) if own_id else None
        return Account.from_row(row, info.context.today) if row else None

    @strawberry.field(description="Accounts, filtered and ordered (default by name).")
    async def accounts(
        self,
        info: Info,
        filter: AccountFilter | None = None,
        order_by: AccountOrder | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> AccountConnection:
        skip, limit = page_window(first, after, info.context.config)
        f = filter or AccountFilter()
        order = order_by or AccountOrder()
        where = AccountWhere(
            search=f.search,
            tiers=f.tiers,
            is_key_account=f.is_key_account,
            industry=f.industry,
            segment=f.segment,
            risk_flag=f.risk_flag,
            min_breadth=f.min_breadth,
            max_breadth=f.max_breadth,
            min_dependency=f.min_dependency,
            max_dependency=f.max_dependency,
            min_executive=f.min_executive,
            max_executive=f.max_executive,
        )
        page = await accounts_page(
            info.context.graph, where, order.field.value, order.direction.value, skip, limit
        )
        today = info.context.today
        return build_connection(
            AccountConnection,
            page.rows,
            total=page.total,
            skip=skip,
            make=lambda row: Account.from_row(row, today),
        )

    @strawberry.field(description="A client person by their own id or an external id (one).")
    async def person(
        self,
        info: Info,
        id: strawberry.ID | None = None,
        external_id: ExternalIdInput | None = None,
    ) -> Person | None:
        own_id = await _own_id(info, "Person", id, external_id)
        row = await info.context.loaders.person_by_id.load(own_id) if own_id else None
        return Person.from_row(row, info.context.today) if row else None

    @strawberry.field(description="Client people, filtered, ordered by name.")
    async def people(
        self,
        info: Info,
        filter: PersonFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> PersonConnection:
        skip, limit = page_window(first, after, info.context.config)
        f = filter or PersonFilter()
        where = reads.PeopleFilter(
            account_id=str(f.account_id) if f.account_id else None,
            status=f.status.value,
            search=f.search,
            department=f.department,
            seniority=f.seniority.value if f.seniority else None,
            role=f.role.value if f.role else None,
        )
        page = await reads.people_page(info.context.graph, where, info.context.today, skip, limit)
        today = info.context.today
        return build_connection(
            PersonConnection,
            page.rows,
            total=page.total,
            skip=skip,
            make=lambda row: Person.from_row(row, today),
        )

    @strawberry.field(description="Someone on our side by their own id or an external id (one).")
    async def team_member(
        self,
        info: Info,
        id: strawberry.ID | None = None,
        external_id: ExternalIdInput | None = None,
    ) -> TeamMember | None:
        own_id = await _own_id(info, "TeamMember", id, external_id)
        row = await info.context.loaders.team_member_by_id.load(own_id) if own_id else None
        return TeamMember.from_row(row) if row else None

    @strawberry.field(description="Our people, ordered by name.")
    async def team_members(
        self,
        info: Info,
        search: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> TeamMemberConnection:
        skip, limit = page_window(first, after, info.context.config)
        page = await reads.team_members_page(info.context.graph, search, skip, limit)
        return build_connection(
            TeamMemberConnection, page.rows, total=page.total, skip=skip, make=TeamMember.from_row
        )

    @strawberry.field(description="A touchpoint by its own id.")
    async def touchpoint(self, info: Info, id: strawberry.ID) -> Touchpoint | None:
        row = await info.context.loaders.touchpoint_by_id.load(str(id))
        return Touchpoint.from_row(row) if row else None

    @strawberry.field(description="Counts, revenue and mean stored scores across the portfolio.")
    async def portfolio_summary(self, info: Info) -> PortfolioSummary:
        return await resolve_portfolio_summary(info)

    @strawberry.field(
        description="Run a read-only Cypher query (analysts). The server rejects writes; rows "
        "are capped and the query is time-limited.",
        permission_classes=[CanRunCypher],
    )
    async def cypher(self, info: Info, query: str, params: JSON | None = None) -> CypherResult:
        return await resolve_cypher(info, query, params)


async def _own_id(
    info: Info, label: str, id: strawberry.ID | None, external_id: ExternalIdInput | None
) -> str | None:
    """Our id of the node named by ``id`` or by ``externalId`` (None when nothing matches)."""
    if (id is None) == (external_id is None):
        raise request_error(ErrorCode.INVALID, "give either id or externalId")
    if id is not None:
        return str(id)
    assert external_id is not None
    key = ExternalKey(external_id.system.strip(), external_id.value.strip()).key
    owner = await info.context.loaders.owner_by_external_key.load(key)
    return str(owner["id"]) if owner and owner["label"] == label else None
