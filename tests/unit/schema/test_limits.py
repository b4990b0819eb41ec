"""The depth and alias limits: the same verdicts as Strawberry's own limiters on ordinary
documents, and linear work on a fragment bomb (which Strawberry's take 2^n steps on)."""

from __future__ import annotations

import re
import threading

import pytest
from graphql import GraphQLSchema, parse, validate
from strawberry.extensions.max_aliases import create_validator as strawberry_aliases
from strawberry.extensions.query_depth_limiter import create_validator as strawberry_depth

from api.settings import Settings
from schema import build_schema
from schema.limits import alias_limit, depth_limit
from tests.helpers import ROOT

DOCUMENTS = [
    "{ __typename }",
    "{ accounts { totalCount } }",
    "{ accounts { edges { node { name people { edges { node { name manager { name } } } } } } } }",
    'query Q { a: account(id: "x") { name } b: account(id: "y") { ...F } }'
    " fragment F on Account { orgChart { nodes { person { name } } } }",
    '{ account(id: "x") { ...A ...B } } fragment A on Account { team { edges { node {'
    " member { name } } } } } fragment B on Account { ... on Account { x: name y: name } }",
    "{ __schema { types { name fields { name type { name ofType { name } } } } } }",
    *re.findall(r"```graphql\n(.*?)```", (ROOT / "README.md").read_text(), flags=re.S),
]


@pytest.fixture(scope="module")
def graphql_schema() -> GraphQLSchema:
    return build_schema(Settings().schema_config())._schema


def _messages(schema: GraphQLSchema, document: str, rule: type) -> list[str]:
    return [error.message for error in validate(schema, parse(document), [rule])]


@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize("limit", [0, 1, 2, 3, 4, 6, 15])
def test_the_same_verdicts_as_strawberrys_limiters(
    graphql_schema: GraphQLSchema, document: str, limit: int
) -> None:
    ours = _messages(graphql_schema, document, depth_limit(limit))
    theirs = _messages(graphql_schema, document, strawberry_depth(limit, None, None))
    assert bool(ours) == bool(theirs)
    if theirs:
        assert ours == theirs[:1]
    assert _messages(graphql_schema, document, alias_limit(limit)) == _messages(
        graphql_schema, document, strawberry_aliases(limit)
    )


def _bomb(levels: int) -> str:
    """Each fragment spreads the one below it twice: 2^levels fields once expanded."""
    fragments = ["fragment F0 on Account { x: name }"]
    for i in range(1, levels + 1):
        fragments.append(f"fragment F{i} on Account {{ ...F{i - 1} ...F{i - 1} }}")
    return f'{{ account(id: "x") {{ ...F{levels} }} }} ' + " ".join(fragments)


def test_a_fragment_bomb_is_measured_once_per_fragment(graphql_schema: GraphQLSchema) -> None:
    document = parse(_bomb(60))  # 2^60 aliased fields once expanded
    found: list[list[str]] = []

    def check() -> None:
        rules = [depth_limit(15), alias_limit(30)]
        found.append([e.message for e in validate(graphql_schema, document, rules)])

    worker = threading.Thread(target=check, daemon=True)
    worker.start()
    # Not a timing target: a guard so that an exponential regression fails instead of hanging.
    worker.join(timeout=60)
    assert not worker.is_alive(), "the limits did not finish on a fragment bomb"
    assert found == [[f"{2**60} aliases found. Allowed: 30"]]
