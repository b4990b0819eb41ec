"""Relay cursor connections over keyset pages: ``first``/``after`` to ``(after key, limit)``.

A cursor is the sort key of its row (graph/keyset.py), opaque to clients: base64 of
``keyset:v1:<connection and order>:<key as JSON>``. The next page continues after that key,
so its cost does not depend on how deep it is, and a write between two pages neither repeats
nor skips the rows it did not move. A cursor of another connection or order, an offset cursor
of before, or anything else that does not decode to a key of this keyset is INVALID_CURSOR.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import orjson
from strawberry import relay

from graph.errors import ErrorCode
from graph.keyset import Keyset, from_plain, to_plain
from graph.reads import Page
from schema.config import SchemaConfig
from schema.errors import request_error

#: The cursor format's name and version; a change of format changes it, so old cursors are
#: refused as INVALID_CURSOR rather than misread.
CURSOR_VERSION = "keyset:v1"
C = TypeVar("C", bound=relay.Connection[Any])


def encode_cursor(keyset: Keyset, key: Sequence[Any]) -> str:
    """The opaque cursor of a row whose sort key is ``key``."""
    head = f"{CURSOR_VERSION}:{keyset.name}:".encode()
    return base64.urlsafe_b64encode(head + orjson.dumps(to_plain(key))).decode("ascii")


def decode_cursor(keyset: Keyset, cursor: str) -> tuple[Any, ...]:
    """The key a cursor of ``keyset`` carries; ValueError for anything else."""
    try:
        raw = base64.urlsafe_b64decode(cursor.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise ValueError("not base64") from exc
    head = f"{CURSOR_VERSION}:{keyset.name}:".encode()
    if not raw.startswith(head):
        raise ValueError("a cursor of another connection, order or format")
    try:
        values = orjson.loads(raw[len(head) :])
    except orjson.JSONDecodeError as exc:
        raise ValueError("not a key") from exc
    return from_plain(keyset, values)


def page_window(
    first: int | None, after: str | None, config: SchemaConfig, keyset: Keyset
) -> tuple[tuple[Any, ...] | None, int]:
    """``(after key, limit)`` for a page request; a clear GraphQL error for a bad one."""
    limit = config.default_page_size if first is None else first
    if not 1 <= limit <= config.max_page_size:
        raise request_error(
            ErrorCode.INVALID_PAGE_SIZE,
            f"`first` must be between 1 and {config.max_page_size}, got {limit}",
            "first",
        )
    if after is None:
        return None, limit
    try:
        return decode_cursor(keyset, after), limit
    except ValueError as exc:
        raise request_error(
            ErrorCode.INVALID_CURSOR,
            f"`after` is not a cursor of this connection in this order: {after!r}",
            "after",
        ) from exc


def build_connection(
    connection_cls: type[C],
    page: Page,
    *,
    keyset: Keyset,
    after: tuple[Any, ...] | None,
    make: Callable[[Any], Any],
) -> C:
    """A connection from one keyset page of rows; ``make`` turns a row into the node."""
    edges = [
        relay.Edge(node=make(row), cursor=encode_cursor(keyset, key))
        for row, key in zip(page.rows, page.keys, strict=True)
    ]
    info = relay.PageInfo(
        has_next_page=page.more,
        # Keyset pages run forward only: a page after a cursor has rows before it.
        has_previous_page=after is not None,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return connection_cls(page_info=info, edges=edges, total_count=page.total)  # type: ignore[call-arg]
