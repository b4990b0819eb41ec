"""Cypher for single-object writes. Every value from users arrives as a parameter.

Labels cannot be parameters in Cypher, so label-specific statements come as one constant per
label, chosen by the caller from a fixed set.
"""

from __future__ import annotations

from typing import LiteralString

from graph.cypher.facts import forget_strength

#: ``CALL (tp) { FORGET_SHARED }``: the derived strengths stored on the relationships between
#: the touchpoint ``tp``'s participants are forgotten (graph/cypher/facts.py
#: ``forget_strength``). Run before its participants change and after, so the pairs it leaves
#: and the pairs it joins are both derived again until the refresh stores them.
FORGET_SHARED = (
    """
    MATCH (ft:TeamMember)-[:ATTENDED]->(tp)<-[:ATTENDED]-(fp:Person)
    MATCH (ft)-[fk:KNOWS]->(fp)
    """
    + forget_strength("fk")
    + "\n"
)

#: What an external id points at now, if anything. MERGE rather than MATCH: it takes the
#: unique key's lock, so concurrent upserts of one external id queue here and each later one
#: finds the node the first created instead of creating its own.
CLAIM_REF = """
MERGE (r:ExternalRef {key: $key})
ON CREATE SET r.system = $system, r.value = $value
WITH r
OPTIONAL MATCH (r)-[:IDENTIFIES]->(n)
RETURN n.id AS id, labels(n) AS labels
"""

UPSERT_NODE = {
    "Account": """
MERGE (n:Account {id: $id})
ON CREATE SET n.createdAt = datetime()
SET n += $props, n.updatedAt = datetime()
""",
    "Person": """
MERGE (n:Person {id: $id})
ON CREATE SET n.createdAt = datetime()
SET n += $props, n.updatedAt = datetime()
""",
    "TeamMember": """
MERGE (n:TeamMember {id: $id})
ON CREATE SET n.createdAt = datetime()
SET n += $props, n.updatedAt = datetime()
""",
}

LINK_REF = {
    label: (
        "MATCH (n:"
        + label
        + """ {id: $id})
MERGE (r:ExternalRef {key: $key})
ON CREATE SET r.system = $system, r.value = $value
MERGE (r)-[:IDENTIFIES]->(n)
"""
    )
    for label in ("Account", "Person", "TeamMember", "Opportunity")
}


def _accounts_of_people(ids: LiteralString) -> LiteralString:
    """The accounts the people with ``ids`` (a Cypher list) ever worked at."""
    return (
        "COLLECT { MATCH (x:Person)-[:EMPLOYED_AT]->(xa:Account) WHERE x.id IN "
        + ids
        + " RETURN DISTINCT xa.id }"
    )


#: Which of these ids exist, per kind (one round trip for all a write refers to).
NODES_EXIST = """
RETURN
  [id IN $accounts WHERE EXISTS { MATCH (:Account {id: id}) }] AS accounts,
  [id IN $people WHERE EXISTS { MATCH (:Person {id: id}) }] AS people,
  [id IN $teamMembers WHERE EXISTS { MATCH (:TeamMember {id: id}) }] AS teamMembers,
  [id IN $touchpoints WHERE EXISTS { MATCH (:Touchpoint {id: id}) }] AS touchpoints,
  [id IN $opportunities WHERE EXISTS { MATCH (:Opportunity {id: id}) }] AS opportunities
"""

#: The labels of the nodes (of any kind) that have this id.
ID_IN_USE = """
RETURN COLLECT {
    MATCH (:Account {id: $id}) RETURN 'Account' AS label
    UNION MATCH (:Person {id: $id}) RETURN 'Person' AS label
    UNION MATCH (:TeamMember {id: $id}) RETURN 'TeamMember' AS label
} AS labels
"""

