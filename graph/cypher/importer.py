"""Bulk import: one UNWIND statement per record kind, each idempotent (MERGE on ids).

Every row carries ``i``, its place in the batch. Each statement returns ``created`` and
``updated``, the places of the rows that created or changed something; a row that matches what
is stored writes nothing (no property is set, so a re-import commits no change). Statements that
MATCH what they link also return ``written``, the rows they wrote or found unchanged: fewer than
they were given means a node went away since the import was checked, and the import rolls back.
"""

from __future__ import annotations

from typing import LiteralString

from graph.cypher.facts import forget_strength
from graph.cypher.writes import FORGET_SHARED, MOVE, NODES_EXIST, SYNC_POSITIONS, follow_activity


def _same(left: LiteralString, right: LiteralString) -> LiteralString:
    """Null-safe equality in Cypher (``=`` is null when either side is null)."""
    return f"coalesce({left} = {right}, {left} IS NULL AND {right} IS NULL)"


def _differ(props: LiteralString) -> LiteralString:
    """Whether any of the given ``props`` differs from the stored ``old``."""
    return "any(k IN keys(" + props + ") WHERE NOT " + _same("old[k]", props + "[k]") + ")"


PROPS_DIFFER = _differ("row.props")

#: What a statement returns about its rows (``new`` and ``changed`` flags per row).
OUTCOME = """
RETURN count(*) AS written,
       collect(CASE WHEN new THEN row.i END) AS created,
       collect(CASE WHEN changed THEN row.i END) AS updated
"""


def _upsert_node(label: LiteralString) -> LiteralString:
    return (
        """
UNWIND $rows AS row
OPTIONAL MATCH (old:"""
        + label
        + """ {id: row.id})
WITH row, old IS NULL AS new, old IS NOT NULL AND """
        + PROPS_DIFFER
        + """ AS changed
MERGE (n:"""
        + label
        + """ {id: row.id})
ON CREATE SET n += row.props, n.createdAt = datetime(), n.updatedAt = datetime()
WITH n, row, new, changed
CALL (n, row, changed) {
    WITH * WHERE changed
    SET n += row.props, n.updatedAt = datetime()
}
"""
        + OUTCOME
    )


UPSERT_ACCOUNTS = _upsert_node("Account")
UPSERT_PEOPLE = _upsert_node("Person")
UPSERT_TEAM_MEMBERS = _upsert_node("TeamMember")


def _link_refs(label: LiteralString) -> LiteralString:
    # ``changed`` is a link that was not there: the owner (row ``i``) changed.
    return (
        """
UNWIND $rows AS row
MATCH (n:"""
        + label
        + """ {id: row.id})
WITH n, row, NOT EXISTS {
    MATCH (:ExternalRef {key: row.system + ':' + row.value})-[:IDENTIFIES]->(n) } AS changed,
    false AS new
MERGE (r:ExternalRef {key: row.system + ':' + row.value})
ON CREATE SET r.system = row.system, r.value = row.value
MERGE (r)-[:IDENTIFIES]->(n)
"""
        + OUTCOME
    )


LINK_ACCOUNT_REFS = _link_refs("Account")
LINK_OPPORTUNITY_REFS = _link_refs("Opportunity")
LINK_PERSON_REFS = _link_refs("Person")
LINK_TEAM_MEMBER_REFS = _link_refs("TeamMember")

