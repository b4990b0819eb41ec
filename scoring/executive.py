"""Executive access: our reach into C-level, VP and decision makers (0-100, higher is better)."""

from __future__ import annotations

import itertools

from scoring.access import AccessGraph, shortest_internal_path, within_hops
from scoring.breadth import weighted_value
from scoring.config import ScoringConfig
from scoring.results import ExecutiveAccessScore, PathStep, ScoreComponent, SponsorPath
from scoring.vocabulary import STRENGTH_RANK, PathStepKind, Strength, TouchpointKind


def _sponsors(graph: AccessGraph) -> list[str]:
    return sorted(t.id for t in graph.facts.team_members if "EXECUTIVE_SPONSOR" in t.team_roles)


def _account_team(graph: AccessGraph) -> list[str]:
    return sorted(t.id for t in graph.facts.team_members if t.team_roles)


def executive_targets(graph: AccessGraph) -> set[str]:
    """Current C-level and VP people and decision makers."""
    return set(graph.executives()) | set(graph.holders("DECISION_MAKER"))


def executive_access(graph: AccessGraph, config: ScoringConfig) -> ExecutiveAccessScore:
    cfg = config.executive
    covered = graph.covered
    execs = graph.executives()
    basis = "C-level and VP people"
    if not execs:
        # The heads of the chart: people with reports and no manager. People whose reporting
        # line was never entered are no heads; only with no lines at all does everyone count.
        roots = [p for p in sorted(graph.people) if p not in graph.manager]
        heads = set(graph.manager.values())
        execs = [p for p in roots if p in heads] or roots
        basis = "people at the top of the org chart (no C-level or VP present)"
    coverage = sum(1 for p in execs if p in covered) / len(execs) if execs else 0.0

    decision_makers = graph.holders("DECISION_MAKER")
    strong_sources = {p for m, p in graph.active if graph.strength_of(m, p) == Strength.STRONG}
    near_strong = within_hops(graph.adjacency, strong_sources, cfg.max_internal_hops)
    reach_scores = []
    discounted = []
    for dm in decision_makers:
        direct = [graph.strength_of(m, p) for m, p in graph.active if p == dm]
        if Strength.STRONG in direct:
            reach = 1.0
        elif Strength.DEVELOPING in direct:
            reach = 0.75
        elif dm in near_strong:
            reach = 0.5
        else:
            reach = 0.0
        # A strong line to a decision maker who thinks badly of us is not full reach.
        factor = config.perception.weight(graph.people[dm].perception)
        if reach and factor < 1:
            discounted.append(f"{graph.people[dm].name} ({graph.people[dm].perception})")
        reach_scores.append(reach * factor)
    dm_reach = sum(reach_scores) / len(reach_scores) if reach_scores else 0.0

    targets = executive_targets(graph)
    sponsors = _sponsors(graph)
    if any((s, p) in graph.active for s in sponsors for p in targets):
        alignment, alignment_detail = 1.0, "our executive sponsor holds an executive relationship"
    elif sponsors and any((m, p) in graph.active for m in _account_team(graph) for p in targets):
        alignment, alignment_detail = 0.5, "our sponsor reaches an executive through our team"
    elif sponsors:
        alignment, alignment_detail = 0.0, "no one on our team holds an executive relationship"
    else:
        alignment, alignment_detail = 0.0, "the account has no executive sponsor"

    last_exec = max(
        (
            tp.date
            for tp in graph.facts.touchpoints
            if tp.kind == TouchpointKind.EXECUTIVE
            and tp.date <= graph.as_of
            and tp.person_ids & targets
        ),
        default=None,
    )
    if last_exec is None:
        recency, recency_detail = 0.0, "no executive touchpoint with an executive on record"
    else:
        age = (graph.as_of - last_exec).days
        span = cfg.stale_days - cfg.recent_days
        if age <= cfg.recent_days:
            recency = 1.0
        elif age >= cfg.stale_days or span <= 0:
            recency = 0.0
        else:
            recency = (cfg.stale_days - age) / span
        recency_detail = f"last executive touchpoint {age} days ago ({last_exec.isoformat()})"

    components = (
        ScoreComponent(
            "executive_coverage",
            coverage,
            cfg.coverage,
            f"{sum(1 for p in execs if p in covered)} of {len(execs)} {basis} have an active "
            "relationship",
        ),
        ScoreComponent(
            "decision_maker_reach",
            dm_reach,
            cfg.decision_maker_reach,
            f"{len(decision_makers)} decision makers, mean reach {dm_reach:.2f}"
            + (", counted less for their perception: " + ", ".join(discounted)) * bool(discounted)
            if decision_makers
            else "no decision maker mapped",
        ),
        ScoreComponent("sponsor_alignment", alignment, cfg.sponsor_alignment, alignment_detail),
        ScoreComponent("executive_recency", recency, cfg.recency, recency_detail),
    )
    value = weighted_value(components)
    paths = tuple(sponsor_path(graph, dm, config) for dm in decision_makers)
    weakest = min(components, key=lambda c: (c.value, c.name))
    explanation = f"Executive access {value}; weakest part: {weakest.name} ({weakest.detail})."
    return ExecutiveAccessScore(
        value=value, components=components, sponsor_paths=paths, explanation=explanation
    )


def sponsor_path(graph: AccessGraph, decision_maker: str, config: ScoringConfig) -> SponsorPath:
    """Sponsor → (one TEAM hop, optional) → active relationship → ≤ N internal edges → DM.

    Fewer hops win, then a stronger relationship hop, then ids."""
    sponsors = _sponsors(graph)
    if not sponsors:
        return SponsorPath(decision_maker, None, (), False)
    team = _account_team(graph)
    best: tuple[tuple[int, int, str, str, str], list[PathStep]] | None = None
    for sponsor in sponsors:
        starts = [(sponsor, 0)] + [(m, 1) for m in team if m != sponsor]
        for member, team_hops in starts:
            for m, person in sorted(graph.active):
                if m != member:
                    continue
                internal = shortest_internal_path(
                    graph.adjacency, person, decision_maker, config.executive.max_internal_hops
                )
                if internal is None:
                    continue
                strength = graph.strength_of(member, person) or Strength.WEAK
                key = (
                    team_hops + len(internal),
                    STRENGTH_RANK.get(strength, 9),
                    sponsor,
                    member,
                    person,
                )
                if best is not None and key >= best[0]:
                    continue
                steps = []
                if team_hops:
                    steps.append(PathStep(sponsor, member, PathStepKind.TEAM, None))
                steps.append(PathStep(member, person, PathStepKind.RELATIONSHIP, strength))
                for a, b in itertools.pairwise(internal):
                    steps.append(PathStep(a, b, _edge_kind(graph, a, b), None))
                best = (key, steps)
    if best is None:
        return SponsorPath(decision_maker, sponsors[0], (), False)
    return SponsorPath(decision_maker, best[0][2], tuple(best[1]), True)


#: Which kind names the hop when several internal edges join two people.
_EDGE_PREFERENCE = (PathStepKind.REPORTS_TO, PathStepKind.INTRODUCED, PathStepKind.INFLUENCES)


def _edge_kind(graph: AccessGraph, a: str, b: str) -> PathStepKind:
    """The kind of the internal edge between two people (reporting lines first)."""
    kinds = sorted(
        {e.kind for e in graph.facts.edges if {e.source_id, e.target_id} == {a, b}},
        key=lambda k: _EDGE_PREFERENCE.index(k) if k in _EDGE_PREFERENCE else 9,
    )
    return PathStepKind(kinds[0]) if kinds else PathStepKind.REPORTS_TO
