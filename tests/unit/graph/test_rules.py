"""The write rules of graph/rules.py, without Neo4j: each refusal's code and subject."""

from __future__ import annotations

from datetime import date

import pytest

from graph import rules
from graph.errors import ErrorCode, Subject, WriteRejectedError

DAY = date(2026, 6, 1)


def refused(refusal: WriteRejectedError | None) -> tuple[ErrorCode, Subject]:
    assert refusal is not None
    return refusal.code, refusal.subject


def at(manager: str | None, *accounts: str) -> rules.AtWork:
    return rules.AtWork(manager, frozenset(accounts))


def test_loops_finds_everyone_on_a_loop_and_no_one_below_it() -> None:
    managers = {"a": "b", "b": "c", "c": "a", "d": "a", "e": None, "f": "f"}
    assert rules.loops(managers) == {"a", "b", "c", "f"}
    assert rules.loops({"a": "b", "b": None}) == set()


def test_a_reporting_line_needs_both_at_work_at_one_account_and_no_loop() -> None:
    people = {
        "eng": at("dir", "acc-1"),
        "dir": at("ceo", "acc-1"),
        "ceo": at(None, "acc-1"),
        "other": at(None, "acc-2"),
        "gone": at(None),
    }
    assert rules.reporting_line("eng", "ceo", people, looping=set()) is None
    assert refused(rules.reporting_line("eng", "eng", people, looping=set())) == (
        ErrorCode.CYCLE,
        Subject(field="manager_id"),
    )
    assert refused(rules.reporting_line("gone", "ceo", people, looping=set())) == (
        ErrorCode.NOT_EMPLOYED,
        Subject(field="person_id"),
    )
    assert refused(rules.reporting_line("eng", "gone", people, looping=set())) == (
        ErrorCode.NOT_EMPLOYED,
        Subject(field="manager_id"),
    )
    assert refused(rules.reporting_line("eng", "other", people, looping=set())) == (
        ErrorCode.CROSS_ACCOUNT,
        Subject(field="manager_id"),
    )
    # The CEO reporting to the engineer closes ceo -> eng -> dir -> ceo.
    looping = rules.with_line(people, "ceo", "eng")
    assert looping == {"ceo", "eng", "dir"}
    assert refused(rules.reporting_line("ceo", "eng", people, looping=looping)) == (
        ErrorCode.CYCLE,
        Subject(field="manager_id"),
    )


def test_nobody_influences_or_introduces_themselves() -> None:
    assert rules.influence("a", "b") is None
    assert refused(rules.influence("a", "a")) == (
        ErrorCode.INVALID,
        Subject(field="influenced_id"),
    )
    assert rules.introduction("a", "b") is None
    assert refused(rules.introduction("a", "a")) == (
        ErrorCode.INVALID,
        Subject(field="introduced_id"),
    )


def test_a_touchpoint_stays_at_its_account_with_participants_who_worked_there() -> None:
    assert rules.touchpoint_account("tp-1", "acc-1", None) is None
    assert rules.touchpoint_account("tp-1", "acc-1", "acc-1") is None
    assert refused(rules.touchpoint_account("tp-1", "acc-1", "acc-2")) == (
        ErrorCode.CONFLICT,
        Subject(field="id"),
    )
    assert rules.participant("p-1", "acc-1", 0, ever_employed=True) is None
    assert refused(rules.participant("p-1", "acc-1", 2, ever_employed=False)) == (
        ErrorCode.CROSS_ACCOUNT,
        Subject(field="person_ids", item=2),
    )


@pytest.mark.parametrize(
    ("initiator", "flag", "expected"),
    [("p-1", False, True), ("tm-1", True, False), (None, True, True), (None, False, False)],
)
def test_who_started_a_touchpoint(initiator: str | None, flag: bool, expected: bool) -> None:
    # A named initiator decides; without one, the client-given flag does.
    assert rules.initiated_by_client(initiator, {"p-1", "p-2"}, flag) is expected


