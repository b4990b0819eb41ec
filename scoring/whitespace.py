"""Ghost stakeholders: people we meet but have not mapped, and executives we have never met."""

from __future__ import annotations

from scoring.access import AccessGraph
from scoring.results import WhitespaceItem
from scoring.vocabulary import EXECUTIVE_LEVELS, WhitespaceReason


def whitespace(graph: AccessGraph) -> tuple[WhitespaceItem, ...]:
    """Current people in the gaps of the stakeholder map, by person id, then reason."""
    people = graph.people
    facts = graph.facts
    # Touchpoints with one of ours: those in the window the facts hold (400 days).
    met: dict[str, int] = {}
    for tp in facts.touchpoints:
        if tp.team_member_ids and tp.date <= graph.as_of:
            for attendee in tp.person_ids:
                met[attendee] = met.get(attendee, 0) + 1
    in_chart = {
        x
        for e in facts.edges
        if e.kind == "REPORTS_TO" and e.source_id in people and e.target_id in people
        for x in (e.source_id, e.target_id)
    }
    known = {r.person_id for r in facts.relationships}
    items: list[WhitespaceItem] = []
    for pid in sorted(people):
        p = people[pid]
        if pid in met and not p.roles and pid not in in_chart:
            items.append(
                WhitespaceItem(
                    pid,
                    WhitespaceReason.UNMAPPED_ATTENDEE,
                    f"{p.name} attended {met[pid]} touchpoint(s) with us but holds no buying "
                    "role and has no reporting line",
                )
            )
        if p.seniority in EXECUTIVE_LEVELS and pid not in met and pid not in known:
            items.append(
                WhitespaceItem(
                    pid,
                    WhitespaceReason.UNMET_EXECUTIVE,
                    f"{p.name} ({p.seniority}) has met none of us in the last 400 days and no "
                    "relationship is on record",
                )
            )
    return tuple(items)
