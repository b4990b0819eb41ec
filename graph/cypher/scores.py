"""Cypher for stored scores, snapshots and the portfolio summary."""

from __future__ import annotations

#: Stores each account's scores and, in the same statement, records its risk-flag transitions:
#: an AlertEvent per flag key (``CODE`` or ``CODE|personId``, see graph/alerts.py) that appeared
#: or cleared since the stored scoring, and a pending WebhookDelivery per event and endpoint
#: that wants it (the outbox). An account never scored before (no ``riskFlagKeys``) records no
#: events: that scoring is the baseline. The dummy property takes the account's write lock
#: before the stored keys are read (the idiom of the Neo4j manual), so two refreshes at once
#: queue there and the second sees what the first stored: no transition is told twice.
STORE_SCORES = """
UNWIND $rows AS row
MATCH (a:Account {id: row.id})
SET a._scoresLock = true
WITH a, row, a.riskFlagKeys AS before
REMOVE a._scoresLock
SET a.breadthScore = row.breadth, a.dependencyScore = row.dependency,
    a.executiveScore = row.executive, a.riskFlagCodes = row.flags,
    a.riskFlagKeys = [f IN row.raised | f.key],
    a.scoresComputedAt = datetime(), a.scoresAsOf = row.as_of
WITH a, row, before
WHERE before IS NOT NULL
WITH a, row,
     [f IN row.raised WHERE NOT f.key IN before | f {.*, transition: 'APPEARED'}]
     + [k IN before WHERE NOT k IN [f IN row.raised | f.key] |
        {key: k, code: split(k, '|')[0],
         personId: CASE WHEN k CONTAINS '|' THEN substring(k, size(split(k, '|')[0]) + 1) END,
         personIds: [], message: null, evidence: [], severity: null,
         transition: 'CLEARED'}] AS changes
UNWIND changes AS change
CREATE (e:AlertEvent {id: randomUUID(), accountId: a.id, accountName: a.name,
                      code: change.code, transition: change.transition,
                      personId: change.personId, personIds: change.personIds,
                      message: change.message, evidence: change.evidence,
                      severity: change.severity, asOf: row.as_of, at: datetime()})
WITH e
CALL (e) {
    MATCH (w:Webhook)
    WHERE w.active AND (size(w.codes) = 0 OR e.code IN w.codes) AND e.transition IN w.transitions
    CREATE (d:WebhookDelivery {id: randomUUID(), eventId: e.id, webhookId: w.id,
                               status: 'PENDING', attempts: 0, createdAt: datetime(),
                               nextAttemptAt: datetime()})
    RETURN count(d) AS deliveries
}
RETURN count(e) AS events, sum(deliveries) AS deliveries
"""

#: Stores each relationship's derived strength at an account and the days it holds for
#: (scoring.judge_strengths; graph/cypher/facts.py DERIVED_STRENGTH_PROPS), written only where
#: it differs from what is stored, so a daily recompute of an unchanged portfolio writes next
#: to nothing: a value still in its range with the same strength, touchpoints and end is left
#: alone (its range started earlier). The facts hold no touchpoint dated after the day, so a
#: shared one logged ahead ends the range on its date. One slot per relationship: a person at
#: two accounts keeps the value of the account that stored it while that holds, and the
#: other account's charts derive theirs.
STORE_STRENGTHS = """
UNWIND $rows AS row
MATCH (t:TeamMember {id: row.teamMemberId})-[k:KNOWS]->(p:Person {id: row.personId})
WITH row, k, head(COLLECT {
    MATCH (p)-[:ATTENDED]->(x:Touchpoint)<-[:ATTENDED]-(t)
    WHERE x.date > row.from AND x.date < row.until
      AND (x)-[:AT_ACCOUNT]->(:Account {id: row.accountId})
    RETURN x.date AS ahead ORDER BY ahead LIMIT 1
}) AS ahead
WITH row, k, coalesce(ahead, row.until) AS until
WHERE (k.derivedAt IS NULL OR k.derivedAt = row.accountId
       OR NOT coalesce(k.derivedFrom <= row.from AND row.from < k.derivedUntil, false))
  AND NOT coalesce(
      k.derivedAt = row.accountId AND k.derivedStrength = row.strength
      AND k.derivedFrom <= row.from AND k.derivedUntil = until
      AND coalesce(k.derivedLastTouchpoint = row.lastTouchpoint,
                   k.derivedLastTouchpoint IS NULL AND row.lastTouchpoint IS NULL)
      AND coalesce(k.derivedLastShared = row.lastShared,
                   k.derivedLastShared IS NULL AND row.lastShared IS NULL), false)
SET k.derivedAt = row.accountId, k.derivedStrength = row.strength,
    k.derivedLastTouchpoint = row.lastTouchpoint, k.derivedLastShared = row.lastShared,
    k.derivedFrom = row.from, k.derivedUntil = until
RETURN count(k) AS stored
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

#: The accounts a recompute as of ``$asOf`` scores: every one, or with ``$resume`` those not yet
#: done for that day (no snapshot of it with ``$snapshot``, else not scored as of it).
ACCOUNTS_TO_SCORE = """
MATCH (a:Account)
WHERE NOT $resume
   OR ($snapshot AND NOT EXISTS { MATCH (:ScoreSnapshot {accountId: a.id, asOf: $asOf}) })
   OR (NOT $snapshot AND coalesce(a.scoresAsOf <> $asOf, true))
RETURN a.id AS id ORDER BY id
"""

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
