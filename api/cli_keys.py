"""``stakegraph keys``: create, list and revoke API keys (the way in for the first admin)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.cli_graph import run_with_graph
from api.settings import Settings
from graph import keys
from graph.access import AccountScope, Role
from graph.client import GraphSession
from graph.errors import WriteRejectedError

keys_app = typer.Typer(add_completion=False, help="Create, list and revoke API keys.")
console = Console()


@keys_app.command("create")
def create(
    name: Annotated[str, typer.Option(help="What the key is for, e.g. 'salesforce-sync'.")],
    role: Annotated[
        list[Role], typer.Option(case_sensitive=False, help="A role (repeat for several).")
    ],
    owner: Annotated[str | None, typer.Option(help="Who answers for the key.")] = None,
    expires_in_days: Annotated[
        int | None, typer.Option(min=1, help="Expire after this many days.")
    ] = None,
    account: Annotated[
        list[str] | None,
        typer.Option(help="Limit the key to this account (repeat for several)."),
    ] = None,
    team_member: Annotated[
        str | None,
        typer.Option(help="Limit the key to the accounts where this team member has a seat."),
    ] = None,
) -> None:
    """Create a key and print its secret, this once (it is stored only as a hash)."""
    expires_at = datetime.now(UTC) + timedelta(days=expires_in_days) if expires_in_days else None

    scope = AccountScope(frozenset(account or []), team_member) if account or team_member else None

    async def work(session: GraphSession, settings: Settings) -> keys.IssuedKey:
        return await keys.create_key(
            session, name, frozenset(role), owner=owner, expires_at=expires_at, scope=scope
        )

    try:
        issued = run_with_graph(work)
    except WriteRejectedError as exc:
        console.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(1) from exc
    console.print(
        f"Created key {issued.key.prefix} ({issued.key.name}, roles "
        f"{', '.join(sorted(issued.key.roles))}). Its secret, shown this once:",
        style="bold",
    )
    # Plain stdout, so `stakegraph keys create ... | tail -1` captures just the secret.
    typer.echo(issued.secret)


@keys_app.command("list")
def list_(
    all_: Annotated[bool, typer.Option("--all", help="Include revoked keys.")] = False,
) -> None:
    """List the keys: prefix, name, owner, roles, expiry, last use (never the secrets)."""

    async def work(session: GraphSession, settings: Settings) -> list[keys.ApiKey]:
        return await keys.list_keys(session, include_revoked=all_)

    table = Table("prefix", "name", "owner", "roles", "scope", "expires", "last used", "revoked")
    for key in run_with_graph(work):
        table.add_row(
            key.prefix,
            key.name,
            key.owner or "",
            ",".join(sorted(key.roles)),
            _scope(key.scope),
            f"{key.expires_at:%Y-%m-%d}" if key.expires_at else "",
            f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "",
            f"{key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "",
        )
    console.print(table)


def _scope(scope: AccountScope | None) -> str:
    if scope is None:
        return "all"
    parts = sorted(scope.account_ids)
    if scope.seat_holder:
        parts.append(f"seats of {scope.seat_holder}")
    return ", ".join(parts)


@keys_app.command("revoke")
def revoke(
    prefix: Annotated[str, typer.Argument(help="The key's prefix (see `keys list`).")],
) -> None:
    """Revoke a key: it stops working at once here, within API_KEY_CACHE_SECONDS elsewhere."""

    async def work(session: GraphSession, settings: Settings) -> keys.ApiKey:
        return await keys.revoke_key(session, prefix)

    try:
        key = run_with_graph(work)
    except WriteRejectedError as exc:
        console.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(1) from exc
    console.print(f"Revoked key {key.prefix} ({key.name})")
