"""The graph mutations. Each validates its input, writes in one transaction, and returns a
payload with the object and typed ``userErrors``; with any error nothing is written."""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from datetime import date
from typing import Any

import strawberry
from strawberry import relay

from graph import accounts as account_reads
from graph import reads, writes
from graph.dataset import (
    Dataset,
)
from graph.errors import ErrorCode, WriteRejectedError
from graph.importer import ACCOUNT_PROPS, PERSON_PROPS, TEAM_MEMBER_PROPS, import_dataset
from graph.rules import initiated_by_client
from graph.writes import Written
from schema.context import Info
from schema.errors import UserError, user_error
from schema.importing import MAX_IMPORT_RECORDS, check_dataset
from schema.inputs import (
    AccountInput,
    DatasetInput,
    PersonInput,
    RelationshipInput,
    TeamMemberInput,
    TouchpointInput,
)
from schema.permissions import CanWrite
from schema.refresh import refresh_scores
from schema.types.enums import BuyingRole, Strength, TeamRole
from schema.types.nodes import Account, Person, Relationship, TeamMember, Touchpoint
from schema.validation import (
    Checks,
    account_fields,
    given,
    person_fields,
    plain,
    relationship_fields,
    team_member_fields,
    touchpoint_fields,
)

UNSET = strawberry.UNSET
#: Where an input object sits in a mutation's arguments.
INPUT = ("input",)


def _props(source: object, mapping: Mapping[str, str]) -> dict[str, Any]:
    """Given fields under their graph names; an explicit null stays (it clears the property)."""
    out = {}
    for attr, prop in mapping.items():
        value = getattr(source, attr)
        if value is not UNSET:
            out[prop] = plain(value)
    return out


async def _attempt(
    info: Info, write: Awaitable[Written], root: tuple[str, ...] = ()
) -> tuple[Written | None, list[UserError]]:
    """Run a write; on success keep the stored scores of the accounts it touched fresh.

    ``root`` is where the write's input sits in the mutation's arguments (``("input",)`` for
    an input object), so a refusal names the GraphQL path at fault."""
    try:
        written = await write
    except WriteRejectedError as exc:
        return None, [user_error(exc, root)]
    await refresh_scores(info, written.accounts)
    return written, []


# ---- payloads ------------------------------------------------------------------------------


@strawberry.type
class AccountPayload:
    account: Account | None
    user_errors: list[UserError]


@strawberry.type
class PersonPayload:
    person: Person | None
    user_errors: list[UserError]


@strawberry.type
class TeamMemberPayload:
    team_member: TeamMember | None
    user_errors: list[UserError]


@strawberry.type
class RelationshipPayload:
    relationship: Relationship | None
    user_errors: list[UserError]


@strawberry.type
class TouchpointPayload:
    touchpoint: Touchpoint | None
    user_errors: list[UserError]


@strawberry.type
class DeletePayload:
    deleted_id: strawberry.ID | None = strawberry.field(description="The record's own id.")
    deleted_node_id: relay.GlobalID | None = strawberry.field(
        description="Its Relay global id, to evict it from a client cache."
    )
    user_errors: list[UserError]


def _deleted(type_name: str, own_id: strawberry.ID, errors: list[UserError]) -> DeletePayload:
    if errors:
        return DeletePayload(deleted_id=None, deleted_node_id=None, user_errors=errors)
    return DeletePayload(
        deleted_id=own_id, deleted_node_id=relay.GlobalID(type_name, str(own_id)), user_errors=[]
    )


@strawberry.type
class ImportDatasetPayload:
    accounts: int
    people: int
    team_members: int
    relationships: int
    touchpoints: int
    user_errors: list[UserError]


async def _account(info: Info, account_id: str | None, errors: list[UserError]) -> AccountPayload:
    if errors or account_id is None:
        return AccountPayload(account=None, user_errors=errors)
    rows = await account_reads.accounts_by_id(info.context.graph, [account_id])
    row = rows.get(account_id)
    return AccountPayload(
        account=Account.from_row(row, info.context.today) if row else None, user_errors=[]
    )


