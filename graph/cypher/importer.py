"""Bulk import: one UNWIND statement per record kind, each idempotent (MERGE on ids).

Statements that MATCH what they link return ``written``, the rows they wrote: fewer than they
were given means a node went away since the import was checked, and the import rolls back.
"""

from __future__ import annotations

UPSERT_ACCOUNTS = """
UNWIND $rows AS row
MERGE (a:Account {id: row.id})
ON CREATE SET a.createdAt = datetime()
SET a += row.props, a.updatedAt = datetime()
"""

UPSERT_PEOPLE = """
UNWIND $rows AS row
MERGE (p:Person {id: row.id})
ON CREATE SET p.createdAt = datetime()
SET p += row.props, p.updatedAt = datetime()
"""

UPSERT_TEAM_MEMBERS = """
UNWIND $rows AS row
MERGE (t:TeamMember {id: row.id})
ON CREATE SET t.createdAt = datetime()
SET t += row.props, t.updatedAt = datetime()
"""

LINK_ACCOUNT_REFS = """
UNWIND $rows AS row
MATCH (n:Account {id: row.id})
MERGE (r:ExternalRef {key: row.system + ':' + row.value})
SET r.system = row.system, r.value = row.value
MERGE (r)-[:IDENTIFIES]->(n)
RETURN count(*) AS written
"""

LINK_PERSON_REFS = """
UNWIND $rows AS row
MATCH (n:Person {id: row.id})
MERGE (r:ExternalRef {key: row.system + ':' + row.value})
SET r.system = row.system, r.value = row.value
MERGE (r)-[:IDENTIFIES]->(n)
RETURN count(*) AS written
"""

LINK_TEAM_MEMBER_REFS = """
UNWIND $rows AS row
MATCH (n:TeamMember {id: row.id})
MERGE (r:ExternalRef {key: row.system + ':' + row.value})
SET r.system = row.system, r.value = row.value
MERGE (r)-[:IDENTIFIES]->(n)
RETURN count(*) AS written
"""

#: Which employment a row writes: the one with the row's start date; else, for a current row
#: (no end, or one still ahead), the person's current employment there; else, for an ended row
#: without a start date, the current or else the latest one. Otherwise it is another stint
#: (a rehire) and is created. So a person has at most one current employment per account, and
#: a re-sync without dates never rewrites past stints.
EMPLOYMENTS = """
UNWIND $rows AS row
MATCH (p:Person {id: row.person_id}), (a:Account {id: row.account_id})
WITH p, a, row,
  head(COLLECT {
      MATCH (p)-[e:EMPLOYED_AT]->(a) WHERE row.since IS NOT NULL AND e.since = row.since
      RETURN e }) AS same,
  head(COLLECT {
      MATCH (p)-[e:EMPLOYED_AT]->(a) WHERE e.until IS NULL OR e.until > $today
      RETURN e ORDER BY e.since DESC }) AS current,
  head(COLLECT {
      MATCH (p)-[e:EMPLOYED_AT]->(a)
      RETURN e ORDER BY coalesce(e.until, date('9999-12-31')) DESC, e.since DESC }) AS latest
WITH p, a, row, coalesce(same, CASE
    WHEN row.until IS NULL OR row.until > $today THEN current
    WHEN row.since IS NULL THEN coalesce(current, latest)
  END) AS target
CALL (p, a, row, target) {
    WITH * WHERE target IS NULL
    CREATE (p)-[:EMPLOYED_AT {since: row.since, until: row.until, title: row.title}]->(a)
  UNION
    WITH * WHERE target IS NOT NULL
    SET target.since = coalesce(row.since, target.since), target.until = row.until,
        target.title = coalesce(row.title, target.title)
}
RETURN count(*) AS written
"""

#: Someone who left an account stops reporting there, as endEmployment does: their current
#: lines to and from people of that account end on the leaving date.
END_LINES_OF_LEAVERS = """
UNWIND $rows AS row
WITH row WHERE row.until IS NOT NULL AND row.until <= $today
MATCH (p:Person {id: row.person_id}), (a:Account {id: row.account_id})
WHERE NOT EXISTS { (p)-[c:EMPLOYED_AT]->(a) WHERE c.until IS NULL OR c.until > $today }
MATCH (p)-[r:REPORTS_TO]-(other:Person)-[:EMPLOYED_AT]->(a)
WHERE r.until IS NULL
SET r.until = row.until
"""

#: A line sets the person's current manager, as setReportsTo does: a line to someone else
#: ends (kept as history), and a current line to the same manager is kept as it is.
REPORTS_TO = """
UNWIND $rows AS row
MATCH (p:Person {id: row.person_id}), (m:Person {id: row.manager_id})
OPTIONAL MATCH (p)-[old:REPORTS_TO]->(other:Person) WHERE old.until IS NULL AND other <> m
SET old.until = CASE WHEN old.since > coalesce(row.since, $today) THEN old.since
                     ELSE coalesce(row.since, $today) END
WITH DISTINCT p, m, row
OPTIONAL MATCH (p)-[cur:REPORTS_TO]->(m) WHERE cur.until IS NULL
WITH p, m, row, count(cur) AS current
CALL (p, m, row, current) {
    WITH * WHERE current = 0
    CREATE (p)-[:REPORTS_TO {since: coalesce(row.since, $today)}]->(m)
}
RETURN count(*) AS written
"""

