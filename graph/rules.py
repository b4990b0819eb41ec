"""The rules of the relationship graph, decided in plain Python (no Neo4j, no GraphQL).

Each rule is used by the single writes (:mod:`graph.writes`, which raise the first refusal) and
by the bulk import's checks (``schema/imports/checks.py``, which collect every refusal), so a record
is judged the same way whichever way it arrives. The facts a rule needs are read by the caller;
a rule returns the refusal (an unraised :class:`~graph.errors.WriteRejectedError`) or None.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from graph.errors import WHOLE, ErrorCode, NotFoundError, Subject, WriteRejectedError

Refusal = WriteRejectedError | None

#: How a refusal names each kind of node.
KIND_NAMES = {
    "Account": "account",
    "Person": "person",
    "TeamMember": "team member",
    "Touchpoint": "touchpoint",
    "Opportunity": "opportunity",
}
#: Client people and our team members share one id space: scores and what-ifs name people on
#: both sides by id.
OTHER_SIDE = {"Person": "TeamMember", "TeamMember": "Person"}


def missing(label: str, node_id: str, subject: Subject = WHOLE) -> NotFoundError:
    return NotFoundError(KIND_NAMES[label], node_id, subject)


def external_key(system: str, value: str) -> str:
    """The key of an external id; ``system`` holds no colon (checked on input)."""
    return f"{system}:{value}"


# ---- nodes and ids -------------------------------------------------------------------------


def id_taken(label: str, node_id: str, subject: Subject) -> WriteRejectedError:
    """``node_id`` is already the id of a node on the other side."""
    return WriteRejectedError(
        ErrorCode.CONFLICT, f"id {node_id!r} is taken by a {KIND_NAMES[OTHER_SIDE[label]]}", subject
    )


def external_id_owner(
    key: str,
    label: str,
    node_id: str | None,
    owner_label: str | None,
    owner_id: str | None,
    subject: Subject,
) -> Refusal:
    """An external id names one node: refused when it already names another one."""
    if owner_id is None:
        return None
    if owner_label != label:
        return WriteRejectedError(
            ErrorCode.CONFLICT,
            f"external id {key!r} belongs to a {owner_label}, not a {label}",
            subject,
        )
    if node_id is not None and owner_id != node_id:
        return WriteRejectedError(
            ErrorCode.CONFLICT, f"external id {key!r} already belongs to {owner_id!r}", subject
        )
    return None


def required_on_create(
    label: str, props: Mapping[str, object], required: Collection[str]
) -> Refusal:
    absent = [name for name in required if props.get(name) is None]
    if not absent:
        return None
    return WriteRejectedError(
        ErrorCode.REQUIRED,
        f"{absent[0]} is required to create a {KIND_NAMES[label]}",
        Subject(field=absent[0]),
    )


def opportunity_account(
    opportunity_id: str, stored_account: str | None, given_account: str | None
) -> Refusal:
    """A deal stays at its account: an upsert may name it again, not another one."""
    if stored_account is None or given_account is None or given_account == stored_account:
        return None
    return WriteRejectedError(
        ErrorCode.CONFLICT,
        f"opportunity {opportunity_id!r} belongs to account {stored_account!r}",
        Subject(field="account_id"),
    )


def contact_role(person_id: str, account_id: str, employed: bool) -> Refusal:
    """A contact role on a deal needs the person employed at the deal's account today."""
    if employed:
        return None
    return not_employed(person_id, account_id, Subject(field="person_id"))


# ---- employment and roles ------------------------------------------------------------------


def employed_on(since: date | None, until: date | None, day: date) -> bool:
    """Whether an employment (or seat, or line) with these dates holds on ``day``."""
    return (since is None or since <= day) and (until is None or until > day)


def employment_dates(since: date | None, until: date) -> Refusal:
    if since is not None and until < since:
        return WriteRejectedError(
            ErrorCode.INVALID_DATE_RANGE,
            f"until ({until}) is before the employment started ({since})",
            Subject(field="until"),
        )
    return None


def not_employed(person_id: str, account_id: str, subject: Subject) -> WriteRejectedError:
    return WriteRejectedError(
        ErrorCode.NOT_EMPLOYED,
        f"person {person_id!r} is not currently employed at {account_id!r}",
        subject,
    )


