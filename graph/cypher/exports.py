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
       k.manualStrengthSetAt AS manual_strength_set_at
"""