#: The accounts a write touched: these accounts, the accounts of these people (any
#: employment), of these team members' seats and of the people they know.
ACCOUNTS_OF = (
    """
RETURN [id IN $accountIds WHERE EXISTS { MATCH (:Account {id: id}) }]
  + """
    + _accounts_of_people("$personIds")
    + """
  + COLLECT { MATCH (t:TeamMember)-[:ON_TEAM]->(ta:Account) WHERE t.id IN $memberIds
              RETURN DISTINCT ta.id }
  + COLLECT { MATCH (t:TeamMember)-[:KNOWS]->(:Person)-[:EMPLOYED_AT]->(ka:Account)
              WHERE t.id IN $memberIds RETURN DISTINCT ka.id }
  AS accounts
"""
)


def follow_activity(
    day: LiteralString, members: LiteralString, people: LiteralString
) -> LiteralString:
    """Relationships follow activity (docs/model.md): the body of a ``CALL (a, ...)`` for a
    touchpoint at account ``a`` on ``day`` between the team members ``members`` and the client
    people ``people`` (Cypher expressions of ours, never user input). Each pair without a
    ``KNOWS`` whose person worked at ``a`` on ``day`` gets one (``origin: 'ACTIVITY'``, since and
    last contact that day, no hand-set strength); an existing one takes the day as last contact
    when later and as ``since`` when earlier (never the other way). Writes nothing when there is
    nothing to move, so a re-import stays unchanged. Returns ``created`` (how many it made)
    and ``followed`` (how many it made or moved). The one home of the rule: logTouchpoint,
    the import and the backfill run it."""
    return (
        """
    UNWIND """
        + members
        + """ AS followedMember
    MATCH (t:TeamMember {id: followedMember})
    UNWIND """
        + people
        + """ AS followedPerson
    MATCH (p:Person {id: followedPerson})
    WITH DISTINCT a, t, p, """
        + day
        + """ AS day
    WITH a, t, p, day, EXISTS { (t)-[:KNOWS]->(p) } AS known
    WHERE known OR EXISTS {
        MATCH (p)-[e:EMPLOYED_AT]->(a)
        WHERE (e.since IS NULL OR e.since <= day) AND (e.until IS NULL OR e.until > day) }
    MERGE (t)-[k:KNOWS]->(p)
    ON CREATE SET k.id = randomUUID(), k.origin = 'ACTIVITY', k.since = day,
                  k.lastContact = day
    WITH k, day, known, NOT known OR k.lastContact IS NULL OR k.lastContact < day
                        OR coalesce(k.since > day, false) AS moved
    CALL (k, day, known, moved) {
        WITH * WHERE known AND moved
        SET k.lastContact = CASE WHEN k.lastContact IS NULL OR k.lastContact < day THEN day
                                 ELSE k.lastContact END,
            k.since = CASE WHEN k.since > day THEN day ELSE k.since END
        """
        + forget_strength("k")
        + """
    }
    RETURN count(CASE WHEN NOT known THEN k END) AS created,
           count(CASE WHEN moved THEN k END) AS followed
"""
    )


#: Setting and removing a property takes the node's write lock, held to the end of the
#: transaction: a concurrent transaction taking the same lock waits, then reads what the first
#: committed. Taken before a check whose answer another transaction's write could change; here
#: on every account where one of these people works today.
LOCK_ACCOUNTS_OF_PEOPLE = """
MATCH (p:Person)-[e:EMPLOYED_AT]->(a:Account)
WHERE p.id IN $ids AND (e.until IS NULL OR e.until > $today)
WITH DISTINCT a ORDER BY a.id
SET a.writeLock = true
REMOVE a.writeLock
"""

#: A job change is a move (the body of a ``CALL (p, a, start)``): the person's current
#: employments at other accounts end the day before ``start`` (not before they began), and
#: their reporting lines there end with them, as endEmployment ends them. Used by
#: START_EMPLOYMENT and by the import's EMPLOYMENTS, so both move people the same way.
MOVE = """
    MATCH (p)-[old:EMPLOYED_AT]->(other:Account)
    WHERE other <> a AND (old.until IS NULL OR old.until > $today)
    WITH p, old, other, start - duration('P1D') AS dayBefore
    WITH p, old, other,
         CASE WHEN old.since > dayBefore THEN old.since ELSE dayBefore END AS until
    SET old.until = until
    WITH p, other, until
    OPTIONAL MATCH (p)-[r:REPORTS_TO]-(:Person)-[:EMPLOYED_AT]->(other)
    WHERE r.until IS NULL AND until <= $today
    // Not before the line began (a line started the day of the move), as other ends do.
    SET r.until = CASE WHEN r.since > until THEN r.since ELSE until END
"""


