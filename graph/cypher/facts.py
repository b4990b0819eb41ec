"""Cypher that gathers what the scores of accounts need, for many accounts in one round trip.

The traversal stays within each account (its people, their edges, its touchpoints in a window),
so the result is bounded by the account's size, not the portfolio's; Python then judges.
Everything dated is read as it stood on ``$asOf`` (employments, roles, seats, relationships,
reporting lines, influences, introductions, touchpoints, positions); what was deleted cannot
be, and people's perception is today's.
"""

from __future__ import annotations

#: How far back touchpoints are read: the longest window any score looks at (a year, for the
#: annual planning session of the tier-4 cadence). The org chart reads the same window.
FACTS_WINDOW_DAYS = 400

#: What the score recompute stores on a ``KNOWS`` (graph/scores.py, STORE_STRENGTHS): the
#: relationship's derived strength at one account (``derivedAt``, its id), the latest shared
#: touchpoint there in the facts window and of any age, and the days it holds for
#: (``derivedFrom`` up to, not including, ``derivedUntil``). Not data: recomputed, never
#: exported, and removed by every write that changes what it derives from.
DERIVED_STRENGTH_PROPS = (
    "derivedAt",
    "derivedStrength",
    "derivedLastTouchpoint",
    "derivedLastShared",
    "derivedFrom",
    "derivedUntil",
)


def forget_strength(var: str) -> str:
    """``REMOVE`` of the stored derived strength of the ``KNOWS`` ``var``: in the transaction of
    a write that changes one of its inputs, so a refresh that then fails can never leave a
    stale value to read (the reads derive it again until the refresh stores it)."""
    return "REMOVE " + ", ".join(f"{var}.{prop}" for prop in DERIVED_STRENGTH_PROPS)


def stored_strength(k: str, a: str) -> str:
    """Whether ``k`` (a ``KNOWS``) holds a derived strength at account ``a`` valid on $asOf."""
    return (
        f"coalesce({k}.derivedAt = {a}.id AND {k}.derivedFrom <= $asOf"
        f" AND $asOf < {k}.derivedUntil, false)"
    )


# ---- the as-of rules -------------------------------------------------------------------------
# The one home of how a dated edge is read as it stood on ``$asOf``: the scores' facts below
# and the org charts (graph/cypher/reads.py) both use these, so a chart as of a day shows what
# the scores of that day count. ``var`` is a Cypher variable of ours, never user input.


def begun(var: str) -> str:
    """``var`` (an employment, role, seat, relationship or reporting line) had begun by $asOf:
    undated ones always had."""
    return f"({var}.since IS NULL OR {var}.since <= $asOf)"


def holds(var: str) -> str:
    """``var`` (an employment or reporting line) held on $asOf: begun, and not yet ended (it
    ends on its ``until`` day)."""
    return f"({begun(var)} AND ({var}.until IS NULL OR {var}.until > $asOf))"


def recorded(var: str) -> str:
    """``var`` (an influence or an introduction, dated by ``since`` or ``date``) was there on
    $asOf."""
    day = f"coalesce({var}.since, {var}.date)"
    return f"({day} IS NULL OR {day} <= $asOf)"


#: The person ``p``'s target strength at account ``a`` as of $asOf (a map of ``target`` and
#: ``set_at``, or null): one per (person, account), counted from the day it was set. The
#: stakeholder map reads it with the same expression (graph/cypher/reads.py).
STRENGTH_TARGET = """head([(p)-[tg:STRENGTH_TARGET]->(a)
        WHERE tg.targetSetAt IS NULL OR tg.targetSetAt <= $asOf
        | {target: tg.target, set_at: tg.targetSetAt, set_by: tg.targetSetBy}])"""

