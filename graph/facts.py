"""Reads the facts the scores need (see scoring.facts) for many accounts in one round trip."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from graph.client import GraphSession, Row
from graph.cypher.facts import ACCOUNT_FACTS, FACTS_WINDOW_DAYS
from scoring.facts import (
    AccountFacts,
    DealContactFact,
    InternalEdge,
    OpportunityFact,
    PersonFact,
    RelationshipFact,
    StintFact,
    TeamMemberFact,
    TouchpointFact,
)


def held_position(positions: Sequence[Mapping[str, Any]], day: date) -> Mapping[str, Any] | None:
    """Of a person's positions at an account, the one held on ``day`` by the as-of rule
    (graph/cypher/facts.py ``holds``: begun, not ended by then; the latest start if several),
    or None: then their current fields stand (docs/model.md)."""
    held = [
        h
        for h in positions
        if (h["since"] is None or h["since"] <= day) and (h["until"] is None or h["until"] > day)
    ]
    return max(held, key=lambda h: h["since"] or date.min, default=None)


def _person(row: dict[str, Any], as_of: date) -> PersonFact:
    moved = row.get("moved_to") or {}
    positions = row.get("positions") or ()
    held = held_position(positions, as_of)
    shown = held or row
    target = row.get("target") or {}
    return PersonFact(
        id=row["id"],
        name=row["name"],
        department=shown["department"],
        seniority=shown["seniority"],
        roles=frozenset(row["roles"]),
        current=bool(row["current"]),
        employment_until=row["employment_until"],
        moved_to_account_id=moved.get("id"),
        moved_to_account_name=moved.get("name"),
        came_from_account_name=row.get("came_from"),
        perception=row.get("perception"),
        employment_since=row.get("employment_since"),
        employment_title=row.get("employment_title"),
        earlier_stints=tuple(
            sorted(
                (
                    StintFact(title=s["title"], since=s["since"], until=s["until"])
                    for s in row.get("earlier_stints") or ()
                ),
                key=lambda s: s.until,
                reverse=True,
            )
        ),
        position_since=held["since"] if held else None,
        position_title=held["title"] if held else None,
        earlier_positions=tuple(
            sorted(
                (
                    StintFact(title=h["title"], since=h["since"], until=h["until"])
                    for h in positions
                    if h["until"] is not None and h["until"] <= as_of
                ),
                key=lambda s: s.until,
                reverse=True,
            )
        ),
        target_strength=target.get("target"),
        target_set_at=target.get("set_at"),
        # The title held on the day where a position covers it (the gaps name people by it).
        title=shown.get("title"),
    )


def facts_from_row(row: Row, as_of: date) -> AccountFacts:
    roles: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for member in row["team"]:
        if member["id"] is None:
            continue
        names[member["id"]] = member["name"]
        roles.setdefault(member["id"], set()).add(member["role"])
    for rel in row["relationships"]:
        if rel["team_member_id"] is None:
            continue
        names.setdefault(rel["team_member_id"], rel["team_member_name"])
        roles.setdefault(rel["team_member_id"], set())
    return AccountFacts(
        account_id=row["account_id"],
        name=row["name"],
        tier=int(row["tier"] or 1),
        people=tuple(sorted((_person(p, as_of) for p in row["people"]), key=lambda p: p.id)),
        team_members=tuple(
            TeamMemberFact(id=tid, name=names[tid], team_roles=frozenset(roles[tid]))
            for tid in sorted(names)
        ),
        relationships=tuple(
            sorted(
                (
                    RelationshipFact(
                        team_member_id=r["team_member_id"],
                        person_id=r["person_id"],
                        since=r["since"],
                        last_contact=r["last_contact"],
                        manual_strength=r["manual_strength"],
                        manual_strength_set_at=r["manual_strength_set_at"],
                        last_shared_touchpoint=r["last_shared_touchpoint"],
                    )
                    for r in row["relationships"]
                    if r["team_member_id"] is not None
                ),
                key=lambda r: (r.team_member_id, r.person_id),
            )
        ),
        touchpoints=tuple(
            sorted(
                (
                    TouchpointFact(
                        id=t["id"],
                        date=t["date"],
                        channel=t["channel"],
                        kind=t["kind"],
                        initiated_by_client=t["initiated_by_client"],
                        team_member_ids=frozenset(t["team_member_ids"]),
                        person_ids=frozenset(t["person_ids"]),
                    )
                    for t in row["touchpoints"]
                    if t["id"] is not None
                ),
                key=lambda t: (t.date, t.id),
            )
        ),
        edges=tuple(
            sorted(
                (
                    InternalEdge(kind=e["kind"], source_id=e["source_id"], target_id=e["target_id"])
                    for e in row["edges"]
                ),
                key=lambda e: (e.kind, e.source_id, e.target_id),
            )
        ),
        annual_revenue=row["annual_revenue"],
        expansion_potential=row["expansion_potential"],
        icp_fit=row["icp_fit"],
        strategic_value=row["strategic_value"],
        risk_cost_to_serve=row["risk_cost_to_serve"],
        renewal_date=row["renewal_date"],
        opportunities=tuple(
            sorted(
                (
                    OpportunityFact(
                        id=o["id"],
                        name=o["name"],
                        stage=o["stage"],
                        close_date=o["close_date"],
                        amount=o["amount"],
                        currency=o["currency"],
                        contacts=tuple(
                            sorted(
                                (
                                    DealContactFact(
                                        c["person_id"], c["role"], bool(c["is_primary"])
                                    )
                                    for c in o["contacts"]
                                ),
                                key=lambda c: c.person_id,
                            )
                        ),
                    )
                    for o in row.get("opportunities") or []
                    if o["id"] is not None
                ),
                key=lambda o: o.id,
            )
        ),
    )


async def account_facts(
    session: GraphSession, account_ids: Sequence[str], as_of: date
) -> dict[str, AccountFacts]:
    """Facts of these accounts as of a date, in one round trip; unknown ids are absent."""
    rows = await session.read(
        ACCOUNT_FACTS,
        {
            "ids": list(account_ids),
            "asOf": as_of,
            "since": as_of - timedelta(days=FACTS_WINDOW_DAYS),
        },
        accounts=account_ids,
    )
    return {row["account_id"]: facts_from_row(row, as_of) for row in rows}


def owner_facts(owner: Row, person_id: str) -> tuple[RelationshipFact, tuple[TouchpointFact, ...]]:
    """A relationship and its shared touchpoints as an org-chart row's ``owners`` entry holds
    them (graph/cypher/reads.py), the same values :func:`facts_from_row` makes of the account's
    facts, for ``scoring.assess_relationship``."""
    members = frozenset((owner["team_member_id"],))
    people = frozenset((person_id,))
    relationship = RelationshipFact(
        team_member_id=owner["team_member_id"],
        person_id=person_id,
        since=owner["since"],
        last_contact=owner["last_contact"],
        manual_strength=owner["manual_strength"],
        manual_strength_set_at=owner["manual_strength_set_at"],
        last_shared_touchpoint=owner["last_shared_touchpoint"],
    )
    shared = tuple(
        TouchpointFact(
            id=t["id"],
            date=t["date"],
            channel=t["channel"],
            kind=t["kind"],
            initiated_by_client=t["initiated_by_client"],
            team_member_ids=members,
            person_ids=people,
        )
        for t in owner["shared"]
    )
    return relationship, shared