#: An employment's (since, until); None = not known, or (until) current.
Stint = tuple[date | None, date | None]


def buying_role(
    person_id: str,
    account_id: str,
    since: date | None,
    stints: Sequence[Stint],
    today: date,
    *,
    field: str = "since",
) -> Refusal:
    """A buying role needs an employment at the account on the day it starts: today for an
    undated role (as assignBuyingRole gives), or its ``since`` (a role kept as history, such as
    a champion's who has since left). A target strength follows the same rule for the day it is
    set (``field``: the write's field that dates it)."""
    day = since or today
    if any(employed_on(start, end, day) for start, end in stints):
        return None
    if since is None:
        return not_employed(person_id, account_id, Subject(field="person_id"))
    return WriteRejectedError(
        ErrorCode.NOT_EMPLOYED,
        f"person {person_id!r} was not employed at {account_id!r} on {day.isoformat()}",
        Subject(field=field),
    )


def stints_after_import(stints: Sequence[Stint], rows: Sequence[Stint], today: date) -> list[Stint]:
    """One (person, account)'s employments after an import's rows for it, as the importer's
    ``EMPLOYMENTS`` statement writes them: each row updates the stint with its start date (a
    row without one: the stint that already ends on its end date, so the same row imported
    again changes nothing), else (a current row) the current stint, else (an ended row without
    a start) the current or latest one, and otherwise adds a stint. As in Cypher, every row
    picks its stint among those before the import; null start dates sort above every date."""

    def by_since(i: int) -> tuple[bool, date]:
        return stints[i][0] is None, stints[i][0] or date.min

    current = max(
        (i for i, (_, until) in enumerate(stints) if until is None or until > today),
        key=by_since,
        default=None,
    )
    latest = max(
        range(len(stints)), key=lambda i: (stints[i][1] or date.max, by_since(i)), default=None
    )
    after = list(stints)
    for since, until in rows:
        target: int | None
        same = max(
            (
                i
                for i, s in enumerate(stints)
                if (since is not None and s[0] == since)
                or (since is None and until is not None and s[1] == until)
            ),
            key=by_since,
            default=None,
        )
        if same is not None:
            target = same
        elif until is None or until > today:
            target = current
        elif since is None:
            target = current if current is not None else latest
        else:
            target = None
        if target is None:
            after.append((since, until))
        else:
            after[target] = (since if since is not None else after[target][0], until)
    return after


def account_deletion(account_id: str, current_people: int, cascade: bool) -> Refusal:
    if not current_people or cascade:
        return None
    return WriteRejectedError(
        ErrorCode.HAS_DEPENDENTS,
        f"account {account_id!r} has {current_people} current people; end their employment "
        "first or delete with cascade: true",
        Subject(field="id"),
    )


# ---- reporting lines -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AtWork:
    """A person as a reporting line sees them: current manager and current accounts."""

    manager_id: str | None
    accounts: frozenset[str]


def loops(managers: Mapping[str, str | None]) -> set[str]:
    """People whose chain of managers leads back to themselves."""
    looping = set()
    for start in managers:
        seen = set()
        node: str | None = start
        while node is not None and node not in seen:
            seen.add(node)
            node = managers.get(node)
        if node == start:
            looping.add(start)
    return looping


def self_report(person_id: str, manager_id: str) -> Refusal:
    if person_id == manager_id:
        return WriteRejectedError(
            ErrorCode.CYCLE, "a person cannot report to themselves", Subject(field="manager_id")
        )
    return None


def reporting_line(
    person_id: str, manager_id: str, people: Mapping[str, AtWork], *, looping: Collection[str]
) -> Refusal:
    """setReportsTo's rules for one line, against ``people`` as the graph will be (the person,
    the manager and everyone above them) and ``looping``, the people whose chain of managers
    loops once the new lines are in place (:func:`loops`)."""
    refusal = self_report(person_id, manager_id)
    if refusal:
        return refusal
    mine = people[person_id].accounts if person_id in people else frozenset()
    theirs = people[manager_id].accounts if manager_id in people else frozenset()
    if not mine:
        return WriteRejectedError(
            ErrorCode.NOT_EMPLOYED,
            f"person {person_id!r} is not employed anywhere",
            Subject(field="person_id"),
        )
    if not theirs:
        return WriteRejectedError(
            ErrorCode.NOT_EMPLOYED,
            f"person {manager_id!r} is not employed anywhere",
            Subject(field="manager_id"),
        )
    if not mine & theirs:
        return WriteRejectedError(
            ErrorCode.CROSS_ACCOUNT,
            "a person can only report to someone at the same account",
            Subject(field="manager_id"),
        )
    if person_id in looping:
        return WriteRejectedError(
            ErrorCode.CYCLE,
            f"{manager_id!r} already reports to {person_id!r}; the chart would loop",
            Subject(field="manager_id"),
        )
    return None


