"""``stakegraph webhooks``: register, list and delete alert webhooks, and read their log."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.cli_graph import run_with_graph
from api.settings import Settings
from graph import webhooks
from graph.client import GraphSession
from graph.errors import WriteRejectedError
from graph.reads import Page
from graph.webhooks import DeliveryStatus
from scoring.vocabulary import AlertTransition, RiskFlagCode

webhooks_app = typer.Typer(
    add_completion=False, help="Register, list and delete alert webhooks (docs/alerts.md)."
)
console = Console()


@webhooks_app.command("add")
def add(
    url: Annotated[str, typer.Argument(help="The endpoint (http or https).")],
    code: Annotated[
        list[RiskFlagCode] | None,
        typer.Option(case_sensitive=False, help="A flag code (repeat for several; none: all)."),
    ] = None,
    transition: Annotated[
        list[AlertTransition] | None,
        typer.Option(case_sensitive=False, help="APPEARED or CLEARED (none: both)."),
    ] = None,
    secret: Annotated[
        str | None, typer.Option(help="The signing secret (16-200 characters; none: made).")
    ] = None,
    description: Annotated[str | None, typer.Option(help="What the endpoint is.")] = None,
) -> None:
    """Register an endpoint and print its signing secret, this once."""

    async def work(session: GraphSession, settings: Settings) -> webhooks.CreatedWebhook:
        return await webhooks.create_webhook(
            session,
            url,
            codes=list(code or []),
            transitions=list(transition or AlertTransition),
            secret=secret,
            description=description,
            allow_private=settings.webhook_allow_private_urls,
        )

    try:
        created = run_with_graph(work)
    except WriteRejectedError as exc:
        console.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(1) from exc
    hook = created.webhook
    console.print(
        f"Registered webhook {hook.id} for {', '.join(hook.codes) or 'every code'} "
        f"({', '.join(hook.transitions)}). Its signing secret, shown this once:",
        style="bold",
    )
    typer.echo(created.secret)


@webhooks_app.command("list")
def list_() -> None:
    """List the webhooks (never their secrets)."""

    async def work(session: GraphSession, settings: Settings) -> list[webhooks.Webhook]:
        return await webhooks.list_webhooks(session)

    table = Table("id", "url", "codes", "transitions", "description", "created")
    for hook in run_with_graph(work):
        table.add_row(
            hook.id,
            hook.url,
            ",".join(hook.codes) or "(all)",
            ",".join(hook.transitions),
            hook.description or "",
            f"{hook.created_at:%Y-%m-%d %H:%M}",
        )
    console.print(table)


@webhooks_app.command("remove")
def remove(webhook_id: Annotated[str, typer.Argument(help="The webhook's id.")]) -> None:
    """Delete a webhook; its deliveries not yet made are cancelled."""

    async def work(session: GraphSession, settings: Settings) -> tuple[webhooks.Webhook, int]:
        return await webhooks.delete_webhook(session, webhook_id)

    try:
        hook, cancelled = run_with_graph(work)
    except WriteRejectedError as exc:
        console.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(1) from exc
    console.print(f"Deleted webhook {hook.id} ({hook.url}); {cancelled} deliveries cancelled")


@webhooks_app.command("deliveries")
def deliveries(
    webhook_id: Annotated[str | None, typer.Option("--webhook", help="Of one webhook.")] = None,
    status: Annotated[
        DeliveryStatus | None, typer.Option(case_sensitive=False, help="In one status.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="The newest this many.")] = 50,
) -> None:
    """The delivery log, newest first: status, attempts, the receiver's last answer."""

    async def work(session: GraphSession, settings: Settings) -> Page:
        return await webhooks.deliveries_page(
            session,
            webhook_id=webhook_id,
            status=None if status is None else status.value,
            event_id=None,
            after=None,
            limit=limit,
        )

    page = run_with_graph(work)
    table = Table("delivery", "alert", "webhook", "status", "attempts", "last answer", "created")
    for row in page.rows:
        answer = row.get("lastError") or (
            str(row["lastStatusCode"]) if row.get("lastStatusCode") else ""
        )
        table.add_row(
            row["id"],
            row["eventId"],
            row["webhookId"],
            row["status"],
            str(row["attempts"]),
            answer,
            f"{row['createdAt']:%Y-%m-%d %H:%M:%S}",
        )
    console.print(table)
    console.print(f"{len(page.rows)} of {page.total}")
