"""Cypher for the flat exports of people and relationships (``stakegraph export``): one row per
record, columns named as :mod:`graph.exports` lists them, paged by id."""

from __future__ import annotations

#: Every client person with their current account (the latest current employment), their
#: buying roles there and how many of our people know them.
PEOPLE_PAGE = """
MATCH (p:Person) WHERE p.id > $after
WITH p ORDER BY p.id LIMIT $limit
OPTIONAL CALL (p) {
  MATCH (p)-[e:EMPLOYED_AT]->(a:Account) WHERE e.until IS NULL OR e.until > $today
  RETURN a, e ORDER BY e.since DESC LIMIT 1
}
RETURN p.id AS id, p.name AS name, p.email AS email, coalesce(e.title, p.title) AS title,
       p.department AS department, p.seniority AS seniority,
       coalesce(p.perception, 'UNKNOWN') AS perception,
       a.id AS account_id, a.name AS account_name,
       COLLECT { MATCH (p)-[r:HAS_ROLE]->(a) RETURN r.role ORDER BY r.role } AS roles,
       COUNT { (:TeamMember)-[:KNOWS]->(p) } AS known_by,
       COLLECT { MATCH (:TeamMember)-[k:KNOWS]->(p) WHERE k.lastContact IS NOT NULL
                 RETURN k.lastContact ORDER BY k.lastContact DESC LIMIT 1 }[0] AS last_contact
"""

#: Every relationship between one of our people and a client person, with the person's
#: current account.
RELATIONSHIPS_PAGE = """
MATCH (t:TeamMember)-[k:KNOWS]->(p:Person) WHERE k.id > $after
WITH t, k, p ORDER BY k.id LIMIT $limit
OPTIONAL CALL (p) {
  MATCH (p)-[e:EMPLOYED_AT]->(a:Account) WHERE e.until IS NULL OR e.until > $today
  RETURN a ORDER BY e.since DESC LIMIT 1
}
RETURN k.id AS id, t.id AS team_member_id, t.name AS team_member, p.id AS person_id,
       p.name AS person, a.id AS account_id, a.name AS account_name, k.since AS since,
       k.lastContact AS last_contact, k.manualStrength AS manual_strength,
       k.manualStrengthSetAt AS manual_strength_set_at,
       coalesce(k.origin, 'MANUAL') AS origin, k.notes AS notes
"""


# ---- the dataset export (``stakegraph export dataset``): every record the import reads ------
# Each query reads one page of start nodes (``$limit`` of them, ids after ``$after``) and returns
# per node its ``key`` (the id, the next page's cursor) and ``records``: maps with the node's or
# edge's stored properties and its ends under the import's field names. graph/exports.py keeps
# of each map the fields of the Dataset record (graph/dataset.py), so this Cypher lists no
# columns. Ordered within a node, so an export of the same graph is the same file.


_REFS = """externalIds: COLLECT {
    MATCH (r:ExternalRef)-[:IDENTIFIES]->(n)
    RETURN {system: r.system, value: r.value} AS ref ORDER BY r.system, r.value }"""

DATASET_ACCOUNTS = (
    "MATCH (n:Account) WHERE n.id > $after WITH n ORDER BY n.id LIMIT $limit\n"
    "RETURN n.id AS key, [n {.*, " + _REFS + "}] AS records"
)
DATASET_PEOPLE = (
    "MATCH (n:Person) WHERE n.id > $after WITH n ORDER BY n.id LIMIT $limit\n"
    "RETURN n.id AS key, [n {.*, " + _REFS + "}] AS records"
)
DATASET_TEAM_MEMBERS = (
    "MATCH (n:TeamMember) WHERE n.id > $after WITH n ORDER BY n.id LIMIT $limit\n"
    "RETURN n.id AS key, [n {.*, " + _REFS + "}] AS records"
)

_PEOPLE_PAGE = "MATCH (n:Person) WHERE n.id > $after WITH n ORDER BY n.id LIMIT $limit\n"
_MEMBERS_PAGE = "MATCH (n:TeamMember) WHERE n.id > $after WITH n ORDER BY n.id LIMIT $limit\n"

#: A current employment held beside another current one comes out ``concurrent``: imported
#: without it, the second would be a job move and end the first (every one of such a person's
#: current employments is marked, so the order they load in does not matter).
DATASET_EMPLOYMENTS = (
    _PEOPLE_PAGE
    + """WITH n, COUNT { (n)-[c:EMPLOYED_AT]->(:Account) WHERE c.until IS NULL OR c.until > $today }
       AS current
RETURN n.id AS key, COLLECT {
    MATCH (n)-[e:EMPLOYED_AT]->(a:Account)
    RETURN e {.*, personId: n.id, accountId: a.id,
              concurrent: current > 1 AND (e.until IS NULL OR e.until > $today)} AS record
    ORDER BY a.id, e.since, e.until } AS records"""
)

DATASET_POSITIONS = (
    _PEOPLE_PAGE
    + """RETURN n.id AS key, COLLECT {
    MATCH (n)-[h:HELD]->(a:Account)
    RETURN h {.*, personId: n.id, accountId: a.id} AS record
    ORDER BY a.id, h.since, h.until } AS records"""
)

DATASET_REPORTS_TO = (
    _PEOPLE_PAGE
    + """RETURN n.id AS key, COLLECT {
    MATCH (n)-[r:REPORTS_TO|DOTTED_LINE_TO]->(m:Person)
    RETURN r {.*, personId: n.id, managerId: m.id,
              kind: CASE type(r) WHEN 'REPORTS_TO' THEN 'SOLID' ELSE 'DOTTED' END} AS record
    ORDER BY m.id, record.kind, r.since, r.until } AS records"""
)

