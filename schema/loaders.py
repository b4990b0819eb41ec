"""Per-request dataloaders, one per kind and key (``<Thing>By<Key>Loader``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from strawberry.dataloader import DataLoader

from graph import accounts
from graph.client import GraphSession, Row

Batch = Callable[[GraphSession, Sequence[str]], Awaitable[dict[str, Row]]]


def _by_id(session: GraphSession, fetch: Batch) -> DataLoader[str, Row | None]:
    async def load(keys: list[str]) -> list[Row | None]:
        found = await fetch(session, keys)
        return [found.get(key) for key in keys]

    return DataLoader(load_fn=load)


class Loaders:
    def __init__(self, session: GraphSession) -> None:
        self.account_by_id: DataLoader[str, Row | None] = _by_id(session, accounts.accounts_by_id)
