"""Single-object writes. Each is one transaction: it checks the rules (:mod:`graph.rules`) and
writes, or raises a :class:`~graph.errors.WriteRejectedError` and writes nothing.

Every write returns :class:`Written`: the id it wrote and the accounts whose stored scores it may
have changed (for a delete, as they were before it), so the caller refreshes exactly those.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from graph import rules, scope, versions
from graph.client import GraphSession, Row, Transaction
from graph.cypher import writes as cypher
from graph.errors import Subject


@dataclass(frozen=True, slots=True)
class Written:
    """What a write did: the node or edge it wrote, and the accounts it touched."""

    id: str
    accounts: frozenset[str]


W = TypeVar("W", bound=Written)


async def _commit(session: GraphSession, work: Callable[[Transaction], Awaitable[W]]) -> W:
    """Run a write in one transaction; for an account-scoped caller, only when everything it
    touched is within the scope, else it rolls back as if the record did not exist
    (graph/scope.py). A write that changed something bumps the graph versions of the
    accounts it touched and the portfolio's in the same transaction (graph/versions.py), so
    no API process answers from a response cached before it."""

    async def scoped(tx: Transaction) -> W:
        written = await work(tx)
        refusal = scope.write_refusal(tx.visible, written.id, written.accounts)
        if refusal is not None:
            raise refusal
        if tx.changed:
            await versions.bump(tx, written.accounts)
        return written

    return await session.transaction(scoped)


@dataclass(frozen=True, slots=True)
class ExternalKey:
    system: str
    value: str

    @property
    def key(self) -> str:
        return rules.external_key(self.system, self.value)


@dataclass(frozen=True, slots=True)
class Need:
    """A node a write refers to, and the field of the write that names it."""

    label: str
    id: str
    field: str


async def _require(tx: Transaction, *needs: Need) -> None:
    """Refuse the write unless every node exists (one round trip for all of them)."""
    ids: dict[str, list[str]] = {
        "Account": [],
        "Person": [],
        "TeamMember": [],
        "Touchpoint": [],
        "Opportunity": [],
    }
    for need in needs:
        ids[need.label].append(need.id)
    found = (
        await tx.run(
            cypher.NODES_EXIST,
            {
                "accounts": ids["Account"],
                "people": ids["Person"],
                "teamMembers": ids["TeamMember"],
                "touchpoints": ids["Touchpoint"],
                "opportunities": ids["Opportunity"],
            },
        )
    )[0]
    present = {
        "Account": set(found["accounts"]),
        "Person": set(found["people"]),
        "TeamMember": set(found["teamMembers"]),
        "Touchpoint": set(found["touchpoints"]),
        "Opportunity": set(found["opportunities"]),
    }
    for need in needs:
        if need.id not in present[need.label]:
            raise rules.missing(need.label, need.id, Subject(field=need.field))


async def _accounts_of(
    tx: Transaction,
    *,
    accounts: Sequence[str] = (),
    people: Sequence[str] = (),
    members: Sequence[str] = (),
) -> frozenset[str]:
    """These accounts (those that exist), the accounts of these people (any employment) and
    of these team members (seats, and the people they know)."""
    rows = await tx.run(
        cypher.ACCOUNTS_OF,
        {"accountIds": list(accounts), "personIds": list(people), "memberIds": list(members)},
    )
    return frozenset(rows[0]["accounts"])


def at_work(rows: Sequence[Row]) -> dict[str, rules.AtWork]:
    """Rows of :data:`~graph.cypher.writes.REPORTING_CONTEXT` as the rules read them."""
    return {row["id"]: rules.AtWork(row["manager_id"], frozenset(row["accounts"])) for row in rows}


async def _claimed(
    tx: Transaction, label: str, given_id: str | None, external: ExternalKey | None
) -> str | None:
    """The id a write by id or external id targets: ``given_id``, else the node the external
    id identifies (None: a new node). Claims the external id's key first, so concurrent
    upserts of one external id queue there; refuses an external id of another node."""
    if external is None:
        return given_id
    row = (
        await tx.run(
            cypher.CLAIM_REF,
            {"key": external.key, "system": external.system, "value": external.value},
        )
    )[0]
    refusal = rules.external_id_owner(
        external.key,
        label,
        given_id,
        row["labels"][0] if row["labels"] else None,
        row["id"],
        Subject(field="external_id"),
    )
    if refusal:
        raise refusal
    return given_id or row["id"]


async def _link_ref(tx: Transaction, label: str, node_id: str, external: ExternalKey) -> None:
    await tx.run(
        cypher.LINK_REF[label],
        {"id": node_id, "key": external.key, "system": external.system, "value": external.value},
    )


async def upsert_node(
    session: GraphSession,
    label: str,
    *,
    node_id: str | None,
    external: ExternalKey | None,
    props: Mapping[str, Any],
    required_on_create: Sequence[str] = ("name",),
    employment: tuple[str, date | None] | None = None,
    position_since: date | None = None,
    today: date,
) -> Written:
    """Create or update a node found by id or external id.

    Retrying the same input finds the same node, so it never creates a duplicate. A person's
    changed title, department or seniority opens a new position (SYNC_POSITIONS), dated
    ``position_since`` (default today)."""
    # Made once, outside the function the driver may re-run after a lost commit.
    fresh_id = str(uuid.uuid4())

    async def work(tx: Transaction) -> Written:
        target = await _claimed(tx, label, node_id, external)
        if target is None:
            created = True
        else:
            found = (await tx.run(cypher.ID_IN_USE, {"id": target}))[0]
            created = label not in found["labels"]
            if created and rules.OTHER_SIDE.get(label) in found["labels"]:
                raise rules.id_taken(label, target, Subject(field="id"))
        if created:
            refusal = rules.required_on_create(label, props, required_on_create)
            if refusal:
                raise refusal
        target = target or fresh_id
        await tx.run(cypher.UPSERT_NODE[label], {"id": target, "props": dict(props)})
        if external is not None:
            await _link_ref(tx, label, target, external)
        if employment is not None:
            account_id, since = employment
            await _require(tx, Need("Account", account_id, "account_id"))
            await tx.run(
                cypher.START_EMPLOYMENT,
                {
                    "personId": target,
                    "accountId": account_id,
                    "since": since or today,
                    "title": props.get("title"),
                    "today": today,
                    "concurrent": False,
                },
            )
        if label == "Person":
            await tx.run(
                cypher.SYNC_PERSON_POSITIONS,
                {"personId": target, "positionSince": position_since, "today": today},
            )
        if label == "Account":
            return Written(target, frozenset({target}))
        if label == "Person":
            return Written(target, await _accounts_of(tx, people=[target]))
        return Written(target, await _accounts_of(tx, members=[target]))

    return await _commit(session, work)


async def upsert_opportunity(
    session: GraphSession,
    *,
    opportunity_id: str | None,
    external: ExternalKey | None,
    account_id: str | None,
    props: Mapping[str, Any],
) -> Written:
    """Create or update a deal found by id or external id, as :func:`upsert_node` finds a node
    (retrying the same input finds the same deal). A new deal needs a name, a stage and its
    account; an existing one stays at its account."""
    fresh_id = str(uuid.uuid4())

    async def work(tx: Transaction) -> Written:
        target = await _claimed(tx, "Opportunity", opportunity_id, external)
        stored = (
            await tx.run(cypher.OPPORTUNITY_ACCOUNT, {"id": target}) if target is not None else []
        )
        stored_account = str(stored[0]["accountId"]) if stored else None
        if stored_account is None:
            refusal = rules.required_on_create(
                "Opportunity", {**props, "account_id": account_id}, ("name", "stage", "account_id")
            )
            if refusal:
                raise refusal
        refusal = rules.opportunity_account(target or fresh_id, stored_account, account_id)
        if refusal:
            raise refusal
        account = stored_account or str(account_id)
        await _require(tx, Need("Account", account, "account_id"))
        target = target or fresh_id
        await tx.run(
            cypher.UPSERT_OPPORTUNITY, {"id": target, "accountId": account, "props": dict(props)}
        )
        if external is not None:
            await _link_ref(tx, "Opportunity", target, external)
        return Written(target, frozenset({account}))

    return await _commit(session, work)


async def set_contact_role(
    session: GraphSession,
    opportunity_id: str,
    person_id: str,
    role: str,
    is_primary: bool | None,
    today: date,
) -> Written:
    """Set the person's buying role on the deal (idempotent); ``is_primary`` None keeps the
    stored flag. The person must work at the deal's account today."""

    async def work(tx: Transaction) -> Written:
        ids = {"opportunityId": opportunity_id, "personId": person_id, "today": today}
        rows = await tx.run(cypher.CONTACT_ROLE_CONTEXT, ids)
        if not rows:
            raise rules.missing("Opportunity", opportunity_id, Subject(field="opportunity_id"))
        account = str(rows[0]["accountId"])
        if not rows[0]["person"]:
            raise rules.missing("Person", person_id, Subject(field="person_id"))
        refusal = rules.contact_role(person_id, account, bool(rows[0]["employed"]))
        if refusal:
            raise refusal
        await tx.run(cypher.SET_CONTACT_ROLE, {**ids, "role": role, "isPrimary": is_primary})
        return Written(opportunity_id, frozenset({account}))

    return await _commit(session, work)


