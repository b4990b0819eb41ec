"""The demo anchor account's scores through GraphQL: what they say, what-if, intro paths, the
key-account matrix and score history."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import networkx as nx
import pytest

from api.demo_loader import ANCHOR_ACCOUNT as ANCHOR
from graph.client import GraphClient
from graph.dataset import (
    AccountRecord,
    BuyingRoleRecord,
    Dataset,
    EmploymentRecord,
    PersonRecord,
    RelationshipRecord,
    TeamAssignmentRecord,
    TeamMemberRecord,
    TouchpointRecord,
)
from tests.helpers import TODAY, GraphQL, LoadGraph
from tests.integration.small_graph import TODAY as SMALL_TODAY
from tests.reference.nx_scores import reference_scores
from tests.reference.test_resilience_and_concentration import SOURCE, _access_graph, _nearest_cut


async def test_demo_explanations_name_the_right_people(
    gql: GraphQL, graph: GraphClient, demo: None
) -> None:
    body = await gql(
        """{ account(id: "%s") { scores {
          breadth { value explanation uncoveredDepartments uncoveredKeyStakeholders { name } }
          championDependency { value explanation top { person { ownId nodeId name } side valueLost } }
          executiveAccess { value sponsorPaths { decisionMaker { name } reachable } }
          riskFlags { code message people { name } evidence } } } }"""
        % ANCHOR
    )
    scores = body["data"]["account"]["scores"]
    flags = {f["code"]: f for f in scores["riskFlags"]}
    assert flags["CHAMPION_LEFT"]["people"] == [{"name": "Henrik Olsen"}]
    assert "Contoso Pharma" in flags["CHAMPION_LEFT"]["message"]
    assert flags["STRONG_BLOCKER"]["people"] == [{"name": "Gregor Hahn"}]
    # Nobody on our side knows anyone in HR, Legal or Marketing; Procurement only at risk.
    assert scores["breadth"]["uncoveredDepartments"] == ["HR", "Legal", "Marketing", "Procurement"]
    assert "HR, Legal, Marketing, Procurement" in scores["breadth"]["explanation"]
    reference = await reference_scores(graph.session(), ANCHOR, TODAY)
    top = scores["championDependency"]["top"]
    assert top["person"]["ownId"] == reference.dependency_person
    # The ref's global id is the node of that person or team member.
    side = {"CLIENT": "Person", "OURS": "TeamMember"}[top["side"]]
    node = await gql(
        "query($id: ID!) { node(id: $id) { __typename id } }", {"id": top["person"]["nodeId"]}
    )
    assert node["data"]["node"]["__typename"] == side
    assert top["person"]["name"] in scores["championDependency"]["explanation"]
    assert scores["championDependency"]["value"] == pytest.approx(reference.dependency, abs=0.051)
    paths = {
        p["decisionMaker"]["name"]: p["reachable"]
        for p in scores["executiveAccess"]["sponsorPaths"]
    }
    assert paths == {"Rahul Mehta": True, "Sofia Alvarez": True}


async def test_what_if_and_unknown_ids(gql: GraphQL, demo: None) -> None:
    body = await gql(
        """{ account(id: "%s") {
          now: scores { breadth { value } championDependency { reachedValue } }
          without: scores(without: ["p-raman", "tm-hartmann"]) { removedIds
            breadth { value } championDependency { reachedValue } executiveAccess { value } }
          breadthScore } }"""
        % ANCHOR
    )
    account = body["data"]["account"]
    assert account["without"]["removedIds"] == ["p-raman", "tm-hartmann"]
    assert (
        account["without"]["championDependency"]["reachedValue"]
        < account["now"]["championDependency"]["reachedValue"]
    )
    assert account["breadthScore"] == account["now"]["breadth"]["value"]  # nothing was stored
    bad = await gql(
        '{ account(id: "%s") { scores(without: ["p-nobody"]) { breadth { value } } } }' % ANCHOR,
        allow_errors=True,
    )
    assert bad["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_introduction_paths_through_someone_who_moved(gql: GraphQL, demo: None) -> None:
    body = await gql(
        """{ account(id: "%s") { introductionPaths(personId: "p-nw-10", maxHops: 3, limit: 10) {
          strength target { name } viaMovedPeople { name }
          steps { source { name } target { name } kind strength } } } }"""
        % ANCHOR
    )
    paths = body["data"]["account"]["introductionPaths"]
    assert paths
    assert [p["strength"] for p in paths] == sorted((p["strength"] for p in paths), reverse=True)
    assert all(p["steps"][0]["kind"] == "RELATIONSHIP" for p in paths)
    assert all(p["steps"][-1]["target"]["name"] == p["target"]["name"] for p in paths)
    assert any({"name": "Grace Okafor"} in p["viaMovedPeople"] for p in paths)
    bad = await gql(
        '{ account(id: "%s") { introductionPaths(personId: "p-olsen") { strength } } }' % ANCHOR,
        allow_errors=True,
    )
    assert bad["errors"][0]["extensions"]["code"] == "NOT_FOUND"  # he has left


async def test_key_account_matrix_and_history(gql: GraphQL, demo: None) -> None:
    body = await gql(
        '{ account(id: "%s") { keyAccountAssessment { total maxTotal qualifies complete '
        "criteria { name score contribution } } } }" % ANCHOR
    )
    matrix = body["data"]["account"]["keyAccountAssessment"]
    # 2.4M revenue → 3 x 2, expansion 3 x 3, ICP 3 x 3, strategic 3 x 2, risk (3 - 1) x 2.
    assert matrix["total"] == 6 + 9 + 9 + 6 + 4
    assert matrix["qualifies"] and matrix["complete"] and matrix["maxTotal"] == 36
    for _ in range(2):
        taken = await gql(
            "mutation { recomputeScores(snapshot: true) { accounts snapshotsTaken } }"
        )
        assert taken["data"]["recomputeScores"] == {"accounts": 7, "snapshotsTaken": True}
    history = await gql(
        '{ account(id: "%s") { scoreHistory(fromDate: "%s") { asOf breadth dependency riskFlagCodes } } }'
        % (ANCHOR, TODAY.isoformat())
    )
    snapshots = history["data"]["account"]["scoreHistory"]
    assert len(snapshots) == 1  # one per day: the second run replaced the first
    assert "CHAMPION_LEFT" in snapshots[0]["riskFlagCodes"]
    empty = await gql(
        '{ account(id: "%s") { scoreHistory(toDate: "2000-01-01") { asOf } } }' % ANCHOR
    )
    assert empty["data"]["account"]["scoreHistory"] == []


async def test_scores_of_a_past_day_know_only_the_people_employed_by_then(
    gql: GraphQL, graph_loaded: None
) -> None:
    # p-left joined Fabrikam 59 days ago; tm-lead has known them for 600 days.
    query = """query($day: Date) { account(id: "acc-fabrikam") { scores(asOf: $day) {
      strengths { teamMember { ownId } person { ownId } } } } }"""

    async def known(day: date) -> set[tuple[str, str]]:
        body = await gql(query, {"day": day.isoformat()})
        strengths = body["data"]["account"]["scores"]["strengths"]
        return {(s["teamMember"]["ownId"], s["person"]["ownId"]) for s in strengths}

    assert ("tm-lead", "p-left") in await known(SMALL_TODAY)
    assert ("tm-lead", "p-left") not in await known(SMALL_TODAY - timedelta(days=120))


async def test_an_old_touchpoint_still_ends_a_hand_set_strength(
    gql: GraphQL, graph: GraphClient, load_graph: LoadGraph
) -> None:
    # Issue 17: set by hand to STRONG 450 days ago, a shared call 420 days ago (older than the
    # 400 days of touchpoints the scores read), a recorded contact 5 days ago. The call ended
    # the hand-set value, so nothing is active.
    today = date.today()

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    set_at = datetime.combine(ago(450), time(9), tzinfo=UTC)
    await load_graph(
        Dataset(
            accounts=(AccountRecord(id="acc-old", name="Oldco", tier=3),),
            people=(
                PersonRecord(id="p-cfo", name="Cfo", department="Finance", seniority="C_LEVEL"),
            ),
            employments=(EmploymentRecord("p-cfo", "acc-old", since=ago(2000)),),
            buying_roles=(BuyingRoleRecord("p-cfo", "acc-old", "DECISION_MAKER", since=ago(1000)),),
            team_members=(TeamMemberRecord(id="tm-p", name="Partner", seniority="C_LEVEL"),),
            team_assignments=(
                TeamAssignmentRecord("tm-p", "acc-old", "EXECUTIVE_SPONSOR", since=ago(1000)),
            ),
            relationships=(
                RelationshipRecord(
                    id="rel-old",
                    team_member_id="tm-p",
                    person_id="p-cfo",
                    since=ago(1000),
                    last_contact=ago(5),
                    manual_strength="STRONG",
                    manual_strength_set_at=set_at,
                ),
            ),
            touchpoints=(
                TouchpointRecord(
                    id="tp-old",
                    account_id="acc-old",
                    date=ago(420),
                    channel="CALL",
                    kind="OPERATIONAL",
                    team_member_ids=("tm-p",),
                    person_ids=("p-cfo",),
                ),
            ),
        )
    )
    body = await gql(
        """{ account(id: "acc-old") { scores { breadth { value } executiveAccess { value }
             riskFlags { code } strengths { effective source } } } }"""
    )
    scores = body["data"]["account"]["scores"]
    assert scores["strengths"] == [{"effective": "WEAK", "source": "DERIVED"}]
    assert "NO_ACTIVE_RELATIONSHIPS" in [f["code"] for f in scores["riskFlags"]]
    # The org chart reads its strengths apart from the scores' facts: the same call ends it.
    charts = await gql(
        """{ account(id: "acc-old") { orgChart { nodes { owners { strength strengthSource } } }
             stakeholderMap { relationships { strength strengthSource } } } }"""
    )
    weak = [{"strength": "WEAK", "strengthSource": "DERIVED"}]
    assert charts["data"]["account"]["orgChart"]["nodes"][0]["owners"] == weak
    assert charts["data"]["account"]["stakeholderMap"][0]["relationships"] == weak
    ref = await reference_scores(graph.session(), "acc-old", today)
    assert scores["breadth"]["value"] == pytest.approx(ref.breadth, abs=0.051)
    assert scores["executiveAccess"]["value"] == pytest.approx(ref.executive, abs=0.051)
    assert (ref.breadth, ref.executive) == (0, 0)


RESILIENCE = """query($id: ID!, $without: [ID!]! = []) { account(id: $id) {
  scores(without: $without) {
    resilience { person { ownId name } connectivity fragile explanation
                 cut { side person { ownId name nodeId } } }
    concentration { activeRelationships clientHerfindahl oursHerfindahl explanation
      clientTop { person { name } relationships share } oursTop { person { name } share } }
    riskFlags { code people { name } evidence } } } }"""


async def test_demo_resilience_names_the_two_person_cut_to_the_cio(
    gql: GraphQL, graph: GraphClient, demo: None
) -> None:
    body = await gql(RESILIENCE, {"id": ANCHOR})
    scores = body["data"]["account"]["scores"]
    items = {i["person"]["name"]: i for i in scores["resilience"]}
    # Sofia Alvarez, CIO and decision maker: no one departure cuts us off, the CEO and our
    # champion leaving together do.
    cio = items["Sofia Alvarez"]
    assert cio["connectivity"] == 2 and not cio["fragile"]
    assert [(c["side"], c["person"]["name"]) for c in cio["cut"]] == [
        ("CLIENT", "Margaret Lindqvist"),
        ("CLIENT", "Priya Raman"),
    ]
    assert "if Margaret Lindqvist and Priya Raman leave" in cio["explanation"]
    # networkx, on the access graph read from the raw graph (relationships made by touchpoints
    # included): a real two-person cut, and the minimum one nearest our team.
    g = _access_graph(await reference_scores(graph.session(), ANCHOR, TODAY))
    target = ("CLIENT", "p-alvarez")
    named = {("CLIENT", "p-lindqvist"), ("CLIENT", "p-raman")}
    assert nx.node_connectivity(g, SOURCE, target) == 2
    assert _nearest_cut(g, target) == named
    assert not nx.has_path(g.subgraph(set(g) - named), SOURCE, target)
    assert all(nx.has_path(g.subgraph(set(g) - {one}), SOURCE, target) for one in named)
    cut = [c["person"]["ownId"] for c in cio["cut"]]
    for gone, left in ((cut, 0), (cut[:1], 1), (cut[1:], 1)):
        what_if = await gql(RESILIENCE, {"id": ANCHOR, "without": gone})
        after = {
            i["person"]["name"]: i["connectivity"]
            for i in what_if["data"]["account"]["scores"]["resilience"]
        }
        assert after["Sofia Alvarez"] == left, gone
    # The Chief People Officer hangs on the CEO alone: FRAGILE_ACCESS names her, with the cut.
    flags = {f["code"]: f for f in scores["riskFlags"]}
    fragile = flags["FRAGILE_ACCESS"]
    assert {"name": "Aisha Bello"} in fragile["people"]
    assert "Aisha Bello: no path left if Margaret Lindqvist leaves" in fragile["evidence"]
    assert {p["name"] for p in fragile["people"]} == {
        name for name, i in items.items() if i["fragile"]
    }
    # Concentration: the champion holds the most threads on their side (2 of 9), Julia Novak
    # on ours (3 of 9); 8 client people hold 2 + 1 x 7, our 5 people 3 + 2 + 2 + 1 + 1.
    c = scores["concentration"]
    assert c["activeRelationships"] == 9
    assert c["clientTop"] == {
        "person": {"name": "Priya Raman"},
        "relationships": 2,
        "share": pytest.approx(2 / 9, abs=1e-5),
    }
    assert c["oursTop"]["person"] == {"name": "Julia Novak"}
    assert c["clientHerfindahl"] == pytest.approx(11 / 81, abs=1e-5)
    assert c["oursHerfindahl"] == pytest.approx(19 / 81, abs=1e-5)


SIGNALS = """query($id: ID!) { account(id: $id) { scores {
  breadth { components { name value detail } }
  executiveAccess { components { name value detail } }
  riskFlags { code severity message people { ownId name } evidence }
  whitespace { person { ownId name } reason explanation } } } }"""


async def test_demo_signals_and_whitespace_name_the_right_people(
    gql: GraphQL, graph: GraphClient, demo: None
) -> None:
    async def scores(account: str) -> dict[str, Any]:
        body = await gql(SIGNALS, {"id": account})
        result: dict[str, Any] = body["data"]["account"]["scores"]
        return result

    def flags(s: dict[str, Any]) -> dict[str, dict[str, Any]]:
        return {f["code"]: f for f in s["riskFlags"]}

    northwind = await scores(ANCHOR)
    nw = flags(northwind)
    # Wei Zhang, a champion, moved from Applications Manager to Director 78 days ago.
    assert nw["CHAMPION_ROLE_CHANGED"]["people"] == [{"ownId": "p-zhang", "name": "Wei Zhang"}]
    assert nw["CHAMPION_ROLE_CHANGED"]["evidence"][0].startswith("was Applications Manager")
    # A General Counsel who joined 42 days ago, whom nobody on our side knows.
    assert nw["NEW_EXECUTIVE_UNKNOWN"]["people"] == [
        {"ownId": "p-devries", "name": "Pieter de Vries"}
    ]
    assert "42 days ago" in nw["NEW_EXECUTIVE_UNKNOWN"]["evidence"][0]
    assert "RENEWAL_AT_RISK" not in nw  # 150 days ahead, and the scores are fine
    unmet = {
        w["person"]["name"] for w in northwind["whitespace"] if w["reason"] == "UNMET_EXECUTIVE"
    }
    # The CIO Sofia Alvarez (the cloud migration's decision maker) met none of us: six.
    assert unmet == {
        "Sofia Alvarez",
        "Thomas Becker",
        "Aisha Bello",
        "Pieter de Vries",
        "Chloé Martin",
        "Lars Nilsson",
    }

    # Adatum renews in 45 days with thin coverage: its decision maker is the one to reach.
    adatum = flags(await scores("acc-adatum"))["RENEWAL_AT_RISK"]
    assert adatum["severity"] == "HIGH"
    assert adatum["people"] == [{"ownId": "p-a-fuchs", "name": "Miriam Fuchs"}]
    assert adatum["evidence"][:3] == [
        f"renewal on {(TODAY + timedelta(days=45)).isoformat()}, in 45 days",
        "breadth 36.7 (below 50)",
        "executive access 0.0 (below 50)",
    ]

    # Contoso's CIO is strong with us but NEGATIVE: half coverage, and a blocker still.
    contoso = await scores("acc-contoso")
    assert flags(contoso)["STRONG_BLOCKER"]["evidence"] == [
        "Jan Weiss: C_LEVEL, covered, perception NEGATIVE"
    ]
    key = next(
        c for c in contoso["breadth"]["components"] if c["name"] == "key_stakeholder_coverage"
    )
    assert key["value"] == pytest.approx(2.5 / 6) and "Jan Weiss (NEGATIVE)" in key["detail"]
    reach = next(
        c for c in contoso["executiveAccess"]["components"] if c["name"] == "decision_maker_reach"
    )
    assert "Jan Weiss (NEGATIVE)" in reach["detail"]
    reference = await reference_scores(graph.session(), "acc-contoso", TODAY)
    body = await gql(
        '{ account(id: "acc-contoso") { scores { breadth { value } executiveAccess { value } } } }'
    )
    values = body["data"]["account"]["scores"]
    assert values["breadth"]["value"] == pytest.approx(reference.breadth, abs=0.051)
    assert values["executiveAccess"]["value"] == pytest.approx(reference.executive, abs=0.051)
    # Henrik Olsen, our former Northwind champion, attends Contoso meetings but is not mapped.
    assert [(w["person"]["name"], w["reason"]) for w in contoso["whitespace"]] == [
        ("Henrik Olsen", "UNMAPPED_ATTENDEE")
    ]

    # Fabrikam's champion Sophie Evans became Head of E-commerce 75 days ago inside her
    # employment: a position (positions in demo/portfolio.json), not a second employment.
    changed = flags(await scores("acc-fabrikam"))["CHAMPION_ROLE_CHANGED"]
    assert changed["people"] == [{"ownId": "p-f-evans", "name": "Sophie Evans"}]
    promoted = TODAY - timedelta(days=75)
    assert changed["evidence"] == [
        f"was E-commerce Manager until {promoted.isoformat()}",
        f"Head of E-commerce since {promoted.isoformat()}, 75 days ago",
    ]
    # The chart of four months ago shows her as she was then.
    body = await gql(
        """query($day: Date) { account(id: "acc-fabrikam") { orgChart(asOf: $day) {
          nodes { personId person { title seniority } } } } }""",
        {"day": (TODAY - timedelta(days=120)).isoformat()},
    )
    then = {n["personId"]: n["person"] for n in body["data"]["account"]["orgChart"]["nodes"]}
    assert then["p-f-evans"] == {"title": "E-commerce Manager", "seniority": "MANAGER"}

    # The new flags are alerts like any other: a scoring that had seen none raises them.
    await graph.session().write("MATCH (a:Account {id: 'acc-northwind'}) SET a.riskFlagKeys = []")
    await gql('mutation { recomputeScores(accountIds: ["%s"]) { accounts } }' % ANCHOR)
    body = await gql(
        """{ alerts(accountId: "%s", codes: [CHAMPION_ROLE_CHANGED, NEW_EXECUTIVE_UNKNOWN]) {
          edges { node { code transition personId } } } }"""
        % ANCHOR
    )
    raised = {
        (e["node"]["code"], e["node"]["transition"], e["node"]["personId"])
        for e in body["data"]["alerts"]["edges"]
    }
    assert ("CHAMPION_ROLE_CHANGED", "APPEARED", "p-zhang") in raised
    assert any(code == "NEW_EXECUTIVE_UNKNOWN" for code, _, _ in raised)


DERIVED = """{ accounts(first: 10) { edges { node { accountId
  relationships(first: 100) { edges { node { teamMemberId personId origin since strength } } }
} } } }"""


async def test_demo_relationships_from_activity_are_those_its_story_tells(
    gql: GraphQL, demo: None
) -> None:
    # demo/README.md: every pair who met has a relationship; at Northwind all are on record, and
    # four elsewhere come from the touchpoints alone.
    body = await gql(DERIVED)
    made = sorted(
        (
            a["node"]["accountId"],
            r["node"]["teamMemberId"],
            r["node"]["personId"],
            r["node"]["strength"],
        )
        for a in body["data"]["accounts"]["edges"]
        for r in a["node"]["relationships"]["edges"]
        if r["node"]["origin"] == "ACTIVITY"
    )
    assert made == [
        ("acc-adatum", "tm-weber", "p-a-roth", "AT_RISK"),  # busy half a year ago, quiet since
        ("acc-contoso", "tm-weber", "p-c-ng", "DEVELOPING"),
        ("acc-fabrikam", "tm-shah", "p-f-evans", "STRONG"),
        ("acc-litware", "tm-fischer", "p-l-kaur", "STRONG"),
    ]
