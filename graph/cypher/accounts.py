"""Cypher for accounts."""

from __future__ import annotations

from graph.cypher import stored_fields
from graph.dataset import ACCOUNT_PROPS

#: An account as a map whose keys are the domain's field names: the stored fields
#: (graph.dataset.ACCOUNT_PROPS), then the stored scores, timestamps and external ids.
ACCOUNT_MAP = (
    "{id: a.id, "
    + stored_fields("a", ACCOUNT_PROPS, {"is_key_account": "false"})
    + """,
    breadth_score: a.breadthScore, dependency_score: a.dependencyScore,
    executive_score: a.executiveScore, risk_flag_codes: coalesce(a.riskFlagCodes, []),
    scores_computed_at: a.scoresComputedAt, created_at: a.createdAt, updated_at: a.updatedAt,
    external_ids: [(r:ExternalRef)-[:IDENTIFIES]->(a) | {system: r.system, value: r.value}]
}"""
)

ACCOUNTS_BY_ID = (
    """
UNWIND $ids AS id
MATCH (a:Account {id: id})
RETURN """
    + ACCOUNT_MAP
    + """ AS account
"""
)

ACCOUNT_FILTER = """
    ($search IS NULL OR toLower(a.name) CONTAINS toLower($search)
        OR toLower(coalesce(a.domain, '')) CONTAINS toLower($search))
    AND ($tiers IS NULL OR a.tier IN $tiers)
    AND ($isKeyAccount IS NULL OR coalesce(a.isKeyAccount, false) = $isKeyAccount)
    AND ($industry IS NULL OR a.industry = $industry)
    AND ($segment IS NULL OR a.segment = $segment)
    AND ($riskFlag IS NULL OR $riskFlag IN coalesce(a.riskFlagCodes, []))
    AND ($minBreadth IS NULL OR a.breadthScore >= $minBreadth)
    AND ($maxBreadth IS NULL OR a.breadthScore <= $maxBreadth)
    AND ($minDependency IS NULL OR a.dependencyScore >= $minDependency)
    AND ($maxDependency IS NULL OR a.dependencyScore <= $maxDependency)
    AND ($minExecutive IS NULL OR a.executiveScore >= $minExecutive)
    AND ($maxExecutive IS NULL OR a.executiveScore <= $maxExecutive)
    AND ($visible IS NULL OR a.id IN $visible)
"""

#: Sort fields read in order from a range index on (property, id) (graph/cypher/schema.py): a
#: page walks the index and stops after skip + limit accounts, so ranking 10k accounts by a
#: stored score costs the same as ranking 100. Accounts with the same value follow each other by
#: id in the sort's direction; accounts without a value come after all others, by id ascending.
INDEXED_SORT_PROPERTIES = {
    "TIER": "tier",
    "ANNUAL_REVENUE": "annualRevenue",
    "CLIENT_SINCE": "clientSince",
    "RENEWAL_DATE": "renewalDate",
    "BREADTH": "breadthScore",
    "DEPENDENCY": "dependencyScore",
    "EXECUTIVE": "executiveScore",
}
#: Sort fields that are expressions, ordered by a top-k sort over the matching accounts.
EXPRESSION_SORT_KEYS = {"NAME": "toLower(a.name)"}

_PAGE_AS_MAPS = "[a IN page | " + ACCOUNT_MAP + "] AS page"


def _total(filtered: bool) -> str:
    # Unfiltered, the count comes from the count store instead of a label scan.
    if not filtered:
        return "CALL () { MATCH (a:Account) RETURN count(a) AS total }\n"
    return "CALL () { MATCH (a:Account) WHERE " + ACCOUNT_FILTER + " RETURN count(a) AS total }\n"


def _and_filter(filtered: bool) -> str:
    return " AND " + ACCOUNT_FILTER if filtered else ""


def _indexed_page(prop: str, direction: str, filtered: bool) -> str:
    return (
        _total(filtered)
        # Ties break on the id in the same direction, so the composite (value, id) index gives
        # the whole order and a page reads skip + limit entries however many accounts tie.
        # The hint keeps the plan from depending on statistics: a plan cached while the
        # database was nearly empty would otherwise sort a label scan on a large one.
        + "CALL () { MATCH (a:Account) USING INDEX a:Account("
        + prop
        + ", id) WHERE a."
        + prop
        + " IS NOT NULL AND a.id IS NOT NULL"
        + _and_filter(filtered)
        + " WITH a ORDER BY a."
        + prop
        + " "
        + direction
        + ", a.id "
        + direction
        + " SKIP $skip LIMIT $limit RETURN collect(a) AS head }\n"
        # Only a page that runs past the accounts with a value reads those without one.
        + "CALL (head) { UNWIND CASE WHEN size(head) < $limit THEN [true] ELSE [] END AS needed"
        + " MATCH (a:Account) WHERE needed"
        + _and_filter(filtered)
        + " WITH a ORDER BY a.id RETURN count(a."
        + prop
        + ") AS ranked, collect(CASE WHEN a."
        + prop
        + " IS NULL THEN a END) AS rest }\n"
        + "WITH total, (head + rest[CASE WHEN $skip > ranked THEN $skip - ranked ELSE 0 END..])"
        + "[..$limit] AS page\n"
        + "RETURN total, "
        + _PAGE_AS_MAPS
    )


def _expression_page(sort_key: str, direction: str, filtered: bool) -> str:
    return (
        _total(filtered)
        + "CALL () { MATCH (a:Account) WHERE true"
        + _and_filter(filtered)
        + " WITH a ORDER BY "
        + sort_key
        + " "
        + direction
        + ", a.id SKIP $skip LIMIT $limit RETURN collect(a) AS page }\n"
        + "RETURN total, "
        + _PAGE_AS_MAPS
    )


#: One query per (sort field, direction, filtered), built once from the fixed keys above; user
#: input only ever chooses among them and reaches Cypher as parameters.
ACCOUNTS_PAGE: dict[tuple[str, str, bool], str] = {
    **{
        (field, direction, filtered): _indexed_page(prop, direction, filtered)
        for field, prop in INDEXED_SORT_PROPERTIES.items()
        for direction in ("ASC", "DESC")
        for filtered in (False, True)
    },
    **{
        (field, direction, filtered): _expression_page(key, direction, filtered)
        for field, key in EXPRESSION_SORT_KEYS.items()
        for direction in ("ASC", "DESC")
        for filtered in (False, True)
    },
}
