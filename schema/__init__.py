"""The GraphQL schema: domain objects mapped to Strawberry types."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from api.settings import Settings
from schema.errors import ErrorCodes, log_errors
from schema.mutations import Mutation as GraphMutation
from schema.query import Query
from schema.refresh import RefreshScores
from schema.score_mutations import ScoreMutations
from schema.stats import QueryStatsExtension

Mutation = merge_types("Mutation", (GraphMutation, ScoreMutations))

# Every graph write keeps the stored scores of the accounts it touched fresh.
for _field in GraphMutation.__strawberry_definition__.fields:  # type: ignore[attr-defined]
    _field.extensions.append(RefreshScores())


class _Limits:
    """Request limits of the process; the limiter extensions read them per request."""

    depth = 15
    aliases = 30
    tokens = 5000


class StakegraphSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        log_errors(errors)


_schema: strawberry.Schema | None = None


def build_schema(settings: Settings) -> strawberry.Schema:
    """The process's schema. Strawberry's Relay fields can be converted only once per process,
    so the schema is built on the first call and reused; the limits follow ``settings``."""
    global _schema
    _Limits.depth = settings.max_query_depth
    _Limits.aliases = settings.max_aliases
    _Limits.tokens = settings.max_tokens
    if _schema is None:
        _schema = StakegraphSchema(
            query=Query,
            mutation=Mutation,
            extensions=[
                lambda: QueryDepthLimiter(max_depth=_Limits.depth),
                lambda: MaxAliasesLimiter(max_alias_count=_Limits.aliases),
                lambda: MaxTokensLimiter(max_token_count=_Limits.tokens),
                QueryStatsExtension,
                ErrorCodes,
            ],
        )
    return _schema
