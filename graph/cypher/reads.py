"""Cypher for reading people, the account team, relationships, touchpoints and the org chart.

Each list query returns ``total`` and one ``page`` in a single round trip. Map projections use
the domain's snake_case field names, so rows become response objects without renaming.
"""

from __future__ import annotations

from graph.cypher import folded, stored_fields
from graph.cypher.facts import FACTS_WINDOW_DAYS, STRENGTH_TARGET, begun, holds, stored_strength
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

#: A person's position history, latest first, at the accounts the caller may see.
POSITIONS_BY_PERSON_ID = """
UNWIND $ids AS id
MATCH (p:Person {id: id})-[h:HELD]->(a:Account)
WHERE $visible IS NULL OR a.id IN $visible
WITH id, h, a ORDER BY coalesce(h.since, date('0001-01-01')) DESC, a.name, a.id
RETURN id AS key, collect({account_id: a.id, account_name: a.name, title: h.title,
                           department: h.department, seniority: h.seniority,
                           since: h.since, until: h.until}) AS rows
"""

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

# Keyset pages (graph/keyset.py): each list returns its total, one page of at most $limit rows
# after the key $after (null: from the start) and each row's key; the caller asks one more row
# than it shows, to know whether more follow. A row's key is what it is ordered by, ending in a
# unique id, and ``key > $after`` is spelled out per position in the order's direction.

#: (name, id) after $after: graph.keyset.PEOPLE and ACCOUNT_PEOPLE.
_PEOPLE_AFTER = "$after IS NULL OR p.name > $after[0] OR (p.name = $after[0] AND p.id > $after[1])"

_PEOPLE_SLICE = (
    """
WITH DISTINCT p
WITH collect(p) AS matched
CALL (matched) {
    UNWIND matched AS p
    WITH p WHERE """
    + _PEOPLE_AFTER
    + """
    WITH p ORDER BY p.name, p.id LIMIT $limit
    RETURN collect(p """
    + PERSON_MAP
    + """) AS page, collect([p.name, p.id]) AS keys
}
RETURN size(matched) AS total, page, keys
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
RETURN accountId, total, page, keys
"""
)

#: Our team members by (name, id): graph.keyset.TEAM_MEMBERS.
TEAM_MEMBERS_PAGE = (
    """
MATCH (t:TeamMember)
WHERE $search IS NULL OR toLower(t.name) CONTAINS toLower($search)
   OR toLower(coalesce(t.email, '')) CONTAINS toLower($search)
WITH collect(t) AS matched
CALL (matched) {
    UNWIND matched AS t
    WITH t WHERE $after IS NULL OR t.name > $after[0] OR (t.name = $after[0] AND t.id > $after[1])
    WITH t ORDER BY t.name, t.id LIMIT $limit
    RETURN collect(t """
    + TEAM_MEMBER_MAP
    + """) AS page, collect([t.name, t.id]) AS keys
}
RETURN size(matched) AS total, page, keys
"""
)

#: Each account's seats by (seat rank, member name, member id): graph.keyset.ACCOUNT_TEAM.
ACCOUNT_TEAM_PAGES = (
    """
UNWIND $accountIds AS accountId
CALL (accountId) {
    MATCH (t:TeamMember)-[o:ON_TEAM]->(a:Account {id: accountId})
    WITH t, o, CASE o.role WHEN 'EXECUTIVE_SPONSOR' THEN 0 WHEN 'ACCOUNT_LEAD' THEN 1
                           WHEN 'DELIVERY_LEAD' THEN 2 ELSE 3 END AS rank
    WITH collect({t: t, o: o, rank: rank}) AS matched
    CALL (matched) {
        UNWIND matched AS m
        WITH m.t AS t, m.o AS o, m.rank AS rank
        WHERE $after IS NULL OR rank > $after[0]
           OR (rank = $after[0] AND (t.name > $after[1]
                                     OR (t.name = $after[1] AND t.id > $after[2])))
        WITH t, o, rank ORDER BY rank, t.name, t.id LIMIT $limit
        RETURN collect({role: o.role, since: o.since, member: t """
    + TEAM_MEMBER_MAP
    + """}) AS page, collect([rank, t.name, t.id]) AS keys
    }
    RETURN size(matched) AS total, page, keys
}
RETURN accountId, total, page, keys
"""
)

