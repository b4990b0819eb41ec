"""Flat exports of people and relationships, and the dataset export (every record the import
reads), read in pages by id (few round trips: one per :data:`PAGE` records or start nodes)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import fields
from datetime import date
from types import MappingProxyType
from typing import Any, LiteralString

from graph import dataset
from graph.client import GraphSession
from graph.cypher import exports as cypher
from graph.cypher.exports import PEOPLE_PAGE, RELATIONSHIPS_PAGE
from graph.dataset import camel
from graph.errors import ErrorCode, WriteRejectedError

PAGE = 1000

#: Each export's columns, in order, and its query.
EXPORTS: dict[str, tuple[tuple[str, ...], LiteralString]] = {
    "people": (
        (
            "id",
            "name",
            "email",
            "title",
            "department",
            "seniority",
            "perception",
            "account_id",
            "account_name",
            "roles",
            "known_by",
            "last_contact",
        ),
        PEOPLE_PAGE,
    ),
    "relationships": (
        (
            "id",
            "team_member_id",
            "team_member",
            "person_id",
            "person",
            "account_id",
            "account_name",
            "since",
            "last_contact",
            "manual_strength",
            "manual_strength_set_at",
            "origin",
            "notes",
        ),
        RELATIONSHIPS_PAGE,
    ),
}


async def export_rows(
    session: GraphSession, kind: str, today: date
) -> AsyncIterator[list[dict[str, Any]]]:
    """The rows of export ``kind`` (a key of :data:`EXPORTS`), a page at a time."""
    _, query = EXPORTS[kind]
    after = ""
    while True:
        page = await session.read(query, {"after": after, "limit": PAGE, "today": today})
        if page:
            yield page
        if len(page) < PAGE:
            return
        after = str(page[-1]["id"])


# ---- the dataset export --------------------------------------------------------------------

#: Each kind of the dataset export (a field of :class:`~graph.dataset.Dataset`, in the order
#: the import writes them): its record type and the query of a page of its start nodes.
DATASET: Mapping[str, tuple[type, LiteralString]] = MappingProxyType(
    {
        "accounts": (dataset.AccountRecord, cypher.DATASET_ACCOUNTS),
        "team_members": (dataset.TeamMemberRecord, cypher.DATASET_TEAM_MEMBERS),
        "people": (dataset.PersonRecord, cypher.DATASET_PEOPLE),
        "employments": (dataset.EmploymentRecord, cypher.DATASET_EMPLOYMENTS),
        "positions": (dataset.PositionRecord, cypher.DATASET_POSITIONS),
        "reports_to": (dataset.ReportsToRecord, cypher.DATASET_REPORTS_TO),
        "buying_roles": (dataset.BuyingRoleRecord, cypher.DATASET_BUYING_ROLES),
        "strength_targets": (dataset.StrengthTargetRecord, cypher.DATASET_STRENGTH_TARGETS),
        "team_assignments": (dataset.TeamAssignmentRecord, cypher.DATASET_TEAM_ASSIGNMENTS),
        "relationships": (dataset.RelationshipRecord, cypher.DATASET_RELATIONSHIPS),
        "touchpoints": (dataset.TouchpointRecord, cypher.DATASET_TOUCHPOINTS),
        "influences": (dataset.InfluenceRecord, cypher.DATASET_INFLUENCES),
        "introductions": (dataset.IntroductionRecord, cypher.DATASET_INTRODUCTIONS),
        "opportunities": (dataset.OpportunityRecord, cypher.DATASET_OPPORTUNITIES),
        "opportunity_contact_roles": (
            dataset.OpportunityContactRoleRecord,
            cypher.DATASET_OPPORTUNITY_CONTACT_ROLES,
        ),
    }
)
#: Record fields that are no data (what a source did not give).
NOT_EXPORTED = frozenset({"omitted"})


def record_fields(kind: str) -> tuple[str, ...]:
    """The fields of a kind's records under the import's (GraphQL) names: the Dataset record's
    fields, the one list of them."""
    record, _ = DATASET[kind]
    return tuple(camel(f.name) for f in fields(record) if f.name not in NOT_EXPORTED)


def _whole_portfolio(session: GraphSession) -> None:
    # The export reproduces the whole graph; a part of it (a scoped caller's accounts) would
    # import as a graph with people and lines cut off, so it is refused rather than trimmed.
    if session.visible is not None:
        raise WriteRejectedError(
            ErrorCode.FORBIDDEN,
            "the dataset export is the whole portfolio; a key limited to some accounts "
            "cannot read it",
        )


async def dataset_counts(session: GraphSession) -> dict[str, int]:
    """How many records of each kind the dataset export writes."""
    _whole_portfolio(session)
    (row,) = await session.read(cypher.DATASET_COUNTS)
    return {kind: int(row[kind]) for kind in DATASET}


async def external_id_columns(session: GraphSession) -> dict[str, list[tuple[str, int]]]:
    """Per node kind, each external-id system and the most ids one node has in it."""
    _whole_portfolio(session)
    found: dict[str, list[tuple[str, int]]] = {}
    for row in await session.read(cypher.DATASET_REF_SYSTEMS):
        found.setdefault(str(row["kind"]), []).append((str(row["system"]), int(row["most"])))
    return found


async def dataset_records(
    session: GraphSession, kind: str, today: date, *, page: int = PAGE
) -> AsyncIterator[list[dict[str, Any]]]:
    """The records of ``kind`` (a key of :data:`DATASET`) as the import reads them, one page of
    start nodes at a time (keyset pages by id: memory holds one page)."""
    _whole_portfolio(session)
    _, query = DATASET[kind]
    names = record_fields(kind)
    after = ""
    while True:
        rows = await session.read(query, {"after": after, "limit": page, "today": today})
        records = [{name: r.get(name) for name in names} for row in rows for r in row["records"]]
        if records:
            yield records
        if len(rows) < page:
            return
        after = str(rows[-1]["key"])