async def _person(info: Info, person_id: str | None, errors: list[UserError]) -> PersonPayload:
    if errors or person_id is None:
        return PersonPayload(person=None, user_errors=errors)
    row = (await reads.people_by_id(info.context.graph, [person_id])).get(person_id)
    return PersonPayload(
        person=Person.from_row(row, info.context.today) if row else None, user_errors=[]
    )


async def _team_member(
    info: Info, member_id: str | None, errors: list[UserError]
) -> TeamMemberPayload:
    if errors or member_id is None:
        return TeamMemberPayload(team_member=None, user_errors=errors)
    row = (await reads.team_members_by_id(info.context.graph, [member_id])).get(member_id)
    return TeamMemberPayload(team_member=TeamMember.from_row(row) if row else None, user_errors=[])


def _check_external(checks: Checks, external: Any) -> writes.ExternalKey | None:
    if external is UNSET or external is None:
        return None
    checks.external_id(["input", "externalId"], external.system, external.value)
    return writes.ExternalKey(external.system.strip(), external.value.strip())


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Create or update an account, found by id or externalId (idempotent).",
        permission_classes=[CanWrite],
    )
    async def upsert_account(self, info: Info, input: AccountInput) -> AccountPayload:
        checks = Checks()
        checks.own_id(["input", "id"], input.id)
        account_fields(checks, input, ["input"])
        external = _check_external(checks, input.external_id)
        if checks.errors:
            return AccountPayload(account=None, user_errors=checks.errors)
        result, errors = await _attempt(
            info,
            writes.upsert_node(
                info.context.graph,
                "Account",
                node_id=given(input.id),
                external=external,
                props=_props(input, ACCOUNT_PROPS),
                required_on_create=("name", "tier"),
                today=info.context.today,
            ),
            INPUT,
        )
        return await _account(info, result.id if result else None, errors)

    @strawberry.mutation(
        description="Create or update a client person, found by id or externalId (idempotent).",
        permission_classes=[CanWrite],
    )
    async def upsert_person(self, info: Info, input: PersonInput) -> PersonPayload:
        checks = Checks()
        checks.own_id(["input", "id"], input.id)
        person_fields(checks, input, ["input"])
        if given(input.employment_since) is not None and not given(input.account_id):
            checks.add(
                ["input", "employmentSince"],
                ErrorCode.INVALID,
                "employmentSince starts an employment: give accountId too",
            )
        external = _check_external(checks, input.external_id)
        if checks.errors:
            return PersonPayload(person=None, user_errors=checks.errors)
        account_id = given(input.account_id)
        result, errors = await _attempt(
            info,
            writes.upsert_node(
                info.context.graph,
                "Person",
                node_id=given(input.id),
                external=external,
                props=_props(input, PERSON_PROPS),
                employment=(str(account_id), given(input.employment_since)) if account_id else None,
                today=info.context.today,
            ),
            INPUT,
        )
        return await _person(info, result.id if result else None, errors)

    @strawberry.mutation(
        description="Create or update one of our people, found by id or externalId.",
        permission_classes=[CanWrite],
    )
    async def upsert_team_member(self, info: Info, input: TeamMemberInput) -> TeamMemberPayload:
        checks = Checks()
        checks.own_id(["input", "id"], input.id)
        team_member_fields(checks, input, ["input"])
        external = _check_external(checks, input.external_id)
        if checks.errors:
            return TeamMemberPayload(team_member=None, user_errors=checks.errors)
        result, errors = await _attempt(
            info,
            writes.upsert_node(
                info.context.graph,
                "TeamMember",
                node_id=given(input.id),
                external=external,
                props=_props(input, TEAM_MEMBER_PROPS),
                today=info.context.today,
            ),
            INPUT,
        )
        return await _team_member(info, result.id if result else None, errors)

    @strawberry.mutation(
        description="Set a person's current manager (same account, no cycles). The previous "
        "reporting line is kept as history with an end date.",
        permission_classes=[CanWrite],
    )
    async def set_reports_to(
        self,
        info: Info,
        person_id: strawberry.ID,
        manager_id: strawberry.ID,
        since: date | None = None,
    ) -> PersonPayload:
        _, errors = await _attempt(
            info,
            writes.set_reports_to(
                info.context.graph, str(person_id), str(manager_id), since, info.context.today
            ),
        )
        return await _person(info, str(person_id), errors)

    @strawberry.mutation(
        description="End a person's current reporting line (they become a root of the chart).",
        permission_classes=[CanWrite],
    )
    async def clear_reports_to(self, info: Info, person_id: strawberry.ID) -> PersonPayload:
        _, errors = await _attempt(
            info, writes.clear_reports_to(info.context.graph, str(person_id), info.context.today)
        )
        return await _person(info, str(person_id), errors)

    @strawberry.mutation(
        description="Start an employment (idempotent while one is current).",
        permission_classes=[CanWrite],
    )
    async def start_employment(
        self,
        info: Info,
        person_id: strawberry.ID,
        account_id: strawberry.ID,
        since: date | None = None,
        title: str | None = None,
    ) -> PersonPayload:
        checks = Checks()
        checks.text(["title"], title)
        if checks.errors:
            return PersonPayload(person=None, user_errors=checks.errors)
        _, errors = await _attempt(
            info,
            writes.start_employment(
                info.context.graph,
                str(person_id),
                str(account_id),
                since,
                title,
                info.context.today,
            ),
        )
        return await _person(info, str(person_id), errors)

    @strawberry.mutation(
        description="A person leaves an account: the employment gets an end date (kept as "
        "history, roles included) and their reporting lines there end. A date ahead (an "
        "announced departure) keeps them current, lines included, until that day.",
        permission_classes=[CanWrite],
    )
    async def end_employment(
        self, info: Info, person_id: strawberry.ID, account_id: strawberry.ID, until: date
    ) -> PersonPayload:
        _, errors = await _attempt(
            info,
            writes.end_employment(
                info.context.graph, str(person_id), str(account_id), until, info.context.today
            ),
        )
        return await _person(info, str(person_id), errors)

    @strawberry.mutation(
        description="Give a currently employed person a buying role at the account (idempotent).",
        permission_classes=[CanWrite],
    )
    async def assign_buying_role(
        self, info: Info, person_id: strawberry.ID, account_id: strawberry.ID, role: BuyingRole
    ) -> PersonPayload:
        _, errors = await _attempt(
            info,
            writes.assign_role(
                info.context.graph,
                str(person_id),
                str(account_id),
                role.value,
                info.context.today,
            ),
        )
        return await _person(info, str(person_id), errors)

    @strawberry.mutation(
        description="Remove a buying role (no error when it was not held).",
        permission_classes=[CanWrite],
    )
    async def remove_buying_role(
        self, info: Info, person_id: strawberry.ID, account_id: strawberry.ID, role: BuyingRole
    ) -> PersonPayload:
        _, errors = await _attempt(
            info,
            writes.remove_role(info.context.graph, str(person_id), str(account_id), role.value),
        )
        return await _person(info, str(person_id), errors)

    @strawberry.mutation(
        description="Seat one of our people on an account team (idempotent).",
        permission_classes=[CanWrite],
    )
    async def add_account_team_member(
        self,
        info: Info,
        account_id: strawberry.ID,
        team_member_id: strawberry.ID,
        role: TeamRole,
        since: date | None = None,
    ) -> AccountPayload:
        _, errors = await _attempt(
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
        permission_classes=[CanWrite],
    )
    async def remove_account_team_member(
        self,
        info: Info,
        account_id: strawberry.ID,
        team_member_id: strawberry.ID,
        role: TeamRole | None = None,
    ) -> AccountPayload:
        _, errors = await _attempt(
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
        description="Create or update the relationship between one of our people and a client "
        "person (idempotent on the pair).",
        permission_classes=[CanWrite],
    )
    async def upsert_relationship(
        self, info: Info, input: RelationshipInput
    ) -> RelationshipPayload:
        checks = Checks()
        relationship_fields(checks, input, ["input"], info.context.today)
        if checks.errors:
            return RelationshipPayload(relationship=None, user_errors=checks.errors)
        props = _props(input, {"since": "since", "last_contact": "lastContact", "notes": "notes"})
        strength = given(input.manual_strength)
        return await _relationship(
            info,
            writes.upsert_relationship(
                info.context.graph,
                str(input.team_member_id),
                str(input.person_id),
                props=props,
                strength=strength.value if strength else None,
                strength_given=input.manual_strength is not UNSET,
                today=info.context.today,
            ),
            INPUT,
        )

    @strawberry.mutation(
        description="Set (or with null, clear) the strength of a relationship by hand; creates "
        "the relationship when missing. A newer touchpoint hands over to the derived value.",
        permission_classes=[CanWrite],
    )
    async def set_relationship_strength(
        self,
        info: Info,
        team_member_id: strawberry.ID,
        person_id: strawberry.ID,
        strength: Strength | None,
    ) -> RelationshipPayload:
        return await _relationship(
            info,
            writes.upsert_relationship(
                info.context.graph,
                str(team_member_id),
                str(person_id),
                props={},
                strength=strength.value if strength else None,
                strength_given=True,
                today=info.context.today,
            ),
            (),
        )

    @strawberry.mutation(
        description="Record a touchpoint; the same id updates it (safe to retry). Updates the "
        "last contact of the relationships between its participants.",
        permission_classes=[CanWrite],
    )
    async def log_touchpoint(self, info: Info, input: TouchpointInput) -> TouchpointPayload:
        checks = Checks()
        touchpoint_fields(checks, input, ["input"], info.context.today)
        if checks.errors:
            return TouchpointPayload(touchpoint=None, user_errors=checks.errors)
        people = list(dict.fromkeys(str(i) for i in input.person_ids))
        team = list(dict.fromkeys(str(i) for i in input.team_member_ids))
        initiator = str(input.initiator_id) if input.initiator_id else None
        props = {
            "date": input.date,
            "channel": input.channel.value,
            "kind": input.kind.value,
            "summary": input.summary,
            "initiatorId": initiator,
            "initiatedByClient": initiated_by_client(initiator, people, input.initiated_by_client),
        }
        written, errors = await _attempt(
            info,
            writes.log_touchpoint(
                info.context.graph,
                str(input.id) if input.id else None,
                str(input.account_id),
                input.date,
                props,
                team,
                people,
            ),
            INPUT,
        )
        if errors or written is None:
            return TouchpointPayload(touchpoint=None, user_errors=errors)
        row = (await reads.touchpoints_by_id(info.context.graph, [written.id]))[written.id]
        return TouchpointPayload(touchpoint=Touchpoint.from_row(row), user_errors=[])

    @strawberry.mutation(
        description="Record that one client person influences another (informally).",
        permission_classes=[CanWrite],
    )
    async def add_influence(
        self,
        info: Info,
        person_id: strawberry.ID,
        influenced_id: strawberry.ID,
        note: str | None = None,
    ) -> PersonPayload:
        checks = Checks()
        checks.text(["note"], note)
        if checks.errors:
            return PersonPayload(person=None, user_errors=checks.errors)
        _, errors = await _attempt(
            info,
            writes.add_influence(
                info.context.graph, str(person_id), str(influenced_id), note, info.context.today
            ),
        )
        return await _person(info, str(person_id), errors)

    @strawberry.mutation(description="Remove an influence edge.", permission_classes=[CanWrite])
    async def remove_influence(
        self, info: Info, person_id: strawberry.ID, influenced_id: strawberry.ID
    ) -> PersonPayload:
        _, errors = await _attempt(
            info, writes.remove_influence(info.context.graph, str(person_id), str(influenced_id))
        )
        return await _person(info, str(person_id), errors)

    @strawberry.mutation(
        description="Record that a client person introduced one of our people to another.",
        permission_classes=[CanWrite],
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
        _, errors = await _attempt(
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
        description="Delete an account. Refused (HAS_DEPENDENTS) while people are employed "
        "there, unless cascade: true, which also removes its touchpoints, roles, team seats, "
        "score history and employments; the people themselves remain.",
        permission_classes=[CanWrite],
    )
    async def delete_account(
        self, info: Info, id: strawberry.ID, cascade: bool = False
    ) -> DeletePayload:
        _, errors = await _attempt(
            info, writes.delete_account(info.context.graph, str(id), cascade, info.context.today)
        )
        return _deleted("Account", id, errors)

    @strawberry.mutation(
        description="Delete a person and everything attached to them (erasure). Their direct "
        "reports move up to the person's manager, or become roots.",
        permission_classes=[CanWrite],
    )
    async def delete_person(self, info: Info, id: strawberry.ID) -> DeletePayload:
        _, errors = await _attempt(
            info, writes.delete_node(info.context.graph, "Person", str(id), info.context.today)
        )
        return _deleted("Person", id, errors)

    @strawberry.mutation(
        description="Delete one of our people with their seats, relationships and attendance.",
        permission_classes=[CanWrite],
    )
    async def delete_team_member(self, info: Info, id: strawberry.ID) -> DeletePayload:
        _, errors = await _attempt(
            info, writes.delete_node(info.context.graph, "TeamMember", str(id), info.context.today)
        )
        return _deleted("TeamMember", id, errors)

    @strawberry.mutation(description="Delete a touchpoint.", permission_classes=[CanWrite])
    async def delete_touchpoint(self, info: Info, id: strawberry.ID) -> DeletePayload:
        _, errors = await _attempt(
            info, writes.delete_node(info.context.graph, "Touchpoint", str(id), info.context.today)
        )
        return _deleted("Touchpoint", id, errors)

    @strawberry.mutation(
        description=f"Bulk import (up to {MAX_IMPORT_RECORDS} records): every record is "
        "checked first, then all are written in one transaction (idempotent by id), or none. "
        "Omitted optional fields keep their stored values. Touchpoints follow logTouchpoint's "
        "rules (one account per id, participants who worked there); influences and "
        "introductions those of addInfluence and recordIntroduction. "
        "Reporting lines follow setReportsTo's rules (one current manager, same account, no "
        "loop with the lines already there); an employment with an end date ends the person's "
        "reporting lines at that account, as endEmployment does.",
        permission_classes=[CanWrite],
    )
    async def import_dataset(self, info: Info, input: DatasetInput) -> ImportDatasetPayload:
        checks = Checks()
        dataset = await check_dataset(info, checks, input)
        if checks.errors or dataset is None:
            return _import_payload(None, checks.errors)
        try:
            summary = await import_dataset(info.context.graph, dataset, info.context.today)
        except WriteRejectedError as exc:
            return _import_payload(None, [user_error(exc, INPUT)])
        await refresh_scores(info, summary.touched_accounts)
        return _import_payload(dataset, [])


async def _relationship(
    info: Info, write: Awaitable[Written], root: tuple[str, ...]
) -> RelationshipPayload:
    written, errors = await _attempt(info, write, root)
    if errors or written is None:
        return RelationshipPayload(relationship=None, user_errors=errors)
    row = (await reads.relationships_by_id(info.context.graph, [written.id]))[written.id]
    return RelationshipPayload(relationship=Relationship.from_row(row), user_errors=[])


def _import_payload(data: Dataset | None, errors: list[UserError]) -> ImportDatasetPayload:
    return ImportDatasetPayload(
        accounts=len(data.accounts) if data else 0,
        people=len(data.people) if data else 0,
        team_members=len(data.team_members) if data else 0,
        relationships=len(data.relationships) if data else 0,
        touchpoints=len(data.touchpoints) if data else 0,
        user_errors=errors,
    )