def with_line(people: Mapping[str, AtWork], person_id: str, manager_id: str) -> set[str]:
    """Who loops once ``person_id`` reports to ``manager_id``."""
    managers = {p: a.manager_id for p, a in people.items()}
    managers[person_id] = manager_id
    return loops(managers)


def dotted_loops(
    lines: Iterable[tuple[str, str]], reaches: Mapping[str, Collection[str]]
) -> set[int]:
    """The places of the dotted ``lines`` (person, manager) that close a loop of dotted lines,
    with the ones already in the graph (``reaches``: who each person reaches over current dotted
    lines): setDottedLine's loop rule, for many lines at once (several managers a person)."""
    edges: dict[str, set[str]] = {p: set(r) for p, r in reaches.items()}
    listed = list(lines)
    for person, manager in listed:
        edges.setdefault(person, set()).add(manager)
    looping = set()
    for i, (person, manager) in enumerate(listed):
        # The line loops when the manager reaches the person again.
        seen, todo = set(), [manager]
        while todo:
            node = todo.pop()
            if node == person:
                looping.add(i)
                break
            if node not in seen:
                seen.add(node)
                todo.extend(edges.get(node, ()))
    return looping


# ---- client-side links ---------------------------------------------------------------------


def influence(person_id: str, influenced_id: str) -> Refusal:
    if person_id == influenced_id:
        return WriteRejectedError(
            ErrorCode.INVALID,
            "a person cannot influence themselves",
            Subject(field="influenced_id"),
        )
    return None


def introduction(introducer_id: str, introduced_id: str) -> Refusal:
    if introducer_id == introduced_id:
        return WriteRejectedError(
            ErrorCode.INVALID,
            "a person cannot introduce themselves",
            Subject(field="introduced_id"),
        )
    return None


# ---- touchpoints ---------------------------------------------------------------------------


def touchpoint_account(touchpoint_id: str, account_id: str, owner: str | None) -> Refusal:
    """A touchpoint id stays at the account it was first logged at."""
    if owner is None or owner == account_id:
        return None
    return WriteRejectedError(
        ErrorCode.CONFLICT,
        f"touchpoint {touchpoint_id!r} belongs to account {owner!r}",
        Subject(field="id"),
    )


def participant(person_id: str, account_id: str, item: int, ever_employed: bool) -> Refusal:
    """A client participant has worked at the touchpoint's account (now or before)."""
    if ever_employed:
        return None
    return WriteRejectedError(
        ErrorCode.CROSS_ACCOUNT,
        f"person {person_id!r} has never worked at {account_id!r}",
        Subject(field="person_ids", item=item),
    )


def initiated_by_client(initiator_id: str | None, person_ids: Collection[str], flag: bool) -> bool:
    """Who started a touchpoint: a named initiator decides, else the client-given flag."""
    return initiator_id in person_ids if initiator_id is not None else flag


def target_account(person_id: str, current_accounts: Sequence[str]) -> str | WriteRejectedError:
    """The account a target strength without ``accountId`` is for: the person's one current
    employer; refused when they have none, or several (then the write must name one)."""
    if len(current_accounts) == 1:
        return current_accounts[0]
    if not current_accounts:
        return WriteRejectedError(
            ErrorCode.NOT_EMPLOYED,
            f"person {person_id!r} is not currently employed anywhere; give accountId",
            Subject(field="account_id"),
        )
    return WriteRejectedError(
        ErrorCode.REQUIRED,
        f"person {person_id!r} works at several accounts ({', '.join(sorted(current_accounts))});"
        " give accountId",
        Subject(field="account_id"),
    )
