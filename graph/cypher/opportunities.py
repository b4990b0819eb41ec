"""Cypher for reading opportunities (deals) and their contact roles."""

from __future__ import annotations

from graph.cypher import stored_fields
from graph.dataset import OPPORTUNITY_PROPS

#: A deal as a map of the domain's field names: its account, the stored fields
#: (graph.dataset.OPPORTUNITY_PROPS), timestamps, external ids and its contact roles (primary
#: first, then by name).
OPPORTUNITY_MAP = (
    "{id: o.id, account_id: a.id, "
    + stored_fields("o", OPPORTUNITY_PROPS)
    + """,
    created_at: o.createdAt, updated_at: o.updatedAt,
    external_ids: [(r:ExternalRef)-[:IDENTIFIES]->(o) | {system: r.system, value: r.value}],
    contacts: COLLECT {
        MATCH (cp:Person)-[c:CONTACT_ROLE]->(o)
        WITH cp, c ORDER BY coalesce(c.isPrimary, false) DESC, cp.name, cp.id
        RETURN {person_id: cp.id, name: cp.name, role: c.role,
                is_primary: coalesce(c.isPrimary, false)}
    }
}"""
)

#: Deals by id, of visible accounts only.
OPPORTUNITIES_BY_ID = (
    """
UNWIND $ids AS id
MATCH (o:Opportunity {id: id})-[:FOR_ACCOUNT]->(a:Account)
WHERE $visible IS NULL OR a.id IN $visible
RETURN """
    + OPPORTUNITY_MAP
    + """ AS opportunity
"""
)

#: A page of each account's deals, by close date (undated last), name and id
#: (graph.keyset.OPPORTUNITIES: an undated deal's key has a null date, after every dated one);
#: ``$openOnly`` keeps the deals whose stage is in ``$openStages``.
ACCOUNT_OPPORTUNITY_PAGES = (
    """
UNWIND $accountIds AS accountId
CALL (accountId) {
    MATCH (o:Opportunity)-[:FOR_ACCOUNT]->(a:Account {id: accountId})
    WHERE NOT $openOnly OR o.stage IN $openStages
    WITH collect({o: o, a: a}) AS matched
    CALL (matched) {
        UNWIND matched AS m
        WITH m.o AS o, m.a AS a
        WITH o, a, o.name > $after[1] OR (o.name = $after[1] AND o.id > $after[2]) AS later
        WHERE $after IS NULL
           OR ($after[0] IS NULL AND o.closeDate IS NULL AND later)
           OR ($after[0] IS NOT NULL
               AND (o.closeDate IS NULL OR o.closeDate > $after[0]
                    OR (o.closeDate = $after[0] AND later)))
        WITH o, a ORDER BY o.closeDate IS NULL, o.closeDate, o.name, o.id LIMIT $limit
        RETURN collect({o: o, a: a}) AS slice, collect([o.closeDate, o.name, o.id]) AS keys
    }
    RETURN size(matched) AS total, slice, keys
}
CALL (slice) {
    UNWIND slice AS m
    WITH m.o AS o, m.a AS a
    RETURN collect("""
    + OPPORTUNITY_MAP
    + """) AS page
}
RETURN accountId, total, page, keys
"""
)
