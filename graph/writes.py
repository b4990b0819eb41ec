"""Single-object writes. Each is one transaction: it checks the rules and writes, or raises a
:class:`~graph.errors.WriteRejectedError` and writes nothing."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from graph.client import GraphSession, Transaction
from graph.cypher import writes as cypher
from graph.errors import ConflictError, NotFoundError, WriteRejectedError
from graph.importer import Stint

KIND_NAMES = {"Account": "account", "Person": "person", "TeamMember": "team member"}


@dataclass(frozen=True, slots=True)
class ExternalKey:
    system: str
    value: str

    @property
    def key(self) -> str:
        return f"{self.system}:{self.value}"


#: Client people and our team members share one id space.
OTHER_SIDE = {"Person": "TeamMember", "TeamMember": "Person"}


async def _exists(tx: Transaction, label: str, node_id: str) -> bool:
    rows = await tx.run(cypher.NODE_EXISTS[label], {"id": node_id})
    return bool(rows[0]["found"])


async def _require(tx: Transaction, label: str, node_id: str, field: tuple[str, ...]) -> None:
    if not await _exists(tx, label, node_id):
        raise NotFoundError(KIND_NAMES.get(label, label.lower()), node_id, field)


async def upsert_node(
    session: GraphSession,
    label: str,
    *,
    node_id: str | None,
    external: ExternalKey | None,
    props: Mapping[str, Any],
    required_on_create: Sequence[str] = ("name",),
    employment: tuple[str, date | None] | None = None,
    today: date,
) -> tuple[str, bool]:
    """Create or update a node found by id or external id; returns (id, created).

    Retrying the same input finds the same node, so it never creates a duplicate."""
    # Made once, outside the function the driver may re-run after a lost commit.
    fresh_id = str(uuid.uuid4())

    async def work(tx: Transaction) -> tuple[str, bool]:
        target = node_id
        if external is not None:
            rows = await tx.run(
                cypher.CLAIM_REF,
                {"key": external.key, "system": external.system, "value": external.value},
            )
            found, labels = rows[0]["id"], rows[0]["labels"]
            if found is not None and label not in labels:
                raise ConflictError(
                    "CONFLICT",
                    f"external id {external.key!r} belongs to a {labels[0]}, not a {label}",
                    ("input", "externalId"),
                )
            if found is not None and target is not None and found != target:
                raise ConflictError(
                    "CONFLICT",
                    f"external id {external.key!r} belongs to {found!r}, not {target!r}",
                    ("input", "externalId"),
                )
            target = target or found
        created = target is None or not await _exists(tx, label, target)
        other = OTHER_SIDE.get(label)
        if created and target is not None and other and await _exists(tx, other, target):
            # One id, one person: scores and what-ifs name people on both sides by id.
            raise ConflictError(
                "CONFLICT",
                f"id {target!r} is taken by a {KIND_NAMES[other]}",
                ("input", "id"),
            )
        if created:
            missing = [f for f in required_on_create if props.get(f) is None]
            if missing:
                raise WriteRejectedError(
                    "REQUIRED",
                    f"{missing[0]} is required to create a {KIND_NAMES[label]}",
                    ("input", missing[0]),
                )
        target = target or fresh_id
        await tx.run(cypher.UPSERT_NODE[label], {"id": target, "props": dict(props)})
        if external is not None:
            await tx.run(
                cypher.LINK_REF[label],
                {
                    "id": target,
                    "key": external.key,
                    "system": external.system,
                    "value": external.value,
                },
            )
        if employment is not None:
            account_id, since = employment
            await _require(tx, "Account", account_id, ("input", "accountId"))
            await tx.run(
                cypher.START_EMPLOYMENT,
                {
                    "personId": target,
                    "accountId": account_id,
                    "since": since or today,
                    "title": props.get("title"),
                    "today": today,
                },
            )
        return target, created

    return await session.transaction(work)


async def start_employment(
    session: GraphSession,
    person_id: str,
    account_id: str,
    since: date | None,
    title: str | None,
    today: date,
) -> None:
    async def work(tx: Transaction) -> None:
        await _require(tx, "Person", person_id, ("personId",))
        await _require(tx, "Account", account_id, ("accountId",))
        await tx.run(
            cypher.START_EMPLOYMENT,
            {
                "personId": person_id,
                "accountId": account_id,
                "since": since or today,
                "title": title,
                "today": today,
            },
        )

    await session.transaction(work)


async def end_employment(
    session: GraphSession, person_id: str, account_id: str, until: date, today: date
) -> None:
    """The person leaves: the employment ends and their reporting lines there end with it."""

    async def work(tx: Transaction) -> None:
        await _require(tx, "Person", person_id, ("personId",))
        await _require(tx, "Account", account_id, ("accountId",))
        rows = await tx.run(
            cypher.CURRENT_EMPLOYMENT,
            {"personId": person_id, "accountId": account_id, "today": today},
        )
        if not rows:
            raise WriteRejectedError(
                "NOT_EMPLOYED",
                f"person {person_id!r} is not currently employed at {account_id!r}",
                ("personId",),
            )
        since = rows[0]["since"]
        if since is not None and until < since:
            raise WriteRejectedError(
                "INVALID_DATE_RANGE",
                f"until ({until}) is before the employment started ({since})",
                ("until",),
            )
        await tx.run(
            cypher.END_EMPLOYMENT,
            {"personId": person_id, "accountId": account_id, "until": until, "today": today},
        )

    await session.transaction(work)


async def set_reports_to(
    session: GraphSession, person_id: str, manager_id: str, since: date | None, today: date
) -> None:
    """Replace the person's current manager. The old line is kept as history (``until``)."""

    async def work(tx: Transaction) -> None:
        if person_id == manager_id:
            raise WriteRejectedError(
                "CYCLE", "a person cannot report to themselves", ("managerId",)
            )
        await _require(tx, "Person", person_id, ("personId",))
        await _require(tx, "Person", manager_id, ("managerId",))
        mine = (await tx.run(cypher.CURRENT_ACCOUNTS, {"id": person_id, "today": today}))[0]
        theirs = (await tx.run(cypher.CURRENT_ACCOUNTS, {"id": manager_id, "today": today}))[0]
        if not mine["accounts"]:
            raise WriteRejectedError(
                "NOT_EMPLOYED", f"person {person_id!r} is not employed anywhere", ("personId",)
            )
        if not theirs["accounts"]:
            raise WriteRejectedError(
                "NOT_EMPLOYED", f"person {manager_id!r} is not employed anywhere", ("managerId",)
            )
        if not set(mine["accounts"]) & set(theirs["accounts"]):
            raise WriteRejectedError(
                "CROSS_ACCOUNT",
                "a person can only report to someone at the same account",
                ("managerId",),
            )
        # One reporting-line change per account at a time: two concurrent changes could each
        # pass the cycle check and close a loop together.
        shared = sorted(set(mine["accounts"]) & set(theirs["accounts"]))
        await tx.run(cypher.LOCK_ACCOUNTS, {"ids": shared})
        check = (
            await tx.run(cypher.WOULD_CYCLE, {"personId": person_id, "managerId": manager_id})
        )[0]
        if check["cycle"]:
            raise WriteRejectedError(
                "CYCLE",
                f"{manager_id!r} already reports to {person_id!r}; the chart would loop",
                ("managerId",),
            )
        if check["already"]:
            return
        await tx.run(
            cypher.SET_REPORTS_TO,
            {
                "personId": person_id,
                "managerId": manager_id,
                "since": since or today,
                "today": today,
            },
        )

    await session.transaction(work)


