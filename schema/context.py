"""The per-request GraphQL context: the request's graph session, its loaders, who is asking."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from strawberry.fastapi import BaseContext
from strawberry.types import Info as StrawberryInfo

from graph.access import Identity
from graph.client import GraphSession
from schema.config import SchemaConfig
from schema.loaders import Loaders
from schema.throttle import CostThrottle


class Context(BaseContext):
    def __init__(
        self,
        graph: GraphSession,
        config: SchemaConfig,
        identity: Identity,
        today: date | None = None,
        forget_key: Callable[[str], None] = lambda prefix: None,
        throttle: CostThrottle | None = None,
    ) -> None:
        super().__init__()
        self.graph = graph
        self.config = config
        #: who is asking; every permission check reads it (schema/permissions.py).
        self.identity = identity
        #: drops a revoked key (by prefix) from the process's cache of verified keys.
        self.forget_key = forget_key
        #: the callers' rate limit (None: unlimited, as for the demo loader).
        self.throttle = throttle
        #: the request's day (the system date unless a caller such as the demo loader says).
        self.today = today or date.today()
        self.scoring = config.scoring
        self.loaders = Loaders(graph, self.today, self.scoring)
        #: scores computed in this request, by (account, as of, removed ids).
        self.score_cache: dict[tuple[str, date, frozenset[str]], Any] = {}


Info = StrawberryInfo[Context, None]
