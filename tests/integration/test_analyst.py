"""Analyst Cypher through GraphQL on the demo: read-only, and unable to reach out of the database
or touch the server (the plan rules one by one: tests/unit/graph/test_analyst_rules.py)."""

from __future__ import annotations

import http.server
import threading
from typing import Any

import pytest

from graph.client import GraphClient
from graph.errors import ReadOnlyQueryError
from tests.helpers import GraphQL


async def test_read_only_cypher(gql: GraphQL, demo: None) -> None:
    body = await gql(
        """query($q: String!, $p: JSON) { cypher(query: $q, params: $p) { columns rows rowCount truncated } }""",
        {
            "q": "MATCH (a:Account) WHERE a.tier >= $tier RETURN a.name AS name, a.clientSince AS since ORDER BY name",
            "p": {"tier": 3},
        },
    )
    result = body["data"]["cypher"]
    assert result["columns"] == ["name", "since"]
    assert [r[0] for r in result["rows"]] == [
        "Contoso Pharma",
        "Fabrikam Retail",
        "Northwind Logistics",
    ]
    assert result["truncated"] is False
    write = await gql(
        'query { cypher(query: "CREATE (:Account {id: \\"evil\\"}) RETURN 1") { rowCount } }',
        allow_errors=True,
    )
    assert write["errors"][0]["extensions"]["code"] == "CYPHER_REJECTED"
    check = await gql('{ account(id: "evil") { name } }')
    assert check["data"]["account"] is None


CYPHER = "query($q: String!) { cypher(query: $q) { columns rows rowCount } }"


class _CsvServer(http.server.ThreadingHTTPServer):
    """A local CSV URL that records every request (so a regression fails fast, not hangs)."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.hits.append(self.path)
                body = b"name\nsecret\n"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)


async def test_analyst_cypher_cannot_reach_out_or_touch_the_server(
    gql: GraphQL, demo: None
) -> None:
    server = _CsvServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/people.csv"
        refused = {
            f"LOAD CSV FROM '{url}' AS row RETURN row": "LOAD CSV",
            f"CALL {{ LOAD CSV FROM '{url}' AS row RETURN row }} RETURN count(*)": "LOAD CSV",
            "TERMINATE TRANSACTIONS 'neo4j-transaction-1'": "TerminateTransactions",
            "SHOW TRANSACTIONS": "ShowTransactions",
            "SHOW SETTINGS": "ShowSettings",
            "CALL dbms.listConfig() YIELD name RETURN name": "dbms.listConfig",
            "call db.clearQueryCaches()": "db.clearQueryCaches",
            # who the API connects as, and what else the server holds
            "SHOW USERS": "administration commands",
            "SHOW CURRENT USER": "administration commands",
            "SHOW DATABASES": "administration commands",
            "CALL dbms.showCurrentUser()": "dbms.showCurrentUser",
        }
        for query, named in refused.items():
            body = await gql(CYPHER, {"q": query}, allow_errors=True)
            assert "errors" in body, (query, body)
            assert body["errors"][0]["extensions"]["code"] == "CYPHER_REJECTED", query
            assert named in body["errors"][0]["message"], query
        assert server.hits == []  # Neo4j never opened the URL
    finally:
        server.shutdown()
        server.server_close()
    allowed = await gql(CYPHER, {"q": "CALL db.labels() YIELD label RETURN label ORDER BY label"})
    assert ["Account"] in allowed["data"]["cypher"]["rows"]
    indexes = await gql(CYPHER, {"q": "SHOW INDEXES YIELD name RETURN name"})
    assert ["account_dependency_rank"] in indexes["data"]["cypher"]["rows"]


async def test_results_keep_what_the_graph_returned(gql: GraphQL, graph_loaded: None) -> None:
    query = """
    MATCH path = (t:TeamMember {id: 'tm-lead'})-[k:KNOWS]->(p:Person {id: 'p-itdir'})
    RETURN t AS member, k AS knows, path, date('2026-03-01') AS day,
           datetime('2026-03-01T10:30:00Z') AS instant, duration('P1M2DT3H') AS span,
           point({x: 1.5, y: 2.0}) AS spot, [p.name, 3] AS mixed
    """
    result = (await gql(CYPHER, {"q": query}))["data"]["cypher"]
    assert result["columns"] == [
        "member",
        "knows",
        "path",
        "day",
        "instant",
        "span",
        "spot",
        "mixed",
    ]
    member, knows, path, day, instant, span, spot, mixed = result["rows"][0]
    assert member["labels"] == ["TeamMember"] and member["properties"]["id"] == "tm-lead"
    assert member["elementId"]
    assert knows["type"] == "KNOWS"
    assert knows["start"] == member["elementId"]
    assert knows["properties"]["id"] == "rel-2"
    assert [n["properties"]["id"] for n in path["nodes"]] == ["tm-lead", "p-itdir"]
    assert [r["elementId"] for r in path["relationships"]] == [knows["elementId"]]
    assert knows["end"] == path["nodes"][1]["elementId"]
    assert (day, instant, span) == ("2026-03-01", "2026-03-01T10:30:00.000000000+00:00", "P1M2DT3H")
    assert spot == {"srid": 7203, "coordinates": [1.5, 2.0]}
    assert mixed[1] == 3


async def test_error_positions_are_in_the_query_the_analyst_wrote(
    gql: GraphQL, graph_loaded: None
) -> None:
    # The server plans "EXPLAIN <query>" first; its positions used to count that prefix.
    body = await gql(CYPHER, {"q": "MATCH (n RETURN n"}, allow_errors=True)
    [error] = body["errors"]
    assert error["extensions"]["code"] == "CYPHER_REJECTED"
    assert "(line 1, column 10 (offset: 9))" in error["message"]
    assert '"MATCH (n RETURN n"\n          ^' in error["message"]
    second_line = await gql(CYPHER, {"q": "MATCH (n)\nRETURN n.x +"}, allow_errors=True)
    assert "(line 2, column 13 (offset: 22))" in second_line["errors"][0]["message"]


async def test_a_query_past_the_time_limit_says_which_limit_and_how_to_narrow_it(
    graph: GraphClient,
) -> None:
    with pytest.raises(ReadOnlyQueryError) as refused:
        await graph.session().read_only(
            "UNWIND range(1, 300000000) AS x RETURN count(x)",
            {},
            timeout_s=0.5,
            max_rows=5,
            max_bytes=10_000,
        )
    message = str(refused.value)
    assert "time limit of 0.5 s (CYPHER_TIMEOUT_S)" in message and "LIMIT" in message
    assert "you should see a successful result" not in message


async def test_analyst_results_are_capped_in_bytes_as_well_as_rows(graph: GraphClient) -> None:
    wide = "UNWIND range(1, 50) AS i RETURN i, reduce(s = '', x IN range(1, 2000) | s + 'xxxxx') AS big"
    columns, rows, truncated = await graph.session().read_only(
        wide, {}, timeout_s=10, max_rows=1000, max_bytes=50_000
    )
    assert columns == ["i", "big"]
    assert truncated and 1 <= len(rows) <= 5  # each row is about 10 KB of JSON
    assert [r["i"] for r in rows] == list(range(1, len(rows) + 1))
    all_rows = await graph.session().read_only(
        wide, {}, timeout_s=10, max_rows=1000, max_bytes=10_000_000
    )
    assert (len(all_rows[1]), all_rows[2]) == (50, False)
    capped = await graph.session().read_only(wide, {}, timeout_s=10, max_rows=3, max_bytes=10**7)
    assert (len(capped[1]), capped[2]) == (3, True)
