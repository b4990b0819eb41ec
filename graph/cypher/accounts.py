"""Cypher for accounts."""

from __future__ import annotations

#: An account as a map whose keys are the domain's field names.
ACCOUNT_MAP = """{
    id: a.id, name: a.name, domain: a.domain, industry: a.industry, segment: a.segment,
    tier: a.tier, is_key_account: coalesce(a.isKeyAccount, false),
    annual_revenue: a.annualRevenue, currency: a.currency, client_since: a.clientSince,
    lifecycle_stage: a.lifecycleStage, renewal_date: a.renewalDate,
    expansion_potential: a.expansionPotential, icp_fit: a.icpFit,
    strategic_value: a.strategicValue, risk_cost_to_serve: a.riskCostToServe,
    breadth_score: a.breadthScore, dependency_score: a.dependencyScore,
    executive_score: a.executiveScore, risk_flag_codes: coalesce(a.riskFlagCodes, []),
    scores_computed_at: a.scoresComputedAt, created_at: a.createdAt, updated_at: a.updatedAt,
    external_ids: [(r:ExternalRef)-[:IDENTIFIES]->(a) | {system: r.system, value: r.value}]
}"""

ACCOUNTS_BY_ID = (
    """
UNWIND $ids AS id
MATCH (a:Account {id: id})
RETURN """
    + ACCOUNT_MAP
    + """ AS account
"""
)

ACCOUNT_FILTER = """
    ($search IS NULL OR toLower(a.name) CONTAINS toLower($search)
        OR toLower(coalesce(a.domain, '')) CONTAINS toLower($search))
    AND ($tiers IS NULL OR a.tier IN $tiers)
    AND ($isKeyAccount IS NULL OR coalesce(a.isKeyAccount, false) = $isKeyAccount)
    AND ($industry IS NULL OR a.industry = $industry)
    AND ($segment IS NULL OR a.segment = $segment)
    AND ($riskFlag IS NULL OR $riskFlag IN coalesce(a.riskFlagCodes, []))
    AND ($minBreadth IS NULL OR a.breadthScore >= $minBreadth)
    AND ($maxBreadth IS NULL OR a.breadthScore <= $maxBreadth)
    AND ($minDependency IS NULL OR a.dependencyScore >= $minDependency)
    AND ($maxDependency IS NULL OR a.dependencyScore <= $maxDependency)
    AND ($minExecutive IS NULL OR a.executiveScore >= $minExecutive)
    AND ($maxExecutive IS NULL OR a.executiveScore <= $maxExecutive)
"""

#: Sort keys by the GraphQL AccountOrderField value. Unscored accounts sort last either way.
ACCOUNT_SORT_KEYS = {
    "NAME": "toLower(a.name)",
    "TIER": "a.tier",
    "ANNUAL_REVENUE": "coalesce(a.annualRevenue, -1.0)",
    "CLIENT_SINCE": "a.clientSince",
    "RENEWAL_DATE": "a.renewalDate",
    "BREADTH": "coalesce(a.breadthScore, -1.0)",
    "DEPENDENCY": "coalesce(a.dependencyScore, -1.0)",
    "EXECUTIVE": "coalesce(a.executiveScore, -1.0)",
}


def _accounts_page(sort_key: str, direction: str) -> str:
    return (
        "CALL () { MATCH (a:Account) WHERE "
        + ACCOUNT_FILTER
        + " RETURN count(a) AS total }\n"
        + "CALL () { MATCH (a:Account) WHERE "
        + ACCOUNT_FILTER
        + " WITH a ORDER BY "
        + sort_key
        + " "
        + direction
        + ", a.id SKIP $skip LIMIT $limit RETURN collect("
        + ACCOUNT_MAP
        + ") AS page }\nRETURN total, page"
    )


#: One query per (sort field, direction), built once from the fixed keys above; user input
#: only ever chooses among them and reaches Cypher as parameters.
ACCOUNTS_PAGE: dict[tuple[str, str], str] = {
    (field, direction): _accounts_page(key, direction)
    for field, key in ACCOUNT_SORT_KEYS.items()
    for direction in ("ASC", "DESC")
}