def test_external_ids_name_one_node() -> None:
    key = rules.external_key("salesforce", "001")
    assert key == "salesforce:001"
    subject = Subject(field="external_id")
    assert rules.external_id_owner(key, "Account", "acc-1", None, None, subject) is None
    assert rules.external_id_owner(key, "Account", "acc-1", "Account", "acc-1", subject) is None
    # Upserting by external id alone finds its node.
    assert rules.external_id_owner(key, "Account", None, "Account", "acc-1", subject) is None
    assert refused(
        rules.external_id_owner(key, "Account", "acc-2", "Account", "acc-1", subject)
    ) == (ErrorCode.CONFLICT, subject)
    assert refused(rules.external_id_owner(key, "Person", None, "Account", "acc-1", subject)) == (
        ErrorCode.CONFLICT,
        subject,
    )


def test_people_and_team_members_share_one_id_space() -> None:
    taken = rules.id_taken("Person", "x", Subject(field="id"))
    assert (taken.code, "team member" in taken.message) == (ErrorCode.CONFLICT, True)
    assert "person" in rules.id_taken("TeamMember", "x", Subject(field="id")).message


def test_what_a_new_node_needs_and_when_an_account_may_go() -> None:
    assert rules.required_on_create("Account", {"name": "A", "tier": 2}, ("name", "tier")) is None
    assert refused(rules.required_on_create("Account", {"name": "A"}, ("name", "tier"))) == (
        ErrorCode.REQUIRED,
        Subject(field="tier"),
    )
    assert rules.account_deletion("acc-1", 0, cascade=False) is None
    assert rules.account_deletion("acc-1", 3, cascade=True) is None
    assert refused(rules.account_deletion("acc-1", 3, cascade=False)) == (
        ErrorCode.HAS_DEPENDENTS,
        Subject(field="id"),
    )


def test_employment_dates_and_buying_roles() -> None:
    assert rules.employed_on(None, None, DAY)
    assert rules.employed_on(date(2026, 1, 1), date(2026, 6, 2), DAY)
    assert not rules.employed_on(date(2026, 1, 1), DAY, DAY)  # gone on the day it ends
    assert not rules.employed_on(date(2026, 6, 2), None, DAY)  # not yet started
    assert rules.employment_dates(date(2026, 1, 1), DAY) is None
    assert refused(rules.employment_dates(DAY, date(2026, 1, 1))) == (
        ErrorCode.INVALID_DATE_RANGE,
        Subject(field="until"),
    )
    past = (date(2020, 1, 1), date(2026, 1, 1))
    current = (date(2026, 2, 1), None)
    # Undated (assignBuyingRole): an employment today.
    assert rules.buying_role("p-1", "acc-1", None, [past, current], DAY) is None
    assert refused(rules.buying_role("p-1", "acc-1", None, [past], DAY)) == (
        ErrorCode.NOT_EMPLOYED,
        Subject(field="person_id"),
    )
    # Dated (history): an employment on that day, current or ended.
    assert rules.buying_role("p-1", "acc-1", date(2021, 3, 1), [past], DAY) is None
    assert refused(rules.buying_role("p-1", "acc-1", date(2026, 1, 15), [past, current], DAY)) == (
        ErrorCode.NOT_EMPLOYED,
        Subject(field="since"),
    )


def test_dotted_loops_with_the_graph_and_among_new_lines() -> None:
    # a -> b is in the graph; b -> a would close it; c -> d, d -> c close one together.
    lines = [("b", "a"), ("c", "d"), ("d", "c"), ("e", "a"), ("a", "x")]
    assert rules.dotted_loops(lines, {"a": {"b"}}) == {0, 1, 2}
    # Several managers a person are fine; no loop without a way back.
    assert rules.dotted_loops([("p", "m1"), ("p", "m2")], {"m1": {"m2"}}) == set()
