"""Typed settings, read from the environment (and a ``.env`` file when present)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    neo4j_uri: str = "bolt://127.0.0.1:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("")
    neo4j_database: str = "neo4j"
    #: how long start-up waits for Neo4j to answer (a server still starting, a cluster electing).
    neo4j_connect_attempts: int = Field(default=30, ge=1)

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    graphiql: bool = True

    #: GraphQL request limits (depth, aliases, tokens) and page sizes.
    max_query_depth: int = Field(default=15, ge=1)
    max_aliases: int = Field(default=30, ge=1)
    max_tokens: int = Field(default=5000, ge=1)
    max_page_size: int = Field(default=100, ge=1)
    default_page_size: int = Field(default=20, ge=1)

    #: analyst Cypher: time limit and row cap.
    cypher_timeout_s: float = Field(default=10.0, gt=0)
    cypher_max_rows: int = Field(default=5000, ge=1)

    #: the org chart and intro paths bound their traversals here.
    max_org_chart_depth: int = Field(default=12, ge=1)


@lru_cache
def get_settings() -> Settings:
    return Settings()
