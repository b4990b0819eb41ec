"""Inputs of the account queries and mutations."""

from __future__ import annotations

from datetime import date
from enum import Enum

import strawberry

from schema.common import (
    ExternalIdInput,
)
from schema.enums import (
    LifecycleStage,
    OrderDirection,
    RiskFlagCode,
)
from schema.validation import (
    UNSET,
)


@strawberry.input(description="Find by id or externalId (or create); only given fields change.")
class AccountInput:
    id: strawberry.ID | None = UNSET
    external_id: ExternalIdInput | None = UNSET
    name: str | None = UNSET
    domain: str | None = UNSET
    industry: str | None = UNSET
    segment: str | None = UNSET
    tier: int | None = UNSET
    is_key_account: bool | None = UNSET
    annual_revenue: float | None = UNSET
    currency: str | None = UNSET
    client_since: date | None = UNSET
    lifecycle_stage: LifecycleStage | None = UNSET
    renewal_date: date | None = UNSET
    expansion_potential: int | None = UNSET
    icp_fit: int | None = UNSET
    strategic_value: int | None = UNSET
    risk_cost_to_serve: int | None = UNSET


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
