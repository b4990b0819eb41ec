"""Cypher that gathers what the scores of accounts need, for many accounts in one round trip.

The traversal stays within each account (its people, their edges, its touchpoints in a window),
so the result is bounded by the account's size, not the portfolio's; Python then judges.
Everything dated is read as it stood on ``$asOf`` (employments, roles, seats, relationships,
reporting lines, influences, introductions, touchpoints); what was deleted cannot be, and
people's seniority and department are today's.
"""

from __future__ import annotations

#: How far back touchpoints are read: the longest window any score looks at (a year, for the
#: annual planning session of the tier-4 cadence). The org chart reads the same window.
FACTS_WINDOW_DAYS = 400

ACCOUNT_FACTS = """
UNWIND $ids AS accountId
MATCH (a:Account {id: accountId})
CALL (a) {
    // Only stints begun by $asOf: someone hired later was nobody at the account then.
    MATCH (p:Person)-[e:EMPLOYED_AT]->(a) WHERE e.since IS NULL OR e.since <= $asOf
    WITH p, collect(e) AS stints
    WITH p, any(s IN stints WHERE (s.since IS NULL OR s.since <= $asOf)
                                AND (s.until IS NULL OR s.until > $asOf)) AS current,
         [s IN stints WHERE s.until IS NOT NULL | s.until] AS ends
    RETURN collect({
        id: p.id, name: p.name, department: p.department, seniority: p.seniority,
        roles: [(p)-[hr:HAS_ROLE]->(a) WHERE hr.since IS NULL OR hr.since <= $asOf | hr.role],
        current: current,
        employment_until: CASE
            WHEN current OR size(ends) = 0 THEN null
            ELSE reduce(m = ends[0], d IN ends | CASE WHEN d > m THEN d ELSE m END)
        END,
        moved_to: head([(p)-[e2:EMPLOYED_AT]->(b:Account)
                        WHERE b <> a AND (e2.until IS NULL OR e2.until > $asOf)
                          AND (e2.since IS NULL OR e2.since <= $asOf)
                        | {id: b.id, name: b.name}]),
        came_from: head([(p)-[e3:EMPLOYED_AT]->(c:Account)
                         WHERE c <> a AND e3.until IS NOT NULL AND e3.until <= $asOf
                         | c.name])
    }) AS people
}
CALL (a) {
    OPTIONAL MATCH (t:TeamMember)-[o:ON_TEAM]->(a) WHERE o.since IS NULL OR o.since <= $asOf
    RETURN collect({id: t.id, name: t.name, role: o.role}) AS team
}
CALL (a) {
    OPTIONAL MATCH (t:TeamMember)-[k:KNOWS]->(p:Person)-[e:EMPLOYED_AT]->(a)
    WHERE (k.since IS NULL OR k.since <= $asOf) AND (e.since IS NULL OR e.since <= $asOf)
    WITH DISTINCT a, t, k, p
    RETURN collect({
        team_member_id: t.id, team_member_name: t.name, person_id: p.id, since: k.since,
        last_contact: k.lastContact, manual_strength: k.manualStrength,
        manual_strength_set_at: k.manualStrengthSetAt,
        // Of any age: an old touchpoint still ends a hand-set strength set before it.
        last_shared_touchpoint: head(COLLECT {
            MATCH (t)-[:ATTENDED]->(x:Touchpoint)<-[:ATTENDED]-(p), (x)-[:AT_ACCOUNT]->(a)
            WHERE x.date <= $asOf
            RETURN x.date ORDER BY x.date DESC LIMIT 1
        })
    }) AS relationships
}
CALL (a) {
    OPTIONAL MATCH (tp:Touchpoint)-[:AT_ACCOUNT]->(a)
    WHERE tp.date > $since AND tp.date <= $asOf
    RETURN collect({
        id: tp.id, date: tp.date, channel: tp.channel, kind: tp.kind,
        initiated_by_client: coalesce(tp.initiatedByClient, false),
        team_member_ids: [(tm:TeamMember)-[:ATTENDED]->(tp) | tm.id],
        person_ids: [(pp:Person)-[:ATTENDED]->(tp) | pp.id]
    }) AS touchpoints
}
CALL (a) {
    OPTIONAL MATCH (p:Person)-[e:EMPLOYED_AT]->(a) WHERE e.since IS NULL OR e.since <= $asOf
    WITH DISTINCT p
    OPTIONAL MATCH (p)-[r:REPORTS_TO|INFLUENCES|INTRODUCED]->(q:Person)-[qe:EMPLOYED_AT]->(a)
    WHERE r IS NOT NULL AND (qe.since IS NULL OR qe.since <= $asOf)
      // Edges as they stood on $asOf: lines that had started and not yet ended, influences
      // and introductions recorded by then.
      AND (coalesce(r.since, r.date) IS NULL OR coalesce(r.since, r.date) <= $asOf)
      AND (type(r) <> 'REPORTS_TO' OR r.until IS NULL OR r.until > $asOf)
    WITH DISTINCT type(r) AS kind, p.id AS source, q.id AS target
    WHERE kind IS NOT NULL
    RETURN collect({kind: kind, source_id: source, target_id: target}) AS edges
}
RETURN a.id AS account_id, a.name AS name, a.tier AS tier, a.annualRevenue AS annual_revenue,
       a.expansionPotential AS expansion_potential, a.icpFit AS icp_fit,
       a.strategicValue AS strategic_value, a.riskCostToServe AS risk_cost_to_serve,
       people, team, relationships, touchpoints, edges
"""
