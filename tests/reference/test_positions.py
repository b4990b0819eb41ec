"""Versioned titles: the scores, the flags and the stakeholder map of a day use the position each
person held then (docs/scoring.md, "As of" and "Role changes"), as the reference written from
the document (tests/reference/nx_scores.py) computes them, on 50 generated accounts with
promotions, department changes and champions' new titles, today and as of four months ago."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from demo.generator import generate_portfolio
from graph.client import GraphClient
from tests.helpers import GraphQL, LoadGraph
from tests.reference.test_signals_and_deals import check_scores

MAP = """query($id: ID!, $day: Date) { account(id: $id) { stakeholderMap(asOf: $day) {
  person { personId title } seniority department } } }"""


async def test_scores_of_a_day_use_the_position_held_then(
    gql: GraphQL, graph: GraphClient, load_graph: LoadGraph
) -> None:
    today = date.today()
    data = generate_portfolio(
        33, 50, people_per_account=(3, 30), today=today, signals=True, promotions=True
    )
    await load_graph(data)
    people = {p.id: p for p in data.people}
    past = today - timedelta(days=120)
    seen: Counter[str] = Counter()
    for account in data.accounts:
        for day in (today, past):
            when = "today" if day == today else "past"
            where = (account.id, day)
            ref = await check_scores(gql, graph, account.id, day)
            # The stakeholder map of the day shows the seniority and department held then.
            rows = (await gql(MAP, {"id": account.id, "day": day.isoformat()}))["data"]
            shown = {
                r["person"]["personId"]: (r["person"]["title"], r["seniority"], r["department"])
                for r in rows["account"]["stakeholderMap"]
            }
            expected = {
                p: (s["shown_title"], s["level"], s["dept"]) for p, s in ref.current.items()
            }
            assert shown == expected, where
            for p, s in ref.current.items():
                seen[f"level differs@{when}"] += s["level"] != people[p].seniority
                seen[f"department differs@{when}"] += s["dept"] != people[p].department
                seen[f"title differs@{when}"] += s["shown_title"] != people[p].title
                seen[f"no position@{when}"] += s["position"] is None
                became = people[p].seniority in ("C_LEVEL", "VP")
                seen[f"executive then@{when}"] += became != (s["level"] in ("C_LEVEL", "VP"))
            seen.update(f"{f.code}/{f.via}@{when}" for f in ref.flags if f.via)
    # Non-vacuous: the past day sees other levels and departments (today none differ), some
    # executives were not yet executives, some days fall before any position (today's fields
    # stand), and positions raise role changes on both days beside employments.
    assert seen["level differs@today"] == seen["department differs@today"] == 0, seen
    assert seen["title differs@today"] == 0 and seen["title differs@past"] >= 40, seen
    assert seen["level differs@past"] >= 30 and seen["department differs@past"] >= 20, seen
    assert seen["executive then@past"] >= 5 and seen["no position@past"] >= 5, seen
    assert seen["CHAMPION_ROLE_CHANGED/position@today"] >= 10, seen
    assert seen["CHAMPION_ROLE_CHANGED/position@past"] >= 4, seen
    for when in ("today", "past"):
        assert seen[f"CHAMPION_ROLE_CHANGED/employment@{when}"] >= 1, seen
