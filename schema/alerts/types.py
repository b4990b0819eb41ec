"""Alert events, webhooks and their deliveries, as GraphQL types."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay

from graph.webhooks import DeliveryStatus
from graph.webhooks import Webhook as StoredWebhook
from schema.common import enum_or_none, node_of, nodes_of
from schema.context import Info
from schema.enums import AlertTransition, RiskFlagCode, Severity
from schema.errors import UserError

if TYPE_CHECKING:
    from schema.accounts.types import Account
    from schema.people.types import Person

strawberry.enum(
    DeliveryStatus,
    name="WebhookDeliveryStatus",
    description="PENDING (due, or waiting for a retry), DELIVERED (a 2xx answer), FAILED "
    "(every attempt failed), CANCELLED (its webhook was deleted first).",
)


@strawberry.type(
    description="A risk flag that appeared at an account or cleared there, recorded when its "
    "stored scores were refreshed (docs/alerts.md)."
)
class Alert:
    alert_id: strawberry.ID = strawberry.field(
        description="The event's id: the Idempotency-Key of its webhook deliveries."
    )
    account_id: strawberry.ID
    account_name: str | None = strawberry.field(description="The account's name at the time.")
    code: RiskFlagCode
    transition: AlertTransition
    person_id: strawberry.ID | None = strawberry.field(
        description="The person the flag is about, for flags raised once per person "
        "(CHAMPION_LEFT: who left)."
    )
    person_ids: list[strawberry.ID] = strawberry.field(
        description="Everyone the flag named when it appeared (empty when it cleared)."
    )
    severity: Severity | None = strawberry.field(description="Null when it cleared.")
    message: str | None = strawberry.field(description="The flag's message; null when it cleared.")
    evidence: list[str]
    as_of: date = strawberry.field(description="The day the scores were computed for.")
    at: datetime = strawberry.field(description="When the change was stored.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Alert:
        return cls(
            alert_id=strawberry.ID(row["id"]),
            account_id=strawberry.ID(row["accountId"]),
            account_name=row.get("accountName"),
            code=RiskFlagCode(row["code"]),
            transition=AlertTransition(row["transition"]),
            person_id=row.get("personId"),
            person_ids=list(row.get("personIds") or []),
            severity=enum_or_none(Severity, row.get("severity")),
            message=row.get("message"),
            evidence=list(row.get("evidence") or []),
            as_of=row["asOf"],
            at=row["at"],
        )

    @strawberry.field(description="The account, unless it was deleted since.")
    async def account(
        self, info: Info
    ) -> Annotated[Account, strawberry.lazy("schema.accounts.types")] | None:
        account: Account | None = await node_of(info, "Account", self.account_id)
        return account

    @strawberry.field(description="The person of `personId`, unless deleted since.")
    async def person(
        self, info: Info
    ) -> Annotated[Person, strawberry.lazy("schema.people.types")] | None:
        person: Person | None = await node_of(info, "Person", self.person_id)
        return person

    @strawberry.field(description="The people of `personIds` still in the graph.")
    async def people(
        self, info: Info
    ) -> list[Annotated[Person, strawberry.lazy("schema.people.types")]]:
        people: list[Person] = await nodes_of(info, "Person", self.person_ids)
        return people


# Relay connections are typed for Node items; an alert is a plain record (see team/types.py).
@strawberry.type
class AlertConnection(relay.Connection[Alert]):  # type: ignore[type-var]
    total_count: int


@strawberry.type(description="An endpoint that receives alerts, signed with its secret.")
class Webhook:
    webhook_id: strawberry.ID
    url: str
    codes: list[RiskFlagCode] = strawberry.field(description="Empty: every code.")
    transitions: list[AlertTransition]
    description: str | None
    active: bool
    created_at: datetime

    @classmethod
    def of(cls, hook: StoredWebhook) -> Webhook:
        return cls(
            webhook_id=strawberry.ID(hook.id),
            url=hook.url,
            codes=[RiskFlagCode(c) for c in hook.codes],
            transitions=[AlertTransition(t) for t in hook.transitions],
            description=hook.description,
            active=hook.active,
            created_at=hook.created_at,
        )


@strawberry.type(description="One event sent (or to be sent) to one webhook: the delivery log.")
class WebhookDelivery:
    delivery_id: strawberry.ID
    alert_id: strawberry.ID
    webhook_id: strawberry.ID
    status: DeliveryStatus
    attempts: int
    created_at: datetime
    next_attempt_at: datetime | None = strawberry.field(
        description="When the next attempt is due (PENDING)."
    )
    last_attempt_at: datetime | None
    last_status_code: int | None = strawberry.field(description="The receiver's HTTP status.")
    last_error: str | None
    delivered_at: datetime | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> WebhookDelivery:
        return cls(
            delivery_id=strawberry.ID(row["id"]),
            alert_id=strawberry.ID(row["eventId"]),
            webhook_id=strawberry.ID(row["webhookId"]),
            status=DeliveryStatus(row["status"]),
            attempts=int(row["attempts"]),
            created_at=row["createdAt"],
            next_attempt_at=row.get("nextAttemptAt") if row["status"] == "PENDING" else None,
            last_attempt_at=row.get("lastAttemptAt"),
            last_status_code=row.get("lastStatusCode"),
            last_error=row.get("lastError"),
            delivered_at=row.get("deliveredAt"),
        )


@strawberry.type
class WebhookDeliveryConnection(relay.Connection[WebhookDelivery]):  # type: ignore[type-var]
    total_count: int


@strawberry.type
class CreateWebhookPayload:
    webhook: Webhook | None
    secret: str | None = strawberry.field(
        description="The signing secret: shown this once (docs/alerts.md says how to verify)."
    )
    user_errors: list[UserError]


@strawberry.type
class DeleteWebhookPayload:
    webhook: Webhook | None
    cancelled_deliveries: int = strawberry.field(
        description="Its deliveries not yet made, now CANCELLED."
    )
    user_errors: list[UserError]
