"""Writes a whole :class:`~graph.dataset.Dataset` in a few UNWIND batches, idempotently."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, LiteralString

from graph import scope, versions
from graph.client import GraphSession, Transaction
from graph.cypher import importer as cypher
from graph.cypher.writes import ACCOUNTS_OF
from graph.dataset import (
    ACCOUNT_PROPS,
    OPPORTUNITY_PROPS,
    PERSON_PROPS,
    RELATIONSHIP_PROPS,
    TEAM_MEMBER_PROPS,
    Dataset,
    ExternalIdRecord,
)
from graph.errors import ErrorCode, WriteRejectedError

BATCH = 5000

#: The record kinds of a :class:`Dataset`, in the order the importer writes them.
KINDS = (
    "accounts",
    "people",
    "team_members",
    "employments",
    "positions",
    "reports_to",
    "buying_roles",
    "strength_targets",
    "influences",
    "introductions",
    "team_assignments",
    "relationships",
    "touchpoints",
    "opportunities",
    "opportunity_contact_roles",
)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What an import did with the records of one kind."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __add__(self, other: Outcome) -> Outcome:
        return Outcome(
            self.created + other.created,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
        )


@dataclass(frozen=True)
class ImportSummary:
    accounts: int
    people: int
    team_members: int
    relationships: int
    touchpoints: int
    statements: int
    #: The accounts whose stored scores the import may have changed: those of the records it
    #: created or changed (none when every record was as stored).
    touched_accounts: frozenset[str]
    #: Per record kind (:data:`KINDS`): created, updated, unchanged.
    outcomes: Mapping[str, Outcome] = field(default_factory=dict)
    #: What the server counted as changed (nodes, relationships, properties): 0 for an import
    #: that found everything as stored.
    changes: int = 0


#: The field names of each record class, looked up once.
_NAMES: dict[type, tuple[str, ...]] = {}


def _names(cls: type) -> tuple[str, ...]:
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


def row_of(record: object) -> dict[str, Any]:
    """A record's fields as a row. Shallow, unlike ``dataclasses.asdict``, whose deep copy a
    bulk import spent a fifth of its Python time in: no record sent as a row holds another."""
    return {name: getattr(record, name) for name in _names(type(record))}


def node_props(record: object, mapping: Mapping[str, str]) -> dict[str, Any]:
    """A record's given fields under their graph property names (lists for tuples)."""
    omitted: frozenset[str] = getattr(record, "omitted", frozenset())
    props: dict[str, Any] = {}
    for field_name, prop in mapping.items():
        if field_name in omitted:
            continue
        value = getattr(record, field_name)
        props[prop] = list(value) if isinstance(value, tuple | list) else value
    return props


