"""A Python client no one here wrote: gql, validating its documents against the schema it
fetches by introspection, as an integration would."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from gql import Client, GraphQLRequest, gql
from gql.transport.exceptions import TransportQueryError
from gql.transport.httpx import HTTPXAsyncTransport
from graphql import GraphQLError

from graph.access import Role
from tests.helpers import KeyFor

ORG_CHART = gql(
    """
    query OrgChart($id: ID!) {
      account(id: $id) {
        name
        orgChart { nodes { personId person { name } owners { name strength } } }
        scores { breadth { value } championDependency { value } }
      }
    }
    """
)


async def test_gql_reads_and_writes_the_demo_with_a_validated_schema(
    app: FastAPI, key_for: KeyFor, demo: None
) -> None:
    transport = HTTPXAsyncTransport(
        url="http://test/graphql",
        transport=httpx.ASGITransport(app=app),
        headers={"Authorization": f"Bearer {await key_for(Role.EDITOR, name='gql')}"},
    )
    async with Client(transport=transport, fetch_schema_from_transport=True) as session:
        chart = await session.execute(
            GraphQLRequest(ORG_CHART, variable_values={"id": "acc-northwind"})
        )
        account = chart["account"]
        assert account["name"] == "Northwind Logistics"
        assert len(account["orgChart"]["nodes"]) > 10
        assert 0 <= account["scores"]["breadth"]["value"] <= 100
        upsert = gql(
            """mutation($name: String!) {
                 upsertAccount(input: {id: "acc-northwind", name: $name}) {
                   account { name } userErrors { code } } }"""
        )
        written = await session.execute(
            GraphQLRequest(upsert, variable_values={"name": "Northwind Logistics"})
        )
        assert written["upsertAccount"]["userErrors"] == []
        # gql checks documents against the fetched schema before sending them.
        with pytest.raises(GraphQLError):
            await session.execute(gql('{ account(id: "x") { noSuchField } }'))
        # ... and raises the server's typed errors.
        with pytest.raises(TransportQueryError) as refused:
            await session.execute(gql('{ cypher(query: "RETURN 1") { rows } }'))
        errors = refused.value.errors
        assert errors and errors[0]["extensions"]["code"] == "FORBIDDEN"
