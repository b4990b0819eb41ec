"""Relationship breadth: how widely we are connected (0-100, higher is better)."""

from __future__ import annotations

from scoring.access import AccessGraph
from scoring.config import ScoringConfig
from scoring.results import BreadthScore, ScoreComponent
from scoring.targets import describe, target_gaps
from scoring.vocabulary import KEY_LEVELS

BREADTH_ROLES = ("DECISION_MAKER", "CHAMPION", "INFLUENCER", "USER")
LEVEL_ORDER = ("C_LEVEL", "VP", "DIRECTOR", "MANAGER", "INDIVIDUAL_CONTRIBUTOR")


def _share(covered: float, present: int) -> float:
    return covered / present if present else 0.0


def breadth(graph: AccessGraph, config: ScoringConfig) -> BreadthScore:
    cfg = config.breadth
    people = graph.people
    covered = graph.covered

    key = sorted(p.id for p in people.values() if p.roles or p.seniority in KEY_LEVELS)
    key_uncovered = tuple(p for p in key if p not in covered)
    # A covered key stakeholder counts by their perception of us (a NEGATIVE one half).
    weight = config.perception.weight
    key_weighted = sum(weight(people[p].perception) for p in key if p in covered)
    discounted = tuple(p for p in key if p in covered and weight(people[p].perception) < 1)

    departments = sorted({p.department for p in people.values() if p.department})
    covered_departments = {people[p].department for p in covered}
    dept_uncovered = tuple(d for d in departments if d not in covered_departments)

    levels = [lvl for lvl in LEVEL_ORDER if any(p.seniority == lvl for p in people.values())]
    covered_levels = {people[p].seniority for p in covered}
    level_uncovered = tuple(lvl for lvl in levels if lvl not in covered_levels)

    roles = [r for r in BREADTH_ROLES if any(r in p.roles for p in people.values())]
    role_uncovered = tuple(r for r in roles if not any(r in people[p].roles for p in covered))

    members = tuple(sorted({m for m, _ in graph.active}))
    target = cfg.our_side_target

    components = (
        ScoreComponent(
            "key_stakeholder_coverage",
            _share(key_weighted, len(key)),
            cfg.key_stakeholders,
            f"{len(key) - len(key_uncovered)} of {len(key)} key stakeholders have an active "
            "relationship"
            + (
                ", counted less for their perception: "
                + ", ".join(f"{people[p].name} ({people[p].perception})" for p in discounted)
                if discounted
                else ""
            ),
        ),
        ScoreComponent(
            "department_coverage",
            _share(len(departments) - len(dept_uncovered), len(departments)),
            cfg.departments,
            f"{len(departments) - len(dept_uncovered)} of {len(departments)} departments covered",
        ),
        ScoreComponent(
            "level_coverage",
            _share(len(levels) - len(level_uncovered), len(levels)),
            cfg.levels,
            f"{len(levels) - len(level_uncovered)} of {len(levels)} seniority levels covered",
        ),
        ScoreComponent(
            "role_coverage",
            _share(len(roles) - len(role_uncovered), len(roles)),
            cfg.roles,
            f"{len(roles) - len(role_uncovered)} of {len(roles)} buying roles present covered",
        ),
        ScoreComponent(
            "our_side",
            min(1.0, len(members) / target) if target else 1.0,
            cfg.our_side,
            f"{len(members)} of our people hold active relationships (target {target})",
        ),
    )
    value = weighted_value(components)
    gaps = []
    if dept_uncovered:
        gaps.append("uncovered departments: " + ", ".join(dept_uncovered))
    if level_uncovered:
        gaps.append("uncovered levels: " + ", ".join(level_uncovered))
    if role_uncovered:
        gaps.append("uncovered roles: " + ", ".join(role_uncovered))
    if key_uncovered:
        names = ", ".join(people[p].name for p in key_uncovered[:10])
        more = f" and {len(key_uncovered) - 10} more" if len(key_uncovered) > 10 else ""
        gaps.append(f"key stakeholders without an active relationship: {names}{more}")
    # Targets do not move the score (it measures coverage, not ambition): they are named.
    shortfalls = target_gaps(graph)
    named = shortfalls[: max(0, cfg.gaps_named)]
    explanation = f"Breadth {value}: " + ("; ".join(gaps) if gaps else "no whitespace found")
    if named:
        unnamed = len(shortfalls) - len(named)
        explanation += "; largest gaps: " + ", ".join(describe(g) for g in named)
        explanation += f" and {unnamed} more" if unnamed else ""
    return BreadthScore(
        value=value,
        components=components,
        uncovered_departments=dept_uncovered,
        uncovered_levels=level_uncovered,
        uncovered_roles=role_uncovered,
        uncovered_key_stakeholder_ids=key_uncovered,
        active_team_member_ids=members,
        explanation=explanation,
        target_gaps=shortfalls,
    )


def weighted_value(components: tuple[ScoreComponent, ...]) -> float:
    """100 times the weighted mean of the components, rounded to one decimal."""
    weight = sum(c.weight for c in components)
    if weight <= 0:
        return 0.0
    return round(100 * sum(c.value * c.weight for c in components) / weight, 1)