#: Each account's relationships by (person name, member name, relationship id):
#: graph.keyset.RELATIONSHIPS.
ACCOUNT_RELATIONSHIP_PAGES = (
    """
UNWIND $accountIds AS accountId
CALL (accountId) {
    MATCH (t:TeamMember)-[k:KNOWS]->(p:Person)-[e:EMPLOYED_AT]->(:Account {id: accountId})
    WHERE $status = 'ALL' OR e.until IS NULL OR e.until > $today
    WITH DISTINCT t, k, p
    WITH collect({t: t, k: k, p: p}) AS matched
    CALL (matched) {
        UNWIND matched AS m
        WITH m.t AS t, m.k AS k, m.p AS p
        WHERE $after IS NULL OR p.name > $after[0]
           OR (p.name = $after[0] AND (t.name > $after[1]
                                       OR (t.name = $after[1] AND k.id > $after[2])))
        WITH t, k, p ORDER BY p.name, t.name, k.id LIMIT $limit
        // Maps only for the page: RELATIONSHIP_MAP runs a subquery per relationship.
        RETURN collect("""
    + RELATIONSHIP_MAP
    + """) AS page, collect([p.name, t.name, k.id]) AS keys
    }
    RETURN size(matched) AS total, page, keys
}
RETURN accountId, total, page, keys
"""
)

#: Each account's touchpoints, newest first, by (date descending, id): graph.keyset.TOUCHPOINTS.
ACCOUNT_TOUCHPOINT_PAGES = (
    """
UNWIND $accountIds AS accountId
CALL (accountId) {
    MATCH (tp:Touchpoint)-[:AT_ACCOUNT]->(:Account {id: accountId})
    WHERE ($from IS NULL OR tp.date >= $from) AND ($to IS NULL OR tp.date <= $to)
      AND ($kind IS NULL OR tp.kind = $kind)
    WITH collect(tp) AS matched
    CALL (matched) {
        UNWIND matched AS tp
        WITH tp WHERE $after IS NULL OR tp.date < $after[0]
                   OR (tp.date = $after[0] AND tp.id > $after[1])
        WITH tp ORDER BY tp.date DESC, tp.id LIMIT $limit
        RETURN collect(tp """
    + TOUCHPOINT_MAP
    + """) AS page, collect([tp.date, tp.id]) AS keys
    }
    RETURN size(matched) AS total, page, keys
}
RETURN accountId, total, page, keys
"""
)

# ---- org chart and stakeholder map ---------------------------------------------------------

# The charts are of the account as it stood on $asOf (today unless asked for another day):
# employments, reporting lines, roles and relationships read by the scores' as-of rules
# (graph/cypher/facts.py), so a chart of a day shows what the scores of that day count.

#: The people ``p`` (employed at ``a`` on $asOf) report to on $asOf, at any account.
#: Solid and dotted lines are two relationship types (docs/model.md), so every solid-line
#: query reads REPORTS_TO alone as before, and a chart reads each kind with its own pattern.
_SOLID_MANAGERS = "[(p)-[r:REPORTS_TO]->(m:Person) WHERE " + holds("r") + " | m.id] AS managers"
_MANAGERS = (
    _SOLID_MANAGERS
    + ", [(p)-[d:DOTTED_LINE_TO]->(dm:Person) WHERE "
    + holds("d")
    + " | dm.id] AS dotted"
)

#: The reporting skeleton of each account: every person employed there on $asOf and the people
#: they report to then (``managers``, at any account: the caller keeps those at this one, as it
#: knows them all), one hop each (no path traversal), so the result is bounded by the
#: account's size. Python walks it for a subtree, a depth and a page (schema/people/orgchart.py).
#: One record per account holding parallel lists, by name: decoding 5,000 records took the
#: driver twice as long as the same values in one. Solid lines only: the dotted ones of the
#: people shown come with their rows.
ORG_LINES = (
    """
UNWIND $accountIds AS accountId
MATCH (a:Account {id: accountId})<-[e:EMPLOYED_AT]-(p:Person)
WHERE """
    + holds("e")
    + """
WITH DISTINCT a, p
WITH a, p, """
    + _SOLID_MANAGERS
    + """
ORDER BY p.name, p.id
RETURN a.id AS account_id, collect(p.id) AS person_ids, collect(managers) AS managers
"""
)

