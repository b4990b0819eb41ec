"""The per-request GraphQL context: the request's graph session, its loaders, who is asking."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from strawberry.fastapi import BaseContext
from strawberry.types import Info as StrawberryInfo

from graph.client import GraphSession
from schema.config import SchemaConfig
from schema.loaders import Loaders


@dataclass(frozen=True)
class Viewer:
    """Who sends the request. Every permission check reads this (see schema/permissions.py)."""

    name: str = "anonymous"
    roles: frozenset[str] = field(default_factory=lambda: frozenset({"admin"}))


class Context(BaseContext):
    def __init__(
        self, graph: GraphSession, config: SchemaConfig, viewer: Viewer, today: date | None = None
    ) -> None:
        super().__init__()
        self.graph = graph
        self.config = config
        self.viewer = viewer
        #: the request's day (the system date unless a caller such as the demo loader says).
        self.today = today or date.today()
        self.scoring = config.scoring
        self.loaders = Loaders(graph, self.today, self.scoring)
        #: scores computed in this request, by (account, as of, removed ids).
        self.score_cache: dict[tuple[str, date, frozenset[str]], Any] = {}


Info = StrawberryInfo[Context, None]
