"""Opportunities: an account's deals, with their contact roles."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Self

import strawberry
from strawberry import relay

from graph.rows import ContactRoleRow, OpportunityRow
from schema.common import ExternalId, external_ids, node_of
from schema.context import Info
from schema.enums import BuyingRole, OpportunityStage
from scoring.vocabulary import OPEN_STAGES

if TYPE_CHECKING:
    from schema.accounts.types import Account
    from schema.people.types import Person


@strawberry.type(
    description="A client person's buying role on one deal (Salesforce's OpportunityContactRole)."
)
class OpportunityContactRole:
    person_id: strawberry.ID
    name: str
    role: BuyingRole
    is_primary: bool

    @classmethod
    def from_row(cls, row: ContactRoleRow) -> Self:
        return cls(
            person_id=strawberry.ID(row["person_id"]),
            name=row["name"],
            role=BuyingRole(row["role"]),
            is_primary=bool(row["is_primary"]),
        )

    @strawberry.field
    async def person(
        self, info: Info
    ) -> Annotated[Person, strawberry.lazy("schema.people.types")] | None:
        person: Person | None = await node_of(info, "Person", self.person_id)
        return person


@strawberry.type(
    description='How well we reach the people on a deal today (docs/scoring.md, "Deal '
    'coverage"): reached means an active relationship, as the scores define it.'
)
class DealCoverage:
    decision_maker_reached: bool
    champion_reached: bool
    decision_makers: list[OpportunityContactRole]
    champions: list[OpportunityContactRole]
    contacts: int = strawberry.field(description="People on the deal.")
    active_contacts: int = strawberry.field(
        description="People on the deal we hold an active relationship with."
    )
    active_contact_ids: list[strawberry.ID]
    at_risk: bool = strawberry.field(
        description="Open, closing within the window (or past its close date), and no "
        "decision maker on it reached: DEAL_AT_RISK_NO_DECISION_MAKER."
    )


@strawberry.type(description="A deal at an account (Salesforce's Opportunity).")
class Opportunity(relay.Node):
    id: relay.NodeID[str]
    opportunity_id: strawberry.ID = strawberry.field(description="The deal's own id.")
    account_id: strawberry.ID
    name: str
    stage: OpportunityStage
    is_open: bool = strawberry.field(description="Whether its stage is an open one.")
    amount: float | None
    currency: str | None
    close_date: date | None
    external_ids: list[ExternalId]
    created_at: datetime | None
    updated_at: datetime | None
    contact_roles: list[OpportunityContactRole] = strawberry.field(
        description="The people on the deal, primary contact first."
    )

    @classmethod
    def from_row(cls, row: OpportunityRow) -> Self:
        stage = OpportunityStage(row["stage"])
        return cls(
            id=row["id"],
            opportunity_id=strawberry.ID(row["id"]),
            account_id=strawberry.ID(row["account_id"]),
            name=row["name"],
            stage=stage,
            is_open=stage in OPEN_STAGES,
            amount=row["amount"],
            currency=row["currency"],
            close_date=row["close_date"],
            external_ids=external_ids(row["external_ids"]),
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            contact_roles=[OpportunityContactRole.from_row(c) for c in row["contacts"]],
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        rows = await info.context.loaders.opportunity_by_id.load_many(list(node_ids))
        return [cls.from_row(row) if row else None for row in rows]

    @strawberry.field(description="Its coverage today, from the account's scoring facts.")
    async def coverage(self, info: Info) -> DealCoverage | None:
        deals = await info.context.loaders.deal_coverage_by_account_id.load(str(self.account_id))
        found = deals.get(str(self.opportunity_id))
        if found is None:
            return None
        roles = {str(r.person_id): r for r in self.contact_roles}
        return DealCoverage(
            decision_maker_reached=found.decision_maker_reached,
            champion_reached=found.champion_reached,
            decision_makers=[roles[p] for p in found.decision_maker_ids if p in roles],
            champions=[roles[p] for p in found.champion_ids if p in roles],
            contacts=found.contacts,
            active_contacts=len(found.active_contact_ids),
            active_contact_ids=[strawberry.ID(p) for p in found.active_contact_ids],
            at_risk=found.at_risk,
        )

    @strawberry.field
    async def account(
        self, info: Info
    ) -> Annotated[Account, strawberry.lazy("schema.accounts.types")] | None:
        account: Account | None = await node_of(info, "Account", self.account_id)
        return account


@strawberry.type
class OpportunityConnection(relay.Connection[Opportunity]):
    total_count: int
