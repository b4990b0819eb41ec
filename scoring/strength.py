"""Derived relationship strength from touchpoints, and which value is in force."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from scoring.config import ScoringConfig
from scoring.facts import AccountFacts, RelationshipFact, TouchpointFact
from scoring.results import StrengthAssessment
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
    shared: dict[tuple[str, str], list[TouchpointFact]] = defaultdict(list)
    for tp in facts.touchpoints:
        if tp.date > as_of:
            continue
        for member in tp.team_member_ids:
            for person in tp.person_ids:
                shared[(member, person)].append(tp)
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
    set_on = rel.manual_strength_set_at.date() if rel.manual_strength_set_at else None
    # A hand-set strength counts from the day it was set (not in scores as of an earlier
    # date) until a shared touchpoint dated after that day, however old that one is now.
    overridden_by = max(
        (d for d in (last_tp, rel.last_shared_touchpoint) if d is not None and d <= as_of),
        default=None,
    )
    manual_in_force = manual is not None and (
        set_on is None or (set_on <= as_of and (overridden_by is None or overridden_by <= set_on))
    )
    effective = manual if manual_in_force and manual is not None else derived
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
        source=StrengthSource.MANUAL if manual_in_force else StrengthSource.DERIVED,
        points=round(points, 3),
        last_touchpoint=last_tp,
        last_contact=last_contact,
        active=active,
    )
