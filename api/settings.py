"""Typed settings, read from the environment (and a ``.env`` file when present)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from api.auth import JwtSettings
from api.webhooks import WebhookConfig
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


LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
ASYMMETRIC_JWT_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)


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
    #: the deadline of a whole GraphQL request (all its statements, its retries, waiting for a
    #: connection or a lock): past it the request answers TIMEOUT (WRITE_UNCONFIRMED when a
    #: write of it may be stored) and its Neo4j work is cancelled. Above the statement limit,
    #: so one slow statement is reported by its own limit first.
    request_timeout_seconds: float = Field(default=60.0, gt=0)

    #: the level of the ``stakegraph`` log lines (one per request at INFO).
    log_level: str = Field(default="INFO", pattern="^(?i)(DEBUG|INFO|WARNING|ERROR)$")

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    #: uvicorn worker processes ``make run`` starts (``scripts/run.py``; one per core up to 4
    #: unless set). Each process has its own key cache, rate-limit buckets and response
    #: cache; what they share lives in Neo4j.
    workers: int = Field(default=1, ge=1, le=64)
    graphiql: bool = True
    #: the org-chart explorer page at ``/explorer`` (api/explorer.py).
    explorer: bool = True
    #: answer introspection queries (``__schema``, ``__type``); production may turn it off.
    introspection: bool = True
    #: FastAPI's native OpenTelemetry (traces, metrics and logs of each request through the
    #: providers configured globally). Off, FastAPI does not look for providers on every
    #: request, which cost 6-7 % of a small request's time in a profile with none configured.
    telemetry: bool = False

    #: every request must carry an API key or a JWT. ``make run`` turns it off on loopback
    #: (requests without credentials then act as a local admin); off is refused on any other
    #: HOST.
    auth_required: bool = True
    #: how long a verified API key is trusted before Neo4j is asked again (a key revoked
    #: through another process stops working within this time).
    api_key_cache_seconds: float = Field(default=30.0, ge=0)
    #: bearer tokens of an identity provider: its issuer and this API's audience, and its keys
    #: (a JWKS URL or file). JWTs are refused unless issuer, audience and keys are set.
    jwt_issuer: str | None = None
    jwt_audience: str | None = None
    jwt_jwks_url: str | None = None
    jwt_jwks_file: Path | None = None
    jwt_algorithms: list[str] = Field(default_factory=lambda: ["RS256", "ES256"])
    #: the claim holding the caller's roles, a dotted path (``realm_access.roles``).
    jwt_roles_claim: str = "roles"
    #: claims (dotted paths) that limit a token to some accounts: a list of account ids, and a
    #: team member id whose seats it follows (docs/security.md). Unset: tokens are not limited.
    jwt_accounts_claim: str | None = None
    jwt_team_member_claim: str | None = None
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
    #: the most objects one request may ask for (schema/cost.py says how they are counted).
    max_query_cost: int = Field(default=25_000, ge=1)
    #: each caller's budget of cost: a bucket this big, refilled at this rate (Shopify's
    #: scheme); RATE_LIMIT_CAPACITY=0 turns the limit off.
    rate_limit_capacity: int = Field(default=100_000, ge=0)
    rate_limit_restore_per_second: float = Field(default=2_000.0, gt=0)
    #: the graph-versioned response cache of read queries (schema/response_cache.py).
    response_cache: bool = True
    #: at most this many answers kept, and this many bytes of them (least recently used out).
    response_cache_entries: int = Field(default=2_000, ge=1)
    response_cache_max_bytes: int = Field(default=64 * 1024 * 1024, ge=1024)
    #: automatic persisted queries (APQ): clients may send a query's SHA-256 instead of it.
    persisted_queries: bool = True
    #: registered operations, ``{"<id>": "<document>"}`` (relay-compiler's persisted file).
    persisted_operations_file: Path | None = None
    #: run only the registered operations (production frontends); needs the file.
    persisted_operations_only: bool = False
    #: operations one batched request may hold (a JSON array of requests).
    max_batch_operations: int = Field(default=10, ge=1)

    #: analyst Cypher: time limit and row cap.
    cypher_timeout_s: float = Field(default=10.0, gt=0)
    cypher_max_rows: int = Field(default=5000, ge=1)
    #: ... and the JSON size of the rows returned.
    cypher_max_bytes: int = Field(default=4 * 1024 * 1024, ge=1024)
    #: the Neo4j user analyst Cypher runs as (a `reader` on Enterprise or Aura); unset, the
    #: API's own user (docs/security.md).
    cypher_neo4j_user: str | None = None
    cypher_neo4j_password: SecretStr = SecretStr("")

    #: the org chart and intro paths bound their traversals here.
    max_org_chart_depth: int = Field(default=12, ge=1)

    #: webhooks (docs/alerts.md): each API process runs a delivery worker, which polls Neo4j's
    #: outbox this often, leases what it takes for WEBHOOK_LEASE_SECONDS (longer than a
    #: delivery's timeout, so a live worker never loses one), and retries a failed delivery
    #: after WEBHOOK_BACKOFF_SECONDS, doubling up to WEBHOOK_BACKOFF_MAX_SECONDS, until it has
    #: made WEBHOOK_MAX_ATTEMPTS.
    webhook_worker: bool = True
    webhook_poll_seconds: float = Field(default=1.0, gt=0)
    webhook_timeout_seconds: float = Field(default=10.0, gt=0)
    webhook_lease_seconds: float = Field(default=60.0, gt=0)
    webhook_max_attempts: int = Field(default=8, ge=1)
    webhook_backoff_seconds: float = Field(default=10.0, ge=0)
    webhook_backoff_max_seconds: float = Field(default=3600.0, ge=0)
    #: deliveries one worker claims per poll (and sends at once).
    webhook_batch_size: int = Field(default=20, ge=1)
    #: endpoints on loopback, private, link-local or other non-public addresses; off, they are
    #: refused when registered and when a name resolves to one at delivery (SSRF).
    webhook_allow_private_urls: bool = False

    #: overrides of the scoring defaults (docs/scoring.md) as JSON, for example
    #: ``{"active_window_days": 60, "matrix": {"threshold": 20}}``.
    scoring: str = "{}"

    @model_validator(mode="after")
    def _consistent(self) -> Settings:
        if not self.auth_required and self.host not in LOOPBACK_HOSTS:
            raise ValueError(
                f"AUTH_REQUIRED=false is allowed on a loopback HOST only, not {self.host!r}: "
                "create an API key (stakegraph keys create) and keep authentication on"
            )
        if self.persisted_operations_only and self.persisted_operations_file is None:
            raise ValueError("PERSISTED_OPERATIONS_ONLY needs PERSISTED_OPERATIONS_FILE")
        if 0 < self.rate_limit_capacity < self.max_query_cost:
            raise ValueError("RATE_LIMIT_CAPACITY must hold at least MAX_QUERY_COST")
        if self.webhook_lease_seconds <= self.webhook_timeout_seconds:
            raise ValueError("WEBHOOK_LEASE_SECONDS must be longer than WEBHOOK_TIMEOUT_SECONDS")
        if (self.jwt_jwks_url or self.jwt_jwks_file) and not (
            self.jwt_issuer and self.jwt_audience
        ):
            raise ValueError("JWT_ISSUER and JWT_AUDIENCE are needed to accept JWTs")
        return self

    @field_validator("jwt_algorithms")
    @classmethod
    def _asymmetric_algorithms(cls, value: list[str]) -> list[str]:
        # A shared-secret algorithm (HS256) with a public key set lets anyone sign tokens.
        refused = [a for a in value if a not in ASYMMETRIC_JWT_ALGORITHMS]
        if refused:
            raise ValueError(f"JWT_ALGORITHMS: {', '.join(refused)} not allowed")
        return value

    def jwt_settings(self) -> JwtSettings | None:
        """How to verify JWTs, or None when no identity provider is configured."""
        if not (self.jwt_jwks_url or self.jwt_jwks_file):
            return None
        assert self.jwt_issuer and self.jwt_audience  # checked on load
        return JwtSettings(
            issuer=self.jwt_issuer,
            audience=self.jwt_audience,
            jwks_url=self.jwt_jwks_url,
            jwks_file=self.jwt_jwks_file,
            algorithms=tuple(self.jwt_algorithms),
            roles_claim=self.jwt_roles_claim,
            accounts_claim=self.jwt_accounts_claim,
            team_member_claim=self.jwt_team_member_claim,
        )

    @field_validator("scoring")
    @classmethod
    def _valid_scoring(cls, value: str) -> str:
        changes = json.loads(value or "{}")
        if not isinstance(changes, dict):
            raise ValueError("SCORING must be a JSON object")
        _override(DEFAULT_CONFIG, changes)
        return value

    def webhook_config(self) -> WebhookConfig:
        return WebhookConfig(
            poll_s=self.webhook_poll_seconds,
            timeout_s=self.webhook_timeout_seconds,
            lease_s=self.webhook_lease_seconds,
            max_attempts=self.webhook_max_attempts,
            backoff_s=self.webhook_backoff_seconds,
            backoff_max_s=self.webhook_backoff_max_seconds,
            batch_size=self.webhook_batch_size,
            allow_private=self.webhook_allow_private_urls,
        )

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
            introspection=self.introspection,
            max_query_cost=self.max_query_cost,
            max_batch_operations=self.max_batch_operations,
            scoring=self.scoring_config(),
            webhook_allow_private_urls=self.webhook_allow_private_urls,
            response_cache=self.response_cache,
            response_cache_entries=self.response_cache_entries,
            response_cache_max_bytes=self.response_cache_max_bytes,
        )


@lru_cache(maxsize=8)
def _scoring_config(overrides: str) -> ScoringConfig:
    config: ScoringConfig = _override(DEFAULT_CONFIG, json.loads(overrides or "{}"))
    return config