async def remove_contact_role(
    session: GraphSession, opportunity_id: str, person_id: str
) -> Written:
    """Take the person off the deal (not on it: nothing to do)."""

    async def work(tx: Transaction) -> Written:
        await _require(
            tx,
            Need("Opportunity", opportunity_id, "opportunity_id"),
            Need("Person", person_id, "person_id"),
        )
        rows = await tx.run(cypher.OPPORTUNITY_ACCOUNT, {"id": opportunity_id})
        await tx.run(
            cypher.REMOVE_CONTACT_ROLE, {"opportunityId": opportunity_id, "personId": person_id}
        )
        return Written(opportunity_id, frozenset({str(rows[0]["accountId"])}))

    return await _commit(session, work)


async def start_employment(
    session: GraphSession,
    person_id: str,
    account_id: str,
    since: date | None,
    title: str | None,
    today: date,
    *,
    concurrent: bool = False,
) -> Written:
    """Start an employment (nothing to do while one is current there). A new one is a move:
    the person's current employments elsewhere end the day before, unless ``concurrent``."""

    async def work(tx: Transaction) -> Written:
        await _require(
            tx, Need("Person", person_id, "person_id"), Need("Account", account_id, "account_id")
        )
        await tx.run(
            cypher.START_EMPLOYMENT,
            {
                "personId": person_id,
                "accountId": account_id,
                "since": since or today,
                "title": title,
                "today": today,
                "concurrent": concurrent,
            },
        )
        # A new employment opens its first position there.
        await tx.run(
            cypher.SYNC_PERSON_POSITIONS,
            {"personId": person_id, "positionSince": None, "today": today},
        )
        return Written(person_id, await _accounts_of(tx, people=[person_id]))

    return await _commit(session, work)


