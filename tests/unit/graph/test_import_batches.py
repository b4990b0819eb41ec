"""What the importer sends per batch, without Neo4j: the rows of its statements and the ids
whose accounts it reads afterwards."""

from __future__ import annotations

from datetime import date

from graph import importer
from graph.cypher import importer as cypher
from graph.dataset import Dataset, EmploymentRecord, PersonRecord, ReportsToRecord


def _rows(data: Dataset, query: str) -> list[list[dict[str, object]]]:
    return [rows for q, _, rows in importer._statements(data) if q is query]


def test_only_employments_with_an_end_go_to_the_leavers_statement() -> None:
    data = Dataset(
        employments=(
            EmploymentRecord("p-1", "acc-1"),
            EmploymentRecord("p-2", "acc-1", until=date(2026, 1, 31)),
        )
    )
    [leavers] = _rows(data, cypher.END_LINES_OF_LEAVERS)
    # The row keeps its place among the employments (``i``), as every statement's rows do.
    assert [(r["person_id"], r["i"]) for r in leavers] == [("p-2", 1)]
    [employments] = _rows(data, cypher.EMPLOYMENTS)
    assert [r["person_id"] for r in employments] == ["p-1", "p-2"]


def test_new_people_count_only_through_the_records_that_link_them() -> None:
    data = Dataset(
        people=(PersonRecord("p-new", "New"), PersonRecord("p-old", "Old")),
        employments=(EmploymentRecord("p-new", "acc-1"),),
        reports_to=(ReportsToRecord("p-x", "p-y"),),
    )
    referenced = importer._referenced(data, frozenset({"p-new"}))
    assert referenced["accountIds"] == ["acc-1"]
    # p-new stays for its employment (a move ends the others); p-old was updated, not created.
    assert referenced["personIds"] == ["p-new", "p-old", "p-x", "p-y"]
    alone = importer._referenced(Dataset(people=(PersonRecord("p-new", "New"),)), {"p-new"})
    assert not any(alone.values())
