"""Which media type a GraphQL response takes, from the request's Accept header."""

from __future__ import annotations

import pytest

from api.graphql_http import GRAPHQL_RESPONSE, JSON, response_media_type


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, JSON),
        ("", JSON),
        ("*/*", JSON),
        ("application/json", JSON),
        ("application/graphql-response+json", GRAPHQL_RESPONSE),
        # graphql-http's and urql's default: both, the new type first
        ("application/graphql-response+json, application/json", GRAPHQL_RESPONSE),
        ("application/json, application/graphql-response+json", GRAPHQL_RESPONSE),
        ("application/graphql-response+json;q=0.9, application/json", JSON),
        ("application/json;q=0.5, application/graphql-response+json;q=0.8", GRAPHQL_RESPONSE),
        ("Application/GraphQL-Response+JSON; charset=utf-8", GRAPHQL_RESPONSE),
        ("application/graphql-response+json;q=0", JSON),
        ("application/graphql-response+json;q=oops", JSON),
        ("text/html", JSON),
    ],
)
def test_the_response_media_type_follows_accept(accept: str | None, expected: str) -> None:
    assert response_media_type(accept) == expected