#: Which employment a row writes: the one with the row's start date; else, for a current row
#: (no end, or one still ahead), the person's current employment there; else, for an ended row
#: without a start date, the current or else the latest one. Otherwise it is another stint
#: (a rehire) and is created. So a person has at most one current employment per account, and
#: a re-sync without dates never rewrites past stints. A new current employment is a move
#: (MOVE), unless the row says it is concurrent.
EMPLOYMENTS = (
    """
UNWIND $rows AS row
MATCH (p:Person {id: row.person_id}), (a:Account {id: row.account_id})
WITH p, a, row,
  head(COLLECT {
      MATCH (p)-[e:EMPLOYED_AT]->(a)
      WHERE (row.since IS NOT NULL AND e.since = row.since)
         OR (row.since IS NULL AND row.until IS NOT NULL AND e.until = row.until)
      RETURN e ORDER BY e.since DESC }) AS same,
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
WITH p, a, row, target, target IS NULL AS new,
     coalesce(row.since, target.since) AS since, coalesce(row.title, target.title) AS title
WITH p, a, row, target, new, since, title,
     NOT new AND NOT ("""
    + _same("target.since", "since")
    + " AND "
    + _same("target.until", "row.until")
    + " AND "
    + _same("target.title", "title")
    + """) AS changed
CALL (p, a, row, new) {
    WITH * WHERE new
    CREATE (p)-[:EMPLOYED_AT {since: row.since, until: row.until, title: row.title}]->(a)
}
CALL (target, row, since, title, changed) {
    WITH * WHERE changed
    SET target.since = since, target.until = row.until, target.title = title
}
CALL (p, a, row, new) {
    WITH p, a, coalesce(row.since, $today) AS start
    WHERE new AND NOT row.concurrent AND (row.until IS NULL OR row.until > $today)
"""
    + MOVE
    + """
}
"""
    + OUTCOME
)

#: A position of a person at an account (HELD), found by its start date: created when absent,
#: changed when its end or values differ. An open one (no end) ends the other open ones there
#: that began before it, as a new position ends the one it replaces.
POSITIONS = (
    """
UNWIND $rows AS row
MATCH (p:Person {id: row.person_id}), (a:Account {id: row.account_id})
WITH p, a, row, head(COLLECT {
    MATCH (p)-[h:HELD]->(a) WHERE """
    + _same("h.since", "row.since")
    + """ RETURN h }) AS old
WITH p, a, row, old, old IS NULL AS new, old IS NOT NULL AND NOT ("""
    + _same("old.until", "row.until")
    + " AND "
    + _same("old.title", "row.title")
    + " AND "
    + _same("old.department", "row.department")
    + " AND "
    + _same("old.seniority", "row.seniority")
    + """) AS changed
CALL (p, a, row) {
    WITH * WHERE row.until IS NULL AND row.since IS NOT NULL
    MATCH (p)-[other:HELD]->(a) WHERE other.until IS NULL AND other.since < row.since
    SET other.until = row.since
}
CALL (p, a, row, new) {
    WITH * WHERE new
    CREATE (p)-[:HELD {since: row.since, until: row.until, title: row.title,
                       department: row.department, seniority: row.seniority}]->(a)
}
CALL (old, row, changed) {
    WITH * WHERE changed
    SET old.until = row.until, old.title = row.title, old.department = row.department,
        old.seniority = row.seniority
}
"""
    + OUTCOME
)

#: Each person's open positions against their fields after the import (SYNC_POSITIONS, the
#: upserts' rule): a changed title, department or seniority opens a new position today.
SYNC_POSITIONS_OF_PEOPLE = (
    """
UNWIND $rows AS row
MATCH (p:Person {id: row.id})
WITH p, null AS positionSince
CALL (p, positionSince) {"""
    + SYNC_POSITIONS
    + """}
"""
)

#: Someone who left an account stops reporting there, as endEmployment does: their current
#: lines to and from people of that account end on the leaving date. (Only current lines
#: match, so a re-import finds none.)
END_LINES_OF_LEAVERS = """
UNWIND $rows AS row
WITH row WHERE row.until IS NOT NULL AND row.until <= $today
MATCH (p:Person {id: row.person_id}), (a:Account {id: row.account_id})
WHERE NOT EXISTS { (p)-[c:EMPLOYED_AT]->(a) WHERE c.until IS NULL OR c.until > $today }
MATCH (p)-[r:REPORTS_TO]-(other:Person)-[:EMPLOYED_AT]->(a)
WHERE r.until IS NULL
SET r.until = CASE WHEN r.since > row.until THEN r.since ELSE row.until END
"""

#: A line sets the person's current manager, as setReportsTo does: a line to someone else
#: ends (kept as history), and a current line to the same manager is kept as it is.
REPORTS_TO = (
    """
UNWIND $rows AS row
MATCH (p:Person {id: row.person_id}), (m:Person {id: row.manager_id})
OPTIONAL MATCH (p)-[old:REPORTS_TO]->(other:Person) WHERE old.until IS NULL AND other <> m
SET old.until = CASE WHEN old.since > coalesce(row.since, $today) THEN old.since
                     ELSE coalesce(row.since, $today) END
WITH DISTINCT p, m, row
WITH p, m, row, NOT EXISTS { (p)-[cur:REPORTS_TO]->(m) WHERE cur.until IS NULL } AS new,
     false AS changed
CALL (p, m, row, new) {
    WITH * WHERE new
    CREATE (p)-[:REPORTS_TO {since: coalesce(row.since, $today)}]->(m)
}
"""
    + OUTCOME
)


