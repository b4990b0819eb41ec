"""The authorization matrix: every root field and route, as every kind of caller.

The matrix below is written out field by field (docs/security.md has the same table); the
schema's root fields must be exactly its keys, so a field added without a rule fails here.
Each field is called with made-up arguments: the check is whether the permission check lets
the call through (FORBIDDEN or not), not what the call then does.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    build_schema,
    get_named_type,
    is_leaf_type,
)
from graphql import GraphQLSchema as CoreSchema

from graph.access import AccountScope, Permission, Role
from graph.client import GraphClient
from graph.importer import import_dataset, wipe
from tests.helpers import MARKER_QUERY, ROOT, KeyFor
from tests.integration.small_graph import small_graph

READ, WRITE, CYPHER, ADMIN, EXPORT = (
    Permission.READ,
    Permission.WRITE,
    Permission.CYPHER,
    Permission.ADMIN,
    Permission.EXPORT,
)

MATRIX: dict[str, Permission] = {
    "Query.node": READ,
    "Query.nodes": READ,
    "Query.health": READ,
    "Query.account": READ,
    "Query.accounts": READ,
    "Query.person": READ,
    "Query.people": READ,
    "Query.teamMember": READ,
    "Query.teamMembers": READ,
    "Query.touchpoint": READ,
    "Query.portfolioSummary": READ,
    "Query.viewer": READ,
    "Query.cypher": CYPHER,
    "Query.apiKeys": ADMIN,
    "Query.alerts": READ,
    "Query.webhooks": ADMIN,
    "Query.webhookDeliveries": ADMIN,
    "Mutation.upsertAccount": WRITE,
    "Mutation.addAccountTeamMember": WRITE,
    "Mutation.removeAccountTeamMember": WRITE,
    "Mutation.deleteAccount": WRITE,
    "Mutation.upsertPerson": WRITE,
    "Mutation.setReportsTo": WRITE,
    "Mutation.clearReportsTo": WRITE,
    "Mutation.setDottedLine": WRITE,
    "Mutation.endDottedLine": WRITE,
    "Mutation.startEmployment": WRITE,
    "Mutation.endEmployment": WRITE,
    "Mutation.assignBuyingRole": WRITE,
    "Mutation.removeBuyingRole": WRITE,
    "Mutation.setTargetStrength": WRITE,
    "Mutation.addInfluence": WRITE,
    "Mutation.removeInfluence": WRITE,
    "Mutation.recordIntroduction": WRITE,
    "Mutation.deletePerson": WRITE,
    "Mutation.upsertOpportunity": WRITE,
    "Mutation.setOpportunityContactRole": WRITE,
    "Mutation.removeOpportunityContactRole": WRITE,
    "Mutation.upsertTeamMember": WRITE,
    "Mutation.deleteTeamMember": WRITE,
    "Mutation.upsertRelationship": WRITE,
    "Mutation.setRelationshipStrength": WRITE,
    "Mutation.logTouchpoint": WRITE,
    "Mutation.deleteTouchpoint": WRITE,
    "Mutation.importDataset": WRITE,
    "Mutation.recomputeScores": WRITE,
    "Mutation.createApiKey": ADMIN,
    "Mutation.revokeApiKey": ADMIN,
    "Mutation.createWebhook": ADMIN,
    "Mutation.deleteWebhook": ADMIN,
}

#: HTTP routes besides /graphql: None is open to anyone (probes, API docs).
ROUTES: dict[str, Permission | None] = {
    "/healthz": None,
    "/readyz": None,
    "/docs": None,
    "/docs/oauth2-redirect": None,
    "/redoc": None,
    "/openapi.json": None,
    "/export/accounts.csv": EXPORT,
    "/export/dataset.ndjson": EXPORT,
    "/export/accounts/{account_id}/stakeholder-map.csv": EXPORT,
    "/export/cypher.{fmt}": CYPHER,
    "/graphiql-assets": None,
    "/explorer": None,
    "/explorer-assets": None,
}

#: Routes that are the whole portfolio: a scoped caller with the permission is refused anyway
#: (403 FORBIDDEN, saying why), since a part of the graph is not what they export.
WHOLE_PORTFOLIO = {"/export/dataset.ndjson"}

#: The request each route template is tried with.
CONCRETE = {
    "/export/accounts/{account_id}/stakeholder-map.csv": (
        "/export/accounts/acc-fabrikam/stakeholder-map.csv"
    ),
    "/export/cypher.{fmt}": "/export/cypher.csv?query=MATCH (a:Account) RETURN a.name",
    "/graphiql-assets": "/graphiql-assets/graphiql.min.css",
    "/explorer-assets": "/explorer-assets/explorer.js",
}

#: What each caller may do, as docs/security.md states it (independent of graph/access.py): the
#: four roles, and a key limited to one account with every role but admin (which a scoped key
#: cannot have), that loses portfolio-wide Cypher.
SCOPED = "scoped editor+analyst"
GRANTS: dict[str, set[Permission]] = {
    Role.VIEWER: {READ},
    Role.EDITOR: {READ, WRITE},
    Role.ANALYST: {READ, CYPHER, EXPORT},
    Role.ADMIN: {READ, WRITE, CYPHER, EXPORT, ADMIN},
    SCOPED: {READ, WRITE, EXPORT},
}


def _schema() -> CoreSchema:
    return build_schema((ROOT / "schema.graphql").read_text())


def _literal(kind: GraphQLInputType) -> str:
    """A GraphQL literal of ``kind``: required fields filled in, values made up."""
    if isinstance(kind, GraphQLNonNull):
        return _literal(kind.of_type)
    if isinstance(kind, GraphQLList):
        return f"[{_literal(kind.of_type)}]"
    if isinstance(kind, GraphQLEnumType):
        return str(next(iter(kind.values)))
    if isinstance(kind, GraphQLInputObjectType):
        fields = [
            f"{name}: {_literal(field.type)}"
            for name, field in kind.fields.items()
            if isinstance(field.type, GraphQLNonNull)
        ]
        return "{" + ", ".join(fields) + "}"
    assert isinstance(kind, GraphQLScalarType)
    return {
        "Int": "1",
        "Float": "1.0",
        "Boolean": "false",
        "Date": '"2026-01-01"',
        "DateTime": '"2030-01-01T00:00:00Z"',
        "JSON": "{}",
        "GlobalID": '"QWNjb3VudDphY2MtY29udG9zbw=="',
    }.get(kind.name, '"matrix-x"')


def document(schema: CoreSchema, coordinate: str) -> str:
    operation, name = coordinate.split(".")
    field = schema.get_type(operation).fields[name]  # type: ignore[union-attr]
    args = [
        f"{arg}: {_literal(spec.type)}"
        for arg, spec in field.args.items()
        if isinstance(spec.type, GraphQLNonNull)
    ]
    call = f"{name}({', '.join(args)})" if args else name
    selection = "" if is_leaf_type(get_named_type(field.type)) else " { __typename }"
    return f"{operation.lower()} {{ {call}{selection} }}"


def test_the_matrix_covers_every_root_field() -> None:
    schema = _schema()
    fields = {
        f"{root}.{name}"
        for root in ("Query", "Mutation")
        for name in schema.get_type(root).fields  # type: ignore[union-attr]
    }
    assert fields == set(MATRIX), "root fields without a rule (or rules without a field)"


def _paths(routes: list[Any], prefix: str = "") -> set[str]:
    """Every route's path; FastAPI 0.165 keeps an included router whole, with its prefix."""
    paths: set[str] = set()
    for route in routes:
        if hasattr(route, "original_router"):
            inner = prefix + route.include_context.prefix
            paths |= _paths(route.original_router.routes, inner)
        else:
            paths.add(prefix + route.path)
    return paths