#: A person's stored fields only, shaped as PERSON_MAP (empty lists where it reads more), for
#: charts whose selection asks nothing else of a person (schema/people/orgchart.py decides).
_PERSON_FIELDS_MAP = (
    "{id: p.id, "
    + stored_fields("p", PERSON_PROPS, {"perception": "'UNKNOWN'", "cares_about": "[]"})
    + ", external_ids: [], employments: [], roles: [], manager_id: null}"
)

#: Each relationship with what its strength is derived from (scoring.assess_relationship) as
#: ACCOUNT_FACTS reads it, for these people only: relationships begun by $asOf and, unless the
#: derived strength stored on it (graph/cypher/facts.py DERIVED_STRENGTH_PROPS) holds at this
#: account on $asOf (``stored``: then its values come instead and no touchpoint is read), the
#: shared touchpoints at the account in the facts window (FACTS_WINDOW_DAYS up to $asOf) and
#: the latest of any age (it ends a hand-set strength). So a chart's strengths need no facts
#: query of the whole account.
_OWNERS = (
    """
CALL (p, a) {
    MATCH (t:TeamMember)-[k:KNOWS]->(p)
    WHERE """
    + begun("k")
    + """
    WITH t, k, """
    + stored_strength("k", "a")
    + """ AS stored
    CALL (t, p, a, stored) {
        // Aggregates of no rows are one row (null, []): a stored value keeps its owner.
        WITH t, p, a WHERE NOT stored
        OPTIONAL MATCH (t)-[:ATTENDED]->(x:Touchpoint)<-[:ATTENDED]-(p)
        WHERE x.date <= $asOf AND (x)-[:AT_ACCOUNT]->(a)
        WITH DISTINCT x
        RETURN max(x.date) AS last_shared,
               collect(CASE WHEN x.date > $asOf - duration({days: """
    + str(FACTS_WINDOW_DAYS)
    + """}) THEN x {
                   .id, .date, .channel, .kind,
                   initiated_by_client: coalesce(x.initiatedByClient, false)
               } END) AS shared
    }
    RETURN collect({
        team_member_id: t.id, name: t.name, since: k.since, last_contact: k.lastContact,
        manual_strength: k.manualStrength, manual_strength_set_at: k.manualStrengthSetAt,
        stored: CASE WHEN stored THEN {derived: k.derivedStrength,
                                       last_touchpoint: k.derivedLastTouchpoint} END,
        last_shared_touchpoint: CASE WHEN stored THEN k.derivedLastShared ELSE last_shared END,
        shared: shared
    }) AS owners
}
"""
)


