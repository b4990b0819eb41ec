"""Mutations of opportunities and their contact roles."""

from __future__ import annotations

import strawberry

from graph import opportunities as reads
from graph import writes
from graph.dataset import OPPORTUNITY_PROPS
from schema.context import Info
from schema.enums import BuyingRole
from schema.errors import UserError
from schema.opportunities.inputs import OpportunityInput
from schema.opportunities.types import Opportunity
from schema.validation import Checks, given, opportunity_fields
from schema.writing import INPUT, attempt, external_key, given_props


@strawberry.type
class OpportunityPayload:
    opportunity: Opportunity | None
    user_errors: list[UserError]


async def _opportunity(
    info: Info, opportunity_id: str | None, errors: list[UserError]
) -> OpportunityPayload:
    if errors or opportunity_id is None:
        return OpportunityPayload(opportunity=None, user_errors=errors)
    row = (await reads.opportunities_by_id(info.context.graph, [opportunity_id])).get(
        opportunity_id
    )
    return OpportunityPayload(
        opportunity=Opportunity.from_row(row) if row else None, user_errors=[]
    )


@strawberry.type
class OpportunityMutations:
    @strawberry.mutation(
        description="Create or update a deal, found by id or externalId (idempotent).",
    )
    async def upsert_opportunity(self, info: Info, input: OpportunityInput) -> OpportunityPayload:
        checks = Checks()
        checks.own_id([*INPUT, "id"], input.id)
        checks.own_id([*INPUT, "accountId"], input.account_id)
        opportunity_fields(checks, input, INPUT)
        external = external_key(checks, input.external_id)
        if checks.errors:
            return OpportunityPayload(opportunity=None, user_errors=checks.errors)
        opportunity_id, account_id = given(input.id), given(input.account_id)
        written, errors = await attempt(
            info,
            writes.upsert_opportunity(
                info.context.graph,
                opportunity_id=str(opportunity_id) if opportunity_id is not None else None,
                external=external,
                account_id=str(account_id) if account_id is not None else None,
                props=given_props(input, OPPORTUNITY_PROPS),
            ),
            INPUT,
        )
        return await _opportunity(info, written.id if written else None, errors)

    @strawberry.mutation(
        description="Set a client person's buying role on a deal (idempotent); isPrimary "
        "omitted keeps the stored flag, true makes the deal's other contacts non-primary. The "
        "person must work at the deal's account today.",
    )
    async def set_opportunity_contact_role(
        self,
        info: Info,
        opportunity_id: strawberry.ID,
        person_id: strawberry.ID,
        role: BuyingRole,
        is_primary: bool | None = None,
    ) -> OpportunityPayload:
        _, errors = await attempt(
            info,
            writes.set_contact_role(
                info.context.graph,
                str(opportunity_id),
                str(person_id),
                role.value,
                is_primary,
                info.context.today,
            ),
        )
        return await _opportunity(info, str(opportunity_id), errors)

    @strawberry.mutation(description="Take a person off a deal (not on it: nothing to do).")
    async def remove_opportunity_contact_role(
        self, info: Info, opportunity_id: strawberry.ID, person_id: strawberry.ID
    ) -> OpportunityPayload:
        _, errors = await attempt(
            info,
            writes.remove_contact_role(info.context.graph, str(opportunity_id), str(person_id)),
        )
        return await _opportunity(info, str(opportunity_id), errors)
