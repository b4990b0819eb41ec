"""Mutations of accounts and their account teams."""

from __future__ import annotations

from datetime import date

import strawberry

from graph import accounts as account_reads
from graph import writes
from graph.dataset import ACCOUNT_PROPS
from schema.accounts.inputs import AccountInput
from schema.accounts.types import Account
from schema.context import Info
from schema.enums import (
    TeamRole,
)
from schema.errors import UserError
from schema.validation import (
    account_fields,
)
from schema.writing import INPUT, DeletePayload, attempt, deleted, upsert_node


@strawberry.type
class AccountPayload:
    account: Account | None
    user_errors: list[UserError]


async def _account(info: Info, account_id: str | None, errors: list[UserError]) -> AccountPayload:
    if errors or account_id is None:
        return AccountPayload(account=None, user_errors=errors)
    rows = await account_reads.accounts_by_id(info.context.graph, [account_id])
    row = rows.get(account_id)
    return AccountPayload(
        account=Account.from_row(row, info.context.today) if row else None, user_errors=[]
    )


@strawberry.type
class AccountMutations:
    @strawberry.mutation(
        description="Create or update an account, found by id or externalId (idempotent).",
    )
    async def upsert_account(self, info: Info, input: AccountInput) -> AccountPayload:
        account_id, errors = await upsert_node(
            info,
            "Account",
            input,
            ACCOUNT_PROPS,
            lambda checks: account_fields(checks, input, INPUT),
            required_on_create=("name", "tier"),
        )
        return await _account(info, account_id, errors)

    @strawberry.mutation(
        description="Seat one of our people on an account team (idempotent).",
    )
    async def add_account_team_member(
        self,
        info: Info,
        account_id: strawberry.ID,
        team_member_id: strawberry.ID,
        role: TeamRole,
        since: date | None = None,
    ) -> AccountPayload:
        _, errors = await attempt(
            info,
            writes.add_seat(
                info.context.graph,
                str(account_id),
                str(team_member_id),
                role.value,
                since,
                info.context.today,
            ),
        )
        return await _account(info, str(account_id), errors)

    @strawberry.mutation(
        description="Remove a team seat (every role of that person when role is omitted).",
    )
    async def remove_account_team_member(
        self,
        info: Info,
        account_id: strawberry.ID,
        team_member_id: strawberry.ID,
        role: TeamRole | None = None,
    ) -> AccountPayload:
        _, errors = await attempt(
            info,
            writes.remove_seat(
                info.context.graph,
                str(account_id),
                str(team_member_id),
                role.value if role else None,
            ),
        )
        return await _account(info, str(account_id), errors)

    @strawberry.mutation(
        description="Delete an account. Refused (HAS_DEPENDENTS) while people are employed "
        "there, unless cascade: true, which also removes its touchpoints, roles, team seats, "
        "score history and employments; the people themselves remain.",
    )
    async def delete_account(
        self, info: Info, id: strawberry.ID, cascade: bool = False
    ) -> DeletePayload:
        _, errors = await attempt(
            info, writes.delete_account(info.context.graph, str(id), cascade, info.context.today)
        )
        return deleted("Account", id, errors)
