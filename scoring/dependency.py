"""Champion dependency: how much of our access hangs on one person (0-100, higher is worse)."""

from __future__ import annotations

from scoring.access import AccessGraph, within_hops
from scoring.config import ScoringConfig
from scoring.facts import PersonFact
from scoring.results import DependencyItem, DependencyScore
from scoring.vocabulary import EXECUTIVE_LEVELS, Side


def person_value(person: PersonFact, config: ScoringConfig) -> float:
    """What reaching this person is worth: the highest value that applies."""
    cfg = config.dependency
    if "DECISION_MAKER" in person.roles:
        return cfg.decision_maker_value
    if person.seniority in EXECUTIVE_LEVELS:
        return cfg.executive_value
    if person.roles:
        return cfg.role_value
    return cfg.other_value


def reached(
    graph: AccessGraph,
    config: ScoringConfig,
    *,
    without_member: str | None = None,
    without_person: str | None = None,
) -> set[str]:
    """People reached over one active relationship and then at most N internal edges."""
    excluded = frozenset({without_person}) if without_person else frozenset()
    sources = {p for m, p in graph.active if m != without_member and p != without_person}
    hops = config.dependency.max_internal_hops
    return set(within_hops(graph.adjacency, sources, hops, excluded))


def champion_dependency(graph: AccessGraph, config: ScoringConfig) -> DependencyScore:
    values = {p.id: person_value(p, config) for p in graph.people.values()}
    base = reached(graph, config)
    total = sum(values[p] for p in base)
    if not graph.active or total <= 0:
        return DependencyScore(
            value=100.0,
            top=None,
            client_top=None,
            ours_top=None,
            ranking=(),
            no_active_relationships=True,
            reached_value=0.0,
            explanation="No active relationship at all: every bit of access is missing.",
        )
    # Ids are unique per side only: a client person and one of ours may share one.
    member_names = {t.id: t.name for t in graph.facts.team_members}
    items = []
    # Only members who hold an active relationship, and only reached people, can matter.
    for member in sorted({m for m, _ in graph.active}):
        left = sum(values[p] for p in reached(graph, config, without_member=member))
        items.append(_item(member, member_names[member], Side.OURS, total, left))
    for person in sorted(base):
        left = sum(values[p] for p in reached(graph, config, without_person=person))
        items.append(_item(person, graph.people[person].name, Side.CLIENT, total, left))
    ranking = tuple(
        sorted((i for i in items if i.dependency > 0), key=lambda i: (-i.dependency, i.person_id))
    )
    top = ranking[0] if ranking else None
    client_top = next((i for i in ranking if i.side == Side.CLIENT), None)
    ours_top = next((i for i in ranking if i.side == Side.OURS), None)
    value = round(100 * top.dependency, 1) if top else 0.0
    if top is None:
        explanation = f"Dependency {value}: no single person carries any of our access."
    else:
        side = "their side" if top.side == Side.CLIENT else "our side"
        explanation = (
            f"Dependency {value}: if {top.name} ({side}) leaves we lose {top.value_lost:g} of "
            f"{total:g} reached value ({round(100 * top.dependency)}%)."
        )
    return DependencyScore(
        value=value,
        top=top,
        client_top=client_top,
        ours_top=ours_top,
        ranking=ranking,
        no_active_relationships=False,
        reached_value=total,
        explanation=explanation,
    )


def _item(node: str, name: str, side: Side, total: float, left: float) -> DependencyItem:
    lost = round(total - left, 6)
    return DependencyItem(
        person_id=node,
        name=name,
        side=side,
        dependency=round(1 - left / total, 6),
        value_lost=lost,
        value_total=total,
    )
