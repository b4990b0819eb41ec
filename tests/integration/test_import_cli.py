"""``stakegraph import`` against the real Neo4j: the CRM samples with their mappings, re-runs
that write nothing, bad rows reported by file:line while good ones load, rejects that reload,
dry runs and strict runs, NDJSON by external id."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from api.cli import app
from graph.client import GraphClient
from graph.dataset import Dataset
from tests.helpers import ROOT, GraphQL, LoadGraph, count

EXAMPLES = ROOT / "examples"
#: Client data (API keys are the server's and survive a wipe).
#: The graph's nodes: not the tests' marker, the API keys or the response cache's versions (a
#: wipe leaves a fresh portfolio version).
NODES = (
    "MATCH (n) WHERE NOT n:StakegraphTestMarker AND NOT n:ApiKey AND NOT n:GraphVersion"
    " RETURN count(n) AS n"
)


Invoke = Callable[..., Awaitable[Result]]


@pytest.fixture
def cli(neo4j_connection: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """Run ``stakegraph`` with arguments (in a thread: the command runs its own event loop)."""
    for key, value in neo4j_connection.items():
        monkeypatch.setenv(key, value)
    runner = CliRunner()

    async def invoke(*args: str) -> Result:
        return await asyncio.to_thread(runner.invoke, app, list(args))

    return invoke


def tallies(output: str) -> dict[str, tuple[int, int, int, int]]:
    """The summary table: kind -> (created, updated, unchanged, rejected)."""
    found = {}
    for line in output.splitlines():
        m = re.match(r"^│ (\w+)\s+│ (\d+)\s+│ (\d+)\s+│ (\d+)\s+│ (\d+)\s+│$", line)
        if m:
            found[m.group(1)] = tuple(int(g) for g in m.groups()[1:])
    return found  # type: ignore[return-value]


ACCOUNT = """
query($system: String!, $value: String!) {
  account(externalId: {system: $system, value: $value}) {
    name tier
    stakeholderMap { person { name } roles }
    orgChart { nodes { person { name } parentId } }
    team { edges { node { role member { name } } } }
  }
}
"""


async def test_salesforce_sample_loads_and_reloads_unchanged(
    cli: Invoke, load_graph: LoadGraph, gql: GraphQL, graph: GraphClient
) -> None:
    await load_graph(Dataset())
    args = ["import", "--map", str(EXAMPLES / "salesforce" / "mapping.yaml")]
    first = await cli(*args, str(EXAMPLES / "salesforce"))
    assert first.exit_code == 0, first.output
    assert tallies(first.output) == {
        "accounts": (3, 0, 0, 0),
        "team_members": (3, 0, 0, 0),
        "people": (6, 0, 0, 0),
        "employments": (6, 0, 0, 0),
        "reports_to": (4, 0, 0, 0),
        "buying_roles": (5, 0, 0, 0),
        "team_assignments": (4, 0, 0, 0),
    }
    body = await gql(ACCOUNT, {"system": "salesforce", "value": "0015g00000SFACME"})
    acme = body["data"]["account"]
    assert (acme["name"], acme["tier"]) == ("Acme Freight", 4)
    roles = {row["person"]["name"]: row["roles"] for row in acme["stakeholderMap"]}
    assert roles["Maya Fischer"] == ["DECISION_MAKER"]
    assert roles["Jonas Weber"] == ["CHAMPION"]
    # ReportsToId became the org chart: Timo reports to Jonas, who reports to Maya.
    chart = {n["person"]["name"]: n["parentId"] for n in acme["orgChart"]["nodes"]}
    assert chart["Maya Fischer"] is None
    assert chart["Jonas Weber"] is not None and chart["Timo Koch"] is not None
    team = {(e["node"]["role"], e["node"]["member"]["name"]) for e in acme["team"]["edges"]}
    assert ("EXECUTIVE_SPONSOR", "Ana Lima") in team
    nodes = await count(graph, NODES)

    again = await cli(*args, str(EXAMPLES / "salesforce"))
    assert again.exit_code == 0, again.output
    assert all(c == u == r == 0 for c, u, _, r in tallies(again.output).values())
    assert tallies(again.output)["people"] == (0, 0, 6, 0)
    assert "Nothing changed" in again.output
    assert await count(graph, NODES) == nodes


async def test_hubspot_sample_loads_with_its_mapping(
    cli: Invoke, load_graph: LoadGraph, gql: GraphQL
) -> None:
    await load_graph(Dataset())
    mapping = str(EXAMPLES / "hubspot" / "mapping.yaml")
    done = await cli("import", "--map", mapping, str(EXAMPLES / "hubspot"))
    assert done.exit_code == 0, done.output
    assert tallies(done.output)["buying_roles"] == (4, 0, 0, 0)
    body = await gql(ACCOUNT, {"system": "hubspot", "value": "9001001"})
    umbrella = body["data"]["account"]
    assert (umbrella["name"], umbrella["tier"]) == ("Umbrella Labs", 4)
    roles = {row["person"]["name"]: row["roles"] for row in umbrella["stakeholderMap"]}
    assert roles == {
        "Iris Novak": ["DECISION_MAKER"],
        "Omar Haddad": ["CHAMPION"],
        "Eva Lund": ["BLOCKER"],
    }


def _write(path: Path, text: str) -> Path:
    path.write_text(text.lstrip(), encoding="utf-8")
    return path


async def test_bad_rows_are_reported_by_line_and_good_ones_load(
    cli: Invoke, load_graph: LoadGraph, graph: GraphClient, tmp_path: Path
) -> None:
    await load_graph(Dataset())
    _write(tmp_path / "accounts.csv", "id,name,tier\nacc-a,Alpha,3\nacc-b,Beta,9\n")
    people = _write(
        tmp_path / "people.csv",
        """
