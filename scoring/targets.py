"""Current vs target strength per client person (docs/scoring.md, "Target strength")."""

from __future__ import annotations

from scoring.access import AccessGraph
from scoring.results import TargetGap
from scoring.vocabulary import STRENGTH_RANK, Strength

#: No relationship at all sits one step below AT_RISK.
NO_RELATIONSHIP_LEVEL = 0


def level(strength: Strength | str | None) -> int:
    """The ordinal of a strength: STRONG 4, DEVELOPING 3, WEAK 2, AT_RISK 1, none 0."""
    if strength is None:
        return NO_RELATIONSHIP_LEVEL
    return len(STRENGTH_RANK) - STRENGTH_RANK[Strength(strength)]


def strength_gap(target: Strength | str | None, current: Strength | str | None) -> int:
    """How many steps ``current`` lies below ``target``; 0 without a target or when at or
    above it (only shortfalls count)."""
    if target is None:
        return 0
    return max(0, level(target) - level(current))


def target_gaps(graph: AccessGraph) -> tuple[TargetGap, ...]:
    """The current people whose best strength is below their target, largest gap first, then
    by name and id (so the order is the same on every run)."""
    best: dict[str, Strength] = {}
    for s in graph.strengths:
        held = best.get(s.person_id)
        if held is None or STRENGTH_RANK[s.effective] < STRENGTH_RANK[held]:
            best[s.person_id] = s.effective
    gaps = []
    for person in graph.people.values():
        # A target counts from the day it was set (the facts read it so already; kept here
        # so the rule holds for any facts).
        if person.target_strength is None or (
            person.target_set_at is not None and person.target_set_at > graph.as_of
        ):
            continue
        current = best.get(person.id)
        gap = strength_gap(person.target_strength, current)
        if gap > 0:
            gaps.append(
                TargetGap(
                    person_id=person.id,
                    name=person.name,
                    title=person.employment_title or person.title,
                    target=Strength(person.target_strength),
                    current=current,
                    gap=gap,
                )
            )
    return tuple(sorted(gaps, key=lambda g: (-g.gap, g.name, g.person_id)))


def describe(gap: TargetGap) -> str:
    """One gap as the breadth explanation names it: "CFO Ana Silva (target STRONG, now WEAK)"."""
    who = f"{gap.title} {gap.name}" if gap.title else gap.name
    now = gap.current.value if gap.current is not None else "no relationship"
    return f"{who} (target {gap.target.value}, now {now})"
