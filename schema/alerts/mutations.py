"""Registering and deleting webhooks (admins)."""

from __future__ import annotations

import strawberry

from graph import webhooks
from graph.errors import WriteRejectedError
from schema.alerts.types import CreateWebhookPayload, DeleteWebhookPayload, Webhook
from schema.context import Info
from schema.enums import AlertTransition, RiskFlagCode
from schema.errors import user_error
from schema.permissions import CanAdminister


@strawberry.type
class AlertMutations:
    @strawberry.mutation(
        description="Register an endpoint for alerts of these codes (all when empty) and "
        "transitions. Without a secret one is made; the payload shows it this once. Only "
        "http(s) URLs on public addresses (WEBHOOK_ALLOW_PRIVATE_URLS allows others). "
        "Deliveries start with the next alerts.",
        permission_classes=[CanAdminister],
    )
    async def create_webhook(
        self,
        info: Info,
        url: str,
        codes: list[RiskFlagCode] | None = None,
        transitions: list[AlertTransition] | None = None,
        secret: str | None = None,
        description: str | None = None,
    ) -> CreateWebhookPayload:
        try:
            created = await webhooks.create_webhook(
                info.context.graph,
                url,
                codes=[c.value for c in codes or []],
                transitions=[t.value for t in transitions]
                if transitions is not None
                else list(AlertTransition),
                secret=secret,
                description=description,
                allow_private=info.context.config.webhook_allow_private_urls,
            )
        except WriteRejectedError as exc:
            return CreateWebhookPayload(webhook=None, secret=None, user_errors=[user_error(exc)])
        return CreateWebhookPayload(
            webhook=Webhook.of(created.webhook), secret=created.secret, user_errors=[]
        )

    @strawberry.mutation(
        description="Delete a webhook; its deliveries not yet made are cancelled.",
        permission_classes=[CanAdminister],
    )
    async def delete_webhook(self, info: Info, webhook_id: strawberry.ID) -> DeleteWebhookPayload:
        try:
            hook, cancelled = await webhooks.delete_webhook(info.context.graph, str(webhook_id))
        except WriteRejectedError as exc:
            return DeleteWebhookPayload(
                webhook=None, cancelled_deliveries=0, user_errors=[user_error(exc)]
            )
        return DeleteWebhookPayload(
            webhook=Webhook.of(hook), cancelled_deliveries=cancelled, user_errors=[]
        )
