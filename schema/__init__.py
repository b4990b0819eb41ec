"""The GraphQL schema: domain objects mapped to Strawberry types."""

from __future__ import annotations

import strawberry
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.tools import merge_types

from api.settings import Settings
from schema.mutations import Mutation as GraphMutation
from schema.query import Query
from schema.refresh import RefreshScores
from schema.score_mutations import ScoreMutations
from schema.stats import QueryStatsExtension

Mutation = merge_types("Mutation", (GraphMutation, ScoreMutations))

# Every graph write keeps the stored scores of the accounts it touched fresh.
for _field in GraphMutation.__strawberry_definition__.fields:  # type: ignore[attr-defined]
    _field.extensions.append(RefreshScores())


def build_schema(settings: Settings) -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        extensions=[
            lambda: QueryDepthLimiter(max_depth=settings.max_query_depth),
            lambda: MaxAliasesLimiter(max_alias_count=settings.max_aliases),
            lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
            QueryStatsExtension,
        ],
    )
