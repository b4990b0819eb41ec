"""Derived relationship strength from touchpoints, and which value is in force."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta

from scoring.config import ScoringConfig
from scoring.facts import AccountFacts, RelationshipFact, TouchpointFact
from scoring.results import JudgedStrength, StrengthAssessment
from scoring.vocabulary import ACTIVE_STRENGTHS, Strength, StrengthSource


def _points(touchpoints: list[TouchpointFact], as_of: date, config: ScoringConfig) -> float:
    """Decayed, channel-weighted points of the touchpoints in the window ending at ``as_of``."""
    cfg = config.strength
    total = 0.0
    for tp in touchpoints:
        age = (as_of - tp.date).days
        if 0 <= age < cfg.window_days:
            weight = cfg.channel_weights.get(tp.channel, 1.0)
            bonus = cfg.client_initiated_bonus if tp.initiated_by_client else 1.0
            total += weight * bonus * 0.5 ** (age / cfg.half_life_days)
    return total


def _level(points: float, config: ScoringConfig) -> Strength:
    if points >= config.strength.strong_points:
        return Strength.STRONG
    if points >= config.strength.developing_points:
        return Strength.DEVELOPING
    return Strength.WEAK


def derive_strengths(
    facts: AccountFacts, as_of: date, config: ScoringConfig
) -> tuple[StrengthAssessment, ...]:
    """One assessment per relationship of the account, sorted by (team member, person)."""
    shared = _shared(facts, as_of)
    current = {p.id for p in facts.people if p.current}
    return tuple(
        assess_relationship(
            rel,
            shared.get((rel.team_member_id, rel.person_id), []),
            as_of,
            config,
            current=rel.person_id in current,
        )
        for rel in sorted(facts.relationships, key=lambda r: (r.team_member_id, r.person_id))
    )


def _shared(facts: AccountFacts, as_of: date) -> dict[tuple[str, str], list[TouchpointFact]]:
    """The touchpoints dated up to ``as_of`` by (team member, person) who both attended."""
    shared: dict[tuple[str, str], list[TouchpointFact]] = defaultdict(list)
    for tp in facts.touchpoints:
        if tp.date > as_of:
            continue
        for member in tp.team_member_ids:
            for person in tp.person_ids:
                shared[(member, person)].append(tp)
    return shared


def judge_strengths(
    facts: AccountFacts, as_of: date, config: ScoringConfig, *, facts_window: int
) -> tuple[JudgedStrength, ...]:
    """Every relationship's derived strength as of ``as_of`` and the range of days it holds
    for (:func:`judge_relationship`), sorted by (team member, person)."""
    shared = _shared(facts, as_of)
    return tuple(
        judge_relationship(
            rel,
            shared.get((rel.team_member_id, rel.person_id), []),
            as_of,
            config,
            facts_window=facts_window,
        )
        for rel in sorted(facts.relationships, key=lambda r: (r.team_member_id, r.person_id))
    )


def judge_relationship(
    rel: RelationshipFact,
    shared: Sequence[TouchpointFact],
    as_of: date,
    config: ScoringConfig,
    *,
    facts_window: int,
) -> JudgedStrength:
    """The derived strength (and last touchpoint) of ``rel`` on ``as_of`` from its shared
    touchpoints dated up to then in the facts window (``facts_window`` days, as the reads
    hold them), and the first later day on which :func:`assess_relationship`, fed what a read
    of that day holds, gives another: nothing new happening meanwhile.

    Without a new input the value only changes on *event* days (a touchpoint leaving the
    strength window, entering or leaving the window the at-risk rule looks back at, leaving
    the facts window; silence starting; a recorded last contact coming into range), or between
    two of them when the decaying points cross a threshold. Between events the points only
    fall, so the derived value is constant or changes once into values it never leaves: equal
    at both ends means equal throughout, and the first change is found by bisection. After
    the last event nothing is left in any window, so the value holds for ever (``date.max``);
    a shared touchpoint dated later than ``as_of`` is unknown here, so the caller ends the
    range on its day."""
    cfg = config.strength
    silence = cfg.silence_days

    def value(day: date) -> tuple[Strength, date | None]:
        # What a read of ``day`` holds: the shared touchpoints of its facts window.
        held = [tp for tp in shared if tp.date <= day and (day - tp.date).days < facts_window]
        assessed = assess_relationship(rel, held, day, config, current=False)
        return assessed.derived, assessed.last_touchpoint

    offsets = (silence, silence + 1, cfg.window_days, cfg.window_days + silence, facts_window)
    events = {tp.date + timedelta(days=off) for tp in shared for off in offsets}
    if rel.last_contact is not None:
        events |= {rel.last_contact, rel.last_contact + timedelta(days=silence + 1)}
    base = value(as_of)
    until = date.max
    start = as_of
    for event in sorted(e for e in events if e > as_of):
        last = event - timedelta(days=1)
        if last > start and value(last) != base:
            low, high = start, last  # value(low) == base != value(high)
            while (high - low).days > 1:
                mid = low + timedelta(days=(high - low).days // 2)
                if value(mid) == base:
                    low = mid
                else:
                    high = mid
            until = high
            break
        if value(event) != base:
            until = event
            break
        start = event
    return JudgedStrength(
        team_member_id=rel.team_member_id,
        person_id=rel.person_id,
        derived=base[0],
        last_touchpoint=base[1],
        last_shared=rel.last_shared_touchpoint,
        valid_from=as_of,
        valid_until=until,
    )


def in_force(
    rel: RelationshipFact, derived: Strength, last_touchpoint: date | None, as_of: date
) -> tuple[Strength, StrengthSource]:
    """The strength in force on ``as_of`` and its source: the hand-set one from the day it was
    set until a shared touchpoint dated after that day (the latest in the window,
    ``last_touchpoint``, or of any age, ``rel.last_shared_touchpoint``), else ``derived``."""
    manual = Strength(rel.manual_strength) if rel.manual_strength is not None else None
    set_on = rel.manual_strength_set_at.date() if rel.manual_strength_set_at else None
    # A hand-set strength counts from the day it was set (not in scores as of an earlier
    # date) until a shared touchpoint dated after that day, however old that one is now.
    overridden_by = max(
        (d for d in (last_touchpoint, rel.last_shared_touchpoint) if d is not None and d <= as_of),
        default=None,
    )
    manual_in_force = manual is not None and (
        set_on is None or (set_on <= as_of and (overridden_by is None or overridden_by <= set_on))
    )
    if manual_in_force and manual is not None:
        return manual, StrengthSource.MANUAL
    return derived, StrengthSource.DERIVED


def assess_relationship(
    rel: RelationshipFact,
    shared: Sequence[TouchpointFact],
    as_of: date,
    config: ScoringConfig,
    *,
    current: bool,
) -> StrengthAssessment:
    """One relationship's assessment from its shared touchpoints dated up to ``as_of`` (those
    the facts hold: the facts window) and whether its person is current at the account.

    :func:`derive_strengths` calls it for every relationship of an account; the org chart calls
    it for the relationships it shows, from a narrower read of the same facts."""
    tps = [tp for tp in shared if tp.date <= as_of]
    silence = config.strength.silence_days
    points = _points(tps, as_of, config)
    derived = _level(points, config)
    last_tp = max((tp.date for tp in tps), default=None)
    recorded = rel.last_contact if rel.last_contact and rel.last_contact <= as_of else None
    last_contact = max((d for d in (recorded, last_tp) if d is not None), default=None)
    # Silent: no contact of any kind for more than ``silence`` days (a contact exactly
    # that old still counts, as it does for the active window).
    if last_contact is None or (as_of - last_contact).days > silence:
        # Strong as of ``silence`` days ago, and nothing since: the relationship is at risk.
        then = date.fromordinal(as_of.toordinal() - silence)
        if _level(_points(tps, then, config), config) == Strength.STRONG:
            derived = Strength.AT_RISK
    manual = Strength(rel.manual_strength) if rel.manual_strength is not None else None
    effective, source = in_force(rel, derived, last_tp, as_of)
    active = (
        effective in ACTIVE_STRENGTHS
        and current
        and last_contact is not None
        and (as_of - last_contact).days <= config.active_window_days
    )
    return StrengthAssessment(
        team_member_id=rel.team_member_id,
        person_id=rel.person_id,
        manual=manual,
        derived=derived,
        effective=effective,
        source=source,
        points=round(points, 3),
        last_touchpoint=last_tp,
        last_contact=last_contact,
        active=active,
    )
