"""Resilience from the API agrees with networkx's node connectivity and minimum node cut on
generated accounts (docs/scoring.md, Resilience), today and as of four months ago; the
concentration shares agree with plain counts over the reference's active relationships, and the
target gaps (docs/scoring.md, Target strength) with the reference's own strengths and the raw
targets, on the same accounts and days."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

import networkx as nx
import pytest
from networkx.algorithms.flow import edmonds_karp

from demo.generator import generate_portfolio
from graph.client import GraphClient
from tests.helpers import GraphQL, LoadGraph
from tests.reference.nx_scores import Reference, reference_scores

RESILIENCE = """query($id: ID!, $day: Date) { account(id: $id) { scores(asOf: $day) {
  resilience { person { ownId } connectivity fragile cut { side person { ownId } } }
  concentration { activeRelationships clientHerfindahl oursHerfindahl
    clientTop { person { ownId } share } oursTop { person { ownId } share }
    client { person { ownId } relationships } ours { person { ownId } relationships } }
  breadth { explanation targetGaps { person { ownId name } target current gap } } } } }"""

SOURCE = "our team"


def _access_graph(ref: Reference) -> nx.Graph:
    """Our team as one node, each of ours with an active relationship, the current people."""
    g = nx.Graph()
    g.add_node(SOURCE)
    g.add_nodes_from(("CLIENT", p) for p in ref.current)
    for member, person in ref.active:
        g.add_edge(SOURCE, ("OURS", member))
        g.add_edge(("OURS", member), ("CLIENT", person))
    g.add_edges_from((("CLIENT", a), ("CLIENT", b)) for a, b in ref.internal.edges)
    return g


def _nearest_cut(g: nx.Graph, target: object) -> set[object]:
    """The minimum node cut nearest our team: networkx's max-flow on the node-split digraph,
    then what its residual network reaches from the source (``nx.minimum_cut`` partitions at
    the side of the sink instead)."""
    split = nx.DiGraph()
    for v in g:
        if v not in (SOURCE, target):
            split.add_edge((v, "in"), (v, "out"), capacity=1)
    for a, b in g.edges:
        for u, v in ((a, b), (b, a)):
            tail = (u, "out") if u != SOURCE else (SOURCE, "out")
            if u == target or v == SOURCE:
                continue
            split.add_edge(tail, (v, "in"))  # no capacity: unbounded
    if (SOURCE, "out") not in split or (target, "in") not in split:
        return set()
    residual = edmonds_karp(split, (SOURCE, "out"), (target, "in"))
    open_arcs = [(u, v) for u, v, d in residual.edges(data=True) if d["capacity"] > d["flow"]]
    reach = nx.DiGraph(open_arcs)
    reach.add_node((SOURCE, "out"))
    reached = nx.descendants(reach, (SOURCE, "out"))
    return {v for v in g if (v, "in") in reached and (v, "out") not in reached}


async def test_resilience_matches_networkx_on_generated_accounts(
    gql: GraphQL, graph: GraphClient, load_graph: LoadGraph
) -> None:
    today = date.today()
    data = generate_portfolio(13, 50, people_per_account=(3, 30), today=today, targets=True)
    await load_graph(data)
    seen: Counter[int] = Counter()
    checked = gaps_seen = 0
    # Every account today, every fifth also as it stood four months ago (lean: the reference
    # recomputes all three scores too).
    past = today - timedelta(days=120)
    days = [(a, today) for a in data.accounts] + [(a, past) for a in data.accounts[::5]]
    for account, day in days:
        body = await gql(RESILIENCE, {"id": account.id, "day": day.isoformat()})
        scores = body["data"]["account"]["scores"]
        api = scores["resilience"]
        ref = await reference_scores(graph.session(), account.id, day)
        _check_concentration(scores["concentration"], ref, (account.id, day))
        gaps_seen += _check_target_gaps(scores["breadth"], ref, (account.id, day))
        g = _access_graph(ref)
        targets = sorted(
            p
            for p, s in ref.current.items()
            if "DECISION_MAKER" in ref.roles[p] or s["level"] in ("C_LEVEL", "VP")
        )
        where = (account.id, day)
        assert [i["person"]["ownId"] for i in api] == targets, where
        for item in api:
            target = ("CLIENT", item["person"]["ownId"])
            cut = {(c["side"], c["person"]["ownId"]) for c in item["cut"]}
            k = nx.node_connectivity(g, SOURCE, target)
            assert item["connectivity"] == k, (where, target)
            assert len(cut) == len(nx.minimum_node_cut(g, SOURCE, target)), (where, target)
            assert cut == _nearest_cut(g, target), (where, target)
            if k:
                # The cut named really cuts: without them no path is left.
                assert not nx.has_path(g.subgraph(set(g) - cut), SOURCE, target), where
            assert item["fragile"] == (k == 1), (where, target)
            seen[k] += 1
            checked += 1
    # The generated accounts exercise every case: no path, a single bridge, several paths.
    assert checked >= 200 and seen[0] and seen[1] and sum(seen[k] for k in seen if k >= 2)
    assert gaps_seen >= 50  # targets below, at and above today's strengths were all compared


def _check_target_gaps(api: dict[str, Any], ref: Reference, where: object) -> int:
    """The API's target gaps are the reference's, in its order, and the explanation names the
    first three of them in that order."""
    listed = [
        (g["person"]["ownId"], g["target"], g["current"], g["gap"]) for g in api["targetGaps"]
    ]
    assert listed == ref.target_gaps, where
    if listed:
        named = api["explanation"].split("; largest gaps: ", 1)[1]
        at = [named.index(g["person"]["name"] + " (target") for g in api["targetGaps"][:3]]
        assert at == sorted(at), where
    else:
        assert "largest gaps" not in api["explanation"], where
    return len(listed)


def _check_concentration(api: dict[str, Any], ref: Reference, where: object) -> None:
    total = len(ref.active)
    assert api["activeRelationships"] == total, where
    for side, counts, top in (
        ("client", Counter(p for _, p in ref.active), api["clientTop"]),
        ("ours", Counter(t for t, _ in ref.active), api["oursTop"]),
    ):
        listed = {i["person"]["ownId"]: i["relationships"] for i in api[side]}
        assert listed == dict(counts), where
        herfindahl = sum((n / total) ** 2 for n in counts.values()) if total else 0.0
        assert api[f"{side}Herfindahl"] == pytest.approx(herfindahl, abs=1e-5), where
        if not total:
            assert top is None, where
            continue
        most = max(counts.values())
        assert top["person"]["ownId"] == min(p for p, n in counts.items() if n == most), where
        assert top["share"] == pytest.approx(most / total, abs=1e-5), where


@pytest.mark.parametrize("removed", [0, 1])
def test_nearest_cut_helper_finds_the_cut_nearest_the_source(removed: int) -> None:
    # our team - t1, t2 - a - target: the nearest cut is {a}; with t2 gone, {t1}.
    g = nx.Graph([(SOURCE, "t1"), (SOURCE, "t2"), ("t1", "a"), ("t2", "a"), ("a", "x")])
    if removed:
        g.remove_node("t2")
    assert _nearest_cut(g, "x") == ({"t1"} if removed else {"a"})