def _batches(rows: Sequence[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield list(rows[start : start + size])


def _refs(i: int, owner_id: str, refs: Iterable[ExternalIdRecord]) -> list[dict[str, Any]]:
    return [{"i": i, "id": owner_id, "system": r.system, "value": r.value} for r in refs]


def _numbered(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows, each given its place ``i`` (in place: every row here is a fresh dict)."""
    numbered = []
    for i, row in enumerate(rows):
        row["i"] = i
        numbered.append(row)
    return numbered


#: A statement, the kind of record whose rows it writes, and the rows.
Statement = tuple[LiteralString, str, list[dict[str, Any]]]


def _statements(data: Dataset) -> list[Statement]:
    """Each statement with its rows, in an order where every MATCH finds what it needs."""
    plain: list[tuple[LiteralString, str]] = [
        (cypher.EMPLOYMENTS, "employments"),
        (cypher.BUYING_ROLES, "buying_roles"),
        (cypher.STRENGTH_TARGETS, "strength_targets"),
        (cypher.INFLUENCES, "influences"),
        (cypher.INTRODUCTIONS, "introductions"),
        (cypher.TEAM_ASSIGNMENTS, "team_assignments"),
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
        {**row_of(t), "team_member_ids": list(t.team_member_ids), "person_ids": list(t.person_ids)}
        for t in data.touchpoints
    ]
    opportunities = [
        {"id": o.id, "account_id": o.account_id, "props": node_props(o, OPPORTUNITY_PROPS)}
        for o in data.opportunities
    ]
    contact_roles = _numbered(row_of(c) for c in data.opportunity_contact_roles)
    nodes: list[tuple[LiteralString, LiteralString, str, Sequence[Any], Mapping[str, str]]] = [
        (
            cypher.UPSERT_ACCOUNTS,
            cypher.LINK_ACCOUNT_REFS,
            "accounts",
            data.accounts,
            ACCOUNT_PROPS,
        ),
        (cypher.UPSERT_PEOPLE, cypher.LINK_PERSON_REFS, "people", data.people, PERSON_PROPS),
        (
            cypher.UPSERT_TEAM_MEMBERS,
            cypher.LINK_TEAM_MEMBER_REFS,
            "team_members",
            data.team_members,
            TEAM_MEMBER_PROPS,
        ),
    ]
    upserts: list[Statement] = [
        (upsert, kind, _numbered({"id": n.id, "props": node_props(n, props)} for n in records))
        for upsert, _, kind, records, props in nodes
    ]
    links: list[Statement] = [
        (link, kind, [r for i, n in enumerate(records) for r in _refs(i, n.id, n.external_ids)])
        for _, link, kind, records, _ in nodes
    ]
    lines = _numbered(row_of(r) for r in data.reports_to)
    by_line = {
        # History first, so a current line never takes an ended one for the one it replaces.
        cypher.ENDED_REPORTS_TO: [
            r for r in lines if r["until"] is not None and r["kind"] == "SOLID"
        ],
        cypher.ENDED_DOTTED_LINES: [
            r for r in lines if r["until"] is not None and r["kind"] == "DOTTED"
        ],
        cypher.REPORTS_TO: [r for r in lines if r["until"] is None and r["kind"] == "SOLID"],
        cypher.DOTTED_LINES: [r for r in lines if r["until"] is None and r["kind"] == "DOTTED"],
    }
    numbered = [
        (query, kind, _numbered(row_of(r) for r in getattr(data, kind))) for query, kind in plain
    ]
    # Only an employment with an end can be a leaver's: the others need no round trip (a CRM
    # sync's employments are mostly current ones).
    leavers = [r for r in numbered[0][2] if r["until"] is not None]
    return [
        *upserts,
        *links,
        # Employments (and their leavers' lines) before the lines that need them.
        numbered[0],
        (cypher.END_LINES_OF_LEAVERS, "employments", leavers),
        # Positions after the employments, then everyone's open position checked against
        # their fields (SYNC_POSITIONS, as the upserts do), so an imported history is kept.
        (cypher.POSITIONS, "positions", _numbered(row_of(r) for r in data.positions)),
        # Its rows depend on what the statements before it changed (_people_to_sync).
        (cypher.SYNC_POSITIONS_OF_PEOPLE, "people", []),
        *[(query, "reports_to", rows) for query, rows in by_line.items()],
        *numbered[1:],
        (cypher.RELATIONSHIPS, "relationships", _numbered(relationships)),
        (cypher.TOUCHPOINTS, "touchpoints", _numbered(touchpoints)),
        (cypher.UPSERT_OPPORTUNITIES, "opportunities", _numbered(opportunities)),
        (
            cypher.LINK_OPPORTUNITY_REFS,
            "opportunities",
            [r for i, o in enumerate(data.opportunities) for r in _refs(i, o.id, o.external_ids)],
        ),
        (cypher.CONTACT_ROLES, "opportunity_contact_roles", contact_roles),
        (cypher.ONE_PRIMARY, "opportunity_contact_roles", contact_roles),
    ]


def _people_to_sync(
    data: Dataset, created: Mapping[str, set[int]], updated: Mapping[str, set[int]]
) -> list[dict[str, Any]]:
    """The people whose positions the import may have changed, as rows of
    SYNC_POSITIONS_OF_PEOPLE: those whose fields it changed, and those whose employments or
    positions it created or changed. Positions follow every write of those (the rule holds for
    the stored graph), so a record found as stored cannot have put them out of step (a
    re-import syncs no one), and a person just created has no employment but the import's."""
    ids = {data.people[i].id for i in updated["people"] - created["people"]}
    for kind, records in (("employments", data.employments), ("positions", data.positions)):
        ids.update(records[i].person_id for i in created[kind] | updated[kind])
    return [{"id": i} for i in sorted(ids)]


def _referenced(data: Dataset, created_people: Set[str] = frozenset()) -> dict[str, list[str]]:
    """Every account, person and team member the import writes or links to, by kind. A person
    the import ``created_people`` counts only through the records that link them: a new node
    has no account but those (which name theirs), so a batch of new people needs no read."""
    accounts = {a.id for a in data.accounts}
    people = {p.id for p in data.people if p.id not in created_people}
    members = {t.id for t in data.team_members}
    for records in (
        data.employments,
        data.positions,
        data.buying_roles,
        data.strength_targets,
        data.team_assignments,
        data.touchpoints,
        data.opportunities,
    ):
        accounts.update(r.account_id for r in records)
    people.update(e.person_id for e in data.employments)
    people.update(r.person_id for r in data.positions)
    people.update(r.person_id for r in data.buying_roles)
    people.update(r.person_id for r in data.relationships)
    # A contact role touches the account of its person (who works at the deal's account).
    people.update(c.person_id for c in data.opportunity_contact_roles)
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


def _changed_part(data: Dataset, changed: Mapping[str, set[int]]) -> Dataset:
    """The records of ``data`` that created or changed something."""
    return Dataset(
        **{
            kind: tuple(r for i, r in enumerate(getattr(data, kind)) if i in changed[kind])
            for kind in KINDS
        }
    )


async def import_dataset(
    session: GraphSession, data: Dataset, today: date | None = None, *, batch: int = BATCH
) -> ImportSummary:
    """Write ``data`` in one transaction: all of it or, on any error, none of it. A record
    that matches what is stored is left as it is (nothing written, counted unchanged).

    ``today`` dates the reporting lines that new lines replace (default: the system date);
    ``batch`` is the most rows one UNWIND statement carries."""
    statements = _statements(data)
    as_of = today or date.today()

    async def work(tx: Transaction) -> tuple[int, frozenset[str], dict[str, Outcome], int]:
        count = 0
        created: dict[str, set[int]] = {kind: set() for kind in KINDS}
        updated: dict[str, set[int]] = {kind: set() for kind in KINDS}
        for query, kind, rows in statements:
            if query is cypher.SYNC_POSITIONS_OF_PEOPLE:
                rows = _people_to_sync(data, created, updated)
            for part in _batches(rows, batch):
                result = await tx.run(query, {"rows": part, "today": as_of})
                count += 1
                row = result[0] if result else {}
                # Statements that MATCH what they link return how many rows they wrote.
                written = row.get("written")
                if written is not None and written != len(part):
                    # A record it links to went away after the import was checked (a concurrent
                    # delete): rather than write part of the import, write none of it.
                    raise WriteRejectedError(
                        ErrorCode.CONFLICT,
                        "records this import refers to changed while it ran; nothing was "
                        "written, retry the import",
                    )
                created[kind].update(row.get("created", ()))
                updated[kind].update(row.get("updated", ()))
        outcomes: dict[str, Outcome] = {}
        for kind in KINDS:
            changed = updated[kind] - created[kind]
            total = len(getattr(data, kind))
            outcomes[kind] = Outcome(
                len(created[kind]), len(changed), total - len(created[kind]) - len(changed)
            )
        touched_ids = _changed_part(data, {kind: created[kind] | updated[kind] for kind in KINDS})
        touched: frozenset[str] = frozenset()
        referenced = _referenced(touched_ids, {data.people[i].id for i in created["people"]})
        if any(referenced.values()):
            rows = await tx.run(ACCOUNTS_OF, referenced)
            count += 1
            touched = frozenset(rows[0]["accounts"])
        # A key limited to some accounts imports into those only; all of it rolls back else.
        refusal = scope.write_refusal(tx.visible, "import", touched) if tx.changes else None
        if refusal is not None:
            raise refusal
        changes = tx.changes
        if changes:
            # In the import's transaction: no cached answer outlives what it changed.
            await versions.bump(tx, touched)
            count += 1
        return count, touched, outcomes, changes

    executed, touched, outcomes, changes = await session.transaction(work)
    return ImportSummary(
        accounts=len(data.accounts),
        people=len(data.people),
        team_members=len(data.team_members),
        relationships=len(data.relationships),
        touchpoints=len(data.touchpoints),
        statements=executed,
        touched_accounts=touched,
        outcomes=outcomes,
        changes=changes,
    )


async def wipe(session: GraphSession, *, batch: int = 10000) -> None:
    """Delete every node but the API keys, in batches (relationships first, then nodes) so a
    large graph does not need one huge transaction."""
    for statement in (cypher.WIPE_RELATIONSHIPS_BATCH, cypher.WIPE_BATCH):
        while True:
            rows = await session.write(statement, {"batch": batch})
            if not rows or rows[0]["deleted"] == 0:
                break
    # The versions went with everything else; a fresh portfolio version makes sure no answer
    # cached before the wipe is taken for one after it.
    await session.transaction(lambda tx: versions.bump(tx, ()))


async def count_nodes(session: GraphSession) -> int:
    rows = await session.read(cypher.COUNT_NODES)
    return int(rows[0]["nodes"])
