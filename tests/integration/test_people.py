"""People through GraphQL on the real Neo4j: filters and a person's fields, upsertPerson,
employment, reporting lines, buying roles, influence and introductions, and these writes fired
concurrently (the one-edge retry test also covers a relationship and a seat)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from graph.client import GraphClient
from tests.helpers import ERRORS, GraphQL, codes, count, names
from tests.integration.small_graph import TODAY, ago


async def test_people_filters_and_person_fields(gql: GraphQL, graph_loaded: None) -> None:
    body = await gql(
        """{
        it: people(filter: {accountId: "acc-contoso", status: CURRENT, department: "IT"})
            { totalCount edges { node { name } } }
        champions: people(filter: {role: CHAMPION}) { edges { node { name } } }
        csuite: people(filter: {seniority: C_LEVEL}) { totalCount }
        search: people(filter: {search: "engineer"}) { totalCount }
        person(id: "p-itdir") { name perception department seniority
            roles { role accountId } manager { name } directReports { name }
            relationships { teamMemberId teamMember { name } person { name } } }
        }"""
    )
    data = body["data"]
    assert names(data["it"]) == ["Cleo Cio", "Dan Director", "Eve Engineer", "Finn Engineer"]
    assert names(data["champions"]) == ["Dan Director", "Hana Gone"]
    assert data["csuite"]["totalCount"] == 3
    assert data["search"]["totalCount"] == 2
    person = data["person"]
    assert person["perception"] == "ADVOCATE"
    assert person["roles"] == [{"role": "CHAMPION", "accountId": "acc-contoso"}]
    assert person["manager"] == {"name": "Cleo Cio"}
    assert [p["name"] for p in person["directReports"]] == ["Eve Engineer", "Finn Engineer"]
    assert person["relationships"] == [
        {
            "teamMemberId": "tm-lead",
            "teamMember": {"name": "Lea Lead"},
            "person": {"name": "Dan Director"},
        },
        # Sam Sponsor met him at the QBR: that touchpoint made the relationship (docs/model.md).
        {
            "teamMemberId": "tm-sponsor",
            "teamMember": {"name": "Sam Sponsor"},
            "person": {"name": "Dan Director"},
        },
    ]


UPSERT_PERSON = (
    """
mutation($input: PersonInput!) { upsertPerson(input: $input) {
  person { personId name email seniority perception caresAbout currentAccountId
           employments { accountId current } } %s } }
