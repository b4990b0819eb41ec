"""Queries of the whole portfolio."""

from __future__ import annotations

import strawberry

from schema.context import Info
from schema.portfolio.types import PortfolioSummary, resolve_portfolio_summary


@strawberry.type
class PortfolioQueries:
    @strawberry.field(description="Counts, revenue and mean stored scores across the portfolio.")
    async def portfolio_summary(self, info: Info) -> PortfolioSummary:
        return await resolve_portfolio_summary(info)