def _same(left: LiteralString, right: LiteralString) -> LiteralString:
    """Null-safe equality in Cypher (``=`` is null when either side is null)."""
    return f"coalesce({left} = {right}, {left} IS NULL AND {right} IS NULL)"


#: The one home of the position rule (docs/model.md, "Positions"): the body of a
#: ``CALL (p, positionSince)``, run after a person's fields or employments were written, by
#: upsertPerson, startEmployment and the import alike. At each account where ``p`` works today,
#: the open position (``HELD`` without ``until``) must hold ``p``'s title, department and
#: seniority: when it does, nothing is written (idempotent); when it does not, it ends on the
#: day the new one starts (``until`` = that day, as a replaced reporting line ends: the as-of
#: rule ends an edge on its ``until`` day, so one position holds on every day) and a new one
#: opens. The new one starts on ``positionSince`` when given, else today; with no position yet
#: (a new employment, or a person from before positions were kept), or one older than the
#: current employment (a rehire), it starts with the employment. A change dated on or before
#: the open position's start corrects that position in place.
SYNC_POSITIONS = (
    """
    MATCH (p)-[e:EMPLOYED_AT]->(a:Account)
    WHERE e.until IS NULL OR e.until > $today
    WITH p, positionSince, a, max(e.since) AS started
    OPTIONAL MATCH (p)-[h:HELD]->(a) WHERE h.until IS NULL
    WITH p, positionSince, a, started, h
    WHERE h IS NULL OR NOT ("""
    + _same("h.title", "p.title")
    + " AND "
    + _same("h.department", "p.department")
    + " AND "
    + _same("h.seniority", "p.seniority")
    + """)
    WITH p, a, h, coalesce(positionSince, CASE
        WHEN h IS NULL OR h.since < started THEN started ELSE $today END) AS start
    WITH p, a, h, start, coalesce(h.since >= start, false) AS inPlace
    FOREACH (x IN CASE WHEN inPlace THEN [h] ELSE [] END |
        SET x.title = p.title, x.department = p.department, x.seniority = p.seniority)
    FOREACH (x IN CASE WHEN h IS NOT NULL AND NOT inPlace THEN [h] ELSE [] END |
        SET x.until = start)
    FOREACH (_ IN CASE WHEN inPlace THEN [] ELSE [1] END |
        CREATE (p)-[:HELD {since: start, title: p.title, department: p.department,
                           seniority: p.seniority}]->(a))
"""
)

#: The positions of one person, after an upsert or a new employment (SYNC_POSITIONS).
SYNC_PERSON_POSITIONS = (
    """
MATCH (p:Person {id: $personId})
WITH p, $positionSince AS positionSince
CALL (p, positionSince) {"""
    + SYNC_POSITIONS
    + """}
"""
)

#: The migration of a graph from before positions were kept: everyone working somewhere
#: today without a position there gets one from the employment's start (SYNC_POSITIONS).
#: Writes nothing once done, so it runs at every start-up.
BACKFILL_POSITIONS = (
    """
MATCH (p:Person)-[e:EMPLOYED_AT]->(a:Account)
WHERE p.id > $after AND (e.until IS NULL OR e.until > $today)
  AND NOT EXISTS { (p)-[:HELD]->(a) }
WITH DISTINCT p ORDER BY p.id LIMIT $batch
WITH p, null AS positionSince
CALL (p, positionSince) {"""
    + SYNC_POSITIONS
    + """}
RETURN count(p) AS people, max(p.id) AS last
"""
)