async def clear_reports_to(session: GraphSession, person_id: str, today: date) -> None:
    async def work(tx: Transaction) -> None:
        await _require(tx, "Person", person_id, ("personId",))
        await tx.run(cypher.CLEAR_REPORTS_TO, {"personId": person_id, "today": today})

    await session.transaction(work)


async def assign_role(
    session: GraphSession, person_id: str, account_id: str, role: str, today: date
) -> None:
    async def work(tx: Transaction) -> None:
        await _require(tx, "Person", person_id, ("personId",))
        await _require(tx, "Account", account_id, ("accountId",))
        accounts = (await tx.run(cypher.CURRENT_ACCOUNTS, {"id": person_id, "today": today}))[0]
        if account_id not in accounts["accounts"]:
            raise WriteRejectedError(
                "NOT_EMPLOYED",
                f"person {person_id!r} is not currently employed at {account_id!r}",
                ("personId",),
            )
        await tx.run(
            cypher.ASSIGN_ROLE,
            {"personId": person_id, "accountId": account_id, "role": role, "since": today},
        )

    await session.transaction(work)


async def remove_role(session: GraphSession, person_id: str, account_id: str, role: str) -> None:
    async def work(tx: Transaction) -> None:
        await _require(tx, "Person", person_id, ("personId",))
        await _require(tx, "Account", account_id, ("accountId",))
        await tx.run(
            cypher.REMOVE_ROLE, {"personId": person_id, "accountId": account_id, "role": role}
        )

    await session.transaction(work)


