"""Queries of client people."""

from __future__ import annotations

import strawberry

from graph import keyset, reads
from schema.common import (
    ExternalIdInput,
    own_id_of,
)
from schema.context import Info
from schema.pagination import build_connection, page_window
from schema.people.inputs import PersonFilter
from schema.people.types import Person, PersonConnection


@strawberry.type
class PeopleQueries:
    @strawberry.field(
        description="A client person by their own or Relay global id, or an external id (one)."
    )
    async def person(
        self,
        info: Info,
        id: strawberry.ID | None = None,
        external_id: ExternalIdInput | None = None,
    ) -> Person | None:
        own_id = await own_id_of(info, "Person", id, external_id)
        row = await info.context.loaders.person_by_id.load(own_id) if own_id else None
        return Person.from_row(row, info.context.today) if row else None

    @strawberry.field(description="Client people, filtered, ordered by name.")
    async def people(
        self,
        info: Info,
        filter: PersonFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> PersonConnection:
        key, limit = page_window(first, after, info.context.config, keyset.PEOPLE)
        f = filter or PersonFilter()
        where = reads.PeopleFilter(
            account_id=str(f.account_id) if f.account_id else None,
            status=f.status.value,
            search=f.search,
            department=f.department,
            seniority=f.seniority.value if f.seniority else None,
            role=f.role.value if f.role else None,
        )
        page = await reads.people_page(info.context.graph, where, info.context.today, key, limit)
        today = info.context.today
        return build_connection(
            PersonConnection,
            page,
            keyset=keyset.PEOPLE,
            after=key,
            make=lambda row: Person.from_row(row, today),
        )