"""
    % ERRORS
)


async def test_upsert_person_with_employment_and_validation(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    data = {
        "externalId": {"system": "salesforce", "value": "003-NEW"},
        "name": "Nina New",
        "email": "nina@contoso.example",
        "seniority": "VP",
        "caresAbout": ["budget"],
        "accountId": "acc-contoso",
    }
    made = (await gql(UPSERT_PERSON, {"input": data}))["data"]["upsertPerson"]
    assert made["userErrors"] == []
    person = made["person"]
    assert person["currentAccountId"] == "acc-contoso" and person["seniority"] == "VP"
    again = (await gql(UPSERT_PERSON, {"input": data}))["data"]["upsertPerson"]["person"]
    assert again["personId"] == person["personId"]
    assert len(again["employments"]) == 1  # a retry does not add a second employment

    bad = {"name": "Bad", "email": "not-an-email", "profileUrl": "ftp://x", "accountId": "acc-nope"}
    payload = (await gql(UPSERT_PERSON, {"input": bad}))["data"]["upsertPerson"]
    assert ("INVALID", "input", "email") in codes(payload)
    assert ("INVALID", "input", "profileUrl") in codes(payload)
    missing = await gql(UPSERT_PERSON, {"input": {"name": "Lost", "accountId": "acc-nope"}})
    assert codes(missing["data"]["upsertPerson"]) == [("NOT_FOUND", "input", "accountId")]
    # The person node created before the failing employment step was rolled back.
    assert await count(graph, "MATCH (p:Person {name: 'Lost'}) RETURN count(p) AS n") == 0
    many = {"name": "Notes", "caresAbout": ["x" * 201]}
    assert ("TOO_LONG", "input", "caresAbout", "0") in codes(
        (await gql(UPSERT_PERSON, {"input": many}))["data"]["upsertPerson"]
    )


async def test_concurrent_upserts_of_one_external_id_make_one_person(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    # A CRM sync that pushes the same contact from several workers at once (or retries while
    # the first call is still running) must still end with one person behind the external id.
    data = {
        "externalId": {"system": "salesforce", "value": "003-RACE"},
        "name": "Rita Race",
        "accountId": "acc-contoso",
    }
    payloads = await asyncio.gather(*(gql(UPSERT_PERSON, {"input": data}) for _ in range(8)))
    ids = {p["data"]["upsertPerson"]["person"]["personId"] for p in payloads}
    assert [p["data"]["upsertPerson"]["userErrors"] for p in payloads] == [[]] * 8
    assert len(ids) == 1
    assert await count(graph, "MATCH (p:Person {name: 'Rita Race'}) RETURN count(p) AS n") == 1
    assert (
        await count(
            graph,
            "MATCH (:ExternalRef {key: 'salesforce:003-RACE'})-[i:IDENTIFIES]->() "
            "RETURN count(i) AS n",
        )
        == 1
    )
    assert (
        await count(
            graph,
            "MATCH (:Person {name: 'Rita Race'})-[e:EMPLOYED_AT]->() RETURN count(e) AS n",
        )
        == 1
    )


async def test_employment_start_and_end(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    end = (
        """mutation($until: Date!) { endEmployment(personId: "p-itdir", accountId: "acc-contoso",
      until: $until) { person { isCurrent employments { accountId current until } } %s } }"""
        % ERRORS
    )
    wrong = await gql(end, {"until": ago(5000).isoformat()})
    assert codes(wrong["data"]["endEmployment"]) == [("INVALID_DATE_RANGE", "until")]
    left = await gql(end, {"until": ago(1).isoformat()})
    person = left["data"]["endEmployment"]["person"]
    assert person["isCurrent"] is False
    # Their reporting lines at the account ended with them: the engineers become roots.
    chart = await gql('{ account(id: "acc-contoso") { orgChart { rootIds nodes { personId } } } }')
    roots = chart["data"]["account"]["orgChart"]["rootIds"]
    assert {"p-eng1", "p-eng2"} <= set(roots)
    assert "p-itdir" not in {n["personId"] for n in chart["data"]["account"]["orgChart"]["nodes"]}
    # Their champion role stays as history.
    assert (
        await count(graph, "MATCH (:Person {id: 'p-itdir'})-[r:HAS_ROLE]->() RETURN count(r) AS n")
        == 1
    )
    again = await gql(end, {"until": ago(1).isoformat()})
    assert codes(again["data"]["endEmployment"]) == [("NOT_EMPLOYED", "personId")]

    start = (
        """mutation { startEmployment(personId: "p-itdir", accountId: "acc-tailspin",
      title: "CTO") { person { currentAccountId } %s } }"""
        % ERRORS
    )
    joined = await gql(start)
    assert joined["data"]["startEmployment"]["person"] == {"currentAccountId": "acc-tailspin"}
    await gql(start)
    stints = (
        "MATCH (:Person {id: 'p-itdir'})-[e:EMPLOYED_AT]->(:Account {id: 'acc-tailspin'}) "
        "RETURN count(e) AS n"
    )
    assert await count(graph, stints) == 1


async def test_an_announced_departure_keeps_the_person_in_the_chart_until_the_day(
    gql: GraphQL, graph_loaded: None
) -> None:
    leave = (
        'mutation($until: Date!) { endEmployment(personId: "p-itdir", accountId: "acc-contoso",'
        " until: $until) { person { currentAccountId manager { personId } } %s } }" % ERRORS
    )
    chart = '{ account(id: "acc-contoso") { orgChart { nodes { personId parentId } } } }'
    announced = await gql(leave, {"until": ago(-30).isoformat()})
    assert announced["data"]["endEmployment"]["person"] == {
        "currentAccountId": "acc-contoso",
        "manager": {"personId": "p-cio"},
    }
    nodes = {
        n["personId"]: n["parentId"]
        for n in (await gql(chart))["data"]["account"]["orgChart"]["nodes"]
    }
    assert nodes["p-itdir"] == "p-cio" and nodes["p-eng1"] == "p-itdir"
    gone = await gql(leave, {"until": TODAY.isoformat()})
    assert gone["data"]["endEmployment"]["person"]["manager"] is None
    nodes = {
        n["personId"]: n["parentId"]
        for n in (await gql(chart))["data"]["account"]["orgChart"]["nodes"]
    }
    assert "p-itdir" not in nodes and nodes["p-eng1"] is None


SET_REPORTS_TO = (
    """
mutation($p: ID!, $m: ID!) { setReportsTo(personId: $p, managerId: $m) {
  person { managerId } %s } }