#: Locks the person first (see LOCK_ACCOUNTS_OF_PEOPLE) so two concurrent starts of the same
#: employment cannot both find none and create two. A new employment moves the person (MOVE)
#: unless it is ``$concurrent`` (a board seat beside the day job).
START_EMPLOYMENT = (
    """
MATCH (p:Person {id: $personId}), (a:Account {id: $accountId})
SET p.writeLock = true
REMOVE p.writeLock
WITH p, a
OPTIONAL MATCH (p)-[cur:EMPLOYED_AT]->(a) WHERE cur.until IS NULL OR cur.until > $today
WITH p, a, cur
CALL (p, a, cur) {
    WITH cur WHERE cur IS NOT NULL
    SET cur.title = coalesce($title, cur.title)
    RETURN 'existing' AS outcome
  UNION
    WITH p, a, cur WHERE cur IS NULL
    CREATE (p)-[:EMPLOYED_AT {since: $since, title: $title}]->(a)
    RETURN 'created' AS outcome
}
CALL (p, a, outcome) {
    WITH p, a, $since AS start WHERE outcome = 'created' AND NOT $concurrent
"""
    + MOVE
    + """
}
RETURN outcome
"""
)

CURRENT_EMPLOYMENT = """
MATCH (p:Person {id: $personId})-[e:EMPLOYED_AT]->(a:Account {id: $accountId})
WHERE e.until IS NULL OR e.until > $today
RETURN e.since AS since, e.until AS until
ORDER BY e.since DESC
LIMIT 1
"""

END_EMPLOYMENT = """
MATCH (p:Person {id: $personId})-[e:EMPLOYED_AT]->(a:Account {id: $accountId})
WHERE e.until IS NULL OR e.until > $today
SET e.until = $until
WITH DISTINCT p, a
// A departure dated ahead leaves the reporting lines in place until then (as an import
// does); once the person is gone, lines to them no longer show in the chart or the scores.
// Dotted lines too (docs/model.md): REPORTS_TO|DOTTED_LINE_TO here, not in MOVE, whose
// import statement the union made slow to plan.
OPTIONAL MATCH (p)-[r:REPORTS_TO|DOTTED_LINE_TO]-(other:Person)-[:EMPLOYED_AT]->(a)
WHERE r.until IS NULL AND $until <= $today
SET r.until = $until
"""

SET_REPORTS_TO = """
MATCH (p:Person {id: $personId}), (m:Person {id: $managerId})
OPTIONAL MATCH (p)-[old:REPORTS_TO]->(:Person) WHERE old.until IS NULL
// The old line ends when the new one starts (not before it began), so history does not overlap.
SET old.until = CASE WHEN old.since > $since THEN old.since ELSE $since END
WITH DISTINCT p, m
CREATE (p)-[:REPORTS_TO {since: $since}]->(m)
"""

#: For a dotted line from $personId to $managerId (both exist): the accounts each works at
#: today, and whether the manager already reaches the person over current dotted lines, so the
#: new one would close a loop of that kind (solid lines do not count: the rule is per kind).
DOTTED_LINE_CONTEXT = """
MATCH (p:Person {id: $personId}), (m:Person {id: $managerId})
RETURN [(p)-[e:EMPLOYED_AT]->(a:Account) WHERE e.until IS NULL OR e.until > $today | a.id]
         AS person_accounts,
       [(m)-[e:EMPLOYED_AT]->(a:Account) WHERE e.until IS NULL OR e.until > $today | a.id]
         AS manager_accounts,
       EXISTS {
           MATCH (m)-[up:DOTTED_LINE_TO*1..64]->(p) WHERE all(r IN up WHERE r.until IS NULL)
       } AS loops
"""

#: A current dotted line stays as it is (idempotent); else a new one starts on $since.
SET_DOTTED_LINE = """
MATCH (p:Person {id: $personId}), (m:Person {id: $managerId})
WHERE NOT EXISTS { (p)-[d:DOTTED_LINE_TO]->(m) WHERE d.until IS NULL }
CREATE (p)-[:DOTTED_LINE_TO {since: $since}]->(m)
"""

#: The current dotted line ends today (not before it began), kept as history; none: nothing.
END_DOTTED_LINE = """
MATCH (p:Person {id: $personId})-[d:DOTTED_LINE_TO]->(:Person {id: $managerId})
WHERE d.until IS NULL
SET d.until = CASE WHEN d.since > $today THEN d.since ELSE $today END
"""

