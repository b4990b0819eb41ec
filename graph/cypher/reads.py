"""Cypher for reading people, the account team, relationships, touchpoints and the org chart.

Each list query returns ``total`` and one ``page`` in a single round trip. Map projections use
the domain's snake_case field names, so rows become response objects without renaming.
"""

from __future__ import annotations

from graph.cypher import stored_fields
from graph.dataset import PERSON_PROPS, RELATIONSHIP_PROPS, TEAM_MEMBER_PROPS

#: The health check: any answer at all means Neo4j serves queries.
HEALTH = "RETURN true AS ok"

#: A person, with what most views need in the same row: employments, roles, current manager.
PERSON_MAP = (
    "{id: p.id, "
    + stored_fields("p", PERSON_PROPS, {"perception": "'UNKNOWN'", "cares_about": "[]"})
    + """,
    external_ids: [(x:ExternalRef)-[:IDENTIFIES]->(p) | {system: x.system, value: x.value}],
    employments: [(p)-[e:EMPLOYED_AT]->(ea:Account) |
        {account_id: ea.id, account_name: ea.name, since: e.since, until: e.until, title: e.title}],
    roles: [(p)-[hr:HAS_ROLE]->(ra:Account) | {account_id: ra.id, role: hr.role, since: hr.since}],
    manager_id: head([(p)-[rt:REPORTS_TO]->(mgr:Person) WHERE rt.until IS NULL | mgr.id])
}"""
)

TEAM_MEMBER_MAP = (
    "{id: t.id, "
    + stored_fields("t", TEAM_MEMBER_PROPS)
    + """,
    external_ids: [(x:ExternalRef)-[:IDENTIFIES]->(t) | {system: x.system, value: x.value}],
    assignments: [(t)-[o:ON_TEAM]->(oa:Account) | {account_id: oa.id, role: o.role, since: o.since}]
}"""
)

#: A relationship; ``account_id`` is the account whose touchpoints derive its strength: the
#: person's current account, else the latest one.
RELATIONSHIP_MAP = (
    "{id: k.id, team_member_id: t.id, person_id: p.id, "
    + stored_fields("k", RELATIONSHIP_PROPS)
    + """,
    manual_strength: k.manualStrength, manual_strength_set_at: k.manualStrengthSetAt,
    person_account_ids: [(p)-[:EMPLOYED_AT]->(pa:Account) | pa.id],
    account_id: head(COLLECT {
        MATCH (p)-[e:EMPLOYED_AT]->(ka:Account)
        RETURN ka.id ORDER BY coalesce(e.until, date('9999-12-31')) DESC LIMIT 1
    })
}"""
)

TOUCHPOINT_MAP = """{
    id: tp.id, date: tp.date, channel: tp.channel, kind: tp.kind, summary: tp.summary,
    initiated_by_client: coalesce(tp.initiatedByClient, false), initiator_id: tp.initiatorId,
    account_id: head([(tp)-[:AT_ACCOUNT]->(ta:Account) | ta.id]),
    team_member_ids: [(tm:TeamMember)-[:ATTENDED]->(tp) | tm.id],
    person_ids: [(pp:Person)-[:ATTENDED]->(tp) | pp.id]
}"""

PEOPLE_BY_ID = (
    """
UNWIND $ids AS id
MATCH (p:Person {id: id})
RETURN """
    + PERSON_MAP
    + """ AS row
"""
)

TEAM_MEMBERS_BY_ID = (
    """
UNWIND $ids AS id
MATCH (t:TeamMember {id: id})
RETURN """
    + TEAM_MEMBER_MAP
    + """ AS row
"""
)

TOUCHPOINTS_BY_ID = (
    """
UNWIND $ids AS id
MATCH (tp:Touchpoint {id: id})
RETURN """
    + TOUCHPOINT_MAP
    + """ AS row
"""
)

RELATIONSHIPS_BY_ID = (
    """
UNWIND $ids AS id
MATCH (t:TeamMember)-[k:KNOWS {id: id}]->(p:Person)
RETURN """
    + RELATIONSHIP_MAP
    + """ AS row
"""
)

RELATIONSHIPS_BY_PERSON_ID = (
    """
UNWIND $ids AS id
MATCH (t:TeamMember)-[k:KNOWS]->(p:Person {id: id})
WITH id, k, t, p ORDER BY t.name, t.id
RETURN id AS key, collect("""
    + RELATIONSHIP_MAP
    + """) AS rows
"""
)

RELATIONSHIPS_BY_TEAM_MEMBER_ID = (
    """
UNWIND $ids AS id
MATCH (t:TeamMember {id: id})-[k:KNOWS]->(p:Person)
WITH id, k, t, p ORDER BY p.name, p.id
RETURN id AS key, collect("""
    + RELATIONSHIP_MAP
    + """) AS rows
"""
)