async def end_employment(
    session: GraphSession, person_id: str, account_id: str, until: date, today: date
) -> Written:
    """The person leaves: the employment ends and their reporting lines there end with it."""

    async def work(tx: Transaction) -> Written:
        await _require(
            tx, Need("Person", person_id, "person_id"), Need("Account", account_id, "account_id")
        )
        rows = await tx.run(
            cypher.CURRENT_EMPLOYMENT,
            {"personId": person_id, "accountId": account_id, "today": today},
        )
        if not rows:
            raise rules.not_employed(person_id, account_id, Subject(field="person_id"))
        refusal = rules.employment_dates(rows[0]["since"], until)
        if refusal:
            raise refusal
        await tx.run(
            cypher.END_EMPLOYMENT,
            {"personId": person_id, "accountId": account_id, "until": until, "today": today},
        )
        return Written(person_id, await _accounts_of(tx, people=[person_id]))

    return await _commit(session, work)


async def set_reports_to(
    session: GraphSession, person_id: str, manager_id: str, since: date | None, today: date
) -> Written:
    """Replace the person's current manager. The old line is kept as history (``until``)."""

    async def work(tx: Transaction) -> Written:
        refusal = rules.self_report(person_id, manager_id)
        if refusal:
            raise refusal
        # One reporting-line change per account at a time: two concurrent changes could each
        # pass the loop check and close a loop together. Locked first, then read.
        both = {"ids": [person_id, manager_id], "today": today}
        await tx.run(cypher.LOCK_ACCOUNTS_OF_PEOPLE, both)
        people = at_work(await tx.run(cypher.REPORTING_CONTEXT, both))
        for node_id, field in ((person_id, "person_id"), (manager_id, "manager_id")):
            if node_id not in people:
                raise rules.missing("Person", node_id, Subject(field=field))
        refusal = rules.reporting_line(
            person_id, manager_id, people, looping=rules.with_line(people, person_id, manager_id)
        )
        if refusal:
            raise refusal
        touched = people[person_id].accounts
        if people[person_id].manager_id != manager_id:
            await tx.run(
                cypher.SET_REPORTS_TO,
                {
                    "personId": person_id,
                    "managerId": manager_id,
                    "since": since or today,
                    "today": today,
                },
            )
        return Written(person_id, touched)

    return await _commit(session, work)