#: The line ends on ``$until`` (a line recorded late), never before it began.
CLEAR_REPORTS_TO = """
MATCH (p:Person {id: $personId})
OPTIONAL MATCH (p)-[r:REPORTS_TO]->(:Person)
WHERE r.until IS NULL
SET r.until = CASE WHEN r.since > $until THEN r.since ELSE $until END
WITH DISTINCT p
RETURN [(p)-[e:EMPLOYED_AT]->(a:Account) WHERE e.until IS NULL OR e.until > $today | a.id]
       AS accounts
"""

#: Every employment of the person at the account, current or ended.
EMPLOYMENT_STINTS = """
MATCH (:Person {id: $personId})-[e:EMPLOYED_AT]->(:Account {id: $accountId})
RETURN e.since AS since, e.until AS until
"""

#: ``$since`` when given (a role recorded late, or backfilled); else as it was, or today.
ASSIGN_ROLE = """
MATCH (p:Person {id: $personId}), (a:Account {id: $accountId})
MERGE (p)-[r:HAS_ROLE {role: $role}]->(a)
SET r.since = coalesce($since, r.since, $today)
"""

#: The accounts the person is employed at today, by id.
CURRENT_ACCOUNTS = """
MATCH (:Person {id: $personId})-[e:EMPLOYED_AT]->(a:Account)
WHERE (e.since IS NULL OR e.since <= $today) AND (e.until IS NULL OR e.until > $today)
RETURN DISTINCT a.id AS id ORDER BY id
"""

#: One target per (person, account). Without ``$setAt`` the same target again keeps its date
#: and setter (a retry changes nothing); a new target is dated today. ``targetSetAt`` and
#: ``targetSetBy`` are set before ``target``, since they compare with the stored one.
SET_STRENGTH_TARGET = """
MATCH (p:Person {id: $personId}), (a:Account {id: $accountId})
MERGE (p)-[t:STRENGTH_TARGET]->(a)
WITH t, coalesce(t.target = $target, false) AND $setAt IS NULL AS kept
SET t.targetSetAt = CASE WHEN kept THEN t.targetSetAt ELSE coalesce($setAt, $today) END,
    t.targetSetBy = CASE WHEN kept THEN t.targetSetBy ELSE $setBy END,
    t.target = $target
RETURN t.target AS target, t.targetSetAt AS set_at, t.targetSetBy AS set_by
"""

CLEAR_STRENGTH_TARGET = """
MATCH (:Person {id: $personId})-[t:STRENGTH_TARGET]->(:Account {id: $accountId})
DELETE t
RETURN count(*) AS removed
"""

REMOVE_ROLE = """
MATCH (p:Person {id: $personId})-[r:HAS_ROLE {role: $role}]->(a:Account {id: $accountId})
DELETE r
RETURN count(*) AS removed
"""

ADD_SEAT = """
MATCH (t:TeamMember {id: $teamMemberId}), (a:Account {id: $accountId})
MERGE (t)-[r:ON_TEAM {role: $role}]->(a)
ON CREATE SET r.since = $since
"""

REMOVE_SEAT = """
MATCH (t:TeamMember {id: $teamMemberId})-[r:ON_TEAM]->(a:Account {id: $accountId})
WHERE $role IS NULL OR r.role = $role
DELETE r
RETURN count(*) AS removed
"""

UPSERT_RELATIONSHIP = (
    """
MATCH (t:TeamMember {id: $teamMemberId}), (p:Person {id: $personId})
MERGE (t)-[k:KNOWS]->(p)
ON CREATE SET k.id = $id, k.since = coalesce($since, $today)
SET k += $props
"""
    + forget_strength("k")
    + """
WITH k
CALL (k) {
    WITH k WHERE $strengthGiven
    SET k.manualStrength = $strength,
        k.manualStrengthSetAt = CASE WHEN $strength IS NULL THEN null
                                     ELSE coalesce($setAt, datetime()) END
}
RETURN k.id AS id, """
    + _accounts_of_people("[$personId]")
    + """ AS accounts
"""
)

