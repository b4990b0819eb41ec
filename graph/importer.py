"""Writes a whole :class:`~graph.dataset.Dataset` in a few UNWIND batches, idempotently."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, LiteralString

from graph.client import GraphSession, Transaction
from graph.cypher import importer as cypher
from graph.cypher.writes import ACCOUNTS_OF
from graph.dataset import (
    ACCOUNT_PROPS,
    PERSON_PROPS,
    RELATIONSHIP_PROPS,
    TEAM_MEMBER_PROPS,
    Dataset,
    ExternalIdRecord,
)
from graph.errors import ErrorCode, WriteRejectedError

BATCH = 5000


@dataclass(frozen=True)
class ImportSummary:
    accounts: int
    people: int
    team_members: int
    relationships: int
    touchpoints: int
    statements: int
    #: The accounts whose stored scores the import may have changed.
    touched_accounts: frozenset[str]


def node_props(record: object, mapping: Mapping[str, str]) -> dict[str, Any]:
    """A record's given fields under their graph property names (lists for tuples)."""
    values = asdict(record)  # type: ignore[call-overload]
    omitted = values.get("omitted", frozenset())
    props: dict[str, Any] = {}
    for field_name, prop in mapping.items():
        if field_name in omitted:
            continue
        value = values[field_name]
        props[prop] = list(value) if isinstance(value, tuple | list) else value
    return props


def _batches(rows: Sequence[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH):
        yield list(rows[start : start + BATCH])


def _refs(owner_id: str, refs: Iterable[ExternalIdRecord]) -> list[dict[str, Any]]:
    return [{"id": owner_id, "system": r.system, "value": r.value} for r in refs]


def _statements(data: Dataset) -> list[tuple[LiteralString, list[dict[str, Any]]]]:
    """Each statement with its rows, in an order where every MATCH finds what it needs."""
    plain = [
        (cypher.EMPLOYMENTS, data.employments),
        (cypher.END_LINES_OF_LEAVERS, data.employments),
        (cypher.REPORTS_TO, data.reports_to),
        (cypher.BUYING_ROLES, data.buying_roles),
        (cypher.INFLUENCES, data.influences),
        (cypher.INTRODUCTIONS, data.introductions),
        (cypher.TEAM_ASSIGNMENTS, data.team_assignments),
    ]
    relationships = [
        {
            "id": r.id,
            "team_member_id": r.team_member_id,
            "person_id": r.person_id,
            "props": node_props(r, RELATIONSHIP_PROPS),
            "strength_given": "manual_strength" not in r.omitted,
            "manual_strength": r.manual_strength,
            "manual_strength_set_at": r.manual_strength_set_at,
        }
        for r in data.relationships
    ]
    touchpoints = [
        {**asdict(t), "team_member_ids": list(t.team_member_ids), "person_ids": list(t.person_ids)}
        for t in data.touchpoints
    ]
    return [
        (
            cypher.UPSERT_ACCOUNTS,
            [{"id": a.id, "props": node_props(a, ACCOUNT_PROPS)} for a in data.accounts],
        ),
        (
            cypher.UPSERT_PEOPLE,
            [{"id": p.id, "props": node_props(p, PERSON_PROPS)} for p in data.people],
        ),
        (
            cypher.UPSERT_TEAM_MEMBERS,
            [{"id": t.id, "props": node_props(t, TEAM_MEMBER_PROPS)} for t in data.team_members],
        ),
        (cypher.LINK_ACCOUNT_REFS, [r for a in data.accounts for r in _refs(a.id, a.external_ids)]),
        (cypher.LINK_PERSON_REFS, [r for p in data.people for r in _refs(p.id, p.external_ids)]),
        (
            cypher.LINK_TEAM_MEMBER_REFS,
            [r for t in data.team_members for r in _refs(t.id, t.external_ids)],
        ),
        *[(query, [asdict(r) for r in records]) for query, records in plain],  # type: ignore[call-overload]
        (cypher.RELATIONSHIPS, relationships),
        (cypher.TOUCHPOINTS, touchpoints),
    ]


def _referenced(data: Dataset) -> dict[str, list[str]]:
    """Every account, person and team member the import writes or links to, by kind."""
    accounts = {a.id for a in data.accounts}
    people = {p.id for p in data.people}
    members = {t.id for t in data.team_members}
    for records in (data.employments, data.buying_roles, data.team_assignments, data.touchpoints):
        accounts.update(r.account_id for r in records)
    people.update(e.person_id for e in data.employments)
    people.update(r.person_id for r in data.buying_roles)
    people.update(r.person_id for r in data.relationships)
    for line in data.reports_to:
        people.update((line.person_id, line.manager_id))
    for f in data.influences:
        people.update((f.person_id, f.influenced_id))
    for n in data.introductions:
        people.update((n.introducer_id, n.introduced_id))
    for tp in data.touchpoints:
        people.update(tp.person_ids)
        members.update(tp.team_member_ids)
    members.update(s.team_member_id for s in data.team_assignments)
    members.update(r.team_member_id for r in data.relationships)
    return {
        "accountIds": sorted(accounts),
        "personIds": sorted(people),
        "memberIds": sorted(members),
    }


async def import_dataset(
    session: GraphSession, data: Dataset, today: date | None = None
) -> ImportSummary:
    """Write ``data`` in one transaction: all of it or, on any error, none of it.

    ``today`` dates the reporting lines that new lines replace (default: the system date)."""
    statements = _statements(data)
    as_of = today or date.today()

    async def work(tx: Transaction) -> tuple[int, frozenset[str]]:
        count = 0
        for query, rows in statements:
            for batch in _batches(rows):
                result = await tx.run(query, {"rows": batch, "today": as_of})
                count += 1
                # Statements that MATCH what they link return how many rows they wrote.
                written = result[0].get("written") if result else None
                if written is not None and written != len(batch):
                    # A record it links to went away after the import was checked (a concurrent
                    # delete): rather than write part of the import, write none of it.
                    raise WriteRejectedError(
                        ErrorCode.CONFLICT,
                        "records this import refers to changed while it ran; nothing was "
                        "written, retry the import",
                    )
        touched = await tx.run(ACCOUNTS_OF, _referenced(data))
        return count + 1, frozenset(touched[0]["accounts"])

    executed, touched = await session.transaction(work)
    return ImportSummary(
        accounts=len(data.accounts),
        people=len(data.people),
        team_members=len(data.team_members),
        relationships=len(data.relationships),
        touchpoints=len(data.touchpoints),
        statements=executed,
        touched_accounts=touched,
    )


async def wipe(session: GraphSession, *, batch: int = 10000) -> None:
    """Delete every node but the API keys, in batches so a large graph does not need one huge
    transaction."""
    while True:
        rows = await session.write(cypher.WIPE_BATCH, {"batch": batch})
        if not rows or rows[0]["deleted"] == 0:
            return


async def count_nodes(session: GraphSession) -> int:
    rows = await session.read(cypher.COUNT_NODES)
    return int(rows[0]["nodes"])