#: A current dotted line, as setDottedLine: beside the solid one and the other dotted ones; a
#: current line to the same manager is kept as it is.
DOTTED_LINES = (
    """
UNWIND $rows AS row
MATCH (p:Person {id: row.person_id}), (m:Person {id: row.manager_id})
WITH p, m, row, NOT EXISTS { (p)-[cur:DOTTED_LINE_TO]->(m) WHERE cur.until IS NULL } AS new,
     false AS changed
CALL (p, m, row, new) {
    WITH * WHERE new
    CREATE (p)-[:DOTTED_LINE_TO {since: coalesce(row.since, $today)}]->(m)
}
"""
    + OUTCOME
)


def _ended_lines(rel: LiteralString) -> LiteralString:
    """A line recorded as history (``until`` given), written as it is: the line to that manager
    with the row's start date, else (no start date) the one with its end or the current one; a
    new line otherwise. Other lines are left alone, so history loads in any order."""
    return (
        """
UNWIND $rows AS row
MATCH (p:Person {id: row.person_id}), (m:Person {id: row.manager_id})
WITH p, m, row, head(COLLECT {
    MATCH (p)-[r:"""
        + rel
        + """]->(m)
    WHERE CASE WHEN row.since IS NOT NULL THEN r.since = row.since
               ELSE r.until = row.until OR r.until IS NULL END
    RETURN r ORDER BY r.until IS NULL }) AS old
WITH p, m, row, old, old IS NULL AS new,
     old IS NOT NULL AND NOT """
        + _same("old.until", "row.until")
        + """ AS changed
CALL (p, m, row, new) {
    WITH * WHERE new
    CREATE (p)-[:"""
        + rel
        + """ {since: row.since, until: row.until}]->(m)
}
CALL (old, row, changed) {
    WITH * WHERE changed
    SET old.until = row.until
}
"""
        + OUTCOME
    )


ENDED_REPORTS_TO = _ended_lines("REPORTS_TO")
ENDED_DOTTED_LINES = _ended_lines("DOTTED_LINE_TO")


def _keyed_link(
    start: LiteralString,
    rel: LiteralString,
    end: LiteralString,
    key: LiteralString,
    given: LiteralString,
    create: LiteralString,
    update: LiteralString,
) -> LiteralString:
    """A relationship found by its ends (and ``key``), created when absent (MERGE, which locks
    both ends, so concurrent imports create one), changed only when ``given`` differs."""
    return (
        """
UNWIND $rows AS row
MATCH """
        + start
        + ", "
        + end
        + """
WITH row, s, e, head(COLLECT { MATCH (s)-[r:"""
        + rel
        + key
        + """]->(e) RETURN r }) AS old
WITH row, s, e, old, old IS NULL AS new, old IS NOT NULL AND NOT ("""
        + given
        + """) AS changed
CALL (row, s, e, new) {
    WITH * WHERE new
    MERGE (s)-[r:"""
        + rel
        + key
        + """]->(e)
    ON CREATE SET """
        + create
        + """
}
CALL (row, old, changed) {
    WITH * WHERE changed
    SET """
        + update
        + """
}
"""
        + OUTCOME
    )


BUYING_ROLES = _keyed_link(
    "(s:Person {id: row.person_id})",
    "HAS_ROLE",
    "(e:Account {id: row.account_id})",
    " {role: row.role}",
    "row.since IS NULL OR " + _same("old.since", "row.since"),
    "r.since = coalesce(row.since, $today)",
    "old.since = row.since",
)