#: What logging a touchpoint checks: the account, the account the touchpoint id is at already,
#: which participants exist, and which client participants have worked at the account.
TOUCHPOINT_CONTEXT = """
RETURN
  EXISTS { MATCH (:Account {id: $accountId}) } AS account,
  head(COLLECT { MATCH (:Touchpoint {id: $id})-[:AT_ACCOUNT]->(a:Account) RETURN a.id }) AS owner,
  [id IN $teamMemberIds WHERE EXISTS { MATCH (:TeamMember {id: id}) }] AS team,
  [id IN $personIds WHERE EXISTS { MATCH (:Person {id: id}) }] AS people,
  [id IN $personIds WHERE EXISTS {
      MATCH (:Person {id: id})-[:EMPLOYED_AT]->(:Account {id: $accountId}) }] AS employed
"""

LOG_TOUCHPOINT = (
    """
MATCH (a:Account {id: $accountId})
MERGE (tp:Touchpoint {id: $id})
SET tp += $props
MERGE (tp)-[:AT_ACCOUNT]->(a)
WITH tp, a
CALL (tp) {"""
    + FORGET_SHARED
    + """}
CALL (tp) {
    MATCH (x)-[old:ATTENDED]->(tp)
    WHERE NOT ((x:TeamMember AND x.id IN $teamMemberIds) OR (x:Person AND x.id IN $personIds))
    DELETE old
}
CALL (tp) {
    UNWIND $teamMemberIds AS tid
    MATCH (t:TeamMember {id: tid})
    MERGE (t)-[:ATTENDED]->(tp)
}
CALL (tp) {
    UNWIND $personIds AS pid
    MATCH (p:Person {id: pid})
    MERGE (p)-[:ATTENDED]->(tp)
}
CALL (tp) {"""
    + FORGET_SHARED
    + """}
WITH a
CALL (a) {"""
    + follow_activity("$date", "$teamMemberIds", "$personIds")
    + """}
RETURN [$accountId] + """
    + _accounts_of_people("$personIds")
    + """ AS accounts
"""
)

ADD_INFLUENCE = (
    """
MATCH (p:Person {id: $personId}), (q:Person {id: $influencedId})
MERGE (p)-[r:INFLUENCES]->(q)
SET r.note = $note, r.since = coalesce($since, r.since, $today)
RETURN """
    + _accounts_of_people("[$personId, $influencedId]")
    + """ AS accounts
"""
)

REMOVE_INFLUENCE = """
MATCH (:Person {id: $personId})-[r:INFLUENCES]->(:Person {id: $influencedId})
DELETE r
RETURN count(*) AS removed
"""

RECORD_INTRODUCTION = (
    """
MATCH (p:Person {id: $introducerId}), (q:Person {id: $introducedId})
MERGE (p)-[r:INTRODUCED]->(q)
SET r.date = $date, r.teamMemberId = $teamMemberId
RETURN """
    + _accounts_of_people("[$introducerId, $introducedId]")
    + """ AS accounts
"""
)

#: How many people work at the account today, and the other accounts of everyone who ever did.
ACCOUNT_BEFORE_DELETE = """
MATCH (a:Account {id: $id})
RETURN COUNT { (p:Person)-[e:EMPLOYED_AT]->(a) WHERE e.until IS NULL OR e.until > $today }
       AS people,
       COLLECT { MATCH (a)<-[:EMPLOYED_AT]-(:Person)-[:EMPLOYED_AT]->(o:Account) WHERE o <> a
                 RETURN DISTINCT o.id } AS others
"""

DELETE_ACCOUNT = """
MATCH (a:Account {id: $id})
OPTIONAL MATCH (tp:Touchpoint)-[:AT_ACCOUNT]->(a)
DETACH DELETE tp
WITH DISTINCT a
OPTIONAL MATCH (o:Opportunity)-[:FOR_ACCOUNT]->(a)
OPTIONAL MATCH (oref:ExternalRef)-[:IDENTIFIES]->(o)
DETACH DELETE oref, o
WITH DISTINCT a
OPTIONAL MATCH (s:ScoreSnapshot)-[:OF]->(a)
DETACH DELETE s
WITH DISTINCT a
OPTIONAL MATCH (r:ExternalRef)-[:IDENTIFIES]->(a)
DETACH DELETE r
WITH DISTINCT a
DETACH DELETE a
"""

