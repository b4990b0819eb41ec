"""Warm introduction paths from our team to a client person."""

from __future__ import annotations

from datetime import date

from scoring.config import ScoringConfig
from scoring.facts import AccountFacts
from scoring.results import IntroPath, PathStep
from scoring.strength import derive_strengths
from scoring.vocabulary import PathStepKind


def introduction_paths(
    facts: AccountFacts,
    target_person_id: str,
    as_of: date,
    config: ScoringConfig,
    *,
    max_hops: int = 3,
    limit: int = 5,
) -> tuple[IntroPath, ...]:
    """Simple paths: one relationship hop from a team member, then internal edges (either
    direction), ``max_hops`` hops in all; strength is the product of the link weights."""
    cfg = config.paths
    people = {p.id: p for p in facts.people if p.current}
    if target_person_id not in people or max_hops < 1:
        return ()
    # Best edge between each pair of current people (several kinds may join the same pair).
    best_edge: dict[tuple[str, str], tuple[float, str]] = {}
    for e in facts.edges:
        if e.source_id not in people or e.target_id not in people or e.source_id == e.target_id:
            continue
        weight = cfg.edge_weights.get(e.kind, 0.5)
        for pair in ((e.source_id, e.target_id), (e.target_id, e.source_id)):
            if pair not in best_edge or (weight, e.kind) > best_edge[pair]:
                best_edge[pair] = (weight, e.kind)
    neighbours: dict[str, list[str]] = {}
    for a, b in sorted(best_edge):
        neighbours.setdefault(a, []).append(b)

    found: list[tuple[float, int, tuple[str, ...], tuple[PathStep, ...]]] = []
    for s in derive_strengths(facts, as_of, config):
        if s.person_id not in people:
            continue
        first = PathStep(s.team_member_id, s.person_id, PathStepKind.RELATIONSHIP, s.effective)
        weight = cfg.relationship_weights.get(s.effective, 0.1)
        stack: list[tuple[str, float, tuple[str, ...], tuple[PathStep, ...]]] = [
            (s.person_id, weight, (s.person_id,), (first,))
        ]
        while stack:
            node, strength, visited, steps = stack.pop()
            if node == target_person_id:
                ids = (s.team_member_id, *visited)
                found.append((strength, len(steps), ids, steps))
                continue
            if len(steps) >= max_hops:
                continue
            for nxt in neighbours.get(node, ()):
                if nxt in visited:
                    continue
                edge_weight, kind = best_edge[(node, nxt)]
                stack.append(
                    (
                        nxt,
                        strength * edge_weight,
                        (*visited, nxt),
                        (*steps, PathStep(node, nxt, PathStepKind(kind), None)),
                    )
                )
    # Rounded so that equal products reached in another order tie (and fall to hops, then ids).
    found.sort(key=lambda f: (-round(f[0], 6), f[1], f[2]))
    return tuple(
        IntroPath(
            target_id=target_person_id,
            steps=steps,
            strength=round(strength, 6),
            via_moved_person_ids=tuple(
                p for p in ids[1:] if people[p].came_from_account_name is not None
            ),
        )
        for strength, _, ids, steps in found[:limit]
    )
