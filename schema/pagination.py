"""Relay cursor connections over pages that Cypher cut: ``first``/``after`` to skip/limit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from strawberry import relay
from strawberry.relay.utils import from_base64, to_base64

from graph.errors import ErrorCode
from graph.reads import Page
from schema.config import SchemaConfig
from schema.errors import request_error

CURSOR_PREFIX = "offset"
C = TypeVar("C", bound=relay.Connection[Any])


def page_window(first: int | None, after: str | None, config: SchemaConfig) -> tuple[int, int]:
    """``(skip, limit)`` for a page request; a clear GraphQL error for a bad one."""
    limit = config.default_page_size if first is None else first
    if not 1 <= limit <= config.max_page_size:
        raise request_error(
            ErrorCode.INVALID_PAGE_SIZE,
            f"`first` must be between 1 and {config.max_page_size}, got {limit}",
            "first",
        )
    skip = 0
    if after is not None:
        try:
            prefix, value = from_base64(after)
            if prefix != CURSOR_PREFIX:
                raise ValueError(prefix)
            skip = int(value) + 1
        except ValueError as exc:
            raise request_error(
                ErrorCode.INVALID_CURSOR,
                f"`after` is not a cursor of this connection: {after!r}",
                "after",
            ) from exc
        if skip < 1:
            raise request_error(
                ErrorCode.INVALID_CURSOR, "`after` is not a cursor of this connection", "after"
            )
    return skip, limit


def cursor(offset: int) -> str:
    return to_base64(CURSOR_PREFIX, offset)


def build_connection(
    connection_cls: type[C], page: Page, *, skip: int, make: Callable[[Any], Any]
) -> C:
    """A connection from one page of rows; ``make`` turns a row into the node."""
    rows, total = page.rows, page.total
    edges = [relay.Edge(node=make(row), cursor=cursor(skip + i)) for i, row in enumerate(rows)]
    info = relay.PageInfo(
        has_next_page=skip + len(rows) < total,
        has_previous_page=skip > 0,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return connection_cls(page_info=info, edges=edges, total_count=total)  # type: ignore[call-arg]
