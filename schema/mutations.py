"""The graph mutations. Each validates its input, writes in one transaction, and returns a
payload with the object and typed ``userErrors``; with any error nothing is written."""

from __future__ import annotations

from collections.abc import Awaitable, Mapping, Sequence
from datetime import date
from enum import Enum
from typing import Any, TypeVar

import strawberry

from graph import accounts as account_reads
from graph import reads, writes
from graph.dataset import (
    AccountRecord,
    BuyingRoleRecord,
    Dataset,
    EmploymentRecord,
    ExternalIdRecord,
    PersonRecord,
    RelationshipRecord,
    ReportsToRecord,
    TeamAssignmentRecord,
    TeamMemberRecord,
    TouchpointRecord,
)
from graph.errors import WriteRejectedError
from graph.importer import ACCOUNT_PROPS, PERSON_PROPS, TEAM_MEMBER_PROPS, import_dataset
from schema.context import Info
from schema.errors import UserError, UserErrorCode, from_rejection
from schema.inputs import (
    AccountInput,
    DatasetInput,
    PersonInput,
    RelationshipInput,
    TeamMemberInput,
    TouchpointInput,
)
from schema.permissions import CanWrite
from schema.types.enums import BuyingRole, Strength, TeamRole
from schema.types.nodes import Account, Person, Relationship, TeamMember, Touchpoint
from schema.validation import Checks

T = TypeVar("T")
UNSET = strawberry.UNSET
MAX_IMPORT_RECORDS = 10_000

NOT_CLEARABLE = ("name", "tier")


def _value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return [_value(v) for v in value]
    return value


def _props(source: object, mapping: Mapping[str, str]) -> dict[str, Any]:
    """Given fields under their graph names; an explicit null stays (it clears the property)."""
    out = {}
    for attr, prop in mapping.items():
        value = getattr(source, attr)
        if value is not UNSET:
            out[prop] = _value(value)
    return out


def _given(value: T | None) -> T | None:
    return None if value is UNSET else value


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _no_clearing(checks: Checks, source: object, fields: Sequence[str]) -> None:
    for name in fields:
        if getattr(source, name, UNSET) is None:
            checks.add(
                ["input", _camel(name)], UserErrorCode.REQUIRED, f"{_camel(name)} cannot be cleared"
            )


async def _attempt(write: Awaitable[T]) -> tuple[T | None, list[UserError]]:
    try:
        return await write, []
    except WriteRejectedError as exc:
        return None, [from_rejection(exc)]


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
    deleted_id: strawberry.ID | None
    user_errors: list[UserError]


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


def _check_account(checks: Checks, data: AccountInput) -> None:
    path = ["input"]
    _no_clearing(checks, data, NOT_CLEARABLE)
    checks.text([*path, "name"], _given(data.name), required=data.name is not UNSET)
    for name in ("domain", "industry", "segment"):
        checks.text([*path, name], _given(getattr(data, name)))
    checks.number([*path, "tier"], _given(data.tier), 1, 4)
    checks.not_negative([*path, "annualRevenue"], _given(data.annual_revenue))
    checks.currency([*path, "currency"], _given(data.currency))
    for name in ("expansion_potential", "icp_fit", "strategic_value", "risk_cost_to_serve"):
        checks.number([*path, _camel(name)], _given(getattr(data, name)), 0, 3)


def _check_external(checks: Checks, external: Any) -> writes.ExternalKey | None:
    if external is UNSET or external is None:
        return None
    checks.text(["input", "externalId", "system"], external.system, required=True)
    checks.text(["input", "externalId", "value"], external.value, required=True)
    return writes.ExternalKey(external.system.strip(), external.value.strip())


