"""Typed settings, read from the environment (and a ``.env`` file when present)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from schema.config import SchemaConfig
from scoring.config import DEFAULT_CONFIG, ScoringConfig


def _override(config: Any, changes: dict[str, Any], path: str = "scoring") -> Any:
    """``config`` (a frozen dataclass) with ``changes`` applied, nested dataclasses included."""
    fields = {f.name: f for f in dataclasses.fields(config)}
    values: dict[str, Any] = {}
    for key, value in changes.items():
        if key not in fields:
            raise ValueError(f"unknown scoring setting {path}.{key}")
        current = getattr(config, key)
        if dataclasses.is_dataclass(current) and isinstance(value, dict):
            values[key] = _override(current, value, f"{path}.{key}")
        elif isinstance(current, Mapping) and isinstance(value, dict):
            merged = dict(current)
            for sub_key, sub_value in value.items():
                # JSON keys are strings; the tier plan is keyed by int tiers.
                typed_key = int(sub_key) if any(isinstance(k, int) for k in current) else sub_key
                base = merged.get(typed_key)
                if isinstance(base, Mapping) and isinstance(sub_value, dict):
                    sub_value = MappingProxyType({**base, **sub_value})
                merged[typed_key] = sub_value
            values[key] = MappingProxyType(merged)
        elif isinstance(current, tuple) and isinstance(value, list):
            values[key] = tuple(value)
        else:
            values[key] = value
    return dataclasses.replace(config, **values)


#: The connection settings of the local Neo4j that ``make run`` starts (``scripts/neo4jctl.py``
#: writes them while it runs), so the ``stakegraph`` CLI finds it without exporting anything.
#: The environment and ``.env`` take precedence.
LOCAL_NEO4J_ENV_FILE = Path(__file__).resolve().parent.parent / ".cache/neo4j/dev/connection.env"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=(LOCAL_NEO4J_ENV_FILE, ".env"), extra="ignore")

    neo4j_uri: str = "bolt://127.0.0.1:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("")
    neo4j_database: str = "neo4j"
    #: how long start-up waits for Neo4j to answer (a server still starting, a cluster electing).
    neo4j_connect_attempts: int = Field(default=30, ge=1)
    #: how long a request's query retries transient failures before the client gets
    #: SERVICE_UNAVAILABLE: long enough for a cluster leader switch, well short of client
    #: timeouts. Once Neo4j is known to be down, queries fail at once until it answers again.
    neo4j_retry_seconds: float = Field(default=3.0, ge=0)
    #: how long opening one connection to Neo4j may take (TCP, TLS and the Bolt handshake).
    neo4j_connect_timeout_seconds: float = Field(default=5.0, gt=0)
    #: how long a query waits for a pooled connection while all 50 are busy.
    neo4j_acquire_timeout_seconds: float = Field(default=10.0, gt=0)
    #: the server-side time limit of every statement and transaction the API runs (Neo4j has
    #: none by default): work a request started stops with it.
    neo4j_query_timeout_seconds: float = Field(default=30.0, gt=0)

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    graphiql: bool = True
    #: browser origins allowed to call the API (CORS), as JSON: ``["https://app.example"]``.
    #: None by default; ``make run`` allows the usual local development origins.
    cors_origins: list[str] = Field(default_factory=list)

    #: GraphQL request limits (depth, aliases, tokens) and page sizes.
    max_query_depth: int = Field(default=15, ge=1)
    max_aliases: int = Field(default=30, ge=1)
    max_tokens: int = Field(default=5000, ge=1)
    max_page_size: int = Field(default=100, ge=1)
    #: the largest request body read (a full importDataset of 10,000 records fits).
    max_request_bytes: int = Field(default=8 * 1024 * 1024, ge=1024)
    default_page_size: int = Field(default=20, ge=1)

    #: analyst Cypher: time limit and row cap.
    cypher_timeout_s: float = Field(default=10.0, gt=0)
    cypher_max_rows: int = Field(default=5000, ge=1)
    #: ... and the JSON size of the rows returned.
    cypher_max_bytes: int = Field(default=4 * 1024 * 1024, ge=1024)

    #: the org chart and intro paths bound their traversals here.
    max_org_chart_depth: int = Field(default=12, ge=1)

    #: overrides of the scoring defaults (docs/scoring.md) as JSON, for example
    #: ``{"active_window_days": 60, "matrix": {"threshold": 20}}``.
    scoring: str = "{}"

    @field_validator("scoring")
    @classmethod
    def _valid_scoring(cls, value: str) -> str:
        changes = json.loads(value or "{}")
        if not isinstance(changes, dict):
            raise ValueError("SCORING must be a JSON object")
        _override(DEFAULT_CONFIG, changes)
        return value

    def scoring_config(self) -> ScoringConfig:
        return _scoring_config(self.scoring)

    def schema_config(self) -> SchemaConfig:
        """What the GraphQL schema is told of these settings."""
        return SchemaConfig(
            max_query_depth=self.max_query_depth,
            max_aliases=self.max_aliases,
            max_tokens=self.max_tokens,
            max_page_size=self.max_page_size,
            default_page_size=self.default_page_size,
            max_org_chart_depth=self.max_org_chart_depth,
            cypher_timeout_s=self.cypher_timeout_s,
            cypher_max_rows=self.cypher_max_rows,
            cypher_max_bytes=self.cypher_max_bytes,
            scoring=self.scoring_config(),
        )


@lru_cache(maxsize=8)
def _scoring_config(overrides: str) -> ScoringConfig:
    config: ScoringConfig = _override(DEFAULT_CONFIG, json.loads(overrides or "{}"))
    return config