async def add_seat(
    session: GraphSession,
    account_id: str,
    member_id: str,
    role: str,
    since: date | None,
    today: date,
) -> None:
    async def work(tx: Transaction) -> None:
        await _require(tx, "Account", account_id, ("accountId",))
        await _require(tx, "TeamMember", member_id, ("teamMemberId",))
        await tx.run(
            cypher.ADD_SEAT,
            {
                "accountId": account_id,
                "teamMemberId": member_id,
                "role": role,
                "since": since or today,
            },
        )

    await session.transaction(work)


async def remove_seat(
    session: GraphSession, account_id: str, member_id: str, role: str | None
) -> None:
    async def work(tx: Transaction) -> None:
        await _require(tx, "Account", account_id, ("accountId",))
        await _require(tx, "TeamMember", member_id, ("teamMemberId",))
        await tx.run(
            cypher.REMOVE_SEAT, {"accountId": account_id, "teamMemberId": member_id, "role": role}
        )

    await session.transaction(work)


async def upsert_relationship(
    session: GraphSession,
    member_id: str,
    person_id: str,
    *,
    props: Mapping[str, Any],
    strength: str | None,
    strength_given: bool,
    today: date,
    field: tuple[str, ...] = ("input",),
) -> str:
    """Create or update the relationship between a team member and a person; returns its id."""

    async def work(tx: Transaction) -> str:
        await _require(tx, "TeamMember", member_id, (*field, "teamMemberId"))
        await _require(tx, "Person", person_id, (*field, "personId"))
        rows = await tx.run(
            cypher.UPSERT_RELATIONSHIP,
            {
                "teamMemberId": member_id,
                "personId": person_id,
                "id": str(uuid.uuid4()),
                "since": props.get("since"),
                "today": today,
                "props": dict(props),
                "strength": strength,
                "strengthGiven": strength_given,
            },
        )
        return str(rows[0]["id"])

    return await session.transaction(work)