def _check_touchpoint(checks: Checks, data: TouchpointInput, today: date) -> None:
    path = ["input"]
    checks.text([*path, "id"], data.id)
    checks.text([*path, "summary"], data.summary)
    checks.not_future([*path, "date"], data.date, today)
    if not data.team_member_ids:
        checks.add([*path, "teamMemberIds"], UserErrorCode.REQUIRED, "at least one of our people")
    if not data.person_ids:
        checks.add([*path, "personIds"], UserErrorCode.REQUIRED, "at least one client person")
    participants = {str(i) for i in [*data.team_member_ids, *data.person_ids]}
    if data.initiator_id is not None and str(data.initiator_id) not in participants:
        checks.add([*path, "initiatorId"], UserErrorCode.INVALID, "the initiator must take part")


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Create or update an account, found by id or externalId (idempotent).",
        permission_classes=[CanWrite],
    )
    async def upsert_account(self, info: Info, input: AccountInput) -> AccountPayload:
        checks = Checks()
        _check_account(checks, input)
        external = _check_external(checks, input.external_id)
        if checks.errors:
            return AccountPayload(account=None, user_errors=checks.errors)
        result, errors = await _attempt(
            writes.upsert_node(
                info.context.graph,
                "Account",
                node_id=_given(input.id),
                external=external,
                props=_props(input, ACCOUNT_PROPS),
                required_on_create=("name", "tier"),
                today=info.context.today,
            )
        )
        return await _account(info, result[0] if result else None, errors)

    @strawberry.mutation(
        description="Create or update a client person, found by id or externalId (idempotent).",
        permission_classes=[CanWrite],
    )
    async def upsert_person(self, info: Info, input: PersonInput) -> PersonPayload:
        checks = Checks()
        _no_clearing(checks, input, ("name",))
        checks.text(["input", "name"], _given(input.name), required=input.name is not UNSET)
        for name in ("title", "department", "location"):
            checks.text(["input", name], _given(getattr(input, name)))
        checks.email(["input", "email"], _given(input.email))
        checks.url(["input", "profileUrl"], _given(input.profile_url))
        checks.items(["input", "caresAbout"], _given(input.cares_about), limit=200, count=20)
        external = _check_external(checks, input.external_id)
        if checks.errors:
            return PersonPayload(person=None, user_errors=checks.errors)
        account_id = _given(input.account_id)
        result, errors = await _attempt(
            writes.upsert_node(
                info.context.graph,
                "Person",
                node_id=_given(input.id),
                external=external,
                props=_props(input, PERSON_PROPS),
                employment=(str(account_id), _given(input.employment_since))
                if account_id
                else None,
                today=info.context.today,
            )
        )
        return await _person(info, result[0] if result else None, errors)

    @strawberry.mutation(
        description="Create or update one of our people, found by id or externalId.",
        permission_classes=[CanWrite],
    )
    async def upsert_team_member(self, info: Info, input: TeamMemberInput) -> TeamMemberPayload:
        checks = Checks()
        _no_clearing(checks, input, ("name",))
        checks.text(["input", "name"], _given(input.name), required=input.name is not UNSET)
        checks.text(["input", "title"], _given(input.title))
        checks.email(["input", "email"], _given(input.email))
        external = _check_external(checks, input.external_id)
        if checks.errors:
            return TeamMemberPayload(team_member=None, user_errors=checks.errors)
        result, errors = await _attempt(
            writes.upsert_node(
                info.context.graph,
                "TeamMember",
                node_id=_given(input.id),
                external=external,
                props=_props(input, TEAM_MEMBER_PROPS),
                today=info.context.today,
            )
        )
        return await _team_member(info, result[0] if result else None, errors)

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
            writes.set_reports_to(
                info.context.graph, str(person_id), str(manager_id), since, info.context.today
            )
        )
        return await _person(info, str(person_id), errors)

    @strawberry.mutation(
        description="End a person's current reporting line (they become a root of the chart).",
        permission_classes=[CanWrite],
    )
    async def clear_reports_to(self, info: Info, person_id: strawberry.ID) -> PersonPayload:
        _, errors = await _attempt(
            writes.clear_reports_to(info.context.graph, str(person_id), info.context.today)
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
            writes.start_employment(
                info.context.graph,
                str(person_id),
                str(account_id),
                since,
                title,
                info.context.today,
            )
        )
        return await _person(info, str(person_id), errors)

    @strawberry.mutation(
        description="A person leaves an account: the employment gets an end date (kept as "
        "history, roles included) and their reporting lines there end.",
        permission_classes=[CanWrite],
    )
    async def end_employment(
        self, info: Info, person_id: strawberry.ID, account_id: strawberry.ID, until: date
    ) -> PersonPayload:
        _, errors = await _attempt(
            writes.end_employment(
                info.context.graph, str(person_id), str(account_id), until, info.context.today
            )
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
            writes.assign_role(
                info.context.graph,
                str(person_id),
                str(account_id),
                role.value,
                info.context.today,
            )
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
            writes.remove_role(info.context.graph, str(person_id), str(account_id), role.value)
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
            writes.add_seat(
                info.context.graph,
                str(account_id),
                str(team_member_id),
                role.value,
                since,
                info.context.today,
            )
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
            writes.remove_seat(
                info.context.graph,
                str(account_id),
                str(team_member_id),
                role.value if role else None,
            )
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
        checks.text(["input", "notes"], _given(input.notes))
        checks.not_future(["input", "lastContact"], _given(input.last_contact), info.context.today)
        checks.order(
            ["input", "lastContact"],
            _given(input.since),
            _given(input.last_contact),
            "lastContact is before since",
        )
        if checks.errors:
            return RelationshipPayload(relationship=None, user_errors=checks.errors)
        props = _props(input, {"since": "since", "last_contact": "lastContact", "notes": "notes"})
        strength = _given(input.manual_strength)
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
                field=(),
            ),
        )

    @strawberry.mutation(
        description="Record a touchpoint; the same id updates it (safe to retry). Updates the "
        "last contact of the relationships between its participants.",
        permission_classes=[CanWrite],
    )
    async def log_touchpoint(self, info: Info, input: TouchpointInput) -> TouchpointPayload:
        checks = Checks()
        _check_touchpoint(checks, input, info.context.today)
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
            "initiatedByClient": initiator in people if initiator else input.initiated_by_client,
        }
        tp_id, errors = await _attempt(
            writes.log_touchpoint(
                info.context.graph,
                str(input.id) if input.id else None,
                str(input.account_id),
                input.date,
                props,
                team,
                people,
            )
        )
        if errors or tp_id is None:
            return TouchpointPayload(touchpoint=None, user_errors=errors)
        row = (await reads.touchpoints_by_id(info.context.graph, [tp_id]))[tp_id]
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
            writes.add_influence(
                info.context.graph, str(person_id), str(influenced_id), note, info.context.today
            )
        )
        return await _person(info, str(person_id), errors)

    @strawberry.mutation(description="Remove an influence edge.", permission_classes=[CanWrite])
    async def remove_influence(
        self, info: Info, person_id: strawberry.ID, influenced_id: strawberry.ID
    ) -> PersonPayload:
        _, errors = await _attempt(
            writes.remove_influence(info.context.graph, str(person_id), str(influenced_id))
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
            writes.record_introduction(
                info.context.graph,
                str(introducer_id),
                str(introduced_id),
                str(team_member_id) if team_member_id else None,
                date,
            )
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
            writes.delete_account(info.context.graph, str(id), cascade, info.context.today)
        )
        return DeletePayload(deleted_id=None if errors else id, user_errors=errors)

    @strawberry.mutation(
        description="Delete a person and everything attached to them (erasure). Their direct "
        "reports move up to the person's manager, or become roots.",
        permission_classes=[CanWrite],
    )
    async def delete_person(self, info: Info, id: strawberry.ID) -> DeletePayload:
        _, errors = await _attempt(
            writes.delete_node(info.context.graph, "Person", str(id), info.context.today)
        )
        return DeletePayload(deleted_id=None if errors else id, user_errors=errors)

    @strawberry.mutation(
        description="Delete one of our people with their seats, relationships and attendance.",
        permission_classes=[CanWrite],
    )
    async def delete_team_member(self, info: Info, id: strawberry.ID) -> DeletePayload:
        _, errors = await _attempt(
            writes.delete_node(info.context.graph, "TeamMember", str(id), info.context.today)
        )
        return DeletePayload(deleted_id=None if errors else id, user_errors=errors)

    @strawberry.mutation(description="Delete a touchpoint.", permission_classes=[CanWrite])
    async def delete_touchpoint(self, info: Info, id: strawberry.ID) -> DeletePayload:
        _, errors = await _attempt(
            writes.delete_node(info.context.graph, "Touchpoint", str(id), info.context.today)
        )
        return DeletePayload(deleted_id=None if errors else id, user_errors=errors)

    @strawberry.mutation(
        description=f"Bulk import (up to {MAX_IMPORT_RECORDS} records): every record is "
        "checked first, then all are written in one transaction (idempotent by id), or none. "
        "Reporting lines follow setReportsTo's rules (one current manager, same account, no "
        "loop with the lines already there); an employment with an end date ends the person's "
        "reporting lines at that account, as endEmployment does.",
        permission_classes=[CanWrite],
    )
    async def import_dataset(self, info: Info, input: DatasetInput) -> ImportDatasetPayload:
        checks = Checks()
        dataset = await _check_dataset(info, checks, input)
        if checks.errors or dataset is None:
            return _import_payload(None, checks.errors)
        _, errors = await _attempt(import_dataset(info.context.graph, dataset, info.context.today))
        return _import_payload(None if errors else dataset, errors)


