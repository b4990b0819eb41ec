"""Client people: employments, buying roles, reporting lines."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Self

import strawberry
from strawberry import relay

from graph.client import Row
from graph.rows import PersonRow
from schema.common import (
    ExternalId,
    enum_or_none,
    external_ids,
    node_of,
)
from schema.context import Info
from schema.enums import (
    BuyingRole,
    Perception,
    Seniority,
)
from schema.relationships.types import Relationship

if TYPE_CHECKING:
    from schema.accounts.types import Account


@strawberry.type(description="A period of employment at an account.")
class Employment:
    account_id: strawberry.ID
    account_name: str
    since: date | None
    until: date | None
    title: str | None
    current: bool

    @strawberry.field
    async def account(
        self, info: Info
    ) -> Annotated[Account, strawberry.lazy("schema.accounts.types")] | None:
        account: Account | None = await node_of(info, "Account", self.account_id)
        return account


@strawberry.type(
    description="A dated position at an account: the title, department and seniority the "
    "person held there from since to until (exclusive; null: held now). A change through "
    "upsertPerson or an import ends one and opens the next."
)
class Position:
    account_id: strawberry.ID
    account_name: str
    title: str | None
    department: str | None
    seniority: Seniority | None
    since: date | None
    until: date | None

    @classmethod
    def from_row(cls, row: Row) -> Self:
        return cls(
            account_id=strawberry.ID(row["account_id"]),
            account_name=row["account_name"],
            title=row["title"],
            department=row["department"],
            seniority=enum_or_none(Seniority, row["seniority"]),
            since=row["since"],
            until=row["until"],
        )


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
    def from_row(cls, row: PersonRow, today: date | None = None) -> Self:
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
            seniority=enum_or_none(Seniority, row["seniority"]),
            location=row["location"],
            profile_url=row["profile_url"],
            perception=Perception(row["perception"]),
            cares_about=list(row["cares_about"]),
            external_ids=external_ids(row["external_ids"]),
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
    async def current_account(
        self, info: Info
    ) -> Annotated[Account, strawberry.lazy("schema.accounts.types")] | None:
        account: Account | None = await node_of(info, "Account", self.current_account_id)
        return account

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

    @strawberry.field(
        description="Their position history (title, department, seniority, dated), latest "
        "first, at the accounts the caller may see."
    )
    async def positions(self, info: Info) -> list[Position]:
        rows = await info.context.loaders.positions_by_person_id.load(self.id)
        return [Position.from_row(row) for row in rows]

    @strawberry.field(description="Relationships our team members hold with this person.")
    async def relationships(self, info: Info) -> list[Relationship]:
        rows = await info.context.loaders.relationships_by_person_id.load(self.id)
        return [Relationship.from_row(row) for row in rows]


@strawberry.type
class PersonConnection(relay.Connection[Person]):
    total_count: int