def _org_chart_rows(people: str, *, lean: bool) -> str:
    """The org-chart rows of the current people ``p`` of accounts ``a`` that the clause
    ``people`` matches, with each one's ``stints`` (employments at ``a``) and what ``people``
    carries (built once, at import). ``lean``: the person's stored fields only, and no last
    touchpoint."""
    last_touchpoint = (
        "WITH *, null AS last_touchpoint\n"
        if lean
        # An expression, not a CALL subquery: with the date filter, Neo4j 5.26 answered
        # OPTIONAL CALL's (and CALL's) rows of people without touchpoints with every column
        # null.
        else """WITH *, head(COLLECT {
    MATCH (p)-[:ATTENDED]->(tp:Touchpoint)
    WHERE tp.date <= $asOf
      AND ($visible IS NULL OR EXISTS { (tp)-[:AT_ACCOUNT]->(va:Account) WHERE va.id IN $visible })
    RETURN tp.date ORDER BY tp.date DESC LIMIT 1
}) AS last_touchpoint
"""
    )
    return (
        people
        + last_touchpoint
        + _OWNERS
        + """RETURN carried, a.id AS account_id, p.id AS person_id, p """
        + (_PERSON_FIELDS_MAP if lean else PERSON_MAP)
        + """ AS person,
       managers, dotted, last_touchpoint,
       [(p)-[hr:HAS_ROLE]->(a) WHERE """
        + begun("hr")
        + """ | hr.role] AS account_roles, owners,
       // Their positions there begun by $asOf: a past day's chart shows the one held then
       // ($withPositions: the day is past). The target only for those who ask ($withTarget:
       // the stakeholder map). Neo4j skips the subqueries of a CASE not taken: for the
       // 300-person chart they were a third of its db hits.
       CASE WHEN $withPositions THEN [(p)-[h:HELD]->(a) WHERE """
        + begun("h")
        + """ | h {.title, .department, .seniority, .since, .until}] ELSE [] END AS positions,
       CASE WHEN $withTarget THEN """
        + STRENGTH_TARGET
        + """ END AS target,
       // Whom the scores count as of $asOf: employed here by then (their relationships
       // count), and employed here on the day (current).
       any(s IN stints WHERE """
        + begun("s")
        + """) AS scored_here,
       any(s IN stints WHERE """
        + holds("s")
        + """) AS current_here
"""
    )


#: Everyone employed at each account on $asOf, with their managers (as ORG_LINES).
_EVERYONE = (
    """
UNWIND $accountIds AS accountId
MATCH (a:Account {id: accountId})<-[e:EMPLOYED_AT]-(p:Person)
WITH accountId AS carried, a, p, collect(e) AS stints
WHERE any(s IN stints WHERE """
    + holds("s")
    + """)
WITH carried, a, p, stints, """
    + _MANAGERS
    + "\n"
)

#: Some people of some accounts (employed there on $asOf): ``$requests`` is a list of ``{key,
#: accountId, personIds}``; each row carries its request's key. People are found by id (the
#: index), so a page costs its own size, not the account's. Their solid-line managers are the
#: skeleton's business (ORG_LINES); their dotted-line ones come here, for these people only.
_SOME = (
    """
UNWIND $requests AS request
UNWIND request.personIds AS personId
MATCH (a:Account {id: request.accountId})<-[e:EMPLOYED_AT]-(p:Person {id: personId})
WITH request.key AS carried, a, p, collect(e) AS stints
WHERE any(s IN stints WHERE """
    + holds("s")
    + """)
WITH carried, a, p, stints, [] AS managers,
     [(p)-[d:DOTTED_LINE_TO]->(dm:Person) WHERE """
    + holds("d")
    + """ | dm.id] AS dotted
"""
)

#: The columns of an org-chart row.
_CHART_COLUMNS = (
    "carried", "account_id", "person_id", "person", "managers", "dotted", "last_touchpoint",
    "account_roles", "owners", "positions", "target", "scored_here", "current_here",
)  # fmt: skip
_BY_NAME = "ORDER BY account_id, person.name, person_id\n"
#: The org-chart rows of each account's current people, by name, and the lean variant; the
#: rows folded into one record.
ORG_CHARTS = folded(_org_chart_rows(_EVERYONE, lean=False) + _BY_NAME, _CHART_COLUMNS)
ORG_CHARTS_LEAN = folded(_org_chart_rows(_EVERYONE, lean=True) + _BY_NAME, _CHART_COLUMNS)
#: The org-chart rows of some people (``carried`` is the request's key), and the lean variant;
#: folded.
ORG_CHART_PEOPLE = folded(_org_chart_rows(_SOME, lean=False), _CHART_COLUMNS)
ORG_CHART_PEOPLE_LEAN = folded(_org_chart_rows(_SOME, lean=True), _CHART_COLUMNS)

#: Who each external id (``system:value``) identifies now.
EXTERNAL_ID_OWNERS = """
UNWIND $keys AS key
MATCH (:ExternalRef {key: key})-[:IDENTIFIES]->(n)
RETURN key, n.id AS id, labels(n)[0] AS label
"""