async def _relationship(info: Info, write: Awaitable[str]) -> RelationshipPayload:
    rel_id, errors = await _attempt(write)
    if errors or rel_id is None:
        return RelationshipPayload(relationship=None, user_errors=errors)
    row = (await reads.relationships_by_id(info.context.graph, [rel_id]))[rel_id]
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


def _cycles(lines: Sequence[tuple[str, str]]) -> set[str]:
    """People whose reporting line (from the import) runs in a loop."""
    boss = dict(lines)
    looping = set()
    for start in boss:
        seen = set()
        node: str | None = start
        while node is not None and node not in seen:
            seen.add(node)
            node = boss.get(node)
        if node == start:
            looping.add(start)
    return looping


def _external_records(refs: Sequence[Any]) -> tuple[ExternalIdRecord, ...]:
    return tuple(ExternalIdRecord(x.system.strip(), x.value.strip()) for x in refs)


async def _check_external_ids(info: Info, checks: Checks, data: DatasetInput) -> None:
    """An external id names one record: once in the import, and the same node as in the graph."""
    labels = {"accounts": "Account", "people": "Person", "teamMembers": "TeamMember"}
    records: dict[str, Sequence[Any]] = {
        "accounts": data.accounts,
        "people": data.people,
        "teamMembers": data.team_members,
    }
    claimed: dict[str, tuple[str, str, list[str]]] = {}  # key -> (label, id, path)
    for name, items in records.items():
        for i, record in enumerate(items):
            for j, ref in enumerate(record.external_ids):
                path = ["input", name, str(i), "externalIds", str(j)]
                checks.text([*path, "system"], ref.system, required=True)
                checks.text([*path, "value"], ref.value, required=True)
                key = writes.ExternalKey(ref.system.strip(), ref.value.strip()).key
                if key in claimed:
                    checks.add(
                        path,
                        UserErrorCode.DUPLICATE,
                        f"external id {key!r} is also given at {'.'.join(claimed[key][2][1:])}",
                    )
                    continue
                claimed[key] = (labels[name], str(record.id), path)
    if not claimed:
        return
    owners = await writes.external_id_owners(info.context.graph, sorted(claimed))
    for key, owner in owners.items():
        label, record_id, path = claimed[key]
        if (owner["label"], owner["id"]) != (label, record_id):
            checks.add(
                path,
                UserErrorCode.CONFLICT,
                f"external id {key!r} already belongs to {owner['id']!r}",
            )