async def set_dotted_line(
    session: GraphSession, person_id: str, manager_id: str, since: date | None, today: date
) -> Written:
    """Add a dotted-line manager (beside the solid one; several are fine), by setReportsTo's
    rules for lines of that kind: same account, no loop of dotted lines. Idempotent."""

    async def work(tx: Transaction) -> Written:
        refusal = rules.self_report(person_id, manager_id)
        if refusal:
            raise refusal
        await _require(
            tx, Need("Person", person_id, "person_id"), Need("Person", manager_id, "manager_id")
        )
        # Locked as setReportsTo locks: two lines that close a loop only together queue here.
        ids = {"personId": person_id, "managerId": manager_id, "today": today}
        await tx.run(
            cypher.LOCK_ACCOUNTS_OF_PEOPLE, {"ids": [person_id, manager_id], "today": today}
        )
        (row,) = await tx.run(cypher.DOTTED_LINE_CONTEXT, ids)
        people = {
            person_id: rules.AtWork(None, frozenset(row["person_accounts"])),
            manager_id: rules.AtWork(None, frozenset(row["manager_accounts"])),
        }
        looping = {person_id} if row["loops"] else set()
        refusal = rules.reporting_line(person_id, manager_id, people, looping=looping)
        if refusal:
            raise refusal
        await tx.run(cypher.SET_DOTTED_LINE, {**ids, "since": since or today})
        return Written(person_id, people[person_id].accounts)

    return await _commit(session, work)


async def end_dotted_line(
    session: GraphSession, person_id: str, manager_id: str, today: date
) -> Written:
    """End the person's current dotted line to the manager (none current: nothing to do)."""

    async def work(tx: Transaction) -> Written:
        await _require(
            tx, Need("Person", person_id, "person_id"), Need("Person", manager_id, "manager_id")
        )
        ids = {"personId": person_id, "managerId": manager_id, "today": today}
        await tx.run(cypher.END_DOTTED_LINE, ids)
        (row,) = await tx.run(cypher.DOTTED_LINE_CONTEXT, ids)
        return Written(person_id, frozenset(row["person_accounts"]))

    return await _commit(session, work)


async def clear_reports_to(
    session: GraphSession, person_id: str, today: date, until: date | None = None
) -> Written:
    """End the person's current reporting line on ``until`` (default today)."""

    async def work(tx: Transaction) -> Written:
        await _require(tx, Need("Person", person_id, "person_id"))
        rows = await tx.run(
            cypher.CLEAR_REPORTS_TO,
            {"personId": person_id, "today": today, "until": until or today},
        )
        return Written(person_id, frozenset(rows[0]["accounts"]))

    return await _commit(session, work)


