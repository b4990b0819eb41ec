"""Account-scoped access: what a caller limited to some accounts may see and write.

A session's ``visible`` accounts (None: all) are resolved once per request from the caller's
:class:`~graph.access.AccountScope`. Every read in ``graph/`` passes its rows through these
filters, or its Cypher takes ``$visible``: an account outside the scope reads exactly as one
that does not exist. A person is visible when they work or worked at a visible account, and
then only their employments and roles there show; a team member (our side) is visible, with
their seats and relationships at visible accounts only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from graph.access import AccountScope
from graph.client import GraphSession
from graph.cypher import scope as cypher
from graph.errors import ErrorCode, NotFoundError, WriteRejectedError

R = TypeVar("R", bound=Mapping[str, Any])


async def visible_accounts(session: GraphSession, scope: AccountScope) -> frozenset[str]:
    rows = await session.read(
        cypher.VISIBLE_ACCOUNTS,
        {"account_ids": sorted(scope.account_ids), "seat_holder": scope.seat_holder},
        # No dependency of the answer: the response cache keys on the visible set itself.
        accounts=(),
    )
    return frozenset(rows[0]["ids"])


def visible_param(session: GraphSession) -> list[str] | None:
    """``$visible`` for Cypher that filters accounts itself (pages and their totals)."""
    return None if session.visible is None else sorted(session.visible)


def accounts(session: GraphSession, rows: Mapping[str, R]) -> dict[str, R]:
    """Rows keyed by account id, those of visible accounts only."""
    if session.visible is None:
        return dict(rows)
    return {k: v for k, v in rows.items() if k in session.visible}


def person(visible: frozenset[str] | None, row: R) -> R | None:
    """A person's row as a scoped caller sees it: employments and roles at visible accounts,
    or None when they never worked at one."""
    if visible is None:
        return row
    if not any(e["account_id"] in visible for e in row["employments"]):
        return None
    return within(visible, row)


def within(visible: frozenset[str], row: R) -> R:
    """A visible person's row with only their employments and roles at visible accounts (an
    org chart's lean rows carry none)."""
    employments = [e for e in row.get("employments", []) if e["account_id"] in visible]
    roles = [r for r in row.get("roles", []) if r["account_id"] in visible]
    return {**row, "employments": employments, "roles": roles}  # type: ignore[return-value]


def team_member(visible: frozenset[str] | None, row: R) -> R:
    """A team member's row with their seats at visible accounts only."""
    if visible is None:
        return row
    seats = [a for a in row["assignments"] if a["account_id"] in visible]
    return {**row, "assignments": seats}  # type: ignore[return-value]


def seat(visible: frozenset[str] | None, row: R) -> R:
    """A seat of an account's team: its member as :func:`team_member` shows them."""
    if visible is None:
        return row
    return {**row, "member": team_member(visible, row["member"])}  # type: ignore[return-value]


def relationship(visible: frozenset[str] | None, row: R) -> R | None:
    """A relationship, when its person is visible (see :func:`person`)."""
    if visible is None or set(row["person_account_ids"]) & visible:
        return row
    return None


def touchpoint(visible: frozenset[str] | None, row: R) -> R | None:
    if visible is None or row["account_id"] in visible:
        return row
    return None


def each(rows: Iterable[R], keep: Any, visible: frozenset[str] | None) -> list[R]:
    """``rows`` through ``keep`` (one of the filters above), the hidden ones dropped."""
    kept = (keep(visible, row) for row in rows)
    return [row for row in kept if row is not None]


def write_refusal(
    visible: frozenset[str] | None, written_id: str, accounts: frozenset[str]
) -> WriteRejectedError | None:
    """Why a scoped caller's write must roll back: it touched only accounts outside the scope
    (answered as a record that does not exist), some outside besides some inside, or no
    account at all (our team's records, shared by every account, are not a scoped caller's
    to change)."""
    if visible is None:
        return None
    if not accounts:
        return WriteRejectedError(
            ErrorCode.FORBIDDEN,
            "a key limited to some accounts writes only records of those accounts",
        )
    if accounts & visible and not accounts <= visible:
        # Visible itself, but reaching further (a team member with seats elsewhere).
        return WriteRejectedError(
            ErrorCode.FORBIDDEN, "this write reaches accounts outside this key's scope"
        )
    if not accounts <= visible:
        if written_id == "import":
            return WriteRejectedError(
                ErrorCode.NOT_FOUND, "the import refers to accounts that do not exist"
            )
        return NotFoundError("record", written_id)
    return None