async def _check_reporting_lines(info: Info, checks: Checks, data: DatasetInput) -> None:
    """The rules of setReportsTo for every line of an import, against the graph as it will be:
    one manager per person, no loop (with the lines already there), both at one account."""
    today = info.context.today
    lines = [(str(r.person_id), str(r.manager_id)) for r in data.reports_to]
    first: dict[str, int] = {}
    for i, (person, _) in enumerate(lines):
        if person in first:
            checks.add(
                ["input", "reportsTo", str(i), "personId"],
                UserErrorCode.DUPLICATE,
                f"{person!r} already has a manager at reportsTo.{first[person]}",
            )
        first.setdefault(person, i)
    graph = await writes.reporting_context(
        info.context.graph, sorted({x for line in lines for x in line}), today
    )
    managers = {p: c.manager_id for p, c in graph.items() if c.manager_id is not None}
    managers.update(dict(lines))
    looping = _cycles(list(managers.items()))
    accounts = {p: set(c.accounts) for p, c in graph.items()}
    for e in data.employments:
        if e.until is not None and e.until <= today:
            accounts.setdefault(str(e.person_id), set()).discard(str(e.account_id))
    for e in data.employments:
        if e.until is None or e.until > today:
            accounts.setdefault(str(e.person_id), set()).add(str(e.account_id))
    for i, (person, manager) in enumerate(lines):
        path = ["input", "reportsTo", str(i)]
        if person in looping:
            checks.add(path, UserErrorCode.CYCLE, "these reporting lines form a loop")
        elif not accounts.get(person):
            checks.add(
                [*path, "personId"], UserErrorCode.NOT_EMPLOYED, f"{person!r} works nowhere today"
            )
        elif not accounts.get(manager):
            checks.add(
                [*path, "managerId"],
                UserErrorCode.NOT_EMPLOYED,
                f"{manager!r} works nowhere today",
            )
        elif not accounts[person] & accounts[manager]:
            checks.add(
                [*path, "managerId"],
                UserErrorCode.CROSS_ACCOUNT,
                "a person can only report to someone at the same account",
            )


