"""The demo portfolio through GraphQL and HTTP: ranking, the portfolio summary and the CSV
export (ranking by stored scores in depth: test_ranking.py)."""

from __future__ import annotations

import csv
import io

import httpx
import pytest

from api.demo_loader import demo_input
from tests.helpers import TODAY, GraphQL


async def test_portfolio_ranking_and_summary(gql: GraphQL, demo: None) -> None:
    # README: analyst listing
    body = await gql(
        """{
          accounts(filter: {riskFlag: CHAMPION_LEFT}, orderBy: {field: DEPENDENCY, direction: DESC}) {
            totalCount edges { node { name tier dependencyScore riskFlagCodes scoresComputedAt } }
          }
          ranked: accounts(orderBy: {field: BREADTH, direction: DESC}, first: 3) {
            edges { node { name breadthScore } }
          }
          portfolioSummary { accounts totalRevenue strategicRevenueShare top10RevenueConcentration
            teamMembers teamMembersWithActiveTouchpoints scoredAccounts
            tiers { tier accounts revenue averageTenureYears } riskFlags { code accounts } }
        }"""
    )
    data = body["data"]
    assert [e["node"]["name"] for e in data["accounts"]["edges"]] == ["Northwind Logistics"]
    assert data["accounts"]["edges"][0]["node"]["scoresComputedAt"] is not None
    breadths = [e["node"]["breadthScore"] for e in data["ranked"]["edges"]]
    assert breadths == sorted(breadths, reverse=True)
    summary = data["portfolioSummary"]
    accounts = demo_input(TODAY)["accounts"]
    revenue = sum(a.get("annualRevenue") or 0 for a in accounts)
    strategic = sum(a.get("annualRevenue") or 0 for a in accounts if a["tier"] >= 3)
    assert summary["accounts"] == 7 and summary["scoredAccounts"] == 7
    assert summary["totalRevenue"] == pytest.approx(revenue)
    assert summary["strategicRevenueShare"] == pytest.approx(strategic / revenue, abs=1e-4)
    assert summary["top10RevenueConcentration"] == pytest.approx(1.0)  # only 7 accounts
    assert summary["teamMembers"] == 8
    assert {t["tier"]: t["accounts"] for t in summary["tiers"]} == {1: 2, 2: 2, 3: 2, 4: 1}
    assert {"code": "CHAMPION_LEFT", "accounts": 1} in summary["riskFlags"]


async def test_csv_export(client: httpx.AsyncClient, demo: None) -> None:
    response = await client.get("/export/accounts.csv", params={"order": "DEPENDENCY"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 7
    assert [float(r["dependency_score"]) for r in rows] == sorted(
        (float(r["dependency_score"]) for r in rows), reverse=True
    )
    tier4 = await client.get("/export/accounts.csv", params={"tier": 4})
    assert [r["name"] for r in csv.DictReader(io.StringIO(tier4.text))] == ["Northwind Logistics"]
