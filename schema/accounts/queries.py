"""Queries of accounts."""

from __future__ import annotations

import dataclasses

import strawberry

from graph import keyset
from graph.accounts import AccountFilter as AccountWhere
from graph.accounts import accounts_page
from schema.accounts.inputs import AccountFilter, AccountOrder
from schema.accounts.types import Account, AccountConnection
from schema.common import (
    ExternalIdInput,
    own_id_of,
)
from schema.context import Info
from schema.pagination import build_connection, page_window


@strawberry.type
class AccountQueries:
    @strawberry.field(
        description="An account by its own id or its Relay global id, or by an external id "
        "such as its CRM id; give exactly one."
    )
    async def account(
        self,
        info: Info,
        id: strawberry.ID | None = None,
        external_id: ExternalIdInput | None = None,
    ) -> Account | None:
        own_id = await own_id_of(info, "Account", id, external_id)
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
        order = order_by or AccountOrder()
        ordered = keyset.accounts(order.field.value, order.direction.value)
        key, limit = page_window(first, after, info.context.config, ordered)
        f = filter or AccountFilter()
        # The GraphQL filter has the graph filter's fields (a unit test keeps them equal).
        where = AccountWhere(
            **{c.name: getattr(f, c.name) for c in dataclasses.fields(AccountWhere)}
        )
        page = await accounts_page(
            info.context.graph, where, order.field.value, order.direction.value, key, limit
        )
        today = info.context.today
        return build_connection(
            AccountConnection,
            page,
            keyset=ordered,
            after=key,
            make=lambda row: Account.from_row(row, today),
        )
