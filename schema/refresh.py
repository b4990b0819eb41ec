"""Keeps stored scores fresh: after a successful write, recompute the accounts it touched."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

from strawberry.extensions import FieldExtension
from strawberry.types import Info as StrawberryInfo

from graph import scores as stored
from graph.errors import GraphError

log = logging.getLogger("stakegraph")

#: Argument and input field names whose values are node ids.
_ID_SUFFIXES = ("id", "ids", "Id", "Ids")


def _ids(value: Any, name: str = "") -> Iterator[str]:
    """Ids in arguments, inputs and payloads: strings under names ending in id (or ids)."""
    if isinstance(value, str):
        if name.endswith(_ID_SUFFIXES):
            yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _ids(item, name)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _ids(getattr(value, field.name), field.name)


class RefreshScores(FieldExtension):
    """Recomputes the stored scores of every account a mutation's ids belong to, before or
    after the write (a delete or a move changes which accounts those are)."""

    def resolve(
        self, next_: Callable[..., Any], source: Any, info: StrawberryInfo, **kwargs: Any
    ) -> Any:  # pragma: no cover - every mutation is async
        raise NotImplementedError("mutations are async")

    async def resolve_async(
        self,
        next_: Callable[..., Awaitable[Any]],
        source: Any,
        info: StrawberryInfo,
        **kwargs: Any,
    ) -> Any:
        ctx = info.context
        ids = sorted({i for name, value in kwargs.items() for i in _ids(value, name)})
        before = await stored.accounts_of(ctx.graph, ids)
        result = await next_(source, info, **kwargs)
        if getattr(result, "user_errors", None):
            return result
        # The payload names what an upsert by external id created or found.
        ids = sorted({*ids, *_ids(result)})
        try:
            after = await stored.accounts_of(ctx.graph, ids)
            touched = sorted(set(before) | set(after))
            if touched:
                await stored.recompute(ctx.graph, touched, ctx.today, ctx.scoring)
        except GraphError as exc:
            # The write has committed: failing the mutation now would make a client retry
            # it. The stored scores stay as they were (their computedAt says how old) until
            # the next write or `stakegraph recompute`.
            log.warning("scores not refreshed after %s: %s", info.field_name, exc)
            return result
        for account_id in touched:
            with contextlib.suppress(KeyError):  # not loaded in this request
                ctx.loaders.account_by_id.clear(account_id)
        # An account in the payload was read before the refresh: read it again so its stored
        # scores are the new ones.
        account = getattr(result, "account", None)
        shown = getattr(account, "account_id", None)
        if shown in touched:
            row = await ctx.loaders.account_by_id.load(str(shown))
            if row is not None:
                result.account = type(account).from_row(row, ctx.today)  # type: ignore[union-attr]
        return result
