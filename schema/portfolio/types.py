"""The portfolio at a glance: counts, revenue and mean stored scores."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from graph import scores as stored
from schema.context import Info
from schema.enums import RiskFlagCode


@strawberry.type
class TierSummary:
    tier: int
    accounts: int
    revenue: float
    revenue_share: float = strawberry.field(description="Share of the portfolio's revenue, 0-1.")
    average_tenure_years: float | None
    mean_breadth: float | None
    mean_dependency: float | None
    mean_executive: float | None


@strawberry.type
class FlagCount:
    code: RiskFlagCode
    accounts: int


@strawberry.type(description="The portfolio at a glance (stored scores; see scoresComputedAt).")
class PortfolioSummary:
    accounts: int
    total_revenue: float
    tiers: list[TierSummary]
    strategic_revenue_share: float = strawberry.field(
        description="Share of revenue from tier 3-4 accounts, 0-1."
    )
    top10_revenue_concentration: float = strawberry.field(
        description="Share of revenue from the 10 largest accounts, 0-1."
    )
    team_members: int
    team_members_with_active_touchpoints: int = strawberry.field(
        description="Our people with a client touchpoint in the active window."
    )
    mean_breadth: float | None
    mean_dependency: float | None
    mean_executive: float | None
    scored_accounts: int
    oldest_scores_computed_at: datetime | None
    risk_flags: list[FlagCount]


def _mean(tiers: list[dict[str, Any]], key: str) -> float | None:
    pairs = [(t[key], t["accounts"]) for t in tiers if t[key] is not None]
    weight = sum(n for _, n in pairs)
    return round(sum(v * n for v, n in pairs) / weight, 1) if weight else None


async def resolve_portfolio_summary(info: Info) -> PortfolioSummary:
    ctx = info.context
    rows = await stored.portfolio(ctx.graph, ctx.today, ctx.scoring.active_window_days)
    total = sum(float(t["revenue"]) for t in rows.tiers)

    def share(value: float) -> float:
        return round(value / total, 4) if total else 0.0

    return PortfolioSummary(
        accounts=sum(int(t["accounts"]) for t in rows.tiers),
        total_revenue=total,
        tiers=[
            TierSummary(
                tier=int(t["tier"] or 0),
                accounts=int(t["accounts"]),
                revenue=float(t["revenue"]),
                revenue_share=share(float(t["revenue"])),
                average_tenure_years=round(t["tenure"], 2) if t["tenure"] is not None else None,
                mean_breadth=_round(t["breadth"]),
                mean_dependency=_round(t["dependency"]),
                mean_executive=_round(t["executive"]),
            )
            for t in rows.tiers
        ],
        strategic_revenue_share=share(
            sum(float(t["revenue"]) for t in rows.tiers if (t["tier"] or 0) >= 3)
        ),
        top10_revenue_concentration=share(sum(rows.top_revenues)),
        team_members=int(rows.engagement["members"]),
        team_members_with_active_touchpoints=int(rows.engagement["engaged"]),
        mean_breadth=_mean(rows.tiers, "breadth"),
        mean_dependency=_mean(rows.tiers, "dependency"),
        mean_executive=_mean(rows.tiers, "executive"),
        scored_accounts=int(rows.engagement["scored"]),
        oldest_scores_computed_at=rows.engagement["oldest"],
        risk_flags=[
            FlagCount(code=RiskFlagCode(f["code"]), accounts=int(f["accounts"])) for f in rows.flags
        ],
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 1)