def test_the_matrix_covers_every_route(app: FastAPI) -> None:
    assert _paths(app.routes) - {"/graphql"} == set(ROUTES)


@pytest.fixture(scope="module")
async def callers(key_for: KeyFor, matrix_graph: None) -> dict[str, dict[str, str]]:
    keys: dict[str, str] = {role: await key_for(role, name=f"matrix {role}") for role in Role}
    keys[SCOPED] = await key_for(
        Role.EDITOR,
        Role.ANALYST,
        name="matrix scoped",
        scope=AccountScope(frozenset({"acc-fabrikam"})),
    )
    return {caller: {"Authorization": f"Bearer {secret}"} for caller, secret in keys.items()}


@pytest.fixture(scope="module")
async def matrix_graph(graph: GraphClient, _wipe_allowed: bool) -> None:
    """One known graph for the module: the calls change it, but not who may make them."""
    session = graph.session()
    await wipe(session)
    await import_dataset(session, small_graph())
    await session.write(MARKER_QUERY)


def _codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors", [])]


def _forbidden(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in body.get("errors", []) if e.get("extensions", {}).get("code") == "FORBIDDEN"]


@pytest.mark.parametrize("coordinate", sorted(MATRIX))
async def test_each_root_field_is_open_to_exactly_the_roles_the_matrix_gives(
    coordinate: str,
    anonymous: httpx.AsyncClient,
    callers: dict[str, dict[str, str]],
    matrix_graph: None,
) -> None:
    query = document(_schema(), coordinate)
    needed = MATRIX[coordinate]
    refused = await anonymous.post("/graphql", json={"query": query})
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"].startswith("Bearer")
    assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    for role, headers in callers.items():
        response = await anonymous.post("/graphql", json={"query": query}, headers=headers)
        assert response.status_code == 200, (role, response.text)
        forbidden = _forbidden(response.json())
        assert "INTERNAL_ERROR" not in _codes(response.json()), (query, response.json())
        if needed in GRANTS[role]:
            assert not forbidden, (role, query, forbidden)
        else:
            assert len(forbidden) == 1, (role, query, response.json())
            assert forbidden[0]["extensions"]["permission"] == needed
            assert needed in forbidden[0]["message"]
            assert response.json()["data"] is None or not any(response.json()["data"].values())


@pytest.mark.parametrize("path", sorted(ROUTES))
async def test_each_route_is_open_to_exactly_the_roles_the_matrix_gives(
    path: str,
    anonymous: httpx.AsyncClient,
    callers: dict[str, dict[str, str]],
    matrix_graph: None,
) -> None:
    needed = ROUTES[path]
    whole = path in WHOLE_PORTFOLIO
    path = CONCRETE.get(path, path)
    response = await anonymous.get(path)
    if needed is None:
        assert response.status_code == 200
        return
    assert response.status_code == 401
    assert "Contoso" not in response.text
    for role, headers in callers.items():
        response = await anonymous.get(path, headers=headers)
        if needed in GRANTS[role] and whole and role == SCOPED:
            assert response.status_code == 403, role
            (error,) = response.json()["errors"]
            assert error["extensions"]["code"] == "FORBIDDEN"
            assert "whole portfolio" in error["message"]
        elif needed in GRANTS[role]:
            assert response.status_code == 200, role
        else:
            assert response.status_code == 403, role
            assert response.json()["errors"][0]["extensions"] == {
                "code": "FORBIDDEN",
                "permission": needed,
            }
            assert "Contoso" not in response.text