#: One target strength per (person, account), as setTargetStrength sets it: a record without
#: a set date keeps the stored date (and setter) of the same target and dates a new one today.
#: The dates and setter are set before ``target``, since they compare with the stored one.
STRENGTH_TARGETS = _keyed_link(
    "(s:Person {id: row.person_id})",
    "STRENGTH_TARGET",
    "(e:Account {id: row.account_id})",
    "",
    _same("old.target", "row.target")
    + " AND (row.target_set_at IS NULL OR "
    + _same("old.targetSetAt", "row.target_set_at")
    + ") AND (row.target_set_by IS NULL OR "
    + _same("old.targetSetBy", "row.target_set_by")
    + ")",
    "r.target = row.target, r.targetSetAt = coalesce(row.target_set_at, $today), "
    "r.targetSetBy = row.target_set_by",
    "old.targetSetAt = CASE WHEN row.target_set_at IS NOT NULL THEN row.target_set_at "
    "WHEN old.target = row.target THEN old.targetSetAt ELSE $today END, "
    "old.targetSetBy = CASE WHEN row.target_set_by IS NOT NULL THEN row.target_set_by "
    "WHEN old.target = row.target THEN old.targetSetBy END, "
    "old.target = row.target",
)

INFLUENCES = _keyed_link(
    "(s:Person {id: row.person_id})",
    "INFLUENCES",
    "(e:Person {id: row.influenced_id})",
    "",
    _same("old.note", "row.note")
    + " AND (row.since IS NULL OR "
    + _same("old.since", "row.since")
    + ")",
    "r.note = row.note, r.since = coalesce(row.since, $today)",
    "old.note = row.note, old.since = coalesce(row.since, old.since, $today)",
)

INTRODUCTIONS = _keyed_link(
    "(s:Person {id: row.introducer_id})",
    "INTRODUCED",
    "(e:Person {id: row.introduced_id})",
    "",
    _same("old.date", "row.date") + " AND " + _same("old.teamMemberId", "row.team_member_id"),
    "r.date = row.date, r.teamMemberId = row.team_member_id",
    "old.date = row.date, old.teamMemberId = row.team_member_id",
)

TEAM_ASSIGNMENTS = _keyed_link(
    "(s:TeamMember {id: row.team_member_id})",
    "ON_TEAM",
    "(e:Account {id: row.account_id})",
    " {role: row.role}",
    "row.since IS NULL OR " + _same("old.since", "row.since"),
    "r.since = coalesce(row.since, $today)",
    "old.since = row.since",
)

#: Deals, as the accounts are upserted, each linked to its account (a deal never moves: the
#: checks refuse another account for a stored deal). MATCHes the account: ``written``.
UPSERT_OPPORTUNITIES = (
    """
UNWIND $rows AS row
MATCH (a:Account {id: row.account_id})
OPTIONAL MATCH (old:Opportunity {id: row.id})
WITH row, a, old IS NULL AS new, old IS NOT NULL AND """
    + PROPS_DIFFER
    + """ AS changed
MERGE (n:Opportunity {id: row.id})
ON CREATE SET n += row.props, n.createdAt = datetime(), n.updatedAt = datetime()
MERGE (n)-[:FOR_ACCOUNT]->(a)
WITH n, row, new, changed
CALL (n, row, changed) {
    WITH * WHERE changed
    SET n += row.props, n.updatedAt = datetime()
}
"""
    + OUTCOME
)

#: A person's role on a deal, one per (person, deal), as setOpportunityContactRole sets it.
CONTACT_ROLES = _keyed_link(
    "(s:Person {id: row.person_id})",
    "CONTACT_ROLE",
    "(e:Opportunity {id: row.opportunity_id})",
    "",
    _same("old.role", "row.role") + " AND " + _same("old.isPrimary", "row.is_primary"),
    "r.role = row.role, r.isPrimary = row.is_primary",
    "old.role = row.role, old.isPrimary = row.is_primary",
)

#: A primary contact imported makes the deal's other contacts non-primary (one primary per
#: deal, as setOpportunityContactRole keeps it); ``updated``: the rows that changed another.
ONE_PRIMARY = """
UNWIND $rows AS row
WITH row WHERE row.is_primary
MATCH (o:Opportunity {id: row.opportunity_id})<-[c:CONTACT_ROLE {isPrimary: true}]-(other:Person)
WHERE other.id <> row.person_id
SET c.isPrimary = false
RETURN collect(DISTINCT row.i) AS updated
"""

#: For the import's checks: the account of each stored deal among these ids.
OPPORTUNITY_ACCOUNTS = """
UNWIND $ids AS id
MATCH (:Opportunity {id: id})-[:FOR_ACCOUNT]->(a:Account)
RETURN id, a.id AS account_id
"""