async def assign_role(
    session: GraphSession,
    person_id: str,
    account_id: str,
    role: str,
    since: date | None,
    today: date,
) -> Written:
    """Give the person a buying role at the account, held since ``since`` (default: kept, or
    today): they must be employed there on that day."""

    async def work(tx: Transaction) -> Written:
        await _require(
            tx, Need("Person", person_id, "person_id"), Need("Account", account_id, "account_id")
        )
        ids = {"personId": person_id, "accountId": account_id}
        stints = [(r["since"], r["until"]) for r in await tx.run(cypher.EMPLOYMENT_STINTS, ids)]
        refusal = rules.buying_role(person_id, account_id, since, stints, today)
        if refusal:
            raise refusal
        await tx.run(cypher.ASSIGN_ROLE, {**ids, "role": role, "since": since, "today": today})
        return Written(person_id, frozenset({account_id}))

    return await _commit(session, work)


@dataclass(frozen=True, slots=True)
class TargetWritten(Written):
    """A target strength written (or cleared: ``target`` None), as stored."""

    account_id: str = ""
    target: str | None = None
    set_at: date | None = None
    set_by: str | None = None


async def set_strength_target(
    session: GraphSession,
    person_id: str,
    account_id: str | None,
    target: str | None,
    set_at: date | None,
    set_by: str | None,
    today: date,
) -> TargetWritten:
    """Set (``target`` None: clear) the strength our side should have with the person at the
    account (default: their one current employer), dated ``set_at`` (default: kept for the same
    target, else today); they must be employed there on that day."""

    async def work(tx: Transaction) -> TargetWritten:
        needs = [Need("Person", person_id, "person_id")]
        if account_id is not None:
            needs.append(Need("Account", account_id, "account_id"))
        await _require(tx, *needs)
        account = account_id
        if account is None:
            rows = await tx.run(cypher.CURRENT_ACCOUNTS, {"personId": person_id, "today": today})
            found = rules.target_account(person_id, [r["id"] for r in rows])
            if isinstance(found, Exception):
                raise found
            account = found
        ids = {"personId": person_id, "accountId": account}
        if target is None:
            await tx.run(cypher.CLEAR_STRENGTH_TARGET, ids)
            return TargetWritten(person_id, frozenset({account}), account_id=account)
        stints = [(r["since"], r["until"]) for r in await tx.run(cypher.EMPLOYMENT_STINTS, ids)]
        refusal = rules.buying_role(person_id, account, set_at, stints, today, field="set_at")
        if refusal:
            raise refusal
        (row,) = await tx.run(
            cypher.SET_STRENGTH_TARGET,
            {**ids, "target": target, "setAt": set_at, "setBy": set_by, "today": today},
        )
        return TargetWritten(
            person_id,
            frozenset({account}),
            account_id=account,
            target=row["target"],
            set_at=row["set_at"],
            set_by=row["set_by"],
        )

    return await _commit(session, work)


async def remove_role(session: GraphSession, person_id: str, account_id: str, role: str) -> Written:
    async def work(tx: Transaction) -> Written:
        await _require(
            tx, Need("Person", person_id, "person_id"), Need("Account", account_id, "account_id")
        )
        await tx.run(
            cypher.REMOVE_ROLE, {"personId": person_id, "accountId": account_id, "role": role}
        )
        return Written(person_id, frozenset({account_id}))

    return await _commit(session, work)


async def add_seat(
    session: GraphSession,
    account_id: str,
    member_id: str,
    role: str,
    since: date | None,
    today: date,
) -> Written:
    async def work(tx: Transaction) -> Written:
        await _require(
            tx,
            Need("Account", account_id, "account_id"),
            Need("TeamMember", member_id, "team_member_id"),
        )
        await tx.run(
            cypher.ADD_SEAT,
            {
                "accountId": account_id,
                "teamMemberId": member_id,
                "role": role,
                "since": since or today,
            },
        )
        return Written(account_id, frozenset({account_id}))

    return await _commit(session, work)


