"""What the schema needs to know of the deployment, handed down by ``api/`` as one value."""

from __future__ import annotations

from dataclasses import dataclass

from scoring.config import ScoringConfig


@dataclass(frozen=True, slots=True)
class SchemaConfig:
    """Request limits, page sizes, analyst-query limits and scoring parameters of one schema.

    ``api.settings.Settings.schema_config`` builds it (the defaults live there, once), so two
    schemas in one process may have different limits.
    """

    max_query_depth: int
    max_aliases: int
    max_tokens: int
    max_page_size: int
    default_page_size: int
    max_org_chart_depth: int
    cypher_timeout_s: float
    cypher_max_rows: int
    cypher_max_bytes: int
    introspection: bool
    max_query_cost: int
    max_batch_operations: int
    scoring: ScoringConfig
    #: the response cache (schema/response_cache.py): on, and its bounds.
    response_cache: bool
    response_cache_entries: int
    response_cache_max_bytes: int
    #: webhook endpoints may be on loopback or private addresses (registration checks it).
    webhook_allow_private_urls: bool = False
