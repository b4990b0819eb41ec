"""importDataset on the real Neo4j: all or nothing, and each kind of record under the rules of
the mutation that writes it one at a time."""

from __future__ import annotations

from typing import Any

import pytest

from graph.client import GraphClient
from graph.dataset import AccountRecord, BuyingRoleRecord, Dataset
from graph.errors import WriteRejectedError
from graph.importer import import_dataset
from tests.helpers import GraphQL, codes, count
from tests.integration.documents import IMPORT
from tests.integration.small_graph import TODAY, ago


async def test_import_dataset_all_or_nothing(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    good = {
        "accounts": [{"id": "acc-new", "name": "Newco", "tier": 2}],
        "people": [{"id": "p-new1", "name": "New One"}, {"id": "p-new2", "name": "New Two"}],
        "employments": [
            {"personId": "p-new1", "accountId": "acc-new"},
            {"personId": "p-new2", "accountId": "acc-new"},
        ],
        "reportsTo": [{"personId": "p-new2", "managerId": "p-new1"}],
        "buyingRoles": [{"personId": "p-new1", "accountId": "acc-new", "role": "DECISION_MAKER"}],
        "teamAssignments": [
            {"teamMemberId": "tm-lead", "accountId": "acc-new", "role": "ACCOUNT_LEAD"}
        ],
        "relationships": [{"id": "rel-new", "teamMemberId": "tm-lead", "personId": "p-new1"}],
        "touchpoints": [
            {
                "id": "tp-new",
                "accountId": "acc-new",
                "date": ago(2).isoformat(),
                "channel": "EMAIL",
                "kind": "OPERATIONAL",
                "teamMemberIds": ["tm-lead"],
                "personIds": ["p-new1"],
            }
        ],
    }
    done = (await gql(IMPORT, {"input": good}))["data"]["importDataset"]
    assert done == {
        "accounts": 1,
        "people": 2,
        "teamMembers": 0,
        "relationships": 1,
        "touchpoints": 1,
        "userErrors": [],
    }
    nodes = await count(graph, "MATCH (n) RETURN count(n) AS n")
    await gql(IMPORT, {"input": good})
    assert await count(graph, "MATCH (n) RETURN count(n) AS n") == nodes  # idempotent

    bad = {
        **good,
        "accounts": [{"id": "acc-other", "name": "Other", "tier": 2}],
        "people": [{"id": "p-x1", "name": ""}, {"id": "p-x2", "name": "Ok"}],
        "employments": [{"personId": "p-x1", "accountId": "acc-ghost"}],
        "reportsTo": [
            {"personId": "p-x1", "managerId": "p-x2"},
            {"personId": "p-x2", "managerId": "p-x1"},
        ],
    }
    payload = (await gql(IMPORT, {"input": bad}))["data"]["importDataset"]
    found = codes(payload)
    assert ("REQUIRED", "input", "people", "0", "name") in found
    assert ("NOT_FOUND", "input", "employments", "0", "accountId") in found
    assert ("CYCLE", "input", "reportsTo", "0") in found
    assert payload["accounts"] == 0
    assert await count(graph, "MATCH (n) RETURN count(n) AS n") == nodes
    assert await count(graph, "MATCH (a:Account {id: 'acc-other'}) RETURN count(a) AS n") == 0


async def test_imported_external_ids_name_one_record(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    taken = {"system": "salesforce", "value": "001-CONTOSO"}  # acc-contoso's
    clash = {"accounts": [{"id": "acc-new", "name": "Newco", "tier": 2, "externalIds": [taken]}]}
    payload = (await gql(IMPORT, {"input": clash}))["data"]["importDataset"]
    assert codes(payload) == [("CONFLICT", "input", "accounts", "0", "externalIds", "0")]
    assert "acc-contoso" in payload["userErrors"][0]["message"]
    same = {"system": "hubspot", "value": "7"}
    twice = {
        "people": [
            {"id": "p-a", "name": "A", "externalIds": [same]},
            {"id": "p-b", "name": "B", "externalIds": [{**same, "value": " 7 "}]},
        ]
    }
    payload = (await gql(IMPORT, {"input": twice}))["data"]["importDataset"]
    assert codes(payload) == [("DUPLICATE", "input", "people", "1", "externalIds", "0")]
    assert (
        await count(graph, "MATCH (n) WHERE n.id IN ['acc-new', 'p-a'] RETURN count(n) AS n") == 0
    )

    # The owner itself may repeat its id (a re-sync), and a team member can carry one.
    resync = {
        "accounts": [{"id": "acc-contoso", "name": "Contoso", "tier": 3, "externalIds": [taken]}],
        "teamMembers": [
            {"id": "tm-new", "name": "Nia New", "externalIds": [{"system": "hr", "value": "42"}]}
        ],
    }
    assert (await gql(IMPORT, {"input": resync}))["data"]["importDataset"]["userErrors"] == []
    owners = await graph.session().read(
        "MATCH (r:ExternalRef)-[:IDENTIFIES]->(n) WHERE r.key IN ['salesforce:001-CONTOSO', 'hr:42']"
        " RETURN r.key AS key, collect(n.id) AS ids ORDER BY key"
    )
    assert owners == [
        {"key": "hr:42", "ids": ["tm-new"]},
        {"key": "salesforce:001-CONTOSO", "ids": ["acc-contoso"]},
    ]


CURRENT_LINES = (
    "MATCH (p:Person)-[r:REPORTS_TO]->(m:Person) WHERE r.until IS NULL"
    " RETURN p.id AS person, m.id AS manager ORDER BY person"
)


async def test_imported_reporting_lines_follow_the_rules_of_set_reports_to(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    before = await graph.session().read(CURRENT_LINES)

    def line(person: str, manager: str) -> dict[str, Any]:
        return {"reportsTo": [{"personId": person, "managerId": manager}]}

    # eng1 -> itdir -> cio is in the graph: cio -> eng1 closes a loop with it.
    looping = (await gql(IMPORT, {"input": line("p-cio", "p-eng1")}))["data"]["importDataset"]
    assert codes(looping) == [("CYCLE", "input", "reportsTo", "0")]
    # Neither line loops alone (cfo and cio report to the ceo); together they do, through
    # eng1 -> itdir -> cio in the graph: itdir is named by neither line, found only by walking
    # up from the new manager eng1.
    both = {
        "reportsTo": [
            {"personId": "p-cfo", "managerId": "p-eng1"},
            {"personId": "p-cio", "managerId": "p-cfo"},
        ]
    }
    closed = (await gql(IMPORT, {"input": both}))["data"]["importDataset"]
    assert codes(closed) == [
        ("CYCLE", "input", "reportsTo", "0"),
        ("CYCLE", "input", "reportsTo", "1"),
    ]
    abroad = (await gql(IMPORT, {"input": line("p-eng1", "p-fab")}))["data"]["importDataset"]
    assert codes(abroad) == [("CROSS_ACCOUNT", "input", "reportsTo", "0", "managerId")]
    gone = (await gql(IMPORT, {"input": line("p-left", "p-cio")}))["data"]["importDataset"]
    assert codes(gone) == [("CROSS_ACCOUNT", "input", "reportsTo", "0", "managerId")]
    twice = {
        "reportsTo": [
            {"personId": "p-eng1", "managerId": "p-cio"},
            {"personId": "p-eng1", "managerId": "p-ceo"},
        ]
    }
    doubled = (await gql(IMPORT, {"input": twice}))["data"]["importDataset"]
    assert codes(doubled) == [("DUPLICATE", "input", "reportsTo", "1", "personId")]
    # An employment the same import starts makes the line valid.
    joined = {
        "employments": [{"personId": "p-fab", "accountId": "acc-contoso"}],
        **line("p-fab", "p-cio"),
        "people": [],
    }
    assert (await gql(IMPORT, {"input": joined}))["data"]["importDataset"]["userErrors"] == []
    after_join = await graph.session().read(CURRENT_LINES)
    assert {"person": "p-fab", "manager": "p-cio"} in after_join
    assert len(after_join) == len(before) + 1

    # A new manager replaces the old one, which stays as history; a retry changes nothing.
    for _ in range(2):
        moved = (await gql(IMPORT, {"input": line("p-eng1", "p-cio")}))["data"]["importDataset"]
        assert moved["userErrors"] == []
    lines = await graph.session().read(CURRENT_LINES)
    assert [r["manager"] for r in lines if r["person"] == "p-eng1"] == ["p-cio"]
    ended = await graph.session().read(
        "MATCH (:Person {id: 'p-eng1'})-[r:REPORTS_TO]->(:Person {id: 'p-itdir'})"
        " RETURN r.until AS until"
    )
    assert [r["until"] for r in ended] == [TODAY]

    # Someone who left stops reporting there, as with endEmployment.
    leaving = {
        "employments": [
            {
                "personId": "p-eng2",
                "accountId": "acc-contoso",
                "since": ago(1000).isoformat(),
                "until": ago(1).isoformat(),
            }
        ]
    }
    assert (await gql(IMPORT, {"input": leaving}))["data"]["importDataset"]["userErrors"] == []
    lines = await graph.session().read(CURRENT_LINES)
    assert [r for r in lines if "p-eng2" in (r["person"], r["manager"])] == []


async def test_a_crm_resync_keeps_what_it_does_not_send(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    resync = {
        "accounts": [{"id": "acc-contoso", "name": "Contoso", "tier": 4, "industry": "Industrial"}],
        "people": [{"id": "p-cfo", "name": "Ben Cfo", "title": "Finance Director"}],
        "relationships": [{"id": "rel-1", "teamMemberId": "tm-sponsor", "personId": "p-cfo"}],
    }
    assert (await gql(IMPORT, {"input": resync}))["data"]["importDataset"]["userErrors"] == []
    stored = await graph.session().read(
        "MATCH (a:Account {id: 'acc-contoso'}), (t:TeamMember {id: 'tm-sponsor'})-[k:KNOWS]->"
        "(p:Person {id: 'p-cfo'}) RETURN a.industry AS industry, a.currency AS currency, "
        "a.expansionPotential AS expansion, a.isKeyAccount AS key, p.title AS title, "
        "p.department AS department, p.perception AS perception, p.caresAbout AS cares, "
        "k.manualStrength AS strength, k.since AS since"
    )
    assert stored == [
        {
            "industry": "Industrial",
            "currency": "EUR",
            "expansion": 3,
            "key": True,
            "title": "Finance Director",
            "department": "Finance",
            "perception": "POSITIVE",
            "cares": ["cost control"],
            "strength": "STRONG",
            "since": ago(800),
        }
    ]
    # An explicit null clears, as in upsertPerson.
    clearing = {"people": [{"id": "p-cfo", "name": "Ben Cfo", "perception": None}]}
    assert (await gql(IMPORT, {"input": clearing}))["data"]["importDataset"]["userErrors"] == []
    cfo = await gql('{ person(id: "p-cfo") { perception caresAbout title } }')
    assert cfo["data"]["person"] == {
        "perception": "UNKNOWN",
        "caresAbout": ["cost control"],
        "title": "Finance Director",
    }


ATTENDEES = "MATCH (x)-[:ATTENDED]->(:Touchpoint {id: $id}) RETURN x.id AS id ORDER BY id"


async def test_imported_touchpoints_follow_the_rules_of_log_touchpoint(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    def touchpoint(tp_id: str, account: str, people: list[str], **extra: Any) -> dict[str, Any]:
        return {
            "id": tp_id,
            "accountId": account,
            "date": ago(1).isoformat(),
            "channel": "CALL",
            "kind": "OPERATIONAL",
            "teamMemberIds": ["tm-dev"],
            "personIds": people,
            **extra,
        }

    nodes = await count(graph, "MATCH (n) RETURN count(n) AS n")
    bad = {
        "people": [{"id": "p-eng1", "name": "Eve Engineer", "title": "x" * 201}],
        "touchpoints": [
            touchpoint("tp-qbr", "acc-fabrikam", ["p-fab"]),
            touchpoint("tp-new", "acc-contoso", ["p-fab"]),
            touchpoint("tp-new", "acc-contoso", ["p-eng1"], initiatorId="p-cfo"),
            touchpoint("tp-later", "acc-contoso", ["p-eng1"], date=ago(-2).isoformat()),
        ],
    }
    payload = (await gql(IMPORT, {"input": bad}))["data"]["importDataset"]
    assert sorted(codes(payload)) == sorted(
        [
            ("TOO_LONG", "input", "people", "0", "title"),
            ("CONFLICT", "input", "touchpoints", "0", "id"),
            ("CROSS_ACCOUNT", "input", "touchpoints", "1", "personIds", "0"),
            ("DUPLICATE", "input", "touchpoints", "2", "id"),
            ("INVALID", "input", "touchpoints", "2", "initiatorId"),
            ("INVALID", "input", "touchpoints", "3", "date"),
        ]
    )
    assert await count(graph, "MATCH (n) RETURN count(n) AS n") == nodes

    good = {
        # p-fab joins Contoso in this import, so may take part in a Contoso touchpoint.
        "employments": [{"personId": "p-fab", "accountId": "acc-contoso"}],
        "touchpoints": [
            # The QBR's participants are replaced, as a retried logTouchpoint replaces them.
            {**touchpoint("tp-qbr", "acc-contoso", ["p-itdir"]), "teamMemberIds": ["tm-lead"]},
            touchpoint("tp-new", "acc-contoso", ["p-eng1", "p-fab"], initiatorId="p-eng1"),
        ],
    }
    for _ in range(2):  # a retry changes nothing
        payload = (await gql(IMPORT, {"input": good}))["data"]["importDataset"]
        assert payload["userErrors"] == []
    rows = await graph.session().read(ATTENDEES, {"id": "tp-qbr"})
    assert [r["id"] for r in rows] == ["p-itdir", "tm-lead"]
    rows = await graph.session().read(ATTENDEES, {"id": "tp-new"})
    assert [r["id"] for r in rows] == ["p-eng1", "p-fab", "tm-dev"]
    # tm-dev knows p-eng1 (rel-3): the touchpoint is its last contact now.
    initiated = await graph.session().read(
        "MATCH (tp:Touchpoint {id: 'tp-new'}) RETURN tp.initiatedByClient AS client"
    )
    assert initiated == [{"client": True}]
    contact = await graph.session().read(
        "MATCH ()-[k:KNOWS {id: 'rel-3'}]->() RETURN k.lastContact AS last"
    )
    assert contact == [{"last": ago(1)}]


async def test_imported_influences_and_introductions(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    bad = {
        "influences": [
            {"personId": "p-cfo", "influencedId": "p-cfo"},
            {"personId": "p-cfo", "influencedId": "p-ghost"},
        ],
        "introductions": [
            {"introducerId": "p-cfo", "introducedId": "p-ceo", "date": ago(-1).isoformat()}
        ],
    }
    payload = (await gql(IMPORT, {"input": bad}))["data"]["importDataset"]
    assert sorted(codes(payload)) == [
        ("INVALID", "input", "influences", "0", "influencedId"),
        ("INVALID", "input", "introductions", "0", "date"),
        ("NOT_FOUND", "input", "influences", "1", "influencedId"),
    ]
    good = {
        "influences": [{"personId": "p-cfo", "influencedId": "p-ceo", "note": "budget"}],
        "introductions": [
            {
                "introducerId": "p-cfo",
                "introducedId": "p-ceo",
                "date": ago(3).isoformat(),
                "teamMemberId": "tm-sponsor",
            }
        ],
    }
    assert (await gql(IMPORT, {"input": good}))["data"]["importDataset"]["userErrors"] == []
    edges = await graph.session().read(
        "MATCH (:Person {id: 'p-cfo'})-[r:INFLUENCES|INTRODUCED]->(:Person {id: 'p-ceo'})"
        " RETURN type(r) AS type, r.note AS note, r.since AS since, r.date AS date,"
        " r.teamMemberId AS member ORDER BY type"
    )
    assert edges == [
        {"type": "INFLUENCES", "note": "budget", "since": TODAY, "date": None, "member": None},
        {"type": "INTRODUCED", "note": None, "since": None, "date": ago(3), "member": "tm-sponsor"},
    ]


STINTS = (
    "MATCH (:Person {id: $person})-[e:EMPLOYED_AT]->(:Account {id: $account})"
    " RETURN e.since AS since, e.until AS until ORDER BY since"
)


async def test_imported_employments_keep_one_current_stint_and_past_history(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    # p-left worked at Contoso (900 to 60 days ago); rehired 30 days ago.
    rehire = {
        "employments": [
            {"personId": "p-left", "accountId": "acc-contoso", "since": ago(30).isoformat()}
        ]
    }
    assert (await gql(IMPORT, {"input": rehire}))["data"]["importDataset"]["userErrors"] == []
    # A re-sync without dates ends the current stint only; the first stint keeps its end.
    leave = {
        "employments": [
            {"personId": "p-left", "accountId": "acc-contoso", "until": ago(1).isoformat()}
        ]
    }
    assert (await gql(IMPORT, {"input": leave}))["data"]["importDataset"]["userErrors"] == []
    stints = await graph.session().read(STINTS, {"person": "p-left", "account": "acc-contoso"})
    assert stints == [
        {"since": ago(900), "until": ago(60)},
        {"since": ago(30), "until": ago(1)},
    ]
    # A current row with another start date corrects the current stint, not adds a second.
    corrected = {
        "employments": [
            {"personId": "p-eng1", "accountId": "acc-contoso", "since": ago(1200).isoformat()}
        ]
    }
    for _ in range(2):
        payload = (await gql(IMPORT, {"input": corrected}))["data"]["importDataset"]
        assert payload["userErrors"] == []
    stints = await graph.session().read(STINTS, {"person": "p-eng1", "account": "acc-contoso"})
    assert stints == [{"since": ago(1200), "until": None}]


async def test_imported_roles_and_seats_keep_their_dates_and_need_an_employment(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    await graph.session().write(
        "MATCH (:Person {id: 'p-cfo'})-[r:HAS_ROLE]->(), (:TeamMember {id: 'tm-lead'})-[s:ON_TEAM]->"
        "(:Account {id: 'acc-contoso'}) SET r.since = $day, s.since = $day",
        {"day": ago(500)},
    )
    resync = {
        "buyingRoles": [
            {"personId": "p-cfo", "accountId": "acc-contoso", "role": "DECISION_MAKER"}
        ],
        "teamAssignments": [
            {"teamMemberId": "tm-lead", "accountId": "acc-contoso", "role": "ACCOUNT_LEAD"}
        ],
    }
    assert (await gql(IMPORT, {"input": resync}))["data"]["importDataset"]["userErrors"] == []
    dates = await graph.session().read(
        "MATCH (:Person {id: 'p-cfo'})-[r:HAS_ROLE]->(), (:TeamMember {id: 'tm-lead'})-[s:ON_TEAM]->"
        "(:Account {id: 'acc-contoso'}) RETURN r.since AS role, s.since AS seat"
    )
    assert dates == [{"role": ago(500), "seat": ago(500)}]
    # As assignBuyingRole: only for someone employed there today (p-left has left Contoso),
    # counting the import's own employments (p-fab joins).
    roles = {
        "employments": [{"personId": "p-fab", "accountId": "acc-contoso"}],
        "buyingRoles": [
            {"personId": "p-left", "accountId": "acc-contoso", "role": "CHAMPION"},
            {"personId": "p-fab", "accountId": "acc-contoso", "role": "INFLUENCER"},
        ],
    }
    payload = (await gql(IMPORT, {"input": roles}))["data"]["importDataset"]
    assert codes(payload) == [("NOT_EMPLOYED", "input", "buyingRoles", "0", "personId")]
    roles["buyingRoles"] = roles["buyingRoles"][1:]
    assert (await gql(IMPORT, {"input": roles}))["data"]["importDataset"]["userErrors"] == []


async def test_an_import_whose_references_vanish_after_its_checks_writes_nothing(
    graph: GraphClient, graph_loaded: None
) -> None:
    """What a concurrent delete between the checks and the write looks like to the importer:
    a record that links to a node that is not there. The whole import rolls back."""
    nodes = await count(graph, "MATCH (n) RETURN count(n) AS n")
    data = Dataset(
        accounts=(AccountRecord(id="acc-new", name="Newco", tier=2),),
        buying_roles=(BuyingRoleRecord("p-deleted", "acc-new", "CHAMPION"),),
    )
    with pytest.raises(WriteRejectedError) as raised:
        await import_dataset(graph.session(), data)
    assert raised.value.code == "CONFLICT"
    assert await count(graph, "MATCH (n) RETURN count(n) AS n") == nodes
