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
#: page seeks the index from the last key shown and reads only the page's entries, so page 50
#: of 10k accounts ranked by a stored score costs what page 1 does. Accounts with the same value
#: follow each other by id in the sort's direction; accounts without a value come after all
#: others, by id ascending (a key with a null value: graph.keyset.accounts).
INDEXED_SORT_PROPERTIES = {
    "TIER": "tier",
    "ANNUAL_REVENUE": "annualRevenue",
    "CLIENT_SINCE": "clientSince",
    "RENEWAL_DATE": "renewalDate",
    "BREADTH": "breadthScore",
    "DEPENDENCY": "dependencyScore",
    "EXECUTIVE": "executiveScore",
}
#: Sort fields that are expressions, ordered by a top-k sort over the matching accounts (no
#: index holds them, so a deep page still reads every match, though it sorts only a page).
EXPRESSION_SORT_KEYS = {"NAME": "toLower(a.name)"}

#: Where a page starts: the first page; after a key with a value ($afterValue, $afterId); after
#: a key without one ($afterId, among the accounts without a value).
RESUMES = ("FIRST", "VALUE", "NULL")


def _total(filtered: bool) -> str:
    # Unfiltered, the count comes from the count store instead of a label scan.
    if not filtered:
        return "CALL () { MATCH (a:Account) RETURN count(a) AS total }\n"
    return "CALL () { MATCH (a:Account) WHERE " + ACCOUNT_FILTER + " RETURN count(a) AS total }\n"


def _and_filter(filtered: bool) -> str:
    return " AND " + ACCOUNT_FILTER if filtered else ""


def _returned(sort_key: str) -> str:
    return (
        "RETURN total, [a IN page | "
        + ACCOUNT_MAP
        + "] AS page, [a IN page | ["
        + sort_key
        + ", a.id]] AS keys"
    )


def _indexed_page(prop: str, direction: str, filtered: bool, resume: str) -> str:
    value = "a." + prop
    # After (v, id): value beyond v, or v itself and id beyond; the bound on the value alone
    # is what the index seeks from, the rest filters only the accounts that tie with v.
    beyond, at_least = (">", ">=") if direction == "ASC" else ("<", "<=")
    seek = {
        "FIRST": value + " IS NOT NULL",
        "VALUE": value
        + " "
        + at_least
        + " $afterValue AND ("
        + value
        + " "
        + beyond
        + " $afterValue OR a.id "
        + beyond
        + " $afterId)",
    }
    head = (
        "CALL () { RETURN [] AS head }\n"
        if resume == "NULL"
        # Ties break on the id in the same direction, so the composite (value, id) index
        # gives the whole order. The hint keeps the plan from depending on statistics: a
        # plan cached while the database was nearly empty would otherwise sort a label
        # scan on a large one.
        # SEEK: from the last key shown; a scan with a filter would read the pages before.
        else (
            "CALL () { MATCH (a:Account) USING INDEX "
            + ("SEEK " if resume == "VALUE" else "")
            + "a:Account("
            + prop
            + ", id) WHERE "
            + seek[resume]
            + " AND a.id IS NOT NULL"
            + _and_filter(filtered)
            + " WITH a ORDER BY "
            + value
            + " "
            + direction
            + ", a.id "
            + direction
            + " LIMIT $limit RETURN collect(a) AS head }\n"
        )
    )
    after_id = " AND a.id > $afterId" if resume == "NULL" else ""
    return (
        _total(filtered)
        + head
        # Only a page that runs past the accounts with a value reads those without one.
        + "CALL (head) { UNWIND CASE WHEN size(head) < $limit THEN [true] ELSE [] END AS needed"
        + " MATCH (a:Account) WHERE needed AND "
        + value
        + " IS NULL"
        + after_id
        + _and_filter(filtered)
        + " WITH a ORDER BY a.id LIMIT $limit RETURN collect(a) AS rest }\n"
        + "WITH total, (head + rest)[..$limit] AS page\n"
        + _returned(value)
    )


def _expression_page(sort_key: str, direction: str, filtered: bool, resume: str) -> str:
    beyond = ">" if direction == "ASC" else "<"
    after = (
        " AND ("
        + sort_key
        + " "
        + beyond
        + " $afterValue OR ("
        + sort_key
        + " = $afterValue AND a.id > $afterId))"
        if resume == "VALUE"
        else ""
    )
    return (
        _total(filtered)
        + "CALL () { MATCH (a:Account) WHERE true"
        + after
        + _and_filter(filtered)
        + " WITH a ORDER BY "
        + sort_key
        + " "
        + direction
        + ", a.id LIMIT $limit RETURN collect(a) AS page }\n"
        + _returned(sort_key)
    )


#: One query per (sort field, direction, filtered, resume), built once from the fixed keys
#: above; user input only ever chooses among them and reaches Cypher as parameters. An
#: expression key is never null, so it has no NULL resume.
ACCOUNTS_PAGE: dict[tuple[str, str, bool, str], str] = {
    **{
        (field, direction, filtered, resume): _indexed_page(prop, direction, filtered, resume)
        for field, prop in INDEXED_SORT_PROPERTIES.items()
        for direction in ("ASC", "DESC")
        for filtered in (False, True)
        for resume in RESUMES
    },
    **{
        (field, direction, filtered, resume): _expression_page(key, direction, filtered, resume)
        for field, key in EXPRESSION_SORT_KEYS.items()
        for direction in ("ASC", "DESC")
        for filtered in (False, True)
        for resume in ("FIRST", "VALUE")
    },
}
