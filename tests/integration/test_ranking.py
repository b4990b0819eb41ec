"""Portfolio ranking by stored values: order, pagination across unscored accounts, index use."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from demo.generator import generate_portfolio
from graph.accounts import AccountFilter, accounts_page, accounts_page_query
from graph.client import GraphClient
from tests.helpers import GraphQL, LoadGraph

RANKING = """
query($field: AccountOrderField!, $direction: OrderDirection!, $tiers: [Int!], $after: String) {
  accounts(orderBy: {field: $field, direction: $direction}, filter: {tiers: $tiers},
           first: 7, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { accountId } } } }
"""
PROPERTIES = {"BREADTH": "breadthScore", "DEPENDENCY": "dependencyScore"}
UNSCORED = ("acc-00003", "acc-00010", "acc-00017", "acc-00018")
FACTS = """MATCH (a:Account)
RETURN a.id AS id, a.tier AS tier, a.breadthScore AS BREADTH, a.dependencyScore AS DEPENDENCY"""


async def _scored_portfolio(gql: GraphQL, load_graph: LoadGraph, graph: GraphClient) -> None:
    await load_graph(generate_portfolio(5, 24, people_per_account=(4, 10), today=date.today()))
    await gql("mutation { recomputeScores { accounts userErrors { code } } }")
    # Accounts nobody has scored yet (for example created by a raw import) rank after the rest.
    await graph.session().write(
        "MATCH (a:Account) WHERE a.id IN $ids REMOVE a.breadthScore, a.dependencyScore",
        {"ids": list(UNSCORED)},
    )


def _expected(
    rows: list[dict[str, Any]], field: str, direction: str, tiers: list[int] | None
) -> list[str]:
    """The ranking worked out in Python from the stored values."""
    chosen = [r for r in rows if tiers is None or r["tier"] in tiers]
    # Ties follow each other by id in the ranking's direction; unscored accounts come last.
    scored = sorted(
        (r for r in chosen if r[field] is not None),
        key=lambda r: (r[field], r["id"]),
        reverse=direction == "DESC",
    )
    unscored = sorted(r["id"] for r in chosen if r[field] is None)
    return [r["id"] for r in scored] + unscored


@pytest.mark.parametrize("direction", ["DESC", "ASC"])
async def test_ranking_pages_through_scored_then_unscored_accounts(
    gql: GraphQL, load_graph: LoadGraph, graph: GraphClient, direction: str
) -> None:
    await _scored_portfolio(gql, load_graph, graph)
    rows = await graph.session().read(FACTS)
    assert sum(r["DEPENDENCY"] is None for r in rows) == len(UNSCORED)
    dependencies = [r["DEPENDENCY"] for r in rows if r["DEPENDENCY"] is not None]
    assert len(set(dependencies)) < len(dependencies), "the known graph should hold ties"

    for field in PROPERTIES:
        for tiers in (None, [3, 4]):
            expected = _expected(rows, field, direction, tiers)
            seen: list[str] = []
            after = None
            while True:
                variables = {
                    "field": field,
                    "direction": direction,
                    "tiers": tiers,
                    "after": after,
                }
                page = (await gql(RANKING, variables))["data"]["accounts"]
                assert page["totalCount"] == len(expected)
                seen += [edge["node"]["accountId"] for edge in page["edges"]]
                if not page["pageInfo"]["hasNextPage"]:
                    break
                after = page["pageInfo"]["endCursor"]
            assert seen == expected, (field, tiers)


@pytest.mark.parametrize("field", list(PROPERTIES))
async def test_ranking_reads_the_score_index_not_every_account(
    gql: GraphQL, load_graph: LoadGraph, graph: GraphClient, field: str
) -> None:
    await _scored_portfolio(gql, load_graph, graph)
    session = graph.session()

    query, params = accounts_page_query(AccountFilter(), field, "DESC", None, 5)
    plan = await session.profile(query, params)
    index_reads = [s for s in plan if s.operator == "NodeIndexScan"]
    assert index_reads and PROPERTIES[field] in index_reads[0].details
    # A full first page reads six index entries (five and the one that says more follow),
    # ties or not, and never scans the label.
    assert index_reads[0].rows == 6
    assert sum(s.rows for s in plan if s.operator == "NodeByLabelScan") == 0

    # A deep page seeks the index from the last key shown, so it never reads the accounts of
    # the pages before it (those valued above the key). On a graph this small the planner may
    # sort the few entries from the key on rather than stop after the page, so the bound is
    # the entries from the key's value down, not the page.
    facts = await session.read(FACTS)
    scored = sorted((r[field] for r in facts if r[field] is not None), reverse=True)
    # A key below the top value (many accounts may tie at it).
    deep = await accounts_page(
        session, AccountFilter(), field, "DESC", None, scored.count(scored[0]) + 2
    )
    value, _ = deep.keys[-1]
    from_the_key = sum(1 for r in facts if r[field] is not None and r[field] <= value)
    above = sum(1 for r in facts if r[field] is not None and r[field] > value)
    assert above > 0
    query, params = accounts_page_query(AccountFilter(), field, "DESC", deep.keys[-1], 5)
    plan = await session.profile(query, params)
    seeks = [s for s in plan if s.operator == "NodeIndexSeek"]
    assert seeks and PROPERTIES[field] in seeks[0].details
    assert seeks[0].rows <= from_the_key

    # The control: a name order has no index behind it and does scan every account.
    query, params = accounts_page_query(AccountFilter(), "NAME", "ASC", None, 5)
    plan = await session.profile(query, params)
    assert sum(s.rows for s in plan if s.operator == "NodeByLabelScan") == 24
