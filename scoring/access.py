"""The account as a graph: current people, our team, active relationships, internal edges."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from scoring.config import ScoringConfig
from scoring.facts import AccountFacts, PersonFact
from scoring.results import StrengthAssessment
from scoring.strength import derive_strengths
from scoring.vocabulary import EXECUTIVE_LEVELS, Strength


@dataclass(frozen=True)
class AccessGraph:
    """What every score reads, computed once per account and date."""

    facts: AccountFacts
    as_of: date
    people: Mapping[str, PersonFact]  # current people only
    strengths: tuple[StrengthAssessment, ...]
    #: active relationships (team member, person), person current.
    active: frozenset[tuple[str, str]]
    #: undirected internal adjacency among current people, neighbours sorted.
    adjacency: Mapping[str, tuple[str, ...]]
    #: current manager of each current person, when the manager is current too.
    manager: Mapping[str, str]

    @property
    def covered(self) -> frozenset[str]:
        """People we hold at least one active relationship with."""
        return frozenset(p for _, p in self.active)

    def holders(self, role: str) -> list[str]:
        return sorted(p.id for p in self.people.values() if role in p.roles)

    def executives(self) -> list[str]:
        return sorted(p.id for p in self.people.values() if p.seniority in EXECUTIVE_LEVELS)

    def strength_of(self, member: str, person: str) -> Strength | None:
        for s in self.strengths:
            if s.team_member_id == member and s.person_id == person:
                return s.effective
        return None


def build(facts: AccountFacts, as_of: date, config: ScoringConfig) -> AccessGraph:
    people = {p.id: p for p in facts.people if p.current}
    strengths = derive_strengths(facts, as_of, config)
    active = frozenset(
        (s.team_member_id, s.person_id) for s in strengths if s.active and s.person_id in people
    )
    neighbours: dict[str, set[str]] = {p: set() for p in people}
    manager: dict[str, str] = {}
    for edge in facts.edges:
        a, b = edge.source_id, edge.target_id
        if a not in people or b not in people or a == b:
            continue
        neighbours[a].add(b)
        neighbours[b].add(a)
        if edge.kind == "REPORTS_TO":
            manager.setdefault(a, b)
    return AccessGraph(
        facts=facts,
        as_of=as_of,
        people=people,
        strengths=strengths,
        active=active,
        adjacency={p: tuple(sorted(n)) for p, n in neighbours.items()},
        manager=manager,
    )


def within_hops(
    adjacency: Mapping[str, tuple[str, ...]],
    sources: Iterable[str],
    max_hops: int,
    excluded: frozenset[str] = frozenset(),
) -> dict[str, int]:
    """People reachable from ``sources`` in at most ``max_hops`` internal edges, with the
    distance; paths never pass through ``excluded``."""
    dist: dict[str, int] = {}
    queue: deque[str] = deque()
    for s in sorted(set(sources)):
        if s not in excluded and s in adjacency:
            dist[s] = 0
            queue.append(s)
    while queue:
        node = queue.popleft()
        if dist[node] == max_hops:
            continue
        for nxt in adjacency[node]:
            if nxt not in dist and nxt not in excluded:
                dist[nxt] = dist[node] + 1
                queue.append(nxt)
    return dist


def shortest_internal_path(
    adjacency: Mapping[str, tuple[str, ...]], start: str, goal: str, max_hops: int
) -> list[str] | None:
    """The shortest path from start to goal (nodes, both ends included), neighbours tried in id
    order so ties resolve the same way every time; None beyond ``max_hops``."""
    if start == goal:
        return [start]
    parent: dict[str, str | None] = {start: None}
    frontier = [start]
    for _ in range(max_hops):
        nxt_frontier = []
        for node in frontier:
            for nxt in adjacency.get(node, ()):
                if nxt in parent:
                    continue
                parent[nxt] = node
                if nxt == goal:
                    path = [goal]
                    back = parent[goal]
                    while back is not None:
                        path.append(back)
                        back = parent[back]
                    return path[::-1]
                nxt_frontier.append(nxt)
        frontier = nxt_frontier
    return None
