"""Cypher for stored scores, snapshots and the portfolio summary."""

from __future__ import annotations

STORE_SCORES = """
UNWIND $rows AS row
MATCH (a:Account {id: row.id})
SET a.breadthScore = row.breadth, a.dependencyScore = row.dependency,
    a.executiveScore = row.executive, a.riskFlagCodes = row.flags,
    a.scoresComputedAt = datetime(), a.scoresAsOf = row.as_of
"""

#: One snapshot per account and as-of day: taking it again that day (a retry, or a later
#: recompute) replaces the values, so history has one point per day.
TAKE_SNAPSHOTS = """
UNWIND $rows AS row
MATCH (a:Account {id: row.id})
MERGE (s:ScoreSnapshot {accountId: row.id, asOf: row.as_of})
ON CREATE SET s.id = randomUUID()
SET s.takenAt = datetime(), s.breadth = row.breadth, s.dependency = row.dependency,
    s.executive = row.executive, s.riskFlagCodes = row.flags
MERGE (s)-[:OF]->(a)
RETURN s.id AS id
"""

#: Snapshots of each account, newest first, at most $limit per account.
SCORE_HISTORIES = """
UNWIND $accountIds AS accountId
CALL (accountId) {
    MATCH (s:ScoreSnapshot {accountId: accountId})
    WHERE ($from IS NULL OR s.asOf >= $from) AND ($to IS NULL OR s.asOf <= $to)
    WITH s ORDER BY s.asOf DESC, s.takenAt DESC
    LIMIT $limit
    RETURN collect(s {.id, .takenAt, .asOf, .breadth, .dependency, .executive, .riskFlagCodes})
        AS rows
}
RETURN accountId, rows
"""

ALL_ACCOUNT_IDS = "MATCH (a:Account) RETURN a.id AS id ORDER BY id"

PORTFOLIO_TIERS = """
MATCH (a:Account)
WHERE $visible IS NULL OR a.id IN $visible
WITH a.tier AS tier, count(a) AS accounts, sum(coalesce(a.annualRevenue, 0.0)) AS revenue,
     avg(CASE WHEN a.clientSince IS NULL THEN null
              ELSE duration.inDays(a.clientSince, $today).days / 365.25 END) AS tenure,
     avg(a.breadthScore) AS breadth, avg(a.dependencyScore) AS dependency,
     avg(a.executiveScore) AS executive
RETURN tier, accounts, revenue, tenure, breadth, dependency, executive
ORDER BY tier
"""

PORTFOLIO_TOP_REVENUE = """
MATCH (a:Account)
WHERE a.annualRevenue IS NOT NULL AND ($visible IS NULL OR a.id IN $visible)
RETURN a.annualRevenue AS revenue
ORDER BY revenue DESC
LIMIT $top
"""

PORTFOLIO_ENGAGEMENT = """
CALL () {
    MATCH (t:TeamMember)-[:ATTENDED]->(tp:Touchpoint)
    WHERE tp.date > $since AND tp.date <= $today
      AND ($visible IS NULL OR EXISTS { (tp)-[:AT_ACCOUNT]->(va:Account) WHERE va.id IN $visible })
    RETURN count(DISTINCT t) AS engaged
}
CALL () {
    MATCH (t:TeamMember)
    WHERE $visible IS NULL OR EXISTS { (t)-[:ON_TEAM]->(va:Account) WHERE va.id IN $visible }
    RETURN count(t) AS members
}
CALL () {
    MATCH (a:Account)
    WHERE $visible IS NULL OR a.id IN $visible
    RETURN count(a) AS total, count(a.scoresComputedAt) AS scored,
           min(a.scoresComputedAt) AS oldest
}
RETURN engaged, members, total, scored, oldest
"""

FLAG_COUNTS = """
MATCH (a:Account)
WHERE $visible IS NULL OR a.id IN $visible
UNWIND coalesce(a.riskFlagCodes, []) AS code
RETURN code, count(*) AS accounts
ORDER BY accounts DESC, code
"""
