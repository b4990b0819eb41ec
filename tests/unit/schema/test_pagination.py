"""The keyset cursor codec (schema/pagination.py over graph/keyset.py): a cursor gives back the
key it was made from, for its own connection and order only; anything else is a ValueError
(INVALID_CURSOR), never another exception."""

from __future__ import annotations

import base64
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph import keyset
from graph.keyset import Keyset
from schema.pagination import decode_cursor, encode_cursor

_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "str": st.text(),
    "int": st.integers(-(1 << 53), 1 << 53),
    "num": st.one_of(
        st.integers(-(1 << 53), 1 << 53), st.floats(allow_nan=False, allow_infinity=False)
    ),
    "date": st.dates(min_value=date(1000, 1, 1)),
    "ns": st.integers(0, 999_999_999),
}
_KEYSETS = [
    keyset.PEOPLE,
    keyset.ACCOUNT_TEAM,
    keyset.TOUCHPOINTS,
    keyset.OPPORTUNITIES,
    keyset.ALERTS,
    keyset.ORG_CHART,
    *(keyset.accounts(f, d) for f in keyset.ACCOUNT_SORT_TYPES for d in ("ASC", "DESC")),
]


def _key_of(ks: Keyset) -> st.SearchStrategy[tuple[Any, ...]]:
    def position(kind: str) -> st.SearchStrategy[Any]:
        values = _VALUES[kind.rstrip("?")]
        return st.one_of(st.none(), values) if kind.endswith("?") else values

    return st.tuples(*(position(kind) for kind in ks.shape))


@given(st.sampled_from(_KEYSETS).flatmap(lambda ks: st.tuples(st.just(ks), _key_of(ks))))
def test_a_cursor_gives_back_its_key(case: tuple[Keyset, tuple[Any, ...]]) -> None:
    ks, key = case
    cursor = encode_cursor(ks, key)
    assert decode_cursor(ks, cursor) == key
    # Opaque and URL-safe: no JSON or separators show through.
    assert set(cursor) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=")


@given(st.sampled_from(_KEYSETS), st.sampled_from(_KEYSETS), st.data())
def test_a_cursor_of_another_connection_or_order_is_refused(
    made: Keyset, used: Keyset, data: st.DataObject
) -> None:
    cursor = encode_cursor(made, data.draw(_key_of(made)))
    if made.name == used.name:
        assert decode_cursor(used, cursor) is not None
    else:
        with pytest.raises(ValueError):
            decode_cursor(used, cursor)


@given(
    st.sampled_from(_KEYSETS),
    st.one_of(st.text(), st.binary().map(lambda b: base64.urlsafe_b64encode(b).decode())),
)
def test_anything_else_is_a_value_error(ks: Keyset, cursor: str) -> None:
    # Random text is almost never a cursor; whatever it is, only ValueError may come out.
    try:
        decode_cursor(ks, cursor)
    except ValueError:
        return


_JSON = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(1 << 63), (1 << 63) - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(),
    st.dates().map(date.isoformat),
)


@given(st.sampled_from(_KEYSETS), st.lists(_JSON, max_size=4))
def test_a_forged_key_decodes_to_the_shape_or_not_at_all(ks: Keyset, values: list[Any]) -> None:
    forged = encode_cursor(ks, values)  # the envelope is right; the key is anything
    try:
        key = decode_cursor(ks, forged)
    except ValueError:
        return
    assert len(key) == len(ks.shape)
    for kind, value in zip(ks.shape, key, strict=True):
        if value is None:
            assert kind.endswith("?")
        elif kind.rstrip("?") == "str":
            assert isinstance(value, str)
        elif kind.rstrip("?") == "date":
            assert isinstance(value, date)
        else:
            assert isinstance(value, int | float) and not isinstance(value, bool)


def test_known_refusals() -> None:
    people = keyset.PEOPLE
    for raw in (
        b"offset:3",
        b'keyset:v1:people:["a"]',
        b'keyset:v1:people:["a", null]',
        b'keyset:v1:people:{"a": 1}',
        b"keyset:v1:people:",
        b'keyset:v0:people:["a", "b"]',
    ):
        with pytest.raises(ValueError):
            decode_cursor(people, base64.urlsafe_b64encode(raw).decode())
    alerts = keyset.ALERTS
    for raw in (b'[1, -1, "e"]', b'[1, 1000000000, "e"]', b'[true, 1, "e"]', b'[1.5, 1, "e"]'):
        with pytest.raises(ValueError):
            decode_cursor(alerts, base64.urlsafe_b64encode(b"keyset:v1:alerts:" + raw).decode())
    touchpoints = keyset.TOUCHPOINTS
    with pytest.raises(ValueError):
        decode_cursor(touchpoints, encode_cursor(touchpoints, ["2026-02-30", "tp"]))
    assert decode_cursor(touchpoints, encode_cursor(touchpoints, [date(2026, 2, 28), "tp"])) == (
        date(2026, 2, 28),
        "tp",
    )


def test_an_unknown_key_type_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        Keyset("x", ("uuid",))
