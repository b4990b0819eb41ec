"""``stakegraph export dataset`` → wipe → ``stakegraph import`` reproduces the graph exactly, in
both formats: the demo with history it lacks (an ended and a dotted reporting line, a job move, a
board seat beside a job, a hand-set strength, a removed buying role, a dated promotion: an
ended position, a target set by an API key and one cleared) made through GraphQL first,
compared as a canonical dump of every node and relationship (a plain Cypher read, not the
exporter's)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner, Result

from api.cli import app
from graph import exports
from graph.client import GraphClient
from graph.cypher.facts import DERIVED_STRENGTH_PROPS
from graph.importer import wipe
from tests.helpers import TODAY, GraphQL

#: Not client data: the server's keys, alerts, webhooks, cache versions and score history, and
#: the tests' marker.
NOT_DATA_LABELS = [
    "ApiKey",
    "AlertEvent",
    "Webhook",
    "WebhookDelivery",
    "GraphVersion",
    "ScoreSnapshot",
    "StakegraphTestMarker",
]
#: Not data either: when a node was written, and the stored scores (recomputed on import).
NOT_DATA_PROPS = [
    "createdAt",
    "updatedAt",
    "breadthScore",
    "dependencyScore",
    "executiveScore",
    "riskFlagCodes",
    "riskFlagKeys",
    "scoresAsOf",
    "scoresComputedAt",
    # The derived strengths the recompute stores on relationships (docs/scoring.md).
    *DERIVED_STRENGTH_PROPS,
]
NODES = """
MATCH (n) WHERE none(l IN labels(n) WHERE l IN $labels)
RETURN labels(n) AS labels, properties(n) AS props
"""
EDGES = """
MATCH (s)-[r]->(e)
WHERE none(l IN labels(s) + labels(e) WHERE l IN $labels)
RETURN type(r) AS type, labels(s) AS s_labels, coalesce(s.id, s.key) AS s_id,
       labels(e) AS e_labels, coalesce(e.id, e.key) AS e_id, properties(r) AS props
"""

MUTATIONS = """
mutation($promoted: Date!) {
  ended: setReportsTo(personId: "p-becker", managerId: "p-mehta") { userErrors { code } }
  dotted: setDottedLine(personId: "p-alvarez", managerId: "p-mehta") { userErrors { code } }
  dottedGone: setDottedLine(personId: "p-bello", managerId: "p-mehta") { userErrors { code } }
  dottedEnd: endDottedLine(personId: "p-bello", managerId: "p-mehta") { userErrors { code } }
  move: startEmployment(personId: "p-devries", accountId: "acc-contoso") { userErrors { code } }
  seat: startEmployment(personId: "p-martin", accountId: "acc-fabrikam", concurrent: true) {
    userErrors { code } }
  strength: setRelationshipStrength(teamMemberId: "tm-hartmann", personId: "p-lindqvist",
                                    strength: WEAK) { userErrors { code } }
  role: removeBuyingRole(personId: "p-becker", accountId: "acc-northwind", role: INFLUENCER) {
    userErrors { code } }
  promoted: upsertPerson(input: {id: "p-bello", title: "Head of Platform", seniority: DIRECTOR,
                                 positionSince: $promoted}) { userErrors { code } }
  target: setTargetStrength(personId: "p-devries", accountId: "acc-contoso", target: WEAK) {
    userErrors { code } }
  untarget: setTargetStrength(personId: "p-raman", target: null) { userErrors { code } }
}
"""


def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, _canonical(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_canonical(v) for v in value)
    return value


async def dump(graph: GraphClient) -> tuple[list[str], list[str]]:
    """Every node and relationship of client data, as sorted lines of text."""
    session = graph.session()
    params = {"labels": NOT_DATA_LABELS}
    nodes = sorted(
        repr((sorted(r["labels"]), _canonical(_data(r["props"]))))
        for r in await session.read(NODES, params)
    )
    edges = sorted(
        repr(
            (
                r["type"],
                sorted(r["s_labels"]),
                r["s_id"],
                sorted(r["e_labels"]),
                r["e_id"],
                _canonical(_data(r["props"])),
            )
        )
        for r in await session.read(EDGES, params)
    )
    return nodes, edges


def _data(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if k not in NOT_DATA_PROPS}


@pytest.fixture
def cli(neo4j_connection: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Any:
    for key, value in neo4j_connection.items():
        monkeypatch.setenv(key, value)
    runner = CliRunner()

    async def invoke(*args: str) -> Result:
        return await asyncio.to_thread(runner.invoke, app, list(args))

    return invoke


async def test_export_then_import_into_an_empty_graph_reproduces_it(
    demo: None,
    gql: GraphQL,
    graph: GraphClient,
    client: httpx.AsyncClient,
    cli: Any,
    tmp_path: Path,
) -> None:
    body = await gql(MUTATIONS, {"promoted": str(TODAY - timedelta(days=30))})
    assert all(v["userErrors"] == [] for v in body["data"].values()), body
    before = await dump(graph)
    kinds = {line.split("'")[1] for line in before[1]}
    assert {"REPORTS_TO", "DOTTED_LINE_TO", "EMPLOYED_AT", "IDENTIFIES", "KNOWS"} <= kinds
    assert any("'STRENGTH_TARGET'" in e and "'test admin'" in e for e in before[1])
    # The history the mutations made is in the graph to export.
    assert any("'DOTTED_LINE_TO'" in e and "'until'" in e for e in before[1])
    assert any("'REPORTS_TO'" in e and "'p-becker'" in e and "'until'" in e for e in before[1])
    assert any("'HELD'" in e and "'p-bello'" in e and "'until'" in e for e in before[1])

    # Keyset pages: small pages read the same records as one large page.
    session = graph.session()
    for kind in exports.DATASET:
        whole = [r async for page in exports.dataset_records(session, kind, TODAY) for r in page]
        paged = [
            r async for page in exports.dataset_records(session, kind, TODAY, page=3) for r in page
        ]
        assert paged == whole, kind
    for wrong in (["--format", "table"], []):
        args = ["export", "dataset", *wrong] + (["--out", str(tmp_path / "x")] if wrong else [])
        result = await cli(*args)
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output

    for fmt in ("csv", "ndjson"):
        result = await cli("export", "dataset", "--out", str(tmp_path / fmt), "--format", fmt)
        assert result.exit_code == 0, result.output
        assert "records in" in result.output
    csv_files = sorted(p.name for p in (tmp_path / "csv").iterdir())
    # One file per kind of record the import reads.
    assert csv_files == sorted(f"{kind}.csv" for kind in exports.DATASET)
    ndjson = (tmp_path / "ndjson" / "dataset.ndjson").read_bytes()
    # The HTTP export is the same stream.
    response = await client.get("/export/dataset.ndjson")
    assert response.status_code == 200 and response.content == ndjson
    seat = [line for line in ndjson.splitlines() if b'"p-martin"' in line and b"employ" in line]
    assert len(seat) == 2 and all(b'"concurrent":true' in line for line in seat)

    for fmt in ("csv", "ndjson"):
        await wipe(graph.session())
        result = await cli("import", str(tmp_path / fmt))
        assert result.exit_code == 0, result.output
        after = await dump(graph)
        for part in (0, 1):
            gone = sorted(set(before[part]) - set(after[part]))
            new = sorted(set(after[part]) - set(before[part]))
            assert (gone, new) == ([], []), f"{fmt}: lost {gone[:4]}, gained {new[:4]}"
        assert after == before, fmt
    again = await cli("import", str(tmp_path / "ndjson"))
    assert "Nothing changed" in again.output, again.output
