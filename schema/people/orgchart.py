"""The org chart (flat and nested) and the stakeholder map of one account.

Both are built from one Cypher result (graph.reads.org_chart_rows, through a per-request loader
shared by the three views) plus the account's derived strengths (one facts query): two round
trips whatever the size of the account, or the number of accounts asked for. Every field is a
plain attribute, so thousands of nodes cost no per-field resolver.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import strawberry

from graph.errors import ErrorCode
from schema.context import Info
from schema.enums import BuyingRole, Perception, Seniority, Strength
from schema.enums import StrengthSource as Source
from schema.errors import request_error
from schema.people.types import Person
from scoring.vocabulary import KEY_LEVELS, STRENGTH_RANK


@strawberry.type(description="Someone on our side who holds a relationship with the person.")
class RelationshipOwner:
    team_member_id: strawberry.ID
    name: str
    strength: Strength
    strength_source: Source
    last_contact: date | None


@strawberry.type(description="A person in the flat org chart.")
class OrgChartNode:
    # No `id`: a node is one view of a person (this chart, this depth), not a record of its own;
    # a Relay store would merge it with every other view keyed by the same id.
    person_id: strawberry.ID = strawberry.field(description="The person's own id.")
    parent_id: strawberry.ID | None = strawberry.field(
        description="Current manager's id; null for a root (no manager at this account)."
    )
    depth: int = strawberry.field(description="Levels below the root of this person's tree.")
    person: Person
    roles: list[BuyingRole]
    best_strength: Strength | None = strawberry.field(
        description="Strongest relationship we hold with the person, if any."
    )
    owners: list[RelationshipOwner]


@strawberry.type(description="A reporting line: `source` reports to `target`.")
class OrgChartEdge:
    source: strawberry.ID
    target: strawberry.ID


@strawberry.type(description="An account's current org chart as nodes and edges.")
class OrgChart:
    account_id: strawberry.ID
    root_ids: list[strawberry.ID]
    nodes: list[OrgChartNode]
    edges: list[OrgChartEdge]


@strawberry.type(description="A person in the nested org tree.")
class OrgTreeNode:
    person_id: strawberry.ID = strawberry.field(description="The person's own id.")
    person: Person
    roles: list[BuyingRole]
    best_strength: Strength | None
    owners: list[RelationshipOwner]
    children: list[OrgTreeNode]


@strawberry.type(description="One line of the stakeholder map: what an account plan starts from.")
class StakeholderRow:
    person: Person
    roles: list[BuyingRole]
    perception: Perception
    seniority: Seniority | None
    department: str | None
    cares_about: list[str]
    is_key_stakeholder: bool = strawberry.field(
        description="Holds a buying role or is director or above."
    )
    relationships: list[RelationshipOwner]
    best_strength: Strength | None
    has_active_relationship: bool = strawberry.field(
        description="A strong or developing relationship with contact in the active window."
    )
    last_touchpoint: date | None


@dataclass
class _Member:
    row: dict[str, Any]
    person: Person
    roles: list[BuyingRole]
    owners: list[RelationshipOwner]
    best: Strength | None
    parent_id: str | None


async def _members(info: Info, account_id: str) -> list[_Member]:
    ctx = info.context
    account = await ctx.loaders.account_by_id.load(account_id)
    if account is None:
        raise request_error(ErrorCode.NOT_FOUND, f"account {account_id!r} does not exist")
    rows = await ctx.loaders.org_chart_rows_by_account_id.load(account_id)
    strengths = await ctx.loaders.strengths_by_account_id.load(account_id)
    members = []
    for row in rows:
        person_id = row["person"]["id"]
        owners = []
        for owner in sorted(row["owners"], key=lambda o: (o["name"], o["team_member_id"])):
            assessment = strengths.get((owner["team_member_id"], person_id))
            owners.append(
                RelationshipOwner(
                    team_member_id=strawberry.ID(owner["team_member_id"]),
                    name=owner["name"],
                    strength=assessment.effective if assessment else Strength.WEAK,
                    strength_source=assessment.source if assessment else Source.DERIVED,
                    last_contact=assessment.last_touchpoint if assessment else None,
                )
            )
        best = min((o.strength for o in owners), key=lambda s: STRENGTH_RANK[s], default=None)
        members.append(
            _Member(
                row=row,
                person=Person.from_row(row["person"], ctx.today),
                roles=[BuyingRole(r) for r in sorted(row["account_roles"])],
                owners=owners,
                best=best,
                parent_id=row["parent_id"],
            )
        )
    return members


def _depths(members: list[_Member]) -> dict[str, int]:
    """Depth of each person below their root; reporting lines are acyclic by construction."""
    parent = {m.person.id: m.parent_id for m in members}
    depth: dict[str, int] = {}
    for start in parent:
        path = []
        node: str | None = start
        while node is not None and node not in depth and node not in path:
            path.append(node)
            node = parent.get(node)
        base = depth.get(node, -1) if node is not None else -1
        for offset, person_id in enumerate(reversed(path), start=1):
            depth[person_id] = base + offset
    return depth


async def resolve_org_chart(info: Info, account_id: str) -> OrgChart:
    members = await _members(info, account_id)
    depth = _depths(members)
    nodes = [
        OrgChartNode(
            person_id=strawberry.ID(m.person.id),
            parent_id=strawberry.ID(m.parent_id) if m.parent_id else None,
            depth=depth[m.person.id],
            person=m.person,
            roles=m.roles,
            best_strength=m.best,
            owners=m.owners,
        )
        for m in members
    ]
    return OrgChart(
        account_id=strawberry.ID(account_id),
        root_ids=[n.person_id for n in nodes if n.parent_id is None],
        nodes=nodes,
        edges=[OrgChartEdge(source=n.person_id, target=n.parent_id) for n in nodes if n.parent_id],
    )


async def resolve_org_tree(
    info: Info, account_id: str, root_person_id: strawberry.ID | None, depth: int
) -> list[OrgTreeNode]:
    limit = info.context.config.max_org_chart_depth
    if not 0 <= depth <= limit:
        raise request_error(
            ErrorCode.OUT_OF_RANGE, f"`depth` must be between 0 and {limit}, got {depth}", "depth"
        )
    members = await _members(info, account_id)
    children: dict[str | None, list[_Member]] = {}
    for m in members:
        children.setdefault(m.parent_id, []).append(m)

    def build(member: _Member, remaining: int) -> OrgTreeNode:
        below = children.get(member.person.id, []) if remaining > 0 else []
        return OrgTreeNode(
            person_id=strawberry.ID(member.person.id),
            person=member.person,
            roles=member.roles,
            best_strength=member.best,
            owners=member.owners,
            children=[build(child, remaining - 1) for child in below],
        )

    if root_person_id is None:
        return [build(m, depth) for m in children.get(None, [])]
    root = next((m for m in members if m.person.id == str(root_person_id)), None)
    if root is None:
        raise request_error(
            ErrorCode.NOT_FOUND,
            f"person {root_person_id!r} is not a current member of account {account_id!r}",
            "rootPersonId",
        )
    return [build(root, depth)]


async def resolve_stakeholder_map(info: Info, account_id: str) -> list[StakeholderRow]:
    members = await _members(info, account_id)
    window = info.context.scoring.active_window_days
    today = info.context.today
    rows = []
    for m in members:
        active = any(
            o.strength in (Strength.STRONG, Strength.DEVELOPING)
            and o.last_contact is not None
            and (today - o.last_contact).days <= window
            for o in m.owners
        )
        person = m.person
        rows.append(
            StakeholderRow(
                person=person,
                roles=m.roles,
                perception=person.perception,
                seniority=person.seniority,
                department=person.department,
                cares_about=person.cares_about,
                is_key_stakeholder=bool(m.roles)
                or (person.seniority is not None and person.seniority.value in KEY_LEVELS),
                relationships=m.owners,
                best_strength=m.best,
                has_active_relationship=active,
                last_touchpoint=m.row["last_touchpoint"],
            )
        )
    return rows