#: The manual strength a relationship row leaves: its set-at time is the one given, else kept
#: when the same strength comes again, else now.
_SET_AT = """CASE
            WHEN row.manual_strength IS NULL THEN null
            WHEN row.manual_strength_set_at IS NOT NULL THEN row.manual_strength_set_at
            WHEN k.manualStrength = row.manual_strength
                THEN coalesce(k.manualStrengthSetAt, datetime())
            ELSE datetime()
        END"""

#: ``props`` holds the fields the record gives; a manual strength only when given, with the
#: time it was set (kept when the same strength comes again).
RELATIONSHIPS = (
    """
UNWIND $rows AS row
MATCH (t:TeamMember {id: row.team_member_id}), (p:Person {id: row.person_id})
WITH row, t, p, head(COLLECT { MATCH (t)-[r:KNOWS]->(p) RETURN r }) AS old
// An import never moves the last contact back (touchpoints move it up): an empty or
// earlier one than stored is stale.
WITH row, t, p, old, row.props AS given
WITH row, t, p, old, CASE
    WHEN 'lastContact' IN keys(given) AND old.lastContact IS NOT NULL
         AND coalesce(old.lastContact > given.lastContact, true)
    THEN given {.*, lastContact: old.lastContact}
    ELSE given END AS props
// Nor dates a relationship after its first shared touchpoint (touchpoints move since back,
// follow_activity): else each re-import would move it up and the touchpoints back again.
WITH row, t, p, old, props, head(COLLECT {
    MATCH (t)-[:ATTENDED]->(x:Touchpoint)<-[:ATTENDED]-(p) RETURN x.date AS d ORDER BY d LIMIT 1
}) AS first
WITH row, t, p, old, CASE
    WHEN props.since IS NOT NULL AND first IS NOT NULL AND props.since > first
    THEN props {.*, since: first}
    ELSE props END AS props
WITH row, t, p, old, props, old IS NULL AS new,
     old IS NOT NULL AND ("""
    + _differ("props")
    + """
       OR (row.strength_given AND NOT ("""
    + _same("old.manualStrength", "row.manual_strength")
    + """
            AND (row.manual_strength_set_at IS NULL OR """
    + _same("old.manualStrengthSetAt", "row.manual_strength_set_at")
    + """)))) AS changed
MERGE (t)-[k:KNOWS]->(p)
ON CREATE SET k.id = row.id, k.since = $today
WITH k, row, props, new, changed
CALL (k, props, new, changed) {
    WITH * WHERE new OR changed
    SET k += props
    """
    + forget_strength("k")
    + """
}
CALL (k, row, new, changed) {
    WITH * WHERE row.strength_given AND (new OR changed)
    SET k.manualStrengthSetAt = """
    + _SET_AT
    + """,
        k.manualStrength = row.manual_strength
}
"""
    + OUTCOME
)

#: As logTouchpoint does: the listed participants replace the stored ones, and the
#: relationships between them follow the touchpoint (``follow_activity``).
TOUCHPOINTS = (
    """
UNWIND $rows AS row
MATCH (a:Account {id: row.account_id})
OPTIONAL MATCH (old:Touchpoint {id: row.id})
WITH a, row, old, old IS NULL AS new,
     COLLECT { MATCH (x:TeamMember)-[:ATTENDED]->(old) RETURN x.id } AS members,
     COLLECT { MATCH (x:Person)-[:ATTENDED]->(old) RETURN x.id } AS people
WITH a, row, new, old IS NOT NULL AND NOT ("""
    + _same("old.date", "row.date")
    + " AND "
    + _same("old.channel", "row.channel")
    + " AND "
    + _same("old.kind", "row.kind")
    + " AND "
    + _same("old.summary", "row.summary")
    + " AND "
    + _same("old.initiatedByClient", "row.initiated_by_client")
    + " AND "
    + _same("old.initiatorId", "row.initiator_id")
    + """
    AND size(members) = size(row.team_member_ids)
    AND all(x IN members WHERE x IN row.team_member_ids)
    AND size(people) = size(row.person_ids)
    AND all(x IN people WHERE x IN row.person_ids)) AS changed
CALL (a, row, new, changed) {
    WITH * WHERE new OR changed
    MERGE (tp:Touchpoint {id: row.id})
    SET tp.date = row.date, tp.channel = row.channel, tp.kind = row.kind,
        tp.summary = row.summary, tp.initiatedByClient = row.initiated_by_client,
        tp.initiatorId = row.initiator_id
    MERGE (tp)-[:AT_ACCOUNT]->(a)
    WITH tp, row
    CALL (tp) {"""
    + FORGET_SHARED
    + """}
    CALL (tp, row) {
        MATCH (x)-[gone:ATTENDED]->(tp)
        WHERE NOT ((x:TeamMember AND x.id IN row.team_member_ids)
                   OR (x:Person AND x.id IN row.person_ids))
        DELETE gone
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
    CALL (tp) {"""
    + FORGET_SHARED
    + """}
}
// Relationships follow activity, as logTouchpoint has them (one rule): a row that creates or
// moves one counts as updated, so its accounts' scores and cached answers are refreshed.
CALL (a, row) {"""
    + follow_activity("row.date", "row.team_member_ids", "row.person_ids")
    + """}
WITH row, new, changed OR followed > 0 AS changed
"""
    + OUTCOME
)

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