"""
    % ERRORS
)


async def test_set_and_clear_reports_to(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    moved = await gql(SET_REPORTS_TO, {"p": "p-eng2", "m": "p-cio"})
    assert moved["data"]["setReportsTo"] == {"person": {"managerId": "p-cio"}, "userErrors": []}
    # The old line is history, not deleted.
    history = "MATCH (:Person {id: 'p-eng2'})-[r:REPORTS_TO]->() RETURN count(r) AS n"
    assert await count(graph, history) == 2
    same = await gql(SET_REPORTS_TO, {"p": "p-eng2", "m": "p-cio"})
    assert same["data"]["setReportsTo"]["userErrors"] == []
    assert await count(graph, history) == 2  # idempotent
    cleared = await gql(
        'mutation { clearReportsTo(personId: "p-eng2") { person { managerId } %s } }' % ERRORS
    )
    assert cleared["data"]["clearReportsTo"]["person"] == {"managerId": None}
    chart = await gql('{ account(id: "acc-contoso") { orgChart { rootIds } } }')
    assert "p-eng2" in chart["data"]["account"]["orgChart"]["rootIds"]
    # A backdated move ends the old line when the new one began: history does not overlap.
    await graph.session().write(
        "MATCH (:Person {id: 'p-eng1'})-[r:REPORTS_TO]->() SET r.since = $day", {"day": ago(400)}
    )
    backdated = await gql(
        'mutation { setReportsTo(personId: "p-eng1", managerId: "p-cio", since: "%s") { %s } }'
        % (ago(10).isoformat(), ERRORS)
    )
    assert backdated["data"]["setReportsTo"]["userErrors"] == []
    lines = await graph.session().read(
        "MATCH (:Person {id: 'p-eng1'})-[r:REPORTS_TO]->(m) RETURN m.id AS m, r.since AS since,"
        " r.until AS until ORDER BY m"
    )
    assert [(r["m"], r["until"]) for r in lines] == [("p-cio", None), ("p-itdir", ago(10))]


@pytest.mark.parametrize(
    ("person", "manager", "expected"),
    [
        ("p-ceo", "p-eng1", ("CYCLE", "managerId")),  # eng1 reports up to the CEO
        ("p-cio", "p-cio", ("CYCLE", "managerId")),
        ("p-eng1", "p-fab", ("CROSS_ACCOUNT", "managerId")),
        ("p-nope", "p-ceo", ("NOT_FOUND", "personId")),
    ],
)
async def test_reports_to_rules(
    gql: GraphQL,
    graph: GraphClient,
    graph_loaded: None,
    person: str,
    manager: str,
    expected: tuple[str, ...],
) -> None:
    lines = "MATCH ()-[r:REPORTS_TO]->() RETURN count(r) AS n"
    before = await count(graph, lines)
    payload = (await gql(SET_REPORTS_TO, {"p": person, "m": manager}))["data"]["setReportsTo"]
    assert codes(payload) == [expected]
    assert payload["person"] is None
    assert await count(graph, lines) == before
    assert (
        await count(
            graph, "MATCH ()-[r:REPORTS_TO]->() WHERE r.until IS NOT NULL RETURN count(r) AS n"
        )
        == 0
    )


async def test_concurrent_reporting_changes_cannot_close_a_loop_together(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    # itdir reports to cio and eng1 to itdir. Each change alone is fine; together they close
    # cio -> contractor -> eng1 -> itdir -> cio, and each one's cycle check, run before the
    # other commits, would see no loop.
    move = (
        "mutation($p: ID!, $m: ID!) { setReportsTo(personId: $p, managerId: $m) { %s } }" % ERRORS
    )
    first, second = await asyncio.gather(
        gql(move, {"p": "p-cio", "m": "p-contractor"}),
        gql(move, {"p": "p-contractor", "m": "p-eng1"}),
    )
    outcomes = sorted(codes(first["data"]["setReportsTo"]) + codes(second["data"]["setReportsTo"]))
    assert outcomes == [("CYCLE", "managerId")]
    loops = (
        "MATCH (p:Person) WHERE EXISTS { MATCH (p) (()-[r:REPORTS_TO WHERE r.until IS NULL]->())+"
        " (p) } RETURN count(p) AS n"
    )
    assert await count(graph, loops) == 0


async def test_concurrent_retries_of_one_reporting_line_keep_one_current_line(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    move = 'mutation { setReportsTo(personId: "p-eng1", managerId: "p-cio") { %s } }' % ERRORS
    payloads = await asyncio.gather(*(gql(move) for _ in range(8)))
    assert [p["data"]["setReportsTo"]["userErrors"] for p in payloads] == [[]] * 8
    current = (
        "MATCH (:Person {id: 'p-eng1'})-[r:REPORTS_TO]->() WHERE r.until IS NULL"
        " RETURN count(r) AS n"
    )
    assert await count(graph, current) == 1


async def test_buying_roles(gql: GraphQL, graph_loaded: None) -> None:
    assign = (
        """mutation($p: ID!, $a: ID!) { assignBuyingRole(personId: $p, accountId: $a,
      role: INFLUENCER) { person { roles { role accountId } } %s } }"""
        % ERRORS
    )
    done = await gql(assign, {"p": "p-eng2", "a": "acc-contoso"})
    assert done["data"]["assignBuyingRole"]["person"]["roles"] == [
        {"role": "INFLUENCER", "accountId": "acc-contoso"}
    ]
    again = await gql(assign, {"p": "p-eng2", "a": "acc-contoso"})
    assert len(again["data"]["assignBuyingRole"]["person"]["roles"]) == 1
    elsewhere = await gql(assign, {"p": "p-eng2", "a": "acc-fabrikam"})
    assert codes(elsewhere["data"]["assignBuyingRole"]) == [("NOT_EMPLOYED", "personId")]
    removed = await gql(
        'mutation { removeBuyingRole(personId: "p-eng2", accountId: "acc-contoso", '
        "role: INFLUENCER) { person { roles { role } } %s } }" % ERRORS
    )
    assert removed["data"]["removeBuyingRole"]["person"]["roles"] == []


async def test_influence_and_introduction(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    added = await gql(
        'mutation { addInfluence(personId: "p-cfo", influencedId: "p-ceo", note: "old friends")'
        " { person { name } %s } }" % ERRORS
    )
    assert added["data"]["addInfluence"]["userErrors"] == []
    self_loop = await gql(
        'mutation { addInfluence(personId: "p-cfo", influencedId: "p-cfo") { person { name } %s } }'
        % ERRORS
    )
    assert codes(self_loop["data"]["addInfluence"]) == [("INVALID", "influencedId")]
    intro = await gql(
        'mutation { recordIntroduction(introducerId: "p-itdir", introducedId: "p-cio", '
        'teamMemberId: "tm-lead", date: "%s") { person { name } %s } }'
        % (ago(3).isoformat(), ERRORS)
    )
    assert intro["data"]["recordIntroduction"]["person"] == {"name": "Cleo Cio"}
    assert await count(graph, "MATCH ()-[r:INTRODUCED]->() RETURN count(r) AS n") == 1
    await gql(
        'mutation { removeInfluence(personId: "p-cfo", influencedId: "p-ceo") { person { name } } }'
    )
    assert await count(graph, "MATCH ()-[r:INFLUENCES]->() RETURN count(r) AS n") == 1


@pytest.mark.parametrize(
    ("mutation", "edges"),
    [
        (
            'mutation { assignBuyingRole(personId: "p-eng2", accountId: "acc-contoso",'
            " role: INFLUENCER) { %s } }" % ERRORS,
            "MATCH (:Person {id: 'p-eng2'})-[r:HAS_ROLE {role: 'INFLUENCER'}]->() RETURN count(r) AS n",
        ),
        (
            'mutation { upsertRelationship(input: {teamMemberId: "tm-dev", personId: "p-eng2",'
            ' notes: "pairing"}) { %s } }' % ERRORS,
            "MATCH (:TeamMember {id: 'tm-dev'})-[r:KNOWS]->(:Person {id: 'p-eng2'}) RETURN count(r) AS n",
        ),
        (
            'mutation { addAccountTeamMember(accountId: "acc-fabrikam", teamMemberId: "tm-dev",'
            " role: SPECIALIST) { %s } }" % ERRORS,
            "MATCH (:TeamMember {id: 'tm-dev'})-[r:ON_TEAM]->(:Account {id: 'acc-fabrikam'}) RETURN count(r) AS n",
        ),
        (
            'mutation { addInfluence(personId: "p-eng2", influencedId: "p-cio") { %s } }' % ERRORS,
            "MATCH (:Person {id: 'p-eng2'})-[r:INFLUENCES]->(:Person {id: 'p-cio'}) RETURN count(r) AS n",
        ),
        (
            'mutation { startEmployment(personId: "p-eng2", accountId: "acc-fabrikam") { %s } }'
            % ERRORS,
            "MATCH (:Person {id: 'p-eng2'})-[r:EMPLOYED_AT]->(:Account {id: 'acc-fabrikam'}) RETURN count(r) AS n",
        ),
    ],
    ids=["role", "relationship", "seat", "influence", "employment"],
)
async def test_concurrent_retries_write_one_edge(
    gql: GraphQL, graph: GraphClient, graph_loaded: None, mutation: str, edges: str
) -> None:
    payloads = await asyncio.gather(*(gql(mutation) for _ in range(8)))
    assert all("errors" not in p for p in payloads), payloads[0]
    assert [next(iter(p["data"].values()))["userErrors"] for p in payloads] == [[]] * 8
    assert await count(graph, edges) == 1


async def test_roles_and_influences_take_the_date_they_began(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    # Issue 17: backfilling a stakeholder map dated every role today, so past scores ignored
    # roles people had held for years.
    assign = """mutation($since: Date) { assignBuyingRole(personId: "p-cio",
      accountId: "acc-contoso", role: INFLUENCER, since: $since) { userErrors { field code } } }"""
    backfilled = await gql(assign, {"since": ago(300).isoformat()})
    assert backfilled["data"]["assignBuyingRole"]["userErrors"] == []
    role_since = (
        "MATCH (:Person {id: 'p-cio'})-[r:HAS_ROLE {role: 'INFLUENCER'}]->() RETURN r.since AS n"
    )
    assert await count_rows(graph, role_since) == [ago(300)]
    # Omitted, the date is kept; before the employment began, the role is refused.
    again = await gql(assign, {"since": None})
    assert again["data"]["assignBuyingRole"]["userErrors"] == []
    assert await count_rows(graph, role_since) == [ago(300)]
    too_early = await gql(assign, {"since": ago(5000).isoformat()})
    assert too_early["data"]["assignBuyingRole"]["userErrors"] == [
        {"field": ["since"], "code": "NOT_EMPLOYED"}
    ]
    ahead = await gql(assign, {"since": (TODAY + timedelta(days=3)).isoformat()})
    assert ahead["data"]["assignBuyingRole"]["userErrors"] == [
        {"field": ["since"], "code": "INVALID"}
    ]
    influence = await gql(
        'mutation { addInfluence(personId: "p-cio", influencedId: "p-ceo", since: "%s") {'
        " userErrors { code } } }" % ago(200).isoformat()
    )
    assert influence["data"]["addInfluence"]["userErrors"] == []
    assert await count_rows(
        graph,
        "MATCH (:Person {id: 'p-cio'})-[r:INFLUENCES]->(:Person {id: 'p-ceo'}) RETURN r.since AS n",
    ) == [ago(200)]


async def count_rows(graph: GraphClient, query: str) -> list[Any]:
    return [row["n"] for row in await graph.session().read(query)]


async def test_clear_reports_to_takes_when_the_line_ended(
    gql: GraphQL, graph: GraphClient, graph_loaded: None
) -> None:
    # Issue 17, fix 4: an ended line recorded late keeps its end date, so the org chart and
    # scores of the days before see it (before, it always ended today).
    clear = 'mutation($until: Date) { clearReportsTo(personId: "p-eng1", until: $until) { %s } }'
    line = "MATCH (:Person {id: 'p-eng1'})-[r:REPORTS_TO]->() RETURN r.until AS until"
    await graph.session().write(
        "MATCH (:Person {id: 'p-eng1'})-[r:REPORTS_TO]->() SET r.since = $day", {"day": ago(400)}
    )
    future = await gql(clear % ERRORS, {"until": ago(-1).isoformat()})
    assert codes(future["data"]["clearReportsTo"]) == [("INVALID", "until")]
    ended = await gql(clear % ERRORS, {"until": ago(30).isoformat()})
    assert ended["data"]["clearReportsTo"]["userErrors"] == []
    assert [r["until"] for r in await graph.session().read(line)] == [ago(30)]
    # A line that began after the given end ends the day it began (never before).
    await gql(
        'mutation { setReportsTo(personId: "p-eng1", managerId: "p-cio", since: "%s") { %s } }'
        % (ago(5).isoformat(), ERRORS)
    )
    await gql(clear % ERRORS, {"until": ago(20).isoformat()})
    ends = await graph.session().read(
        "MATCH (:Person {id: 'p-eng1'})-[r:REPORTS_TO]->() WHERE r.since = $day RETURN r.until AS u",
        {"day": ago(5)},
    )
    assert [r["u"] for r in ends] == [ago(5)]
