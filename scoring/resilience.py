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


#: Not reached by a search (arc indexes are >= 0, the source's mark is -1).
_UNSEEN = -2


class SplitGraph:
    """The node-split access graph of one account, built once and reused for every target.

    Node ``i`` of the access graph is ``2i`` (in) and ``2i + 1`` (out); the source is the last
    index. Arcs are stored in pairs (``a`` and its reverse ``a ^ 1``) with their capacities, so a
    residual graph is just a flow array beside them.
    """

    def __init__(self, arcs: dict[Node, tuple[Node, ...]], entries: list[Node]) -> None:
        nodes = sorted(set(entries) | set(arcs) | {n for out in arcs.values() for n in out})
        self.nodes = nodes
        self.index = {n: i for i, n in enumerate(nodes)}
        self.source = 2 * len(nodes)
        self.head: list[int] = []
        self.capacity: list[int] = []
        self.out: list[list[int]] = [[] for _ in range(self.source + 1)]
        # Unbounded arcs get a capacity above any flow (at most one unit per entry).
        big = len(entries) + 1
        for i in range(len(nodes)):
            self._arc(2 * i, 2 * i + 1, 1)
        for entry in sorted(set(entries)):
            self._arc(self.source, 2 * self.index[entry], big)
        for node in sorted(arcs):
            for nxt in arcs[node]:
                self._arc(2 * self.index[node] + 1, 2 * self.index[nxt], big)

    def _arc(self, a: int, b: int, cap: int) -> None:
        self.out[a].append(len(self.head))
        self.head.append(b)
        self.capacity.append(cap)
        self.out[b].append(len(self.head))
        self.head.append(a)
        self.capacity.append(0)

    def min_cut(self, target: Node) -> tuple[int, tuple[Node, ...]]:
        """Vertex connectivity from the source to ``target`` and the cut nearest the source.

        Paths end at the target's ``in`` half: nothing is explored beyond it, so its own split
        arc and the arcs leaving it take no part."""
        sink = 2 * self.index[target] if target in self.index else -1
        residual = list(self.capacity)
        total = 0
        while True:
            parent = self._search(residual, sink)
            if sink < 0 or parent[sink] < 0:
                break
            # Every augmenting path crosses the split arc of the entry it starts at (capacity
            # 1; nothing else leads into an entry), so it carries exactly one unit.
            at = sink
            while at != self.source:
                arc = parent[at]
                residual[arc] -= 1
                residual[arc ^ 1] += 1
                at = self.head[arc ^ 1]
            total += 1
        # After the last search, ``parent`` marks every node the source still reaches.
        cut = tuple(
            n
            for i, n in enumerate(self.nodes)
            if n != target and parent[2 * i] != _UNSEEN and parent[2 * i + 1] == _UNSEEN
        )
        return total, cut

    def _search(self, residual: list[int], sink: int) -> list[int]:
        """Breadth-first over the residual graph (Edmonds-Karp): the arc into each node reached
        (``_UNSEEN`` where none), stopping at the sink; when the sink is not reached, every
        node the source reaches is marked."""
        parent = [_UNSEEN] * (self.source + 1)
        parent[self.source] = -1
        queue: deque[int] = deque([self.source])
        head, out = self.head, self.out
        while queue:
            node = queue.popleft()
            for arc in out[node]:
                nxt = head[arc]
                if parent[nxt] == _UNSEEN and residual[arc] > 0:
                    parent[nxt] = arc
                    if nxt == sink:
                        return parent
                    queue.append(nxt)
        return parent


def min_node_cut(
    arcs: dict[Node, tuple[Node, ...]], entries: list[Node], target: Node
) -> tuple[int, tuple[Node, ...]]:
    """Vertex connectivity from a source with arcs to ``entries`` to ``target``, and the cut
    nearest the source. Entries and every other node cost 1 to remove; the target cannot be."""
    return SplitGraph(arcs, entries).min_cut(target)


def resilience(graph: AccessGraph, config: ScoringConfig) -> tuple[ResilienceItem, ...]:
    """One item per decision maker and executive, by person id."""
    split = SplitGraph(access_arcs(graph), sorted({(Side.OURS, m) for m, _ in graph.active}))
    fragile_at_most = config.resilience.fragile_at_most
    members = {t.id: t.name for t in graph.facts.team_members}

    def name(node: Node) -> str:
        side, own_id = node
        return members[own_id] if side == Side.OURS else graph.people[own_id].name

    items = []
    for person in targets(graph, config):
        connectivity, cut = split.min_cut((Side.CLIENT, person))
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