async def remove_seat(
    session: GraphSession, account_id: str, member_id: str, role: str | None
) -> Written:
    async def work(tx: Transaction) -> Written:
        await _require(
            tx,
            Need("Account", account_id, "account_id"),
            Need("TeamMember", member_id, "team_member_id"),
        )
        await tx.run(
            cypher.REMOVE_SEAT, {"accountId": account_id, "teamMemberId": member_id, "role": role}
        )
        return Written(account_id, frozenset({account_id}))

    return await _commit(session, work)


async def upsert_relationship(
    session: GraphSession,
    member_id: str,
    person_id: str,
    *,
    props: Mapping[str, Any],
    strength: str | None,
    strength_given: bool,
    today: date,
    set_at: datetime | None = None,
) -> Written:
    """Create or update the relationship between a team member and a person; a given strength
    counts from ``set_at`` (a UTC instant), else from now."""
    # Made once, outside the function the driver may re-run after a lost commit.
    fresh_id = str(uuid.uuid4())

    async def work(tx: Transaction) -> Written:
        await _require(
            tx,
            Need("TeamMember", member_id, "team_member_id"),
            Need("Person", person_id, "person_id"),
        )
        rows = await tx.run(
            cypher.UPSERT_RELATIONSHIP,
            {
                "teamMemberId": member_id,
                "personId": person_id,
                "id": fresh_id,
                "since": props.get("since"),
                "today": today,
                "props": dict(props),
                "strength": strength,
                "strengthGiven": strength_given,
                "setAt": set_at,
            },
        )
        return Written(str(rows[0]["id"]), frozenset(rows[0]["accounts"]))

    return await _commit(session, work)


async def log_touchpoint(
    session: GraphSession,
    touchpoint_id: str | None,
    account_id: str,
    when: date,
    props: Mapping[str, Any],
    team_member_ids: Sequence[str],
    person_ids: Sequence[str],
) -> Written:
    """Record a touchpoint (again: the same id updates it) and bump last contact."""
    # Made once, so a driver retry after a lost commit updates the same touchpoint.
    tp_id = touchpoint_id or str(uuid.uuid4())

    async def work(tx: Transaction) -> Written:
        found = (
            await tx.run(
                cypher.TOUCHPOINT_CONTEXT,
                {
                    "id": tp_id,
                    "accountId": account_id,
                    "teamMemberIds": list(team_member_ids),
                    "personIds": list(person_ids),
                },
            )
        )[0]
        if not found["account"]:
            raise rules.missing("Account", account_id, Subject(field="account_id"))
        refusal = rules.touchpoint_account(tp_id, account_id, found["owner"])
        if refusal:
            raise refusal
        for i, member in enumerate(team_member_ids):
            if member not in found["team"]:
                raise rules.missing("TeamMember", member, Subject("team_member_ids", i))
        for i, person in enumerate(person_ids):
            if person not in found["people"]:
                raise rules.missing("Person", person, Subject("person_ids", i))
            refusal = rules.participant(person, account_id, i, person in found["employed"])
            if refusal:
                raise refusal
        rows = await tx.run(
            cypher.LOG_TOUCHPOINT,
            {
                "id": tp_id,
                "accountId": account_id,
                "props": dict(props),
                "date": when,
                "teamMemberIds": list(team_member_ids),
                "personIds": list(person_ids),
            },
        )
        return Written(tp_id, frozenset(rows[0]["accounts"]))

    return await _commit(session, work)


async def add_influence(
    session: GraphSession,
    person_id: str,
    influenced_id: str,
    note: str | None,
    since: date | None,
    today: date,
) -> Written:
    async def work(tx: Transaction) -> Written:
        refusal = rules.influence(person_id, influenced_id)
        if refusal:
            raise refusal
        await _require(
            tx,
            Need("Person", person_id, "person_id"),
            Need("Person", influenced_id, "influenced_id"),
        )
        rows = await tx.run(
            cypher.ADD_INFLUENCE,
            {
                "personId": person_id,
                "influencedId": influenced_id,
                "note": note,
                "since": since,
                "today": today,
            },
        )
        return Written(person_id, frozenset(rows[0]["accounts"]))

    return await _commit(session, work)


