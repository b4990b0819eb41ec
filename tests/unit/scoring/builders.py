"""Small hand-built accounts for the scoring unit tests, dated relative to a fixed day ``D``."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from scoring.facts import (
    AccountFacts,
    InternalEdge,
    PersonFact,
    RelationshipFact,
    StintFact,
    TeamMemberFact,
    TouchpointFact,
)

D = date(2026, 6, 30)


def ago(days: int) -> date:
    return D - timedelta(days=days)


def person(
    pid: str,
    *,
    dept: str = "IT",
    level: str = "MANAGER",
    roles: tuple[str, ...] = (),
    current: bool = True,
    until: date | None = None,
    moved: str | None = None,
    came_from: str | None = None,
    perception: str | None = None,
    since: date | None = None,
    title: str | None = None,
    earlier: tuple[StintFact, ...] = (),
) -> PersonFact:
    return PersonFact(
        pid,
        pid.upper(),
        dept,
        level,
        frozenset(roles),
        current,
        until,
        moved and f"acc-{moved}",
        moved,
        came_from,
        perception=perception,
        employment_since=since,
        employment_title=title,
        earlier_stints=earlier,
    )


def member(tid: str, *roles: str) -> TeamMemberFact:
    return TeamMemberFact(tid, tid.upper(), frozenset(roles))


def meet(
    tid: str,
    pid: str,
    days: int,
    channel: str = "IN_PERSON",
    kind: str = "OPERATIONAL",
    client: bool = False,
    n: int = 0,
) -> TouchpointFact:
    return TouchpointFact(
        f"tp-{tid}-{pid}-{days}-{n}",
        ago(days),
        channel,
        kind,
        client,
        frozenset({tid}),
        frozenset({pid}),
    )


def strong(tid: str, pid: str, days: int = 1) -> list[TouchpointFact]:
    # Three in-person meetings a day apart, very recent: about 3 x 3 = 9 points → STRONG.
    return [meet(tid, pid, days + i, n=i) for i in range(3)]


def account(
    people: list[PersonFact],
    team: list[TeamMemberFact],
    rels: list[tuple[str, str]],
    touchpoints: list[TouchpointFact],
    edges: list[tuple[str, str, str]] = (),  # type: ignore[assignment]
    tier: int = 3,
    manual: dict[tuple[str, str], tuple[str, datetime | None]] | None = None,
    **matrix: int | float | None,
) -> AccountFacts:
    manual = manual or {}
    return AccountFacts(
        account_id="acc",
        name="Acc",
        tier=tier,
        people=tuple(people),
        team_members=tuple(team),
        relationships=tuple(
            RelationshipFact(
                t,
                p,
                manual_strength=manual.get((t, p), (None, None))[0],
                manual_strength_set_at=manual.get((t, p), (None, None))[1],
            )
            for t, p in rels
        ),
        touchpoints=tuple(touchpoints),
        edges=tuple(InternalEdge(kind, a, b) for kind, a, b in edges),
        **matrix,  # type: ignore[arg-type]
    )
