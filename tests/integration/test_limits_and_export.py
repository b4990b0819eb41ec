"""Request limits, and the CSV export's cells."""

from __future__ import annotations

import csv
import io

import httpx

from tests.helpers import GraphQL, LoadGraph
from tests.integration.small_graph import small_graph


async def test_query_depth_is_limited(gql: GraphQL) -> None:
    deep = "manager { " * 20 + "name" + " }" * 20
    body = await gql('{ person(id: "p-eng1") { %s } }' % deep, allow_errors=True)
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]


async def test_the_csv_export_keeps_formulas_out_of_spreadsheets(
    gql: GraphQL, client: httpx.AsyncClient, load_graph: LoadGraph
) -> None:
    await load_graph(small_graph())
    await gql(
        'mutation { upsertAccount(input: {id: "acc-evil", name: "=HYPERLINK(\\"x\\")",'
        ' tier: 1, industry: "-2+3"}) { account { name } } }'
    )
    rows = list(csv.DictReader(io.StringIO((await client.get("/export/accounts.csv")).text)))
    evil = next(r for r in rows if r["id"] == "acc-evil")
    assert evil["name"] == '\'=HYPERLINK("x")'
    assert evil["industry"] == "'-2+3"
    contoso = next(r for r in rows if r["id"] == "acc-contoso")
    assert contoso["name"] == "Contoso"