async def remove_influence(session: GraphSession, person_id: str, influenced_id: str) -> Written:
    async def work(tx: Transaction) -> Written:
        await _require(
            tx,
            Need("Person", person_id, "person_id"),
            Need("Person", influenced_id, "influenced_id"),
        )
        await tx.run(
            cypher.REMOVE_INFLUENCE, {"personId": person_id, "influencedId": influenced_id}
        )
        return Written(person_id, await _accounts_of(tx, people=[person_id, influenced_id]))

    return await _commit(session, work)


async def record_introduction(
    session: GraphSession,
    introducer_id: str,
    introduced_id: str,
    member_id: str | None,
    when: date,
) -> Written:
    async def work(tx: Transaction) -> Written:
        refusal = rules.introduction(introducer_id, introduced_id)
        if refusal:
            raise refusal
        needs = [
            Need("Person", introducer_id, "introducer_id"),
            Need("Person", introduced_id, "introduced_id"),
        ]
        if member_id is not None:
            needs.append(Need("TeamMember", member_id, "team_member_id"))
        await _require(tx, *needs)
        rows = await tx.run(
            cypher.RECORD_INTRODUCTION,
            {
                "introducerId": introducer_id,
                "introducedId": introduced_id,
                "teamMemberId": member_id,
                "date": when,
            },
        )
        return Written(introduced_id, frozenset(rows[0]["accounts"]))

    return await _commit(session, work)


async def delete_account(
    session: GraphSession, account_id: str, cascade: bool, today: date
) -> Written:
    async def work(tx: Transaction) -> Written:
        rows = await tx.run(cypher.ACCOUNT_BEFORE_DELETE, {"id": account_id, "today": today})
        if not rows:
            raise rules.missing("Account", account_id, Subject(field="id"))
        refusal = rules.account_deletion(account_id, int(rows[0]["people"]), cascade)
        if refusal:
            raise refusal
        await tx.run(cypher.DELETE_ACCOUNT, {"id": account_id})
        # Its people's other accounts lose where they came from or went to.
        return Written(account_id, frozenset(rows[0]["others"]))

    return await _commit(session, work)


#: What each deletable kind of node is, and which accounts its deletion touches.
_DELETE = {
    "Person": cypher.DELETE_PERSON,
    "TeamMember": cypher.DELETE_TEAM_MEMBER,
    "Touchpoint": cypher.DELETE_TOUCHPOINT,
}


async def delete_node(session: GraphSession, label: str, node_id: str, today: date) -> Written:
    async def work(tx: Transaction) -> Written:
        await _require(tx, Need(label, node_id, "id"))
        if label == "Person":
            touched = await _accounts_of(tx, people=[node_id])
        elif label == "TeamMember":
            touched = await _accounts_of(tx, members=[node_id])
        else:
            rows = await tx.run(cypher.TOUCHPOINT_ACCOUNTS, {"id": node_id})
            touched = frozenset(rows[0]["accounts"])
        await tx.run(_DELETE[label], {"id": node_id, "today": today})
        return Written(node_id, touched)

    return await _commit(session, work)


#: People per transaction of the positions backfill: in one transaction, a graph of a million
#: people passed Neo4j's transaction memory limit and stopped the API's start.
BACKFILL_BATCH = 10_000


async def backfill_positions(
    session: GraphSession, today: date, batch: int = BACKFILL_BATCH
) -> int:
    """Give everyone working somewhere today a position there if they have none (a graph from
    before positions were kept), ``batch`` people a transaction in id order; writes nothing
    once done. Returns how many people it looked at."""
    after, seen = "", 0
    while True:

        async def work(tx: Transaction, after: str = after) -> Row:
            (row,) = await tx.run(
                cypher.BACKFILL_POSITIONS, {"today": today, "after": after, "batch": batch}
            )
            if tx.changes:
                # Past charts and scores of everyone may read differently now.
                await versions.bump(tx, ())
            return row

        row = await session.transaction(work)
        people = int(row["people"])
        seen += people
        if people < batch:
            return seen
        after = str(row["last"])
