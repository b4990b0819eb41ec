"""Analyst Cypher over HTTP (/export/cypher.csv, .arrow, .parquet): typed columns pandas and
Arrow read as such, the GraphQL field's rules and caps (who may: test_authorization.py)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime

import httpx
import pandas as pd
import pyarrow as pa
import pytest
from fastapi import FastAPI

from tests.helpers import GraphQL, LoadGraph
from tests.integration.small_graph import small_graph

ACCOUNTS = (
    "MATCH (a:Account) RETURN a.name AS name, a.tier AS tier, a.annualRevenue AS revenue, "
    "a.isKeyAccount AS key, a.clientSince AS since, a.createdAt AS created, "
    "labels(a) AS flags, a AS node ORDER BY name"
)
VALUES = (
    "RETURN 1 AS int, 1.5 AS float, true AS bool, 'x' AS text, null AS nothing, "
    "date('2026-01-02') AS date, datetime('2026-01-02T03:04:05+02:00') AS instant, "
    "localdatetime('2026-01-02T03:04:05') AS local, time('10:15:00+01:00') AS time, "
    "duration('P1M2DT3H') AS duration, [1, 2] AS ints, [1, 'a'] AS mixed, {a: 1} AS map"
)


def _code(response: httpx.Response) -> str:
    return str(response.json()["errors"][0]["extensions"]["code"])


def _message(response: httpx.Response) -> str:
    return str(response.json()["errors"][0]["message"])


@pytest.fixture
async def small(load_graph: LoadGraph) -> None:
    await load_graph(small_graph())


async def test_csv_holds_what_the_graphql_field_returns(
    client: httpx.AsyncClient, gql: GraphQL, small: None
) -> None:
    response = await client.get("/export/cypher.csv", params={"query": ACCOUNTS})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["stakegraph-row-count"] == "3"
    assert response.headers["stakegraph-truncated"] == "false"
    table = list(csv.reader(io.StringIO(response.text)))
    body = await gql("query($q: String!) { cypher(query: $q) { columns rows } }", {"q": ACCOUNTS})
    field = body["data"]["cypher"]
    assert table[0] == field["columns"]
    assert (
        [r[0] for r in table[1:]]
        == [r[0] for r in field["rows"]]
        == [
            "Contoso",
            "Fabrikam",
            "Tailspin Toys",
        ]
    )
    contoso, expected = table[1], field["rows"][0]
    assert contoso[1] == "4" and contoso[3] == "true"
    assert contoso[4] == expected[4]  # the ISO date, as the field gives it
    assert datetime.fromisoformat(contoso[5]) == datetime.fromisoformat(expected[5])
    assert json.loads(contoso[6]) == expected[6]
    node = json.loads(contoso[7])
    assert node["labels"] == ["Account"] and node["elementId"] == expected[7]["elementId"]


async def test_parquet_opens_in_pandas_with_typed_columns(
    client: httpx.AsyncClient, small: None
) -> None:
    response = await client.get("/export/cypher.parquet", params={"query": ACCOUNTS})
    assert response.status_code == 200, response.text
    frame = pd.read_parquet(io.BytesIO(response.content))
    assert list(frame.columns) == [
        "name",
        "tier",
        "revenue",
        "key",
        "since",
        "created",
        "flags",
        "node",
    ]
    assert frame["tier"].dtype == "int64"
    assert frame["revenue"].dtype == "float64"
    assert frame["key"].dtype == "bool"
    assert str(frame["created"].dtype) == "datetime64[us, UTC]"
    assert isinstance(frame["since"][0], date)
    assert frame["name"].tolist() == ["Contoso", "Fabrikam", "Tailspin Toys"]
    assert json.loads(frame["node"][0])["properties"]["name"] == "Contoso"
    typed = pd.read_parquet(io.BytesIO(response.content), dtype_backend="pyarrow")
    assert str(typed["since"].dtype) == "date32[day][pyarrow]"
    assert str(typed["flags"].dtype).startswith("list<")


async def test_arrow_stream_types_every_value_it_can(
    client: httpx.AsyncClient, small: None
) -> None:
    response = await client.post("/export/cypher.arrow", json={"query": VALUES})
    assert response.status_code == 200, response.text
    table = pa.ipc.open_stream(response.content).read_all()
    types = {field.name: str(field.type) for field in table.schema}
    assert types == {
        "int": "int64",
        "float": "double",
        "bool": "bool",
        "text": "string",
        "nothing": "null",
        "date": "date32[day]",
        "instant": "timestamp[us, tz=UTC]",
        "local": "timestamp[us]",
        "time": "string",
        "duration": "string",
        "ints": "list<item: int64>",
        "mixed": "string",
        "map": "string",
    }
    row = table.to_pylist()[0]
    assert row["instant"] == datetime(2026, 1, 2, 1, 4, 5, tzinfo=UTC)
    assert row["time"] == "10:15:00.000000000+01:00"
    assert row["duration"] == "P1M2DT3H"
    assert json.loads(row["mixed"]) == [1, "a"] and json.loads(row["map"]) == {"a": 1}


async def test_post_takes_parameters_and_paths_come_whole(
    client: httpx.AsyncClient, small: None
) -> None:
    query = (
        "MATCH path = (p:Person {id: $id})-[:EMPLOYED_AT]->(:Account) "
        "RETURN path, length(path) AS hops"
    )
    response = await client.post(
        "/export/cypher.csv", json={"query": query, "params": {"id": "p-ceo"}}
    )
    assert response.status_code == 200, response.text
    (header, *rows) = list(csv.reader(io.StringIO(response.text)))
    assert header == ["path", "hops"] and len(rows) == 1
    path = json.loads(rows[0][0])
    assert [n["labels"] for n in path["nodes"]] == [["Person"], ["Account"]]
    assert path["relationships"][0]["type"] == "EMPLOYED_AT"
    get = await client.get(
        "/export/cypher.csv", params={"query": query, "params": json.dumps({"id": "p-ceo"})}
    )
    assert get.text == response.text


@pytest.fixture
def tight(app: FastAPI) -> Iterator[None]:
    config = app.state.schema_config
    app.state.schema_config = dataclasses.replace(config, cypher_max_rows=2, cypher_timeout_s=0.5)
    yield
    app.state.schema_config = config


async def test_the_field_s_caps_and_time_limit_hold(
    client: httpx.AsyncClient, small: None, tight: None
) -> None:
    capped = await client.get(
        "/export/cypher.csv", params={"query": "UNWIND range(1, 10) AS n RETURN n"}
    )
    assert capped.headers["stakegraph-truncated"] == "true"
    assert capped.headers["stakegraph-row-count"] == "2"
    assert capped.text.split() == ["n", "1", "2"]
    slow = await client.get(
        "/export/cypher.parquet",
        params={"query": "UNWIND range(1, 200000000) AS x RETURN count(x) AS n"},
    )
    assert slow.status_code == 400
    assert _code(slow) == "CYPHER_REJECTED"
    assert "CYPHER_TIMEOUT_S" in _message(slow)


async def test_refusals_are_400s_with_a_code(client: httpx.AsyncClient, small: None) -> None:
    write = await client.get(
        "/export/cypher.csv", params={"query": "CREATE (:Account {id: 'evil'}) RETURN 1"}
    )
    assert write.status_code == 400 and _code(write) == "CYPHER_REJECTED"
    load = await client.post(
        "/export/cypher.arrow", json={"query": "LOAD CSV FROM 'http://x/y' AS r RETURN r"}
    )
    assert load.status_code == 400 and "LOAD CSV" in _message(load)
    syntax = await client.get("/export/cypher.csv", params={"query": "MATCH (n RETURN n"})
    assert syntax.status_code == 400 and "column 10" in _message(syntax)
    params = await client.get(
        "/export/cypher.csv", params={"query": "RETURN $x", "params": "{not json"}
    )
    assert params.status_code == 400 and _code(params) == "INVALID"
    listed = await client.get("/export/cypher.csv", params={"query": "RETURN 1", "params": "[1]"})
    assert listed.status_code == 400 and _code(listed) == "INVALID"
    long = await client.post("/export/cypher.csv", json={"query": "RETURN 1 " + " " * 20_000})
    assert long.status_code == 400 and _code(long) == "TOO_LONG"
    unknown = await client.get("/export/cypher.xlsx", params={"query": "RETURN 1"})
    assert unknown.status_code == 422
    missing = await client.get("/export/cypher.csv")
    assert missing.status_code == 422


async def test_csv_keeps_formulas_out_of_spreadsheets(
    client: httpx.AsyncClient, small: None
) -> None:
    response = await client.get(
        "/export/cypher.csv", params={"query": "RETURN '=HYPERLINK(\"x\")' AS cell, -2 AS n"}
    )
    assert list(csv.reader(io.StringIO(response.text)))[1] == ['\'=HYPERLINK("x")', "-2"]