#: Direct reports move up to the deleted person's current manager (or become roots).
DELETE_PERSON = """
MATCH (p:Person {id: $id})
OPTIONAL MATCH (p)-[up:REPORTS_TO]->(boss:Person) WHERE up.until IS NULL
WITH p, head(collect(boss)) AS boss
CALL (p, boss) {
    MATCH (report:Person)-[down:REPORTS_TO]->(p) WHERE down.until IS NULL
    WITH report, boss WHERE boss IS NOT NULL AND report <> boss
    CREATE (report)-[:REPORTS_TO {since: $today}]->(boss)
}
WITH p
OPTIONAL MATCH (r:ExternalRef)-[:IDENTIFIES]->(p)
DETACH DELETE r
WITH DISTINCT p
DETACH DELETE p
"""

DELETE_TEAM_MEMBER = """
MATCH (t:TeamMember {id: $id})
OPTIONAL MATCH (r:ExternalRef)-[:IDENTIFIES]->(t)
DETACH DELETE r
WITH DISTINCT t
DETACH DELETE t
"""

#: The touchpoint's account and the accounts of its client participants (whose relationships'
#: last contact it may have set).
TOUCHPOINT_ACCOUNTS = (
    """
MATCH (tp:Touchpoint {id: $id})
RETURN [(tp)-[:AT_ACCOUNT]->(a:Account) | a.id]
  + """
    + _accounts_of_people("[(p:Person)-[:ATTENDED]->(tp) | p.id]")
    + """ AS accounts
"""
)

#: A touchpoint deleted leaves no trace: a relationship it alone made (``origin: 'ACTIVITY'``,
#: no other shared touchpoint, no hand-set strength or notes) goes with it; one whose last
#: contact (or, made from activity, whose ``since``) came from it falls back to its other
#: shared touchpoints.
DELETE_TOUCHPOINT = (
    """
MATCH (tp:Touchpoint {id: $id})
OPTIONAL MATCH (t:TeamMember)-[:ATTENDED]->(tp)<-[:ATTENDED]-(p:Person)
OPTIONAL MATCH (t)-[k:KNOWS]->(p)
WITH tp, tp.date AS day, collect(DISTINCT k) AS touched
DETACH DELETE tp
WITH day, touched
UNWIND touched AS k
MATCH (t:TeamMember)-[k]->(p:Person)
WITH day, k, COLLECT {
    MATCH (t)-[:ATTENDED]->(other:Touchpoint)<-[:ATTENDED]-(p) RETURN other.date } AS dates
WITH day, k, dates, size(dates) = 0 AND coalesce(k.origin = 'ACTIVITY', false)
                    AND k.manualStrength IS NULL AND k.notes IS NULL AS orphan
CALL (k, day, dates, orphan) {
    WITH * WHERE NOT orphan AND k.lastContact = day
    SET k.lastContact = reduce(m = null, d IN dates |
                               CASE WHEN m IS NULL OR d > m THEN d ELSE m END)
}
CALL (k, day, dates, orphan) {
    WITH * WHERE NOT orphan AND k.origin = 'ACTIVITY' AND k.since = day AND size(dates) > 0
    SET k.since = reduce(m = null, d IN dates |
                         CASE WHEN m IS NULL OR d < m THEN d ELSE m END)
}
CALL (k, orphan) {
    WITH * WHERE NOT orphan
    """
    + forget_strength("k")
    + """
}
CALL (k, orphan) {
    WITH * WHERE orphan
    DELETE k
}
"""
)

