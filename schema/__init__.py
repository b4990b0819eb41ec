"""The GraphQL schema: domain objects mapped to Strawberry types."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from schema.config import SchemaConfig
from schema.errors import ErrorCodes, log_errors
from schema.mutations import Mutation as GraphMutation
from schema.query import Query
from schema.score_mutations import ScoreMutations
from schema.stats import QueryStatsExtension

__all__ = ["SchemaConfig", "build_schema"]

Mutation = merge_types("Mutation", (GraphMutation, ScoreMutations))


class StakegraphSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        log_errors(errors)


def build_schema(config: SchemaConfig) -> strawberry.Schema:
    """A schema whose request limits are ``config``'s; each call builds a new one."""
    return StakegraphSchema(
        query=Query,
        mutation=Mutation,
        extensions=[
            lambda: QueryDepthLimiter(max_depth=config.max_query_depth),
            lambda: MaxAliasesLimiter(max_alias_count=config.max_aliases),
            lambda: MaxTokensLimiter(max_token_count=config.max_tokens),
            QueryStatsExtension,
            ErrorCodes,
        ],
    )
