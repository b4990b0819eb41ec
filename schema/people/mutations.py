"""Mutations of client people: upserts, employment, reporting lines, buying roles,
influence and introductions."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from graph import reads, writes
from graph.dataset import PERSON_PROPS
from graph.errors import ErrorCode
from schema.context import Info
from schema.enums import (
    BuyingRole,
    Strength,
)
from schema.errors import UserError
from schema.people.inputs import PersonInput
from schema.people.types import Person
from schema.validation import (
    UNSET,
    Checks,
    given,
    person_fields,
    target_strength,
)
from schema.writing import INPUT, DeletePayload, attempt, deleted, upsert_node


@strawberry.type
class PersonPayload:
    person: Person | None
    user_errors: list[UserError]


async def _person(info: Info, person_id: str | None, errors: list[UserError]) -> PersonPayload:
    if errors or person_id is None:
        return PersonPayload(person=None, user_errors=errors)
    row = (await reads.people_by_id(info.context.graph, [person_id])).get(person_id)
    return PersonPayload(
        person=Person.from_row(row, info.context.today) if row else None, user_errors=[]
    )


@strawberry.type(description="A target strength as stored, after setTargetStrength.")
class TargetStrengthPayload:
    person: Person | None
    user_errors: list[UserError]
    account_id: strawberry.ID | None = strawberry.field(
        default=None, description="The account the target is for."
    )
    target: Strength | None = strawberry.field(
        default=None, description="The target; null once cleared."
    )
    target_set_at: date | None = strawberry.field(default=None, description="The day it was set.")
    target_set_by: str | None = strawberry.field(
        default=None, description="Who set it (the name of the caller's key or token)."
    )


@strawberry.type
class PeopleMutations:
    @strawberry.mutation(
        description="Create or update a client person, found by id or externalId (idempotent).",
    )
    async def upsert_person(self, info: Info, input: PersonInput) -> PersonPayload:
        today = info.context.today

        def check(checks: Checks) -> None:
            person_fields(checks, input, INPUT)
            # A change dated ahead would leave today's fields and today's position apart.
            checks.not_future([*INPUT, "positionSince"], given(input.position_since), today)
            if given(input.employment_since) is not None and not given(input.account_id):
                checks.add(
                    [*INPUT, "employmentSince"],
                    ErrorCode.INVALID,
                    "employmentSince starts an employment: give accountId too",
                )

        account_id = given(input.account_id)
        person_id, errors = await upsert_node(
            info,
            "Person",
            input,
            PERSON_PROPS,
            check,
            employment=(str(account_id), given(input.employment_since)) if account_id else None,
            position_since=given(input.position_since),
        )
        return await _person(info, person_id, errors)

    @strawberry.mutation(
        description="Set a person's current manager (same account, no cycles). The previous "
        "reporting line is kept as history with an end date.",
    )
    async def set_reports_to(
        self,
        info: Info,
        person_id: strawberry.ID,
        manager_id: strawberry.ID,
        since: date | None = None,
    ) -> PersonPayload:
        _, errors = await attempt(
            info,
            writes.set_reports_to(
                info.context.graph, str(person_id), str(manager_id), since, info.context.today
            ),
        )
        return await _person(info, str(person_id), errors)

    @strawberry.mutation(
        description="Add a dotted-line manager beside the solid one (several are fine): same "
        "account, no loop of dotted lines (solid lines do not count). Idempotent while the "
        "line is current; `since` defaults to today and may not be ahead.",
    )
    async def set_dotted_line(
        self,
        info: Info,
        person_id: strawberry.ID,
        manager_id: strawberry.ID,
        since: date | None = None,
    ) -> PersonPayload:
        checks = Checks()
        checks.not_future(["since"], since, info.context.today)
        if checks.errors:
            return PersonPayload(person=None, user_errors=checks.errors)
        _, errors = await attempt(
            info,
            writes.set_dotted_line(
                info.context.graph, str(person_id), str(manager_id), since, info.context.today
            ),
        )
        return await _person(info, str(person_id), errors)

    @strawberry.mutation(
        description="End a person's current dotted line to a manager today, kept as history "
        "(no error when there is none).",
    )
    async def end_dotted_line(
        self, info: Info, person_id: strawberry.ID, manager_id: strawberry.ID
    ) -> PersonPayload:
        _, errors = await attempt(
            info,
            writes.end_dotted_line(
                info.context.graph, str(person_id), str(manager_id), info.context.today
            ),
        )
        return await _person(info, str(person_id), errors)

    @strawberry.mutation(
        description="End a person's current reporting line (they become a root of the chart).",
    )
    async def clear_reports_to(
        self,
        info: Info,
        person_id: strawberry.ID,
        until: Annotated[
            date | None,
            strawberry.argument(
                description="When the line ended (default: today; not in the future, and not "
                "before the line began)."
            ),
        ] = None,
    ) -> PersonPayload:
        checks = Checks()
        checks.not_future(["until"], until, info.context.today)
        if checks.errors:
            return await _person(info, str(person_id), checks.errors)
        _, errors = await attempt(
            info,
            writes.clear_reports_to(info.context.graph, str(person_id), info.context.today, until),
        )
        return await _person(info, str(person_id), errors)

    @strawberry.mutation(
        description="Start an employment (idempotent while one is current). A new one is a "
        "job move: the person's current employments at other accounts end the day before it "
        "starts (their reporting lines there too), unless concurrent (a board seat beside the "
        "day job). Relationships and history stay with the person.",
    )
    async def start_employment(
        self,
        info: Info,
        person_id: strawberry.ID,
        account_id: strawberry.ID,
        since: date | None = None,
        title: str | None = None,
        concurrent: bool = False,
    ) -> PersonPayload:
        checks = Checks()
        checks.text(["title"], title)
        if checks.errors:
            return PersonPayload(person=None, user_errors=checks.errors)
        _, errors = await attempt(
            info,
            writes.start_employment(
                info.context.graph,
                str(person_id),
                str(account_id),
                since,
                title,
                info.context.today,
                concurrent=concurrent,
            ),
        )
        return await _person(info, str(person_id), errors)

    @strawberry.mutation(
        description="A person leaves an account: the employment gets an end date (kept as "
        "history, roles included) and their reporting lines there end. A date ahead (an "
        "announced departure) keeps them current, lines included, until that day.",
    )
    async def end_employment(
        self, info: Info, person_id: strawberry.ID, account_id: strawberry.ID, until: date
    ) -> PersonPayload:
        _, errors = await attempt(
            info,
            writes.end_employment(
                info.context.graph, str(person_id), str(account_id), until, info.context.today
            ),
        )
        return await _person(info, str(person_id), errors)

    @strawberry.mutation(
        description="Give a currently employed person a buying role at the account (idempotent).",
    )
    async def assign_buying_role(
        self,
        info: Info,
        person_id: strawberry.ID,
        account_id: strawberry.ID,
        role: BuyingRole,
        since: Annotated[
            date | None,
            strawberry.argument(
                description="When the role started (default: kept, or today); the person "
                "must have been employed at the account then."
            ),
        ] = None,
    ) -> PersonPayload:
        checks = Checks()
        checks.not_future(["since"], since, info.context.today)
        if checks.errors:
            return PersonPayload(person=None, user_errors=checks.errors)
        _, errors = await attempt(
            info,
            writes.assign_role(
                info.context.graph,
                str(person_id),
                str(account_id),
                role.value,
                since,
                info.context.today,
            ),
        )
        return await _person(info, str(person_id), errors)

    @strawberry.mutation(
        description="Set the strength our side should have with a client person at an account "
        "(STRONG, DEVELOPING or WEAK), or clear it (target: null); the stakeholder map shows the "
        "gap to today's best strength and the breadth explanation names the largest gaps.",
    )
    async def set_target_strength(
        self,
        info: Info,
        person_id: strawberry.ID,
        target: Annotated[
            Strength | None,
            strawberry.argument(description="The target; null clears it (required: say which)."),
        ] = UNSET,
        account_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="The account (default: the person's one current employer)."
            ),
        ] = None,
        set_at: Annotated[
            date | None,
            strawberry.argument(
                description="When it was set (default: kept for the same target, else today); "
                "the person must have been employed at the account then."
            ),
        ] = None,
    ) -> TargetStrengthPayload:
        checks = Checks()
        if target is UNSET:
            # Nullable, since null clears; omitting it must not clear by accident.
            checks.add(["target"], ErrorCode.REQUIRED, "give a target, or null to clear it")
            return TargetStrengthPayload(person=None, user_errors=checks.errors)
        checks.not_future(["setAt"], set_at, info.context.today)
        target_strength(checks, ["target"], target)
        if target is None and set_at is not None:
            checks.add(["setAt"], ErrorCode.INVALID, "setAt dates a target: give a target")
        if checks.errors:
            return TargetStrengthPayload(person=None, user_errors=checks.errors)
        written, errors = await attempt(
            info,
            writes.set_strength_target(
                info.context.graph,
                str(person_id),
                str(account_id) if account_id is not None else None,
                target.value if target is not None else None,
                set_at,
                info.context.identity.name,
                info.context.today,
            ),
        )
        if written is None or errors:
            return TargetStrengthPayload(person=None, user_errors=errors)
        payload = await _person(info, str(person_id), [])
        return TargetStrengthPayload(
            person=payload.person,
            account_id=strawberry.ID(written.account_id),
            target=Strength(written.target) if written.target else None,
            target_set_at=written.set_at,
            target_set_by=written.set_by,
            user_errors=[],
        )

    @strawberry.mutation(
        description="Remove a buying role (no error when it was not held).",
    )
    async def remove_buying_role(
        self, info: Info, person_id: strawberry.ID, account_id: strawberry.ID, role: BuyingRole
    ) -> PersonPayload:
        _, errors = await attempt(
            info,
            writes.remove_role(info.context.graph, str(person_id), str(account_id), role.value),
        )
        return await _person(info, str(person_id), errors)

    @strawberry.mutation(
        description="Record that one client person influences another (informally).",
    )
    async def add_influence(
        self,
        info: Info,
        person_id: strawberry.ID,
        influenced_id: strawberry.ID,
        note: str | None = None,
        since: Annotated[
            date | None,
            strawberry.argument(description="When it started (default: kept, or today)."),
        ] = None,
    ) -> PersonPayload:
        checks = Checks()
        checks.text(["note"], note)
        checks.not_future(["since"], since, info.context.today)
        if checks.errors:
            return PersonPayload(person=None, user_errors=checks.errors)
        _, errors = await attempt(
            info,
            writes.add_influence(
                info.context.graph,
                str(person_id),
                str(influenced_id),
                note,
                since,
                info.context.today,
            ),
        )
        return await _person(info, str(person_id), errors)

    @strawberry.mutation(description="Remove an influence edge.")
    async def remove_influence(
        self, info: Info, person_id: strawberry.ID, influenced_id: strawberry.ID
    ) -> PersonPayload:
        _, errors = await attempt(
            info, writes.remove_influence(info.context.graph, str(person_id), str(influenced_id))
        )
        return await _person(info, str(person_id), errors)

    @strawberry.mutation(
        description="Record that a client person introduced one of our people to another.",
    )
    async def record_introduction(
        self,
        info: Info,
        introducer_id: strawberry.ID,
        introduced_id: strawberry.ID,
        date: date,
        team_member_id: strawberry.ID | None = None,
    ) -> PersonPayload:
        checks = Checks()
        checks.not_future(["date"], date, info.context.today)
        if checks.errors:
            return PersonPayload(person=None, user_errors=checks.errors)
        _, errors = await attempt(
            info,
            writes.record_introduction(
                info.context.graph,
                str(introducer_id),
                str(introduced_id),
                str(team_member_id) if team_member_id else None,
                date,
            ),
        )
        return await _person(info, str(introduced_id), errors)

    @strawberry.mutation(
        description="Delete a person and everything attached to them (erasure). Their direct "
        "reports move up to the person's manager, or become roots.",
    )
    async def delete_person(self, info: Info, id: strawberry.ID) -> DeletePayload:
        _, errors = await attempt(
            info, writes.delete_node(info.context.graph, "Person", str(id), info.context.today)
        )
        return deleted("Person", id, errors)