#: The backfill (``stakegraph derive-relationships``): a page of touchpoints by id, each as
#: logTouchpoint would follow it now, with the accounts of the rows that wrote something (the
#: touchpoint's and its client people's, as LOG_TOUCHPOINT gives them).
FOLLOW_TOUCHPOINTS = (
    """
MATCH (tp:Touchpoint) WHERE tp.id > $after
WITH tp ORDER BY tp.id LIMIT $limit
MATCH (tp)-[:AT_ACCOUNT]->(a:Account)
WITH tp, a, tp.date AS day,
     COLLECT { MATCH (t:TeamMember)-[:ATTENDED]->(tp) RETURN t.id } AS members,
     COLLECT { MATCH (p:Person)-[:ATTENDED]->(tp) RETURN p.id } AS people
CALL (a, day, members, people) {"""
    + follow_activity("day", "members", "people")
    + """}
RETURN tp.id AS id, created, followed,
       CASE WHEN followed > 0 THEN [a.id] + """
    + _accounts_of_people("people")
    + """ ELSE [] END AS accounts
ORDER BY id
"""
)

#: How many touchpoints the backfill goes through (for its progress bar).
COUNT_TOUCHPOINTS = "MATCH (tp:Touchpoint) RETURN count(tp) AS touchpoints"

#: For each given person and everyone above them on current lines: their current manager and
#: the accounts they work at today. setReportsTo and a bulk import check their reporting lines
#: against these (loops through existing lines, managers at another account).
REPORTING_CONTEXT = """
UNWIND $ids AS id
MATCH (:Person {id: id})-[up:REPORTS_TO*0..64]->(x:Person)
WHERE all(r IN up WHERE r.until IS NULL)
WITH DISTINCT x
RETURN x.id AS id,
       head([(x)-[r:REPORTS_TO]->(m:Person) WHERE r.until IS NULL | m.id]) AS manager_id,
       [(x)-[e:EMPLOYED_AT]->(a:Account) WHERE e.until IS NULL OR e.until > $today | a.id]
         AS accounts
"""

# ---- opportunities and their contact roles -------------------------------------------------

#: The account of the deal with this id (no row: no such deal).
OPPORTUNITY_ACCOUNT = """
MATCH (o:Opportunity {id: $id})-[:FOR_ACCOUNT]->(a:Account)
RETURN a.id AS accountId
"""

#: Create or update a deal; the account link is made once (a deal never moves, checked first).
UPSERT_OPPORTUNITY = """
MATCH (a:Account {id: $accountId})
MERGE (o:Opportunity {id: $id})
ON CREATE SET o.createdAt = datetime()
SET o += $props, o.updatedAt = datetime()
MERGE (o)-[:FOR_ACCOUNT]->(a)
"""

#: What setting a contact role needs to know: the deal's account, whether the person exists
#: and works there today. No row: no such deal.
CONTACT_ROLE_CONTEXT = """
MATCH (o:Opportunity {id: $opportunityId})-[:FOR_ACCOUNT]->(a:Account)
OPTIONAL MATCH (p:Person {id: $personId})
RETURN a.id AS accountId, p IS NOT NULL AS person,
       EXISTS { MATCH (p)-[e:EMPLOYED_AT]->(a) WHERE e.until IS NULL OR e.until > $today }
       AS employed
"""

#: The deal is locked first, so two concurrent "this one is primary" writes leave one primary.
#: An omitted ``$isPrimary`` keeps the stored flag (false for a new role); a new primary makes
#: the deal's other contacts non-primary.
SET_CONTACT_ROLE = """
MATCH (o:Opportunity {id: $opportunityId}), (p:Person {id: $personId})
SET o.writeLock = true
REMOVE o.writeLock
MERGE (p)-[c:CONTACT_ROLE]->(o)
WITH o, p, c, coalesce($isPrimary, c.isPrimary, false) AS primary
SET c.role = $role, c.isPrimary = primary
WITH o, p, primary
OPTIONAL MATCH (other:Person)-[oc:CONTACT_ROLE {isPrimary: true}]->(o)
WHERE primary AND other <> p
SET oc.isPrimary = false
"""

REMOVE_CONTACT_ROLE = """
MATCH (:Person {id: $personId})-[c:CONTACT_ROLE]->(:Opportunity {id: $opportunityId})
DELETE c
"""
