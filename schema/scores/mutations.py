"""Mutations that recompute stored scores and take snapshots (no graph data changes)."""

from __future__ import annotations

from datetime import date

import strawberry

from graph import scores as stored
from graph.errors import ErrorCode
from schema.context import Info
from schema.errors import UserError


@strawberry.type
class RecomputeScoresPayload:
    accounts: int
    as_of: date
    snapshots_taken: bool
    user_errors: list[UserError]


@strawberry.type
class ScoreMutations:
    @strawberry.mutation(
        description="Recompute and store the scores of these accounts (all when omitted); with "
        "snapshot, also record them in the score history.",
    )
    async def recompute_scores(
        self,
        info: Info,
        account_ids: list[strawberry.ID] | None = None,
        snapshot: bool = False,
    ) -> RecomputeScoresPayload:
        ctx = info.context
        ids = None if account_ids is None else [str(i) for i in account_ids]
        if ids is None and ctx.graph.visible is not None:
            # "All" for a key limited to some accounts is all of those.
            ids = sorted(ctx.graph.visible)
        if ids is not None:
            known = await ctx.loaders.account_by_id.load_many(ids)
            errors = [
                UserError(
                    field=["accountIds", str(i)],
                    code=ErrorCode.NOT_FOUND,
                    message=f"account {account_id!r} does not exist",
                )
                for i, (account_id, row) in enumerate(zip(ids, known, strict=True))
                if row is None
            ]
            if errors:
                return RecomputeScoresPayload(
                    accounts=0, as_of=ctx.today, snapshots_taken=False, user_errors=errors
                )
        count = await stored.recompute(ctx.graph, ids, ctx.today, ctx.scoring, snapshot=snapshot)
        return RecomputeScoresPayload(
            accounts=count, as_of=ctx.today, snapshots_taken=snapshot, user_errors=[]
        )
