"""Risk flags, each with the people and the evidence behind it."""

from __future__ import annotations

from scoring.access import AccessGraph
from scoring.config import ScoringConfig
from scoring.results import (
    BreadthScore,
    CadenceAssessment,
    DealCoverage,
    ExecutiveAccessScore,
    ResilienceItem,
    RiskFlag,
)
from scoring.signals import champion_role_changes, new_executives_unknown, renewal_at_risk
from scoring.vocabulary import KEY_LEVELS, RiskFlagCode, Severity, Side


def risk_flags(
    graph: AccessGraph,
    cadence: CadenceAssessment,
    config: ScoringConfig,
    resilience: tuple[ResilienceItem, ...] = (),
    deals: tuple[DealCoverage, ...] = (),
    *,
    breadth: BreadthScore | None = None,
    executive: ExecutiveAccessScore | None = None,
) -> tuple[RiskFlag, ...]:
    cfg = config.flags
    as_of = graph.as_of
    people = graph.people
    facts = graph.facts
    covered = graph.covered
    flags: list[RiskFlag] = []

    if not graph.active:
        flags.append(
            RiskFlag(
                RiskFlagCode.NO_ACTIVE_RELATIONSHIPS,
                Severity.HIGH,
                "We hold no active relationship at this account.",
                (),
                (
                    f"{len(people)} current people, {len(facts.relationships)} relationships on "
                    "record, none strong or developing with recent contact",
                ),
            )
        )
    holders = tuple(sorted({p for _, p in graph.active}))
    if len(graph.active) <= 1 or len(holders) == 1:
        # Several of our people on one client person is still one thread on their side.
        flags.append(
            RiskFlag(
                RiskFlagCode.SINGLE_THREADED,
                Severity.HIGH,
                f"{len(graph.active)} active relationship(s) with {len(holders)} client "
                "person(s): the account hangs on one thread.",
                holders,
                tuple(f"active: {people[p].name}" for p in holders),
            )
        )

    for person in sorted(facts.people, key=lambda p: p.id):
        until = person.employment_until
        if (
            "CHAMPION" in person.roles
            and not person.current
            and until is not None
            and 0 <= (as_of - until).days <= cfg.champion_left_days
        ):
            evidence: list[str] = [f"employment ended {until.isoformat()}"]
            message = f"Champion {person.name} left on {until.isoformat()}."
            if person.moved_to_account_name:
                evidence.append(f"now at {person.moved_to_account_name}: a lead")
                message += f" They are now at {person.moved_to_account_name}: a lead."
            flags.append(
                RiskFlag(
                    RiskFlagCode.CHAMPION_LEFT,
                    Severity.HIGH,
                    message,
                    (person.id,),
                    tuple(evidence),
                )
            )

    flags.extend(champion_role_changes(graph, config))

    champions = graph.holders("CHAMPION")
    if not champions:
        flags.append(
            RiskFlag(
                RiskFlagCode.NO_CHAMPION,
                Severity.MEDIUM,
                "No current champion at the account.",
                (),
                (),
            )
        )

    decision_makers = graph.holders("DECISION_MAKER")
    if not any(dm in covered for dm in decision_makers):
        message = (
            "No decision maker is mapped."
            if not decision_makers
            else "No active relationship with any decision maker."
        )
        flags.append(
            RiskFlag(
                RiskFlagCode.NO_DECISION_MAKER_ACCESS,
                Severity.HIGH,
                message,
                tuple(decision_makers),
                tuple(f"decision maker without access: {people[d].name}" for d in decision_makers),
            )
        )

    if facts.tier >= 3 and not any("EXECUTIVE_SPONSOR" in t.team_roles for t in facts.team_members):
        flags.append(
            RiskFlag(
                RiskFlagCode.NO_EXECUTIVE_SPONSOR,
                Severity.MEDIUM,
                f"A tier {facts.tier} account without an executive sponsor.",
                (),
                (),
            )
        )

    window = cfg.engagement_window_days
    recent = sum(1 for tp in facts.touchpoints if 0 <= (as_of - tp.date).days < window)
    previous = sum(1 for tp in facts.touchpoints if window <= (as_of - tp.date).days < 2 * window)
    if previous >= cfg.engagement_min_previous and recent < previous / 2:
        flags.append(
            RiskFlag(
                RiskFlagCode.DECLINING_ENGAGEMENT,
                Severity.MEDIUM,
                f"{recent} touchpoints in the last {window} days against {previous} in the "
                f"{window} before.",
                (),
                (f"last {window} days: {recent}", f"previous {window} days: {previous}"),
            )
        )

    # A senior blocker we cannot reach, or a hostile one whom even an active relationship
    # does not disarm: covering them is not enough while they think badly of us.
    hostile = set(cfg.hostile_perceptions)
    blockers = [
        b
        for b in graph.holders("BLOCKER")
        if (people[b].seniority in KEY_LEVELS and b not in covered)
        or people[b].perception in hostile
    ]
    if blockers:

        def why(b: str) -> str:
            p = people[b]
            reach = "covered" if b in covered else "not covered"
            view = f", perception {p.perception}" if p.perception in hostile else ""
            return f"{p.name}: {p.seniority or 'level unknown'}, {reach}{view}"

        flags.append(
            RiskFlag(
                RiskFlagCode.STRONG_BLOCKER,
                Severity.MEDIUM,
                "A senior blocker without an active relationship, or a hostile one: "
                + ", ".join(people[b].name for b in blockers)
                + ".",
                tuple(blockers),
                tuple(why(b) for b in blockers),
            )
        )

    fragile = [item for item in resilience if item.fragile]
    if fragile:
        members = {t.id: t.name for t in facts.team_members}

        def name(side: Side, own_id: str) -> str:
            return members[own_id] if side == Side.OURS else people[own_id].name

        flags.append(
            RiskFlag(
                RiskFlagCode.FRAGILE_ACCESS,
                Severity.MEDIUM,
                "Access that hangs on one person: "
                + ", ".join(people[i.person_id].name for i in fragile)
                + ".",
                tuple(i.person_id for i in fragile),
                tuple(
                    f"{people[i.person_id].name}: no path left if "
                    + " and ".join(name(c.side, c.person_id) for c in i.cut)
                    + (" leaves" if len(i.cut) == 1 else " leave")
                    for i in fragile
                ),
            )
        )

    if breadth is not None and executive is not None:
        renewal = renewal_at_risk(graph, config, breadth, executive)
        if renewal is not None:
            flags.append(renewal)
    unknown = new_executives_unknown(graph, config)
    if unknown is not None:
        flags.append(unknown)
    at_risk = [d for d in deals if d.at_risk]
    if at_risk:
        # Anyone ever at the account has a name in the facts; a what-if's removed people too.
        names = {p.id: p.name for p in facts.people}

        def on_deal(deal: DealCoverage) -> str:
            closes = deal.close_date.isoformat() if deal.close_date else "?"
            if not deal.decision_maker_ids:
                return f"{deal.name} ({deal.stage}, closes {closes}): no decision maker on it"
            return (
                f"{deal.name} ({deal.stage}, closes {closes}): no active relationship with "
                + ", ".join(names.get(p, p) for p in deal.decision_maker_ids)
            )

        flags.append(
            RiskFlag(
                RiskFlagCode.DEAL_AT_RISK_NO_DECISION_MAKER,
                Severity.HIGH,
                f"Open deals closing within {cfg.deal_close_window_days} days without access "
                "to a decision maker on them: " + ", ".join(d.name for d in at_risk) + ".",
                tuple(sorted({p for d in at_risk for p in d.decision_maker_ids})),
                tuple(on_deal(d) for d in at_risk),
            )
        )

    if cadence.overdue_kinds:
        overdue = tuple(
            f"{i.kind}: expected every {i.expected_every_days} days, last "
            + (i.last_seen.isoformat() if i.last_seen else "none in the last 400 days")
            for i in cadence.items
            if i.overdue
        )
        flags.append(
            RiskFlag(
                RiskFlagCode.CADENCE_OVERDUE,
                Severity.LOW,
                f"Overdue against the tier {cadence.tier} plan: "
                + ", ".join(cadence.overdue_kinds)
                + ".",
                (),
                overdue,
            )
        )
    return tuple(flags)
