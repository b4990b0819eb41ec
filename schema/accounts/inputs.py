"""Inputs of the account queries and mutations."""

from __future__ import annotations

from enum import Enum

import strawberry

from schema.common import (
    ExternalIdInput,
)
from schema.enums import (
    OrderDirection,
    RiskFlagCode,
)
from schema.fields import AccountFields
from schema.validation import (
    UNSET,
)


@strawberry.input(description="Find by id or externalId (or create); only given fields change.")
class AccountInput(AccountFields):
    id: strawberry.ID | None = UNSET
    external_id: ExternalIdInput | None = UNSET


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
