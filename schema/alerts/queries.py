"""Queries of alerts (readers) and of webhooks and their delivery log (admins)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from graph import keyset, webhooks
from graph.alerts import AlertFilter, alerts_page
from graph.webhooks import DeliveryStatus
from schema.alerts.types import (
    Alert,
    AlertConnection,
    Webhook,
    WebhookDelivery,
    WebhookDeliveryConnection,
)
from schema.common import own_id
from schema.context import Info
from schema.enums import AlertTransition, RiskFlagCode
from schema.pagination import build_connection, page_window
from schema.permissions import CanAdminister


@strawberry.type
class AlertQueries:
    @strawberry.field(
        description="Risk flags that appeared or cleared, newest first: at one account (its "
        "own id or global id), of some codes or transitions, stored since an instant."
    )
    async def alerts(
        self,
        info: Info,
        account_id: strawberry.ID | None = None,
        codes: list[RiskFlagCode] | None = None,
        transitions: list[AlertTransition] | None = None,
        since: datetime | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> AlertConnection:
        key, limit = page_window(first, after, info.context.config, keyset.ALERTS)
        where = AlertFilter(
            account_id=None
            if account_id is None
            else own_id(info, "Account", str(account_id), "accountId"),
            codes=None if codes is None else [c.value for c in codes],
            transitions=None if transitions is None else [t.value for t in transitions],
            since=since,
        )
        page = await alerts_page(info.context.graph, where, key, limit)
        return build_connection(
            AlertConnection, page, keyset=keyset.ALERTS, after=key, make=Alert.from_row
        )

    @strawberry.field(
        description="The registered webhooks (admins); never their secrets.",
        permission_classes=[CanAdminister],
    )
    async def webhooks(self, info: Info) -> list[Webhook]:
        return [Webhook.of(w) for w in await webhooks.list_webhooks(info.context.graph)]

    @strawberry.field(
        description="The delivery log (admins), newest first: of one webhook, one alert, or "
        "in one status.",
        permission_classes=[CanAdminister],
    )
    async def webhook_deliveries(
        self,
        info: Info,
        webhook_id: strawberry.ID | None = None,
        alert_id: strawberry.ID | None = None,
        status: DeliveryStatus | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> WebhookDeliveryConnection:
        key, limit = page_window(first, after, info.context.config, keyset.DELIVERIES)
        page = await webhooks.deliveries_page(
            info.context.graph,
            webhook_id=None if webhook_id is None else str(webhook_id),
            status=None if status is None else status.value,
            event_id=None if alert_id is None else str(alert_id),
            after=key,
            limit=limit,
        )
        return build_connection(
            WebhookDeliveryConnection,
            page,
            keyset=keyset.DELIVERIES,
            after=key,
            make=WebhookDelivery.from_row,
        )