async def log_touchpoint(
    session: GraphSession,
    touchpoint_id: str | None,
    account_id: str,
    when: date,
    props: Mapping[str, Any],
    team_member_ids: Sequence[str],
    person_ids: Sequence[str],
) -> str:
    """Record a touchpoint (again: the same id updates it) and bump last contact."""
    # Made once, so a driver retry after a lost commit updates the same touchpoint.
    tp_id = touchpoint_id or str(uuid.uuid4())

    async def work(tx: Transaction) -> str:
        await _require(tx, "Account", account_id, ("input", "accountId"))
        owner = (await tx.run(cypher.TOUCHPOINT_OWNER, {"id": tp_id}))[0]["accountId"]
        if owner is not None and owner != account_id:
            raise ConflictError(
                "CONFLICT", f"touchpoint {tp_id!r} belongs to account {owner!r}", ("input", "id")
            )
        found = (
            await tx.run(
                cypher.PARTICIPANTS,
                {
                    "teamMemberIds": list(team_member_ids),
                    "personIds": list(person_ids),
                    "accountId": account_id,
                },
            )
        )[0]
        for i, member in enumerate(team_member_ids):
            if member not in found["team"]:
                raise NotFoundError("team member", member, ("input", "teamMemberIds", str(i)))
        for i, person in enumerate(person_ids):
            if person not in found["people"]:
                raise NotFoundError("person", person, ("input", "personIds", str(i)))
            if person not in found["employed"]:
                raise WriteRejectedError(
                    "CROSS_ACCOUNT",
                    f"person {person!r} has never worked at {account_id!r}",
                    ("input", "personIds", str(i)),
                )
        await tx.run(
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
        return tp_id

    return await session.transaction(work)


async def add_influence(
    session: GraphSession, person_id: str, influenced_id: str, note: str | None, today: date
) -> None:
    async def work(tx: Transaction) -> None:
        if person_id == influenced_id:
            raise WriteRejectedError(
                "INVALID", "a person cannot influence themselves", ("influencedId",)
            )
        await _require(tx, "Person", person_id, ("personId",))
        await _require(tx, "Person", influenced_id, ("influencedId",))
        await tx.run(
            cypher.ADD_INFLUENCE,
            {"personId": person_id, "influencedId": influenced_id, "note": note, "today": today},
        )

    await session.transaction(work)


async def remove_influence(session: GraphSession, person_id: str, influenced_id: str) -> None:
    async def work(tx: Transaction) -> None:
        await _require(tx, "Person", person_id, ("personId",))
        await _require(tx, "Person", influenced_id, ("influencedId",))
        await tx.run(
            cypher.REMOVE_INFLUENCE, {"personId": person_id, "influencedId": influenced_id}
        )

    await session.transaction(work)


async def record_introduction(
    session: GraphSession,
    introducer_id: str,
    introduced_id: str,
    member_id: str | None,
    when: date,
) -> None:
    async def work(tx: Transaction) -> None:
        if introducer_id == introduced_id:
            raise WriteRejectedError(
                "INVALID", "a person cannot introduce themselves", ("introducedId",)
            )
        await _require(tx, "Person", introducer_id, ("introducerId",))
        await _require(tx, "Person", introduced_id, ("introducedId",))
        if member_id is not None:
            await _require(tx, "TeamMember", member_id, ("teamMemberId",))
        await tx.run(
            cypher.RECORD_INTRODUCTION,
            {
                "introducerId": introducer_id,
                "introducedId": introduced_id,
                "teamMemberId": member_id,
                "date": when,
            },
        )

    await session.transaction(work)


async def delete_account(
    session: GraphSession, account_id: str, cascade: bool, today: date
) -> None:
    async def work(tx: Transaction) -> None:
        await _require(tx, "Account", account_id, ("id",))
        people = await tx.run(cypher.ACCOUNT_CURRENT_PEOPLE, {"id": account_id, "today": today})
        count = int(people[0]["people"])
        if count and not cascade:
            raise WriteRejectedError(
                "HAS_DEPENDENTS",
                f"account {account_id!r} has {count} current people; end their employment "
                "first or delete with cascade: true",
                ("id",),
            )
        await tx.run(cypher.DELETE_ACCOUNT, {"id": account_id})

    await session.transaction(work)


async def delete_node(session: GraphSession, label: str, node_id: str, today: date) -> None:
    query = {
        "Person": cypher.DELETE_PERSON,
        "TeamMember": cypher.DELETE_TEAM_MEMBER,
        "Touchpoint": cypher.DELETE_TOUCHPOINT,
    }[label]

    async def work(tx: Transaction) -> None:
        if not await _exists(tx, label, node_id):
            raise NotFoundError(KIND_NAMES.get(label, label.lower()), node_id, ("id",))
        await tx.run(query, {"id": node_id, "today": today})

    await session.transaction(work)


async def existing_ids(
    session: GraphSession, accounts: Sequence[str], people: Sequence[str], members: Sequence[str]
) -> tuple[set[str], set[str], set[str]]:
    """Which of these ids exist in the graph already (one round trip), per kind."""
    rows = await session.read(
        cypher.EXISTING_IDS,
        {"accounts": list(accounts), "people": list(people), "teamMembers": list(members)},
    )
    row = rows[0]
    return set(row["accounts"]), set(row["people"]), set(row["teamMembers"])


async def relationship_pairs(
    session: GraphSession, relationship_ids: Sequence[str]
) -> dict[str, tuple[str, str]]:
    """The (team member, person) pair of each relationship id that exists (one round trip)."""
    rows = await session.read(cypher.RELATIONSHIP_PAIRS, {"ids": list(relationship_ids)})
    return {row["id"]: (row["team_member_id"], row["person_id"]) for row in rows}


@dataclass(frozen=True, slots=True)
class ImportContext:
    """What a bulk import's checks need from the graph."""

    touchpoint_accounts: dict[str, str | None]  # touchpoint id → its account, if it exists
    ever_employed: set[tuple[str, str]]  # (person, account)
    stints: dict[tuple[str, str], list[Stint]]  # (person, account) → its employments


async def import_context(
    session: GraphSession,
    touchpoint_ids: Sequence[str],
    pairs: Sequence[tuple[str, str]],
    role_pairs: Sequence[tuple[str, str]],
) -> ImportContext:
    """One round trip for the touchpoints and (person, account) pairs of an import: whether
    the ``pairs`` ever had an employment, and the employments of the ``role_pairs``."""
    rows = await session.read(
        cypher.IMPORT_CONTEXT,
        {
            "touchpointIds": list(touchpoint_ids),
            "pairs": [list(p) for p in pairs],
            "rolePairs": [list(p) for p in role_pairs],
        },
    )
    row = rows[0]
    return ImportContext(
        touchpoint_accounts={str(tp_id): owner for tp_id, owner in row["owners"]},
        ever_employed={(str(p), str(a)) for p, a in row["employed"]},
        stints={
            (str(p), str(a)): [(since, until) for since, until in stints]
            for p, a, stints in row["stints"]
        },
    )


@dataclass(frozen=True, slots=True)
class ReportingContext:
    """A person as the graph has them today: current manager and current accounts."""

    manager_id: str | None
    accounts: frozenset[str]


async def reporting_context(
    session: GraphSession, person_ids: Sequence[str], today: date
) -> dict[str, ReportingContext]:
    """These people and everyone above them on current lines (one round trip)."""
    rows = await session.read(cypher.REPORTING_CONTEXT, {"ids": list(person_ids), "today": today})
    return {
        row["id"]: ReportingContext(row["manager_id"], frozenset(row["accounts"])) for row in rows
    }