ACCOUNT_FACTS = (
    """
UNWIND $ids AS accountId
MATCH (a:Account {id: accountId})
CALL (a) {
    // Only stints begun by $asOf: someone hired later was nobody at the account then.
    MATCH (p:Person)-[e:EMPLOYED_AT]->(a) WHERE """
    + begun("e")
    + """
    WITH p, collect(e) AS stints
    WITH p, stints, [s IN stints WHERE """
    + holds("s")
    + """] AS holding,
         [s IN stints WHERE s.until IS NOT NULL | s.until] AS ends
    WITH p, stints, holding, size(holding) > 0 AS current, ends,
         // The latest stint holding on $asOf: its start and title.
         reduce(m = null, s IN holding |
                CASE WHEN m IS NULL OR coalesce(s.since, date('0001-01-01'))
                          > coalesce(m.since, date('0001-01-01')) THEN s ELSE m END) AS stint
    RETURN collect({
        id: p.id, name: p.name, department: p.department, seniority: p.seniority,
        perception: p.perception, title: p.title,
        employment_since: stint.since, employment_title: stint.title,
        earlier_stints: [s IN stints WHERE s.until IS NOT NULL AND s.until <= $asOf
                         | {title: s.title, since: s.since, until: s.until}],
        roles: [(p)-[hr:HAS_ROLE]->(a) WHERE """
    + begun("hr")
    + """ | hr.role],
        // Their positions there begun by $asOf: graph/facts.py takes the one held that day.
        positions: [(p)-[h:HELD]->(a) WHERE """
    + begun("h")
    + """ | {title: h.title, department: h.department, seniority: h.seniority,
                  since: h.since, until: h.until}],

        target: """
    + STRENGTH_TARGET
    + """,
        current: current,
        employment_until: CASE
            WHEN current OR size(ends) = 0 THEN null
            ELSE reduce(m = ends[0], d IN ends | CASE WHEN d > m THEN d ELSE m END)
        END,
        moved_to: head([(p)-[e2:EMPLOYED_AT]->(b:Account)
                        WHERE b <> a AND """
    + holds("e2")
    + """
                        | {id: b.id, name: b.name}]),
        came_from: head([(p)-[e3:EMPLOYED_AT]->(c:Account)
                         WHERE c <> a AND e3.until IS NOT NULL AND e3.until <= $asOf
                         | c.name])
    }) AS people
}
CALL (a) {
    OPTIONAL MATCH (t:TeamMember)-[o:ON_TEAM]->(a) WHERE """
    + begun("o")
    + """
    RETURN collect({id: t.id, name: t.name, role: o.role}) AS team
}
CALL (a) {
    OPTIONAL MATCH (t:TeamMember)-[k:KNOWS]->(p:Person)-[e:EMPLOYED_AT]->(a)
    WHERE """
    + begun("k")
    + " AND "
    + begun("e")
    + """
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
    OPTIONAL MATCH (p:Person)-[e:EMPLOYED_AT]->(a) WHERE """
    + begun("e")
    + """
    WITH DISTINCT p
    OPTIONAL MATCH (p)-[r:REPORTS_TO|INFLUENCES|INTRODUCED]->(q:Person)-[qe:EMPLOYED_AT]->(a)
    WHERE r IS NOT NULL AND """
    + begun("qe")
    + """
      // Edges as they stood on $asOf: lines that had started and not yet ended, influences
      // and introductions recorded by then.
      AND """
    + recorded("r")
    + """
      AND (type(r) <> 'REPORTS_TO' OR """
    + holds("r")
    + """)
    WITH DISTINCT type(r) AS kind, p.id AS source, q.id AS target
    WHERE kind IS NOT NULL
    RETURN collect({kind: kind, source_id: source, target_id: target}) AS edges
}
CALL (a) {
    // Deals are not dated: every as-of day reads today's deals and their people.
    OPTIONAL MATCH (o:Opportunity)-[:FOR_ACCOUNT]->(a)
    RETURN collect({
        id: o.id, name: o.name, stage: o.stage, close_date: o.closeDate, amount: o.amount,
        currency: o.currency,
        contacts: [(cp:Person)-[c:CONTACT_ROLE]->(o) |
                   {person_id: cp.id, role: c.role, is_primary: coalesce(c.isPrimary, false)}]
    }) AS opportunities
}
RETURN a.id AS account_id, a.name AS name, a.tier AS tier, a.annualRevenue AS annual_revenue,
       a.expansionPotential AS expansion_potential, a.icpFit AS icp_fit,
       a.strategicValue AS strategic_value, a.riskCostToServe AS risk_cost_to_serve,
       a.renewalDate AS renewal_date, people, team, relationships, touchpoints, edges,
       opportunities
"""
)