#: For the import's checks, in one round trip and one row (a row per person costs the driver
#: far more than the read: 2,000 rows took ~150 ms to receive, one row of lists ~7 ms): which
#: ids exist (NODES_EXIST), and ``atWork``, [id, current manager, current accounts] of the
#: reporting lines' ends (``$ends``) and of everyone above ``$chains`` on current lines. A loop
#: a batch's lines could close runs through one of its new managers, so only their chains are
#: walked (the lines' own people get a new manager: what was above them does not count).
IMPORT_FACTS = (
    NODES_EXIST.rstrip()
    + """,
  COLLECT {
    CALL () {
      UNWIND $chains AS id
      MATCH (:Person {id: id}) (()-[up:REPORTS_TO WHERE up.until IS NULL]->()){0,64} (x:Person)
      RETURN x
      UNION
      UNWIND $ends AS id
      MATCH (x:Person {id: id})
      RETURN x
    }
    RETURN [x.id,
            head(COLLECT { MATCH (x)-[r:REPORTS_TO]->(m:Person) WHERE r.until IS NULL
                           RETURN m.id }),
            COLLECT { MATCH (x)-[e:EMPLOYED_AT]->(a:Account)
                      WHERE e.until IS NULL OR e.until > $today RETURN a.id }]
  } AS atWork
"""
)

#: For the import's checks: the (team member, person) pair each existing relationship id names.
RELATIONSHIP_PAIRS = """
UNWIND $ids AS id
MATCH (t:TeamMember)-[k:KNOWS {id: id}]->(p:Person)
RETURN id, t.id AS team_member_id, p.id AS person_id
"""

#: API keys are the server's, not client data: a wipe (a demo reset) keeps them.
#: The relationships go first, a batch at a time: a batch of nodes deleted with theirs could
#: hold an account's every employment, past the transaction memory limit on a large graph.
WIPE_RELATIONSHIPS_BATCH = """
MATCH (n)-[r]-() WHERE NOT n:ApiKey
WITH DISTINCT r LIMIT $batch
DELETE r
RETURN count(*) AS deleted
"""
WIPE_BATCH = """
MATCH (n) WHERE NOT n:ApiKey
WITH n LIMIT $batch
DETACH DELETE n
RETURN count(*) AS deleted
"""

#: The graph's own nodes (not the API keys, nor the response cache's versions a wipe leaves).
COUNT_NODES = "MATCH (n) WHERE NOT n:ApiKey AND NOT n:GraphVersion RETURN count(n) AS nodes"

#: For the import's dotted lines: whom each of these people reaches over current dotted lines
#: in the graph (only the import's people count: a loop must pass through a new line).
DOTTED_REACH = """
UNWIND $ids AS id
MATCH (p:Person {id: id})
RETURN id, COLLECT {
    MATCH (p)-[up:DOTTED_LINE_TO*1..64]->(x:Person)
    WHERE x.id IN $ids AND all(r IN up WHERE r.until IS NULL)
    RETURN DISTINCT x.id } AS reaches
"""