DATASET_BUYING_ROLES = (
    _PEOPLE_PAGE
    + """RETURN n.id AS key, COLLECT {
    MATCH (n)-[r:HAS_ROLE]->(a:Account)
    RETURN r {.*, personId: n.id, accountId: a.id} AS record ORDER BY a.id, r.role } AS records"""
)

DATASET_STRENGTH_TARGETS = (
    _PEOPLE_PAGE
    + """RETURN n.id AS key, COLLECT {
    MATCH (n)-[r:STRENGTH_TARGET]->(a:Account)
    RETURN r {.*, personId: n.id, accountId: a.id} AS record ORDER BY a.id } AS records"""
)

DATASET_INFLUENCES = (
    _PEOPLE_PAGE
    + """RETURN n.id AS key, COLLECT {
    MATCH (n)-[r:INFLUENCES]->(m:Person)
    RETURN r {.*, personId: n.id, influencedId: m.id} AS record ORDER BY m.id } AS records"""
)

DATASET_INTRODUCTIONS = (
    _PEOPLE_PAGE
    + """RETURN n.id AS key, COLLECT {
    MATCH (n)-[r:INTRODUCED]->(m:Person)
    RETURN r {.*, introducerId: n.id, introducedId: m.id} AS record ORDER BY m.id } AS records"""
)

DATASET_TEAM_ASSIGNMENTS = (
    _MEMBERS_PAGE
    + """RETURN n.id AS key, COLLECT {
    MATCH (n)-[r:ON_TEAM]->(a:Account)
    RETURN r {.*, teamMemberId: n.id, accountId: a.id} AS record
    ORDER BY a.id, r.role } AS records"""
)

DATASET_RELATIONSHIPS = (
    _MEMBERS_PAGE
    + """RETURN n.id AS key, COLLECT {
    MATCH (n)-[r:KNOWS]->(p:Person)
    RETURN r {.*, teamMemberId: n.id, personId: p.id} AS record ORDER BY p.id } AS records"""
)

DATASET_TOUCHPOINTS = """
MATCH (n:Touchpoint) WHERE n.id > $after WITH n ORDER BY n.id LIMIT $limit
RETURN n.id AS key, [n {.*,
    accountId: head(COLLECT { MATCH (n)-[:AT_ACCOUNT]->(a:Account) RETURN a.id }),
    teamMemberIds: COLLECT { MATCH (t:TeamMember)-[:ATTENDED]->(n) RETURN t.id ORDER BY t.id },
    personIds: COLLECT { MATCH (p:Person)-[:ATTENDED]->(n) RETURN p.id ORDER BY p.id }}]
  AS records
"""

_DEALS_PAGE = "MATCH (n:Opportunity) WHERE n.id > $after WITH n ORDER BY n.id LIMIT $limit\n"

DATASET_OPPORTUNITIES = (
    _DEALS_PAGE + "RETURN n.id AS key, [n {.*, accountId: head(COLLECT {"
    " MATCH (n)-[:FOR_ACCOUNT]->(a:Account) RETURN a.id }), " + _REFS + "}] AS records"
)

DATASET_OPPORTUNITY_CONTACT_ROLES = (
    _DEALS_PAGE
    + """RETURN n.id AS key, COLLECT {
    MATCH (p:Person)-[c:CONTACT_ROLE]->(n)
    RETURN c {.*, opportunityId: n.id, personId: p.id} AS record ORDER BY p.id } AS records"""
)

#: How many records of each kind the dataset export writes (for its progress bar).
DATASET_COUNTS = """
RETURN COUNT { (:Account) } AS accounts, COUNT { (:Person) } AS people,
       COUNT { (:TeamMember) } AS team_members,
       COUNT { (:Person)-[:EMPLOYED_AT]->(:Account) } AS employments,
       COUNT { (:Person)-[:HELD]->(:Account) } AS positions,
       COUNT { (:Person)-[:REPORTS_TO|DOTTED_LINE_TO]->(:Person) } AS reports_to,
       COUNT { (:Person)-[:HAS_ROLE]->(:Account) } AS buying_roles,
       COUNT { (:Person)-[:STRENGTH_TARGET]->(:Account) } AS strength_targets,
       COUNT { (:Person)-[:INFLUENCES]->(:Person) } AS influences,
       COUNT { (:Person)-[:INTRODUCED]->(:Person) } AS introductions,
       COUNT { (:TeamMember)-[:ON_TEAM]->(:Account) } AS team_assignments,
       COUNT { (:TeamMember)-[:KNOWS]->(:Person) } AS relationships,
       COUNT { (:Touchpoint) } AS touchpoints,
       COUNT { (:Opportunity) } AS opportunities,
       COUNT { (:Person)-[:CONTACT_ROLE]->(:Opportunity) } AS opportunity_contact_roles
"""

#: Per node kind: the external-id systems and the most ids one node has in each (a CSV file
#: has that many ``externalIds@<system>`` columns).
DATASET_REF_SYSTEMS = """
MATCH (r:ExternalRef)-[:IDENTIFIES]->(n)
WITH CASE WHEN n:Account THEN 'accounts' WHEN n:Person THEN 'people'
          WHEN n:TeamMember THEN 'team_members' WHEN n:Opportunity THEN 'opportunities' END
       AS kind, r.system AS system, n, count(*) AS ids
WHERE kind IS NOT NULL
RETURN kind, system, max(ids) AS most ORDER BY kind, system
"""
