"""Concentration: how much of our active contact one client person or one of ours holds.

Each active relationship is one unit of contact. A person's share is the active relationships
they are part of over all active relationships; the Herfindahl index of a side is the sum of its
shares squared (1: all on one person; 1/n: spread evenly over n).
"""

from __future__ import annotations

from collections import Counter

from scoring.access import AccessGraph
from scoring.results import ConcentrationScore, ContactShare
from scoring.vocabulary import Side


def _shares(counts: Counter[str], total: int, side: Side) -> tuple[ContactShare, ...]:
    # Largest share first, ties by id, so the top is the same every time.
    return tuple(
        ContactShare(side=side, person_id=pid, relationships=n, share=round(n / total, 6))
        for pid, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )


def _herfindahl(counts: Counter[str], total: int) -> float:
    return round(sum((n / total) ** 2 for n in counts.values()), 6)


def concentration(graph: AccessGraph) -> ConcentrationScore:
    total = len(graph.active)
    if total == 0:
        return ConcentrationScore(
            active_relationships=0,
            client=(),
            ours=(),
            client_herfindahl=0.0,
            ours_herfindahl=0.0,
            explanation="No active relationship: no contact to concentrate.",
        )
    theirs = Counter(p for _, p in graph.active)
    ours = Counter(m for m, _ in graph.active)
    client = _shares(theirs, total, Side.CLIENT)
    our_side = _shares(ours, total, Side.OURS)
    members = {t.id: t.name for t in graph.facts.team_members}
    top_client, top_ours = client[0], our_side[0]
    h_client, h_ours = _herfindahl(theirs, total), _herfindahl(ours, total)
    explanation = (
        f"Of {total} active relationships, {graph.people[top_client.person_id].name} holds "
        f"{top_client.relationships} ({round(100 * top_client.share)}%) on their side and "
        f"{members[top_ours.person_id]} {top_ours.relationships} "
        f"({round(100 * top_ours.share)}%) on ours; Herfindahl {h_client:.2f} theirs, "
        f"{h_ours:.2f} ours."
    )
    return ConcentrationScore(
        active_relationships=total,
        client=client,
        ours=our_side,
        client_herfindahl=h_client,
        ours_herfindahl=h_ours,
        explanation=explanation,
    )