id,name,email,seniority,accountId,managerId
p-1,Ada,ada@alpha.example,VP,acc-a,
p-2,Bob,not-an-email,DIRECTOR,acc-a,p-1
p-3,Cy,cy@alpha.example,BOSS,acc-a,
p-4,Di,di@alpha.example,MANAGER,acc-zzz,p-1
""",
    )
    rejects = tmp_path / "rejects.ndjson"
    result = await cli("import", "--rejects", str(rejects), str(tmp_path))
    assert result.exit_code == 1, result.output
    out = result.output
    assert "accounts.csv:3: tier: OUT_OF_RANGE" in out
    assert "people.csv:3: email: INVALID" in out
    assert "people.csv:4: seniority: INVALID" in out
    # Di's employer does not exist: Di loads, her employment does not, and so neither does
    # her reporting line (both people must work at one account). Each says which it is.
    assert "people.csv:5 (employments): accountId: NOT_FOUND" in out
    assert "people.csv:5 (reportsTo): personId: NOT_EMPLOYED" in out
    # Bob's and Cy's employments name a person who was rejected.
    assert "people.csv:3 (employments): personId: NOT_FOUND" in out
    found = tallies(out)
    assert found["accounts"] == (1, 0, 0, 1)
    assert found["people"] == (2, 0, 0, 2)
    assert await count(graph, "MATCH (p:Person) RETURN count(p) AS n") == 2
    lines = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert {line["_at"] for line in lines} >= {"people.csv:3", "accounts.csv:3"}

    # Fixed, the rejects load: every record in them is a record again.
    fixed = [
        line
        for line in lines
        if line["_at"] in ("accounts.csv:3", "people.csv:3")
        and not any(k in line for k in ("employments", "reportsTo"))
    ]
    for line in fixed:
        record = line.get("accounts") or line["people"]
        record.update({"tier": 2} if "accounts" in line else {"email": "bob@alpha.example"})
    again = _write(tmp_path / "fixed.ndjson", "\n".join(json.dumps(x) for x in fixed))
    reloaded = await cli("import", str(again))
    assert reloaded.exit_code == 0, reloaded.output
    assert tallies(reloaded.output)["people"] == (1, 0, 0, 0)
    assert await count(graph, "MATCH (p:Person) RETURN count(p) AS n") == 3
    del people


async def test_dry_run_and_strict_write_nothing(
    cli: Invoke, load_graph: LoadGraph, graph: GraphClient, tmp_path: Path
) -> None:
    await load_graph(Dataset())
    _write(tmp_path / "accounts.csv", "id,name,tier\nacc-a,Alpha,3\n")
    _write(tmp_path / "employments.csv", "personId,accountId\np-1,acc-a\n")
    _write(tmp_path / "people.csv", "id,name\np-1,Ada\n")
    dry = await cli("import", "--dry-run", str(tmp_path))
    # In one transaction, later kinds see the earlier ones: the employment checks out.
    assert dry.exit_code == 0, dry.output
    assert tallies(dry.output)["employments"] == (1, 0, 0, 0)
    assert "Dry run" in dry.output
    assert await count(graph, NODES) == 0
    _write(tmp_path / "people.csv", "id,name\np-1,Ada\np-2,\n")
    strict = await cli("import", "--strict", str(tmp_path))
    assert strict.exit_code == 1
    assert "people.csv:3: name: REQUIRED" in strict.output
    assert await count(graph, NODES) == 0
    loose = await cli("import", str(tmp_path))
    assert loose.exit_code == 1
    assert await count(graph, "MATCH (p:Person) RETURN count(p) AS n") == 1


async def test_ndjson_refers_by_external_id(
    cli: Invoke, load_graph: LoadGraph, gql: GraphQL, tmp_path: Path
) -> None:
    await load_graph(Dataset())

    def sf(value: str) -> dict[str, str]:
        return {"system": "salesforce", "value": value}

    lines = [
        {"accounts": {"externalIds": [sf("001A")], "name": "Alpha", "tier": 2}},
        {"teamMembers": {"id": "tm-1", "name": "Ana"}},
        {"people": {"externalIds": [sf("003P")], "name": "Pia", "accountId": sf("001A")}},
        {
            "touchpoints": {
                "id": "tp-1",
                "accountId": sf("001A"),
                "date": "2024-05-02",
                "channel": "CALL",
                "kind": "OPERATIONAL",
                "teamMemberIds": ["tm-1"],
                "personIds": [sf("003P")],
            }
        },
        {"buyingRoles": {"personId": sf("003Q"), "accountId": sf("001A"), "role": "USER"}},
    ]
    path = _write(tmp_path / "crm.ndjson", "\n".join(json.dumps(x) for x in lines))
    result = await cli("import", str(path))
    assert result.exit_code == 1, result.output
    assert "crm.ndjson:5: personId: NOT_FOUND: person 'salesforce:003Q' does not exist" in (
        result.output
    )
    body = await gql(
        'query { account(externalId: {system: "salesforce", value: "001A"}) '
        "{ name stakeholderMap { person { name } lastTouchpoint } } }"
    )
    account = body["data"]["account"]
    assert account["name"] == "Alpha"
    assert account["stakeholderMap"] == [
        {"person": {"name": "Pia"}, "lastTouchpoint": "2024-05-02"}
    ]


POSITIONS = """
query($id: ID!) { person(id: $id) { title positions { title until } } }
"""


async def test_positions_follow_a_changed_title_and_a_later_batchs_employment(
    cli: Invoke, load_graph: LoadGraph, gql: GraphQL, tmp_path: Path
) -> None:
    # The import syncs positions only for the people a batch changed: a title changed on a
    # re-import opens a position; people the re-import finds as stored keep theirs; and an
    # employment written in a later batch than its person (batch of one) gives a position.
    await load_graph(Dataset())
    (tmp_path / "accounts.csv").write_text("id,name,tier\nacc-x,X,1\n")
    people = tmp_path / "people.csv"
    header = "id,name,title,accountId\n"
    people.write_text(header + "p-a,A,Analyst,acc-x\np-b,B,Analyst,acc-x\n")
    first = await cli("import", "--batch", "1", str(tmp_path))
    assert first.exit_code == 0, first.output
    people.write_text(header + "p-a,A,Manager,acc-x\np-b,B,Analyst,acc-x\n")
    again = await cli("import", "--batch", "1", str(tmp_path))
    assert again.exit_code == 0, again.output
    assert tallies(again.output)["people"] == (0, 1, 1, 0)

    async def positions(person: str) -> list[tuple[str, bool]]:
        shown = (await gql(POSITIONS, {"id": person}))["data"]["person"]["positions"]
        return sorted((p["title"], p["until"] is None) for p in shown)

    assert await positions("p-a") == [("Analyst", False), ("Manager", True)]
    assert await positions("p-b") == [("Analyst", True)]