async def _check_dataset(info: Info, checks: Checks, data: DatasetInput) -> Dataset | None:
    lists: dict[str, Sequence[Any]] = {
        "accounts": data.accounts,
        "people": data.people,
        "employments": data.employments,
        "reportsTo": data.reports_to,
        "buyingRoles": data.buying_roles,
        "teamMembers": data.team_members,
        "teamAssignments": data.team_assignments,
        "relationships": data.relationships,
        "touchpoints": data.touchpoints,
    }
    if sum(len(v) for v in lists.values()) > MAX_IMPORT_RECORDS:
        checks.add(["input"], UserErrorCode.TOO_LONG, f"more than {MAX_IMPORT_RECORDS} records")
        return None
    for i, a in enumerate(data.accounts):
        checks.text(["input", "accounts", str(i), "id"], a.id, required=True)
        checks.text(["input", "accounts", str(i), "name"], a.name, required=True)
        checks.number(["input", "accounts", str(i), "tier"], a.tier, 1, 4)
        checks.not_negative(["input", "accounts", str(i), "annualRevenue"], a.annual_revenue)
        checks.currency(["input", "accounts", str(i), "currency"], a.currency)
    for i, p in enumerate(data.people):
        checks.text(["input", "people", str(i), "id"], p.id, required=True)
        checks.text(["input", "people", str(i), "name"], p.name, required=True)
        checks.email(["input", "people", str(i), "email"], p.email)
    for i, t in enumerate(data.team_members):
        checks.text(["input", "teamMembers", str(i), "id"], t.id, required=True)
        checks.text(["input", "teamMembers", str(i), "name"], t.name, required=True)
    for i, e in enumerate(data.employments):
        checks.order(
            ["input", "employments", str(i), "until"], e.since, e.until, "until is before since"
        )
    for i, tp in enumerate(data.touchpoints):
        checks.text(["input", "touchpoints", str(i), "summary"], tp.summary)
    named: tuple[tuple[str, Sequence[Any]], ...] = (
        ("accounts", data.accounts),
        ("people", data.people),
        ("teamMembers", data.team_members),
    )
    for name, records in named:
        seen: set[str] = set()
        for i, record in enumerate(records):
            if str(record.id) in seen:
                checks.add(
                    ["input", name, str(i), "id"],
                    UserErrorCode.DUPLICATE,
                    f"{record.id!r} appears twice",
                )
            seen.add(str(record.id))
    # Every reference must name a record of this import or a node already in the graph.
    refs: list[tuple[str, str, list[str]]] = []  # kind, id, path
    for name, records in lists.items():
        for i, record in enumerate(records):
            for attr, kind in (
                ("account_id", "account"),
                ("person_id", "person"),
                ("manager_id", "person"),
                ("team_member_id", "team member"),
            ):
                value = getattr(record, attr, None)
                if value is not None:
                    refs.append((kind, str(value), ["input", name, str(i), _camel(attr)]))
            for attr, kind in (("person_ids", "person"), ("team_member_ids", "team member")):
                for j, value in enumerate(getattr(record, attr, None) or []):
                    refs.append((kind, str(value), ["input", name, str(i), _camel(attr), str(j)]))
    given = {
        "account": {str(a.id) for a in data.accounts},
        "person": {str(p.id) for p in data.people},
        "team member": {str(t.id) for t in data.team_members},
    }
    wanted = {k: sorted({i for kind, i, _ in refs if kind == k} - given[k]) for k in given}
    found_accounts, found_people, found_members = await writes.existing_ids(
        info.context.graph, wanted["account"], wanted["person"], wanted["team member"]
    )
    known = {
        "account": given["account"] | found_accounts,
        "person": given["person"] | found_people,
        "team member": given["team member"] | found_members,
    }
    for kind, ref, path in refs:
        if ref not in known[kind]:
            checks.add(path, UserErrorCode.NOT_FOUND, f"{kind} {ref!r} does not exist")
    await _check_external_ids(info, checks, data)
    if data.reports_to:
        await _check_reporting_lines(info, checks, data)
    if checks.errors:
        return None
    return Dataset(
        accounts=tuple(
            AccountRecord(
                id=str(a.id),
                name=a.name.strip(),
                tier=a.tier,
                domain=a.domain,
                industry=a.industry,
                segment=a.segment,
                is_key_account=a.is_key_account,
                annual_revenue=a.annual_revenue,
                currency=a.currency,
                client_since=a.client_since,
                lifecycle_stage=a.lifecycle_stage.value if a.lifecycle_stage else None,
                renewal_date=a.renewal_date,
                external_ids=_external_records(a.external_ids),
            )
            for a in data.accounts
        ),
        people=tuple(
            PersonRecord(
                id=str(p.id),
                name=p.name.strip(),
                email=p.email,
                title=p.title,
                department=p.department,
                seniority=p.seniority.value if p.seniority else None,
                location=p.location,
                perception=p.perception.value,
                external_ids=_external_records(p.external_ids),
            )
            for p in data.people
        ),
        employments=tuple(
            EmploymentRecord(str(e.person_id), str(e.account_id), e.since, e.until, e.title)
            for e in data.employments
        ),
        reports_to=tuple(
            ReportsToRecord(str(r.person_id), str(r.manager_id)) for r in data.reports_to
        ),
        buying_roles=tuple(
            BuyingRoleRecord(str(r.person_id), str(r.account_id), r.role.value)
            for r in data.buying_roles
        ),
        team_members=tuple(
            TeamMemberRecord(
                str(t.id),
                t.name.strip(),
                t.email,
                t.title,
                t.seniority.value if t.seniority else None,
                external_ids=_external_records(t.external_ids),
            )
            for t in data.team_members
        ),
        team_assignments=tuple(
            TeamAssignmentRecord(str(s.team_member_id), str(s.account_id), s.role.value)
            for s in data.team_assignments
        ),
        relationships=tuple(
            RelationshipRecord(
                str(r.id),
                str(r.team_member_id),
                str(r.person_id),
                since=r.since,
                manual_strength=r.manual_strength.value if r.manual_strength else None,
            )
            for r in data.relationships
        ),
        touchpoints=tuple(
            TouchpointRecord(
                id=str(t.id),
                account_id=str(t.account_id),
                date=t.date,
                channel=t.channel.value,
                kind=t.kind.value,
                summary=t.summary,
                initiated_by_client=t.initiated_by_client,
                team_member_ids=tuple(str(i) for i in t.team_member_ids),
                person_ids=tuple(str(i) for i in t.person_ids),
            )
            for t in data.touchpoints
        ),
    )