DIRECT_REPORTS_BY_MANAGER_ID = (
    """
UNWIND $ids AS id
MATCH (p:Person)-[r:REPORTS_TO]->(:Person {id: id})
WHERE r.until IS NULL
WITH id, p ORDER BY p.name, p.id
RETURN id AS key, collect("""
    + PERSON_MAP
    + """) AS rows
"""
)

# ---- pages ---------------------------------------------------------------------------------
# The per-account lists take many accounts at once (``UNWIND $accountIds``), one page each, so
# a list of accounts with their people costs one round trip, not one per account.

#: Person filters; ``accountId`` (a variable) narrows the role filter to that account.
_PEOPLE_FILTERS = """
    ($search IS NULL OR toLower(p.name) CONTAINS toLower($search)
     OR toLower(coalesce(p.email, '')) CONTAINS toLower($search)
     OR toLower(coalesce(p.title, '')) CONTAINS toLower($search))
    AND ($department IS NULL OR p.department = $department)
    AND ($seniority IS NULL OR p.seniority = $seniority)
    AND ($role IS NULL OR EXISTS { MATCH (p)-[hr:HAS_ROLE]->(ra:Account)
                                   WHERE hr.role = $role
                                     AND (accountId IS NULL OR ra.id = accountId) })
    AND ($visible IS NULL OR EXISTS { MATCH (p)-[:EMPLOYED_AT]->(va:Account)
                                      WHERE va.id IN $visible })
"""

_PEOPLE_SLICE = (
    """
WITH DISTINCT p ORDER BY p.name, p.id
WITH collect(p) AS matched
RETURN size(matched) AS total,
       [p IN matched[$skip..$skip + $limit] | p """
    + PERSON_MAP
    + """] AS page
"""
)

#: People of the whole graph matching optional filters.
PEOPLE_PAGE = "WITH null AS accountId MATCH (p:Person) WHERE " + _PEOPLE_FILTERS + _PEOPLE_SLICE

#: People of each account: ``$status`` is CURRENT, FORMER or ALL relative to $today (former =
#: employed there once and not now).
ACCOUNT_PEOPLE_PAGES = (
    """
UNWIND $accountIds AS accountId
CALL (accountId) {
    MATCH (:Account {id: accountId})<-[e:EMPLOYED_AT]-(p:Person)
    WITH accountId, p, collect(e) AS stints
    WITH accountId, p, any(s IN stints WHERE s.until IS NULL OR s.until > $today) AS current
    WHERE ($status = 'ALL' OR ($status = 'CURRENT' AND current)
           OR ($status = 'FORMER' AND NOT current))
      AND """
    + _PEOPLE_FILTERS
    + _PEOPLE_SLICE
    + """
}
RETURN accountId, total, page
"""
)

TEAM_MEMBERS_PAGE = (
    """
MATCH (t:TeamMember)
WHERE $search IS NULL OR toLower(t.name) CONTAINS toLower($search)
   OR toLower(coalesce(t.email, '')) CONTAINS toLower($search)
WITH t ORDER BY t.name, t.id
WITH collect(t) AS matched
RETURN size(matched) AS total,
       [t IN matched[$skip..$skip + $limit] | t """
    + TEAM_MEMBER_MAP
    + """] AS page
"""
)

ACCOUNT_TEAM_PAGES = (
    """
UNWIND $accountIds AS accountId
CALL (accountId) {
    MATCH (t:TeamMember)-[o:ON_TEAM]->(a:Account {id: accountId})
    WITH t, o ORDER BY
        CASE o.role WHEN 'EXECUTIVE_SPONSOR' THEN 0 WHEN 'ACCOUNT_LEAD' THEN 1
                    WHEN 'DELIVERY_LEAD' THEN 2 ELSE 3 END, t.name, t.id
    WITH collect({role: o.role, since: o.since, member: t """
    + TEAM_MEMBER_MAP
    + """}) AS matched
    RETURN size(matched) AS total, matched[$skip..$skip + $limit] AS page
}
RETURN accountId, total, page
"""
)

ACCOUNT_RELATIONSHIP_PAGES = (
    """
UNWIND $accountIds AS accountId
CALL (accountId) {
    MATCH (t:TeamMember)-[k:KNOWS]->(p:Person)-[e:EMPLOYED_AT]->(:Account {id: accountId})
    WHERE $status = 'ALL' OR e.until IS NULL OR e.until > $today
    WITH DISTINCT t, k, p ORDER BY p.name, t.name, k.id
    WITH collect(k) AS matched
    // Maps only for the page: RELATIONSHIP_MAP runs a subquery per relationship.
    CALL (matched) {
        WITH matched[$skip..$skip + $limit] AS slice
        UNWIND range(0, size(slice) - 1) AS i
        WITH slice[i] AS k, i
        MATCH (t:TeamMember)-[k]->(p:Person)
        WITH k, t, p ORDER BY i
        RETURN collect("""
    + RELATIONSHIP_MAP
    + """) AS page
    }
    RETURN size(matched) AS total, page
}
RETURN accountId, total, page
"""
)

