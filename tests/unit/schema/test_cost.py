"""Request cost: counted by hand on a small schema, and linear on a fragment bomb."""

from __future__ import annotations

import pytest
from graphql import build_schema, parse

from schema.cost import CostRules, actual_cost, requested_cost

SDL = """
type Query { account(id: ID!): Account, accounts(first: Int): AccountConnection!, hello: String }
type AccountConnection { edges: [AccountEdge!]!, totalCount: Int! }
type AccountEdge { node: Account! }
type Account { name: String, people(first: Int): PersonConnection!, tags: [Tag!]!, owner: Person }
type PersonConnection { edges: [PersonEdge!]! }
type PersonEdge { node: Person! }
type Person { name: String, manager: Person }
type Tag { label: String }
"""
SCHEMA = build_schema(SDL)
RULES = CostRules(default_page_size=20, max_page_size=100)


def cost(query: str, variables: dict[str, object] | None = None) -> int:
    return requested_cost(SCHEMA, parse(query), None, variables, RULES)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # scalars only: the request's floor
        ("{ hello }", 1),
        # one object
        ('{ account(id: "a") { name } }', 1),
        # account, its owner and the owner's manager
        ('{ account(id: "a") { owner { manager { name } } } }', 3),
        # a connection of 5: the connection, 5 edges, 5 nodes
        ("{ accounts(first: 5) { edges { node { name } } } }", 1 + 5 * 2),
        # the connection alone (totalCount is a scalar)
        ("{ accounts { totalCount } }", 1),
        # no first: a default page (20)
        ("{ accounts { edges { node { name } } } }", 1 + 20 * 2),
        # first above the page cap counts as the cap (100)
        ("{ accounts(first: 1000) { edges { node { name } } } }", 1 + 100 * 2),
        # nested: 10 accounts, each with a connection of 3 people and their managers
        (
            "{ accounts(first: 10) { edges { node { people(first: 3) {"
            " edges { node { manager { name } } } } } } } }",
            1 + 10 * (1 + 1 + (1 + 3 * (1 + 1 + 1))),
        ),
        # a list as long as the data counts one item (the actual cost counts the rest)
        ('{ account(id: "a") { tags { label } } }', 1 + 1),
        # introspection is free
        ("{ __schema { types { name fields { name } } } }", 1),
    ],
)
def test_requested_cost_counts_objects_down_the_tree(query: str, expected: int) -> None:
    assert cost(query) == expected


def test_first_from_a_variable_counts() -> None:
    query = "query Q($n: Int) { accounts(first: $n) { edges { node { name } } } }"
    assert cost(query, {"n": 7}) == 1 + 7 * 2
    assert cost(query, {}) == 1 + 20 * 2


def test_fragments_count_where_they_are_spread() -> None:
    with_fragment = (
        '{ account(id: "a") { ...Owner } } fragment Owner on Account { owner { manager { name } } }'
    )
    assert cost(with_fragment) == cost('{ account(id: "a") { owner { manager { name } } } }')


def test_a_fragment_bomb_is_costed_in_linear_time_and_is_huge() -> None:
    levels = 60
    fragments = ["fragment F0 on Person { name manager { name } }"]
    fragments += [
        f"fragment F{i} on Person {{ manager {{ ...F{i - 1} }} owner: manager {{ ...F{i - 1} }} }}"
        for i in range(1, levels)
    ]
    query = '{ account(id: "a") { owner { ...F%d } } } ' % (levels - 1) + " ".join(fragments)
    # 2^59 paths: counted through the memo, not path by path.
    assert cost(query) > 2**59


def test_actual_cost_counts_the_objects_returned() -> None:
    data = {"accounts": {"edges": [{"node": {"name": "A"}}, {"node": {"name": "B"}}]}}
    # accounts, two edges, two nodes
    assert actual_cost(data) == 5
    assert actual_cost(None) == 1
