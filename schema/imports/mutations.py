"""The bulk import."""

from __future__ import annotations

import strawberry

from graph.dataset import Dataset
from graph.errors import WriteRejectedError
from graph.importer import import_dataset
from schema.context import Info
from schema.errors import UserError, user_error
from schema.imports.checks import MAX_IMPORT_RECORDS, check_dataset
from schema.imports.inputs import DatasetInput
from schema.refresh import refresh_scores
from schema.validation import (
    Checks,
)
from schema.writing import INPUT


@strawberry.type
class ImportDatasetPayload:
    accounts: int
    people: int
    team_members: int
    relationships: int
    touchpoints: int
    user_errors: list[UserError]


def _import_payload(data: Dataset | None, errors: list[UserError]) -> ImportDatasetPayload:
    return ImportDatasetPayload(
        accounts=len(data.accounts) if data else 0,
        people=len(data.people) if data else 0,
        team_members=len(data.team_members) if data else 0,
        relationships=len(data.relationships) if data else 0,
        touchpoints=len(data.touchpoints) if data else 0,
        user_errors=errors,
    )


@strawberry.type
class ImportMutations:
    @strawberry.mutation(
        description=f"Bulk import (up to {MAX_IMPORT_RECORDS} records): every record is "
        "checked first, then all are written in one transaction (idempotent by id), or none. "
        "Omitted optional fields keep their stored values. Touchpoints follow logTouchpoint's "
        "rules (one account per id, participants who worked there); influences and "
        "introductions those of addInfluence and recordIntroduction. "
        "Reporting lines follow setReportsTo's rules (one current manager, same account, no "
        "loop with the lines already there); an employment with an end date ends the person's "
        "reporting lines at that account, as endEmployment does.",
    )
    async def import_dataset(self, info: Info, input: DatasetInput) -> ImportDatasetPayload:
        checks = Checks()
        dataset = await check_dataset(info.context, checks, input)
        if checks.errors or dataset is None:
            return _import_payload(None, checks.errors)
        try:
            summary = await import_dataset(info.context.graph, dataset, info.context.today)
        except WriteRejectedError as exc:
            return _import_payload(None, [user_error(exc, INPUT)])
        await refresh_scores(info, summary.touched_accounts)
        return _import_payload(dataset, [])