ACCOUNT_TOUCHPOINT_PAGES = (
    """
UNWIND $accountIds AS accountId
CALL (accountId) {
    MATCH (tp:Touchpoint)-[:AT_ACCOUNT]->(:Account {id: accountId})
    WHERE ($from IS NULL OR tp.date >= $from) AND ($to IS NULL OR tp.date <= $to)
      AND ($kind IS NULL OR tp.kind = $kind)
    WITH tp ORDER BY tp.date DESC, tp.id
    WITH collect(tp) AS matched
    RETURN size(matched) AS total,
           [tp IN matched[$skip..$skip + $limit] | tp """
    + TOUCHPOINT_MAP
    + """] AS page
}
RETURN accountId, total, page
"""
)

# ---- org chart and stakeholder map ---------------------------------------------------------

#: Current people of each account with their current manager (when also current there),
#: buying roles at the account and who on our side knows them. One round trip, whatever the
#: size or the number of accounts.
#: The reporting skeleton of each account: every current person and their current manager
#: there, one hop each (no path traversal), so the result is bounded by the account's size.
#: Python walks it for a subtree, a depth and a page (schema/people/orgchart.py).
ORG_LINES = """
UNWIND $accountIds AS accountId
MATCH (a:Account {id: accountId})<-[e:EMPLOYED_AT]-(p:Person)
WHERE e.until IS NULL OR e.until > $today
WITH DISTINCT a, p
OPTIONAL CALL (p, a) {
    MATCH (p)-[r:REPORTS_TO]->(m:Person)-[me:EMPLOYED_AT]->(a)
    WHERE r.until IS NULL AND (me.until IS NULL OR me.until > $today)
    RETURN m.id AS parent_id LIMIT 1
}
RETURN a.id AS account_id, p.id AS person_id, parent_id
ORDER BY a.id, p.name, p.id
"""


def _org_chart_row(carried: str) -> str:
    """What an org-chart row holds of a person ``p`` current at account ``a``, after the
    variables ``carried`` (built once, at import)."""
    return (
        """
OPTIONAL CALL (p, a) {
    MATCH (p)-[r:REPORTS_TO]->(m:Person)-[me:EMPLOYED_AT]->(a)
    WHERE r.until IS NULL AND (me.until IS NULL OR me.until > $today)
    RETURN m.id AS parent_id LIMIT 1
}
OPTIONAL CALL (p) {
    MATCH (p)-[:ATTENDED]->(tp:Touchpoint)
    WHERE $visible IS NULL OR EXISTS { (tp)-[:AT_ACCOUNT]->(va:Account) WHERE va.id IN $visible }
    RETURN max(tp.date) AS last_touchpoint
}
RETURN """
        + carried
        + """a.id AS account_id, p """
        + PERSON_MAP
        + """ AS person, parent_id, last_touchpoint,
       [(p)-[hr:HAS_ROLE]->(a) | hr.role] AS account_roles,
       [(t:TeamMember)-[k:KNOWS]->(p) | {team_member_id: t.id, name: t.name}] AS owners
"""
    )


#: The org-chart rows of each account's current people.
ORG_CHARTS = (
    """
UNWIND $accountIds AS accountId
MATCH (a:Account {id: accountId})<-[e:EMPLOYED_AT]-(p:Person)
WHERE e.until IS NULL OR e.until > $today
WITH DISTINCT a, p"""
    + _org_chart_row("")
    + """ORDER BY a.id, p.name, p.id
"""
)

#: The org-chart rows of some current people of some accounts: ``$requests`` is a list of
#: ``{key, accountId, personIds}``; each row carries its request's key. People are found by
#: id (the index), so a page costs its own size, not the account's.
ORG_CHART_PEOPLE = """
UNWIND $requests AS request
UNWIND request.personIds AS personId
MATCH (a:Account {id: request.accountId})<-[e:EMPLOYED_AT]-(p:Person {id: personId})
WHERE e.until IS NULL OR e.until > $today
WITH DISTINCT request.key AS key, a, p""" + _org_chart_row("key, ")

#: Who each external id (``system:value``) identifies now.
EXTERNAL_ID_OWNERS = """
UNWIND $keys AS key
MATCH (:ExternalRef {key: key})-[:IDENTIFIES]->(n)
RETURN key, n.id AS id, labels(n)[0] AS label
"""
