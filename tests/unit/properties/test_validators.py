"""Property tests (hypothesis) of the input validators and write rules: whatever the input, a
validator answers with typed codes and never raises, and each rule agrees with an independent
statement of it (networkx for the reporting-line cycles)."""

from __future__ import annotations

from datetime import date, timedelta

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.errors import ErrorCode
from graph.rules import employed_on, employment_dates, loops, stints_after_import
from schema.validation import LIMITS, Checks

TODAY = date(2026, 6, 1)
DAYS = st.integers(min_value=-4000, max_value=400).map(lambda n: TODAY + timedelta(days=n))
MAYBE_DAY = st.none() | DAYS
#: Any text, lone surrogates, NULs and right-to-left marks included.
TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=300)
CODES = {code.value for code in ErrorCode}


def codes(checks: Checks) -> list[str]:
    return [str(error.code) for error in checks.errors]


@given(value=st.none() | TEXT, required=st.booleans(), limit=st.integers(1, 250))
def test_text_refuses_exactly_what_is_missing_or_too_long(
    value: str | None, required: bool, limit: int
) -> None:
    checks = Checks()
    checks.text(["name"], value, required=required, limit=limit)
    expected = []
    if required and (value is None or not value.strip()):
        expected.append(ErrorCode.REQUIRED)
    if value is not None and len(value) > limit:
        expected.append(ErrorCode.TOO_LONG)
    assert codes(checks) == expected
    assert all(error.field == ["name"] for error in checks.errors)


@given(value=st.none() | TEXT | st.integers() | st.floats(allow_nan=True))
def test_an_own_id_is_bounded_and_never_empty(value: object) -> None:
    checks = Checks()
    checks.own_id(["input", "id"], value)
    text = None if value is None else str(value)
    too_long = text is not None and len(text) > LIMITS["id"]
    empty = text is not None and not text.strip()
    assert (ErrorCode.TOO_LONG in codes(checks)) == too_long
    assert (ErrorCode.REQUIRED in codes(checks)) == empty


@given(system=TEXT, value=TEXT)
def test_an_external_id_system_never_holds_the_key_separator(system: str, value: str) -> None:
    checks = Checks()
    checks.external_id(["externalId"], system, value)
    refused_system = {str(e.code) for e in checks.errors if e.field == ["externalId", "system"]}
    assert (ErrorCode.INVALID in refused_system) == (":" in system)
    # Whatever is accepted makes a key ``system:value`` that splits back into the same parts.
    if not checks.errors:
        key = f"{system}:{value}"
        assert key.split(":", 1) == [system, value]


@given(address=st.emails())
def test_real_email_addresses_are_accepted(address: str) -> None:
    checks = Checks()
    checks.email(["email"], address)
    assert [c for c in codes(checks) if c != ErrorCode.TOO_LONG] == []


@given(value=TEXT)
def test_anything_else_given_as_an_email_gets_a_typed_answer(value: str) -> None:
    checks = Checks()
    checks.email(["email"], value)
    assert set(codes(checks)) <= {ErrorCode.INVALID, ErrorCode.TOO_LONG}
    if "@" not in value:
        assert value == "" or ErrorCode.INVALID in codes(checks)


@given(value=st.none() | TEXT)
def test_a_currency_is_three_capital_letters(value: str | None) -> None:
    checks = Checks()
    checks.currency(["currency"], value)
    good = value is None or (len(value) == 3 and all("A" <= c <= "Z" for c in value))
    assert codes(checks) == ([] if good else [ErrorCode.INVALID])


@given(
    value=st.none() | st.floats(allow_nan=False),
    low=st.floats(-1e6, 0, allow_nan=False),
    high=st.floats(0, 1e6, allow_nan=False),
)
def test_a_number_is_refused_exactly_outside_its_range(
    value: float | None, low: float, high: float
) -> None:
    checks = Checks()
    checks.number(["amount"], value, low, high)
    inside = value is None or low <= value <= high
    assert codes(checks) == ([] if inside else [ErrorCode.OUT_OF_RANGE])


@given(first=MAYBE_DAY, then=MAYBE_DAY)
def test_date_order_and_employment_dates_agree(first: date | None, then: date | None) -> None:
    checks = Checks()
    checks.order(["until"], first, then, "until is before since")
    backwards = first is not None and then is not None and then < first
    assert codes(checks) == ([ErrorCode.INVALID_DATE_RANGE] if backwards else [])
    if then is not None:
        refusal = employment_dates(first, then)
        assert (refusal is not None) == backwards
        assert refusal is None or refusal.code == ErrorCode.INVALID_DATE_RANGE


@given(since=MAYBE_DAY, until=MAYBE_DAY, day=DAYS)
def test_employed_on_is_the_half_open_interval(
    since: date | None, until: date | None, day: date
) -> None:
    start = since or date.min
    end = until or date.max
    assert employed_on(since, until, day) == (
        start <= day < end or (until is None and day >= start)
    )


PEOPLE = [f"p{i}" for i in range(8)]


@settings(max_examples=300)
@given(
    managers=st.dictionaries(
        st.sampled_from(PEOPLE), st.none() | st.sampled_from(PEOPLE), max_size=len(PEOPLE)
    )
)
def test_loops_are_the_people_on_a_cycle_of_the_reporting_graph(
    managers: dict[str, str | None],
) -> None:
    graph = nx.DiGraph()
    graph.add_nodes_from(managers)
    graph.add_edges_from((p, m) for p, m in managers.items() if m is not None)
    on_cycle = {
        person
        for component in nx.strongly_connected_components(graph)
        for person in component
        if len(component) > 1 or graph.has_edge(person, person)
    }
    assert loops(managers) == on_cycle


STINT = st.tuples(MAYBE_DAY, MAYBE_DAY).filter(
    lambda s: s[0] is None or s[1] is None or s[0] <= s[1]
)
Stints = list[tuple[date | None, date | None]]


def consistent(stints: Stints) -> bool:
    """What the writes keep true of one person at one account: at most one current stint, and
    no two stints starting the same day."""
    current = [s for s in stints if s[1] is None or s[1] > TODAY]
    starts = [s[0] for s in stints if s[0] is not None]
    return len(current) <= 1 and len(starts) == len(set(starts))


@settings(max_examples=300)
@given(
    stints=st.lists(STINT, max_size=4).filter(consistent),
    rows=st.lists(STINT, min_size=1, max_size=1),
)
def test_an_employment_row_imported_twice_changes_nothing_the_second_time(
    stints: list[tuple[date | None, date | None]], rows: list[tuple[date | None, date | None]]
) -> None:
    once = stints_after_import(stints, rows, TODAY)
    assert stints_after_import(once, rows, TODAY) == once
    # A row never removes a stint, and adds at most one.
    assert len(stints) <= len(once) <= len(stints) + 1
