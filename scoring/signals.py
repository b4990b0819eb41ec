"""Renewal and change signals: risk flags about what is about to happen or just did.

RENEWAL_AT_RISK (a renewal close while coverage is thin), NEW_EXECUTIVE_UNKNOWN (a new C-level
or VP nobody on our side knows) and CHAMPION_ROLE_CHANGED (a champion in a new role at the
account). Each names its people and carries its evidence; docs/scoring.md defines them.
"""

from __future__ import annotations

from datetime import date

from scoring.access import AccessGraph
from scoring.config import ScoringConfig
from scoring.facts import PersonFact, StintFact
from scoring.results import BreadthScore, ExecutiveAccessScore, RiskFlag
from scoring.vocabulary import RiskFlagCode, Severity


def renewal_at_risk(
    graph: AccessGraph,
    config: ScoringConfig,
    breadth: BreadthScore,
    executive: ExecutiveAccessScore,
) -> RiskFlag | None:
    cfg = config.flags
    renewal = graph.facts.renewal_date
    if renewal is None:
        return None
    days = (renewal - graph.as_of).days
    if not 0 <= days <= cfg.renewal_window_days:
        return None
    low: list[str] = []
    if breadth.value < cfg.renewal_breadth_below:
        low.append(f"breadth {breadth.value} (below {cfg.renewal_breadth_below:g})")
    if executive.value < cfg.renewal_executive_below:
        low.append(f"executive access {executive.value} (below {cfg.renewal_executive_below:g})")
    if not low:
        return None
    # Who to reach before the renewal: the decision makers we hold no active relationship with.
    unreached = [d for d in graph.holders("DECISION_MAKER") if d not in graph.covered]
    evidence = [f"renewal on {renewal.isoformat()}, in {days} days", *low]
    evidence += [f"decision maker without access: {graph.people[d].name}" for d in unreached]
    return RiskFlag(
        RiskFlagCode.RENEWAL_AT_RISK,
        Severity.HIGH,
        f"Renewal in {days} days ({renewal.isoformat()}) with " + " and ".join(low) + ".",
        tuple(unreached),
        tuple(evidence),
    )


def new_executives_unknown(graph: AccessGraph, config: ScoringConfig) -> RiskFlag | None:
    cfg = config.flags
    levels = set(cfg.new_executive_levels)
    # Any relationship on record counts as knowing them, whatever its strength.
    known = {r.person_id for r in graph.facts.relationships}
    new = [
        p
        for p in sorted(graph.people.values(), key=lambda p: p.id)
        if p.seniority in levels
        and p.employment_since is not None
        and 0 <= (graph.as_of - p.employment_since).days <= cfg.new_executive_days
        and p.id not in known
    ]
    if not new:
        return None
    return RiskFlag(
        RiskFlagCode.NEW_EXECUTIVE_UNKNOWN,
        Severity.MEDIUM,
        "New at the top, and nobody on our side knows them: "
        + ", ".join(p.name for p in new)
        + ".",
        tuple(p.id for p in new),
        tuple(
            f"{p.name} ({p.seniority}, {p.employment_title or 'title unknown'}) joined on "
            f"{p.employment_since.isoformat() if p.employment_since else '?'}, "
            f"{(graph.as_of - p.employment_since).days if p.employment_since else '?'} days ago; "
            "no relationship on record"
            for p in new
        ),
    )


def current_role(p: PersonFact) -> tuple[str | None, date | None, StintFact | None]:
    """A person's role at the account on the as-of day (title, since) and the one before it:
    a position begun during the current employment (a new title recorded by upsertPerson)
    and the position it replaced; else the current employment and the latest earlier one."""
    if (
        p.position_since is not None
        and p.employment_since is not None
        and p.position_since > p.employment_since
    ):
        before = p.earlier_positions[0] if p.earlier_positions else None
        return p.position_title, p.position_since, before
    before = p.earlier_stints[0] if p.earlier_stints else None
    return p.employment_title, p.employment_since, before


def champion_role_changes(graph: AccessGraph, config: ScoringConfig) -> list[RiskFlag]:
    """One flag per current champion whose current role at the account, under another title
    than the one before it there, began within ``role_change_days``: a new employment there,
    or a new position within the current one (:func:`current_role`)."""
    flags: list[RiskFlag] = []
    for p in sorted(graph.people.values(), key=lambda p: p.id):
        if "CHAMPION" not in p.roles or not p.current:
            continue
        title, since, before = current_role(p)
        if since is None or before is None:
            continue
        age = (graph.as_of - since).days
        if not 0 <= age <= config.flags.role_change_days:
            continue
        if before.title is None or title is None:
            continue  # no titles to compare: nothing honest to say
        if before.title.strip().casefold() == title.strip().casefold():
            continue
        flags.append(
            RiskFlag(
                RiskFlagCode.CHAMPION_ROLE_CHANGED,
                Severity.MEDIUM,
                f"Champion {p.name} changed role on {since.isoformat()}: {before.title} → {title}.",
                (p.id,),
                (
                    f"was {before.title} until {before.until.isoformat()}",
                    f"{title} since {since.isoformat()}, {age} days ago",
                ),
            )
        )
    return flags
