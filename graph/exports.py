"""Flat exports of people and relationships, read in pages by id (few round trips: one per
:data:`PAGE` records)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any, LiteralString

from graph.client import GraphSession
from graph.cypher.exports import PEOPLE_PAGE, RELATIONSHIPS_PAGE

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