BUYING_ROLES = """
UNWIND $rows AS row
MATCH (p:Person {id: row.person_id}), (a:Account {id: row.account_id})
MERGE (p)-[r:HAS_ROLE {role: row.role}]->(a)
SET r.since = coalesce(row.since, r.since, $today)
RETURN count(*) AS written
"""

INFLUENCES = """
UNWIND $rows AS row
MATCH (p:Person {id: row.person_id}), (q:Person {id: row.influenced_id})
MERGE (p)-[r:INFLUENCES]->(q)
SET r.note = row.note, r.since = coalesce(row.since, r.since, $today)
RETURN count(*) AS written
"""

INTRODUCTIONS = """
UNWIND $rows AS row
MATCH (p:Person {id: row.introducer_id}), (q:Person {id: row.introduced_id})
MERGE (p)-[r:INTRODUCED]->(q)
SET r.date = row.date, r.teamMemberId = row.team_member_id
RETURN count(*) AS written
"""

TEAM_ASSIGNMENTS = """
UNWIND $rows AS row
MATCH (t:TeamMember {id: row.team_member_id}), (a:Account {id: row.account_id})
MERGE (t)-[r:ON_TEAM {role: row.role}]->(a)
SET r.since = coalesce(row.since, r.since, $today)
RETURN count(*) AS written
"""

#: ``props`` holds the fields the record gives; a manual strength only when given, with the
#: time it was set (kept when the same strength comes again).
RELATIONSHIPS = """
UNWIND $rows AS row
MATCH (t:TeamMember {id: row.team_member_id}), (p:Person {id: row.person_id})
MERGE (t)-[r:KNOWS]->(p)
ON CREATE SET r.id = row.id, r.since = $today
SET r += row.props
WITH r, row
CALL (r, row) {
    WITH * WHERE row.strength_given
    SET r.manualStrengthSetAt = CASE
            WHEN row.manual_strength IS NULL THEN null
            WHEN row.manual_strength_set_at IS NOT NULL THEN row.manual_strength_set_at
            WHEN r.manualStrength = row.manual_strength
                THEN coalesce(r.manualStrengthSetAt, datetime())
            ELSE datetime()
        END,
        r.manualStrength = row.manual_strength
}
RETURN count(*) AS written
"""

#: As logTouchpoint does: the listed participants replace the stored ones, and the last
#: contact of relationships between them moves up to the touchpoint's date.
TOUCHPOINTS = """
UNWIND $rows AS row
MATCH (a:Account {id: row.account_id})
MERGE (tp:Touchpoint {id: row.id})
SET tp.date = row.date, tp.channel = row.channel, tp.kind = row.kind, tp.summary = row.summary,
    tp.initiatedByClient = row.initiated_by_client, tp.initiatorId = row.initiator_id
MERGE (tp)-[:AT_ACCOUNT]->(a)
WITH tp, row
CALL (tp, row) {
    MATCH (x)-[old:ATTENDED]->(tp)
    WHERE NOT ((x:TeamMember AND x.id IN row.team_member_ids)
               OR (x:Person AND x.id IN row.person_ids))
    DELETE old
}
CALL (tp, row) {
    UNWIND row.team_member_ids AS tid
    MATCH (t:TeamMember {id: tid})
    MERGE (t)-[:ATTENDED]->(tp)
}
CALL (tp, row) {
    UNWIND row.person_ids AS pid
    MATCH (p:Person {id: pid})
    MERGE (p)-[:ATTENDED]->(tp)
}
CALL (row) {
    MATCH (t:TeamMember)-[k:KNOWS]->(p:Person)
    WHERE t.id IN row.team_member_ids AND p.id IN row.person_ids
      AND (k.lastContact IS NULL OR k.lastContact < row.date)
    SET k.lastContact = row.date
}
RETURN count(*) AS written
"""

#: For the import's checks: the account each existing touchpoint is at, which (person,
#: account) pairs have ever had an employment, and the stints (since, until) of the pairs that
#: hold roles.
IMPORT_CONTEXT = """
RETURN
  [id IN $touchpointIds WHERE EXISTS { MATCH (:Touchpoint {id: id}) } |
     [id, head(COLLECT { MATCH (:Touchpoint {id: id})-[:AT_ACCOUNT]->(a:Account) RETURN a.id })]
  ] AS owners,
  [pair IN $pairs WHERE EXISTS {
      MATCH (:Person {id: pair[0]})-[:EMPLOYED_AT]->(:Account {id: pair[1]}) }] AS employed,
  [pair IN $rolePairs | [pair[0], pair[1], COLLECT {
      MATCH (:Person {id: pair[0]})-[e:EMPLOYED_AT]->(:Account {id: pair[1]})
      RETURN [e.since, e.until] }]
  ] AS stints
"""

#: For the import's checks: the (team member, person) pair each existing relationship id names.
RELATIONSHIP_PAIRS = """
UNWIND $ids AS id
MATCH (t:TeamMember)-[k:KNOWS {id: id}]->(p:Person)
RETURN id, t.id AS team_member_id, p.id AS person_id
"""

#: API keys are the server's, not client data: a wipe (a demo reset) keeps them.
WIPE_BATCH = """
MATCH (n) WHERE NOT n:ApiKey
WITH n LIMIT $batch
DETACH DELETE n
RETURN count(*) AS deleted
"""

COUNT_NODES = "MATCH (n) WHERE NOT n:ApiKey RETURN count(n) AS nodes"
