"""Per-deal coverage, whitespace and the renewal, change, blocker and deal flags from the API
agree with the reference written from docs/scoring.md (tests/reference/nx_scores.py) on 50
generated accounts with signals (deals, renewals, new executives, second stints, blockers,
ghosts), today and as of four months ago."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

import pytest

from demo.generator import generate_portfolio
from graph.client import GraphClient
from tests.helpers import GraphQL, LoadGraph
from tests.reference.nx_scores import SIGNAL_FLAGS, Reference, reference_scores

SCORES = """query($id: ID!, $day: Date) { account(id: $id) { scores(asOf: $day) {
  breadth { value } executiveAccess { value } championDependency { value }
  riskFlags { code people { ownId } evidence } whitespace { person { ownId } reason } } } }"""
DEALS = """query($id: ID!) { account(id: $id) { opportunities(first: 10) { totalCount edges {
  node { opportunityId coverage { decisionMakerReached championReached contacts
    activeContacts activeContactIds atRisk decisionMakers { personId } } } } } } }"""


async def test_flags_deals_and_whitespace_match_the_reference(
    gql: GraphQL, graph: GraphClient, load_graph: LoadGraph
) -> None:
    today = date.today()
    data = generate_portfolio(21, 50, people_per_account=(3, 30), today=today, signals=True)
    await load_graph(data)
    raised: Counter[str] = Counter()
    deals: Counter[str] = Counter()
    past = today - timedelta(days=120)
    for account in data.accounts:
        for day in (today, past):
            ref = await check_scores(gql, graph, account.id, day)
            raised.update(reason for _, reason in ref.whitespace)
            raised.update(f"{f.code}@{'today' if day == today else 'past'}" for f in ref.flags)
            if day == today:
                deals.update(_check_deals(account.id, await gql(DEALS, {"id": account.id}), ref))
    # Every figure occurs often enough in the generated set that the checks compared something.
    for code in SIGNAL_FLAGS:
        assert raised[f"{code}@today"] >= 3, (code, raised)
        assert raised[f"{code}@past"] >= 2, (code, raised)
    assert raised["UNMAPPED_ATTENDEE"] >= 3 and raised["UNMET_EXECUTIVE"] >= 3, raised
    for case in ("at risk", "decision maker reached", "no decision maker", "champion reached"):
        assert deals[case] >= 3, (case, deals)
    assert deals["active contacts"] >= 10, deals


async def check_scores(gql: GraphQL, graph: GraphClient, account_id: str, day: date) -> Reference:
    """The API's scores of the account on ``day`` against the reference's: the scores the
    flags build on (perception weights included), whitespace in the documented order (person
    id, then reason), and the flags of SIGNAL_FLAGS; returns the reference."""
    where = (account_id, day)
    body = await gql(SCORES, {"id": account_id, "day": day.isoformat()})
    scores = body["data"]["account"]["scores"]
    ref = await reference_scores(graph.session(), account_id, day)
    assert scores["breadth"]["value"] == pytest.approx(ref.breadth, abs=0.051), where
    executive = scores["executiveAccess"]["value"]
    assert executive == pytest.approx(ref.executive, abs=0.051), where
    dependency = scores["championDependency"]["value"]
    assert dependency == pytest.approx(ref.dependency, abs=0.051), where
    ghosts = [(w["person"]["ownId"], w["reason"]) for w in scores["whitespace"]]
    assert ghosts == ref.whitespace, where
    _check_flags(scores["riskFlags"], ref, where)
    return ref


def _check_flags(api: list[dict[str, Any]], ref: Reference, where: object) -> None:
    """The flags of SIGNAL_FLAGS, one by one: the same people named, the evidence saying what
    the document says it gives (dates, titles, deal names and stages)."""
    ours = sorted(
        (
            (f["code"], sorted(p["ownId"] for p in f["people"]), f["evidence"])
            for f in api
            if f["code"] in SIGNAL_FLAGS
        ),
        key=lambda f: (f[0], f[1]),
    )
    assert [(c, p) for c, p, _ in ours] == [(f.code, f.people) for f in ref.flags], where
    for (code, _, evidence), expected in zip(ours, ref.flags, strict=True):
        text = "\n".join(evidence)
        missing = [m for m in expected.mentions if m not in text]
        assert not missing, (where, code, missing, evidence)
        if code == "STRONG_BLOCKER":
            assert len(evidence) == len(expected.people), (where, evidence)


def _check_deals(account: str, body: dict[str, Any], ref: Reference) -> list[str]:
    """Opportunity.coverage (today) against the reference's deal coverage; the cases seen."""
    edges = body["data"]["account"]["opportunities"]["edges"]
    assert body["data"]["account"]["opportunities"]["totalCount"] == len(ref.deals), account
    assert sorted(e["node"]["opportunityId"] for e in edges) == sorted(ref.deals), account
    seen: list[str] = []
    for edge in edges:
        deal_id, api = edge["node"]["opportunityId"], edge["node"]["coverage"]
        expected = ref.deals[deal_id]
        assert api == {
            "decisionMakerReached": expected.decision_maker_reached,
            "championReached": expected.champion_reached,
            "contacts": expected.contacts,
            "activeContacts": len(expected.active_contacts),
            "activeContactIds": api["activeContactIds"],
            "atRisk": expected.at_risk,
            "decisionMakers": api["decisionMakers"],
        }, (account, deal_id)
        assert sorted(api["activeContactIds"]) == expected.active_contacts, (account, deal_id)
        assert sorted(d["personId"] for d in api["decisionMakers"]) == expected.decision_makers
        seen += ["at risk"] * expected.at_risk
        seen += ["decision maker reached"] * expected.decision_maker_reached
        seen += ["no decision maker"] * (not expected.decision_makers)
        seen += ["champion reached"] * expected.champion_reached
        seen += ["active contacts"] * len(expected.active_contacts)
    return seen
