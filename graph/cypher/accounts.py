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
