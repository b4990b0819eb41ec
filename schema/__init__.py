"""The GraphQL schema, composed from one package per domain (see docs/architecture.md)."""

from __future__ import annotations

import strawberry
from graphql import ASTValidationRule, GraphQLError, NoSchemaIntrospectionCustomRule
from strawberry.extensions import AddValidationRules, MaxTokensLimiter, SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from schema.accounts.mutations import AccountMutations
from schema.accounts.queries import AccountQueries
from schema.admin.mutations import AdminMutations
from schema.admin.queries import AdminQueries
from schema.alerts.mutations import AlertMutations
from schema.alerts.queries import AlertQueries
from schema.analyst.queries import AnalystQueries
from schema.budget import CostLimit
from schema.caches import DocumentParseCache, DocumentValidationCache
from schema.config import SchemaConfig
from schema.errors import ErrorCodes, log_errors
from schema.imports.mutations import ImportMutations
from schema.limits import alias_limit, depth_limit
from schema.opportunities.mutations import OpportunityMutations
from schema.people.mutations import PeopleMutations
from schema.people.queries import PeopleQueries
from schema.permissions import CanRead, CanWrite, require_by_default
from schema.portfolio.queries import PortfolioQueries
from schema.relationships.mutations import RelationshipMutations
from schema.relationships.queries import RelationshipQueries
from schema.response_cache import ResponseCache, ResponseStore, response_cache
from schema.scores.mutations import ScoreMutations
from schema.stats import QueryStatsExtension
from schema.system import SystemQueries
from schema.team.mutations import TeamMutations
from schema.team.queries import TeamQueries

__all__ = ["SchemaConfig", "build_schema"]

# One root type each, composed from the domains' classes (in the order clients see them).
Query = merge_types(
    "Query",
    (
        SystemQueries,
        AccountQueries,
        PeopleQueries,
        TeamQueries,
        RelationshipQueries,
        PortfolioQueries,
        AnalystQueries,
        AlertQueries,
        AdminQueries,
    ),
)
Mutation = merge_types(
    "Mutation",
    (
        AccountMutations,
        PeopleMutations,
        OpportunityMutations,
        TeamMutations,
        RelationshipMutations,
        ImportMutations,
        ScoreMutations,
        AlertMutations,
        AdminMutations,
    ),
)

# Every root field checks a permission: reads READ and writes WRITE unless they name another.
require_by_default(Query, CanRead)
require_by_default(Mutation, CanWrite)


class StakegraphSchema(strawberry.Schema):
    #: this schema's response cache (None: off), for hits answered before GraphQL runs.
    response_cache: ResponseCache | None = None

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        log_errors(errors)


def build_schema(config: SchemaConfig) -> StakegraphSchema:
    """A schema whose request limits are ``config``'s; each call builds a new one."""
    limits: list[type[ASTValidationRule]] = [
        depth_limit(config.max_query_depth),
        alias_limit(config.max_aliases),
    ]
    if not config.introspection:
        limits.append(NoSchemaIntrospectionCustomRule)
    cache: list[type[SchemaExtension]] = []
    kept: ResponseCache | None = None
    if config.response_cache:
        # One store per schema, so per app: its answers are this process's.
        store = ResponseStore(config.response_cache_entries, config.response_cache_max_bytes)
        kept = ResponseCache(store)
        cache.append(response_cache(kept))
    schema = StakegraphSchema(
        query=Query,
        mutation=Mutation,
        config=StrawberryConfig(batching_config={"max_operations": config.max_batch_operations}),
        extensions=[
            # Linear in the document (schema/limits.py), unlike Strawberry's own limiters.
            lambda: AddValidationRules(limits),
            lambda: MaxTokensLimiter(max_token_count=config.max_tokens),
            # After the limiters: the caches key on the parse options they set, and a cached
            # validation ran with the limits' rules.
            DocumentParseCache,
            DocumentValidationCache,
            QueryStatsExtension,
            CostLimit,
            # After the cost check (a hit is charged like a miss), around the execution.
            *cache,
            ErrorCodes,
        ],
    )
    schema.response_cache = kept
    return schema
