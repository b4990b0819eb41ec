"""The scores the API returns from Neo4j agree with the networkx reference on random graphs."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from demo.generator import generate_portfolio
from graph.client import GraphClient
from tests.helpers import GraphQL, LoadGraph
from tests.reference.nx_scores import reference_scores

SCORES = """query($id: ID!, $day: Date) { account(id: $id) { scores(asOf: $day) {
  breadth { value } championDependency { value top { person { ownId } } }
  executiveAccess { value } whitespace { person { ownId } reason } } } }"""


@pytest.mark.parametrize("seed", [1, 2, 3, 5, 8])
async def test_api_scores_match_the_networkx_reference(
    gql: GraphQL, graph: GraphClient, load_graph: LoadGraph, seed: int
) -> None:
    today = date.today()
    data = generate_portfolio(seed, 8, people_per_account=(3, 30), today=today)
    await load_graph(data)
    # Today, and as the graph stood four months ago (lines, roles, seats, relationships and
    # employments dated after that do not count yet).
    checked = 0
    for account, day in itertools.product(data.accounts, (today, today - timedelta(days=120))):
        body = await gql(SCORES, {"id": account.id, "day": day.isoformat()})
        api = body["data"]["account"]["scores"]
        ref = await reference_scores(graph.session(), account.id, day)
        assert api["breadth"]["value"] == pytest.approx(ref.breadth, abs=0.051), (account.id, day)
        assert api["executiveAccess"]["value"] == pytest.approx(ref.executive, abs=0.051), (
            account.id
        )
        dependency = api["championDependency"]
        assert dependency["value"] == pytest.approx(ref.dependency, abs=0.051), (account.id, day)
        named = dependency["top"]["person"]["ownId"] if dependency["top"] else None
        assert named == ref.dependency_person, (account.id, day)
        ghosts = [(w["person"]["ownId"], w["reason"]) for w in api["whitespace"]]
        assert sorted(ghosts) == ref.whitespace, (account.id, day)
        checked += len(ghosts)
    # The generated accounts do have ghosts: the comparison above compared something.
    assert checked > 0
