"""Resilience: how many people must leave before we lose every path to a decision maker or
executive (vertex connectivity of the access graph, a node-capacitated minimum cut).

The access graph has our team as one source, an arc from it to each team member holding an
active relationship, an arc from that team member to each person they hold one with, and the
internal edges between current people in both directions. Every node but the source and the
target may leave, at a cost of one. Max-flow on the node-split graph (each node ``v`` becomes
``v_in -> v_out`` with capacity 1, every other arc unbounded) gives the number; the cut named is
the one nearest our team (the nodes whose ``v_in`` is reachable in the final residual graph and
``v_out`` is not), which is the same for every maximum flow.
"""

from __future__ import annotations

from collections import deque

from scoring.access import AccessGraph
from scoring.config import ScoringConfig
from scoring.results import CutMember, ResilienceItem
from scoring.vocabulary import Side

#: A node of the access graph: which side, and the id there (ids are unique per side only).
Node = tuple[Side, str]

_IN, _OUT = 0, 1
_SOURCE: tuple[Node, int] = ((Side.OURS, ""), -1)


def targets(graph: AccessGraph, config: ScoringConfig) -> list[str]:
    """Current people whose access is measured, by id: those with a target role or level."""
    cfg = config.resilience
    roles = frozenset(cfg.target_roles)
    levels = frozenset(cfg.target_levels)
    return sorted(p.id for p in graph.people.values() if p.roles & roles or p.seniority in levels)


def access_arcs(graph: AccessGraph) -> dict[Node, tuple[Node, ...]]:
    """The access graph without the source: team member -> person over an active relationship,
    person <-> person over an internal edge. Neighbours sorted, so flows are found the same way
    every time."""
    arcs: dict[Node, set[Node]] = {}
    for member, person in graph.active:
        arcs.setdefault((Side.OURS, member), set()).add((Side.CLIENT, person))
    for person, neighbours in graph.adjacency.items():
        arcs.setdefault((Side.CLIENT, person), set()).update((Side.CLIENT, n) for n in neighbours)
    return {node: tuple(sorted(out)) for node, out in arcs.items()}


def min_node_cut(
    arcs: dict[Node, tuple[Node, ...]], entries: list[Node], target: Node
) -> tuple[int, tuple[Node, ...]]:
    """Vertex connectivity from a source with arcs to ``entries`` to ``target``, and the cut
    nearest the source. Entries and every other node cost 1 to remove; the target cannot be."""
    # Residual capacities of the node-split graph; a missing key means 0. Unbounded arcs get a
    # capacity above any possible flow (the flow is at most the number of entries).
    big = len(entries) + 1
    capacity: dict[tuple[tuple[Node, int], tuple[Node, int]], int] = {}
    graph: dict[tuple[Node, int], list[tuple[Node, int]]] = {}

    def arc(a: tuple[Node, int], b: tuple[Node, int], cap: int) -> None:
        if (a, b) not in capacity:
            graph.setdefault(a, []).append(b)
            graph.setdefault(b, []).append(a)
            capacity.setdefault((b, a), 0)
        capacity[(a, b)] = capacity.get((a, b), 0) + cap

    sink = (target, _IN)
    nodes = set(entries) | set(arcs) | {n for out in arcs.values() for n in out}
    for node in sorted(nodes):
        if node != target:
            arc((node, _IN), (node, _OUT), 1)
    for entry in sorted(set(entries)):
        if entry != target:
            arc(_SOURCE, (entry, _IN), big)
    for node in sorted(arcs):
        if node == target:
            continue  # paths end at the target; nothing leaves it
        for nxt in arcs[node]:
            arc((node, _OUT), (nxt, _IN), big)
    for key in graph:
        graph[key].sort()

    flow = 0
    while True:
        parent = _augmenting_path(graph, capacity, sink)
        if parent is None:
            break
        # Every augmenting path crosses at least one split arc of capacity 1, so it carries 1.
        at = sink
        while at != _SOURCE:
            back = parent[at]
            capacity[(back, at)] -= 1
            capacity[(at, back)] += 1
            at = back
        flow += 1
    reachable = _reachable(graph, capacity)
    cut = tuple(
        sorted(
            n for n in nodes if n != target and (n, _IN) in reachable and (n, _OUT) not in reachable
        )
    )
    return flow, cut


def _augmenting_path(
    graph: dict[tuple[Node, int], list[tuple[Node, int]]],
    capacity: dict[tuple[tuple[Node, int], tuple[Node, int]], int],
    sink: tuple[Node, int],
) -> dict[tuple[Node, int], tuple[Node, int]] | None:
    """Breadth-first (Edmonds-Karp): the parent of each node on a shortest residual path."""
    parent: dict[tuple[Node, int], tuple[Node, int]] = {}
    queue: deque[tuple[Node, int]] = deque([_SOURCE])
    seen = {_SOURCE}
    while queue:
        node = queue.popleft()
        for nxt in graph.get(node, ()):
            if nxt not in seen and capacity[(node, nxt)] > 0:
                seen.add(nxt)
                parent[nxt] = node
                if nxt == sink:
                    return parent
                queue.append(nxt)
    return None


def _reachable(
    graph: dict[tuple[Node, int], list[tuple[Node, int]]],
    capacity: dict[tuple[tuple[Node, int], tuple[Node, int]], int],
) -> set[tuple[Node, int]]:
    seen = {_SOURCE}
    queue: deque[tuple[Node, int]] = deque([_SOURCE])
    while queue:
        node = queue.popleft()
        for nxt in graph.get(node, ()):
            if nxt not in seen and capacity[(node, nxt)] > 0:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def resilience(graph: AccessGraph, config: ScoringConfig) -> tuple[ResilienceItem, ...]:
    """One item per decision maker and executive, by person id."""
    arcs = access_arcs(graph)
    entries = sorted({(Side.OURS, m) for m, _ in graph.active})
    fragile_at_most = config.resilience.fragile_at_most
    members = {t.id: t.name for t in graph.facts.team_members}

    def name(node: Node) -> str:
        side, own_id = node
        return members[own_id] if side == Side.OURS else graph.people[own_id].name

    items = []
    for person in targets(graph, config):
        connectivity, cut = min_node_cut(arcs, entries, (Side.CLIENT, person))
        target = graph.people[person].name
        if connectivity == 0:
            explanation = f"No path from our team to {target} today."
        else:
            explanation = (
                f"{connectivity} {'person' if connectivity == 1 else 'people'} must leave before "
                f"we lose every path to {target}: if {' and '.join(name(n) for n in cut)} "
                f"{'leaves' if len(cut) == 1 else 'leave'}, we have no path to {target}."
            )
        items.append(
            ResilienceItem(
                person_id=person,
                connectivity=connectivity,
                cut=tuple(CutMember(side=side, person_id=pid) for side, pid in cut),
                fragile=1 <= connectivity <= fragile_at_most,
                explanation=explanation,
            )
        )
    return tuple(items)
