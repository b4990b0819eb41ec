"""The org chart (flat and nested) and the stakeholder map of one account, of today or as of
a date (``asOf``: the rows are read as they stood that day, by the scores' as-of rules in
graph/cypher/facts.py, and strengths assessed for that day).

The charts first read the account's reporting skeleton (graph.reads.org_lines: each current
person's id and managers, one hop each), walk it here for the asked root, depth and page,
then read the rows of only the people shown (graph.reads.org_chart_people_rows); the whole
chart (no root, depth or page) and the stakeholder map read every row, skeleton included, in
one statement (graph.reads.org_chart_rows). Rows carry what their relationships' strengths
derive from, assessed here by scoring.assess_relationship as the scores assess them, so no
facts query of the whole account runs; when the selection asks nothing of a person beyond
their stored fields the lean rows skip employments, roles, external ids and manager. A fixed
number of round trips whatever the size of the account or the number of accounts asked for,
and a page of a 5,000-person chart serialises a page, not 5,000 people. Every field is a
plain attribute, so thousands of nodes cost no per-field resolver.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, cast

import strawberry
from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode, SelectionSetNode
from strawberry import relay

from graph import keyset
from graph.client import Row
from graph.dataset import PERSON_PROPS, camel
from graph.errors import ErrorCode
from graph.facts import held_position, owner_facts
from graph.rows import PersonRow
from schema.common import own_id
from schema.context import Info
from schema.enums import BuyingRole, Perception, ReportingLineKind, Seniority, Strength
from schema.enums import StrengthSource as Source
from schema.errors import request_error
from schema.pagination import encode_cursor, page_window
from schema.people.types import Person
from scoring import assess_relationship, in_force, strength_gap
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
        description="Manager's id (on the chart's day: today or asOf); null for someone with "
        "no manager at this account. The manager of a chart's rootPersonId is outside the chart."
    )
    dotted_manager_ids: list[strawberry.ID] = strawberry.field(
        description="Dotted-line managers at this account on the chart's day, by id (the solid "
        "one is parentId); the edges to those in the chart are DOTTED."
    )
    depth: int = strawberry.field(
        description="Levels below the chart's root (rootPersonId, or the top of the person's tree)."
    )
    person: Person
    roles: list[BuyingRole]
    best_strength: Strength | None = strawberry.field(
        description="Strongest relationship we hold with the person, if any."
    )
    owners: list[RelationshipOwner]
    hidden_descendants: int = strawberry.field(
        description="People below this person who are not in the chart, being deeper than "
        "`depth` (people on other pages of it are not hidden): what expanding it would add."
    )


@strawberry.type(description="A reporting line: `source` reports to `target`.")
class OrgChartEdge:
    source: strawberry.ID
    target: strawberry.ID
    kind: ReportingLineKind = strawberry.field(
        description="SOLID: target is source's manager (parentId); DOTTED: a dotted line."
    )


@strawberry.type(
    description="An account's org chart (today's, or as of a date) as nodes and edges: one "
    "page of it when `first` or `after` is given, breadth-first (the roots, then each level "
    "by name)."
)
class OrgChart:
    account_id: strawberry.ID
    root_ids: list[strawberry.ID]
    nodes: list[OrgChartNode] = strawberry.field(description="This page's people.")
    edges: list[OrgChartEdge] = strawberry.field(
        description="The reporting lines of this page's people to managers in the chart, "
        "solid and dotted (the tree and depths follow the solid lines)."
    )
    total_count: int = strawberry.field(description="People in the chart, on every page.")
    page_info: relay.PageInfo


@strawberry.type(description="A person in the nested org tree.")
class OrgTreeNode:
    person_id: strawberry.ID = strawberry.field(description="The person's own id.")
    person: Person
    roles: list[BuyingRole]
    best_strength: Strength | None
    owners: list[RelationshipOwner]
    children: list[OrgTreeNode]
    hidden_descendants: int = strawberry.field(
        description="People below this person who are not in the tree, being deeper than `depth`."
    )


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
    current_strength: Strength | None = strawberry.field(
        description="The best effective strength of our relationships with the person on the "
        "map's day (as bestStrength); null without a relationship."
    )
    target_strength: Strength | None = strawberry.field(
        description="The strength our side should have with them at this account "
        "(setTargetStrength), as set on or before the map's day; null when none is set."
    )
    target_set_at: date | None = strawberry.field(description="When the target was set.")
    strength_gap: int = strawberry.field(
        description="Steps from currentStrength up to targetStrength (STRONG 4, DEVELOPING 3, "
        "WEAK 2, AT_RISK 1, none 0); 0 without a target or at or above it."
    )


@dataclass
class _Member:
    row: dict[str, Any]
    person: Person
    roles: list[BuyingRole]
    owners: list[RelationshipOwner]
    best: Strength | None


async def _check_account(info: Info, account_id: str) -> None:
    if await info.context.loaders.account_by_id.load(account_id) is None:
        raise request_error(ErrorCode.NOT_FOUND, f"account {account_id!r} does not exist")


#: What a lean chart row holds of a person (graph/cypher/reads.py): its stored fields.
LEAN_PERSON_FIELDS = frozenset({"__typename", "id", "personId", *map(camel, PERSON_PROPS)})


def asks_only_stored(info: Info, row_fields: frozenset[str] = frozenset()) -> bool:
    """Whether the selection below this field asks of any ``person`` only its stored fields
    (LEAN_PERSON_FIELDS) and names none of ``row_fields`` (fields of the rows that lean rows
    do not hold). Linear in the document: each fragment is looked at once per context;
    ``@skip``/``@include`` are not evaluated, so a skipped field still counts (the full read
    is always correct, the lean one only when nothing else is asked)."""
    raw = info._raw_info
    memo: dict[tuple[str, bool], bool] = {}

    def lean(selection_set: SelectionSetNode | None, in_person: bool) -> bool:
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                name = selection.name.value
                if in_person:
                    if name not in LEAN_PERSON_FIELDS:
                        return False
                elif name in row_fields or not lean(selection.selection_set, name == "person"):
                    return False
            elif isinstance(selection, InlineFragmentNode):
                if not lean(selection.selection_set, in_person):
                    return False
            elif isinstance(selection, FragmentSpreadNode):
                key = (selection.name.value, in_person)
                if key not in memo:
                    memo[key] = True  # a cycle: validation refuses it before this runs
                    fragment = raw.fragments.get(key[0])
                    memo[key] = fragment is not None and lean(fragment.selection_set, in_person)
                if not memo[key]:
                    return False
        return True

    return all(lean(node.selection_set, False) for node in raw.field_nodes)


async def _rows(
    info: Info,
    account_id: str,
    people: list[str] | None,
    day: date,
    *,
    lean: bool,
    target: bool = False,
) -> list[Row]:
    """The chart rows of these people of the account on ``day`` (of everyone: ``None``), with
    their target strength only when ``target`` (the stakeholder map)."""
    loaders = info.context.loaders
    if people is None:
        asked = (account_id, (day, lean, target))
        return await loaders.org_chart_rows_by_account_id.load(asked) or []
    key = (account_id, tuple(sorted(people)), day, lean)
    return await loaders.org_chart_rows_by_account_id_and_people.load(key)


def _owners(info: Info, row: Row, day: date) -> list[RelationshipOwner]:
    """The row's relationship owners (those begun by ``day``: the rows hold no others) with
    their strengths as of ``day``, exactly as the account's scores of that day assess them (no
    facts query): from the derived strength stored on the relationship when it holds that
    day (``stored``), else assessed from the row's own facts."""
    ctx = info.context
    person_id = row["person_id"]
    owners = []
    for owner in sorted(row["owners"], key=lambda o: (o["name"], o["team_member_id"])):
        strength, source, last_contact = Strength.WEAK, Source.DERIVED, None
        # The scores count the relationships of someone employed here by the day.
        if row["scored_here"]:
            relationship, shared = owner_facts(owner, person_id)
            stored = owner["stored"]
            if stored is not None:
                last_contact = stored["last_touchpoint"]
                strength, source = in_force(
                    relationship, Strength(stored["derived"]), last_contact, day
                )
            else:
                assessment = assess_relationship(
                    relationship, shared, day, ctx.scoring, current=row["current_here"]
                )
                strength, source = assessment.effective, assessment.source
                last_contact = assessment.last_touchpoint
        owners.append(
            RelationshipOwner(
                team_member_id=strawberry.ID(owner["team_member_id"]),
                name=owner["name"],
                strength=strength,
                strength_source=source,
                last_contact=last_contact,
            )
        )
    return owners


def _as_held(row: Row, day: date, today: date) -> PersonRow:
    """The row's person as they were on ``day``: a past day shows the title, department and
    seniority of the position held then (graph/facts.py ``held_position``, as the scores of
    that day read them); today, or with no position covering the day, their current fields."""
    held = held_position(row.get("positions") or (), day) if day < today else None
    person: PersonRow = row["person"]
    if held is None:
        return person
    return cast(PersonRow, {**person, **{k: held[k] for k in ("title", "department", "seniority")}})


def _members(info: Info, rows: list[Row], day: date) -> list[_Member]:
    today = info.context.today
    members = []
    for row in rows:
        owners = _owners(info, row, day)
        best = min((o.strength for o in owners), key=lambda s: STRENGTH_RANK[s], default=None)
        members.append(
            _Member(
                row=row,
                person=Person.from_row(_as_held(row, day, today), today),
                roles=[BuyingRole(r) for r in sorted(row["account_roles"])],
                owners=owners,
                best=best,
            )
        )
    return members


def _dotted(row: Row, walk: _Walk) -> list[str]:
    """A person's dotted-line managers among the account's people that day (the skeleton's),
    the solid one aside."""
    person_id = row["person_id"]
    return sorted({m for m in row["dotted"] if m in walk.parent} - {walk.parent[person_id]})


@dataclass(frozen=True)
class _Walk:
    """The part of an account's chart a request asks for, from its reporting skeleton."""

    roots: list[str]
    #: (person id, levels below the root), breadth-first: roots, then each level by name.
    order: list[tuple[str, int]]
    parent: dict[str, str | None]
    children: dict[str | None, list[str]]
    #: people below each person in the chart who are deeper than the depth asked for.
    hidden: dict[str, int]


def _check_depth(info: Info, depth: int | None) -> None:
    limit = info.context.config.max_org_chart_depth
    if depth is not None and not 0 <= depth <= limit:
        raise request_error(
            ErrorCode.OUT_OF_RANGE, f"`depth` must be between 0 and {limit}, got {depth}", "depth"
        )


async def _lines(info: Info, account_id: str, depth: int | None, day: date) -> list[Row]:
    _check_depth(info, depth)
    await _check_account(info, account_id)
    return await info.context.loaders.org_lines_by_account_id.load((account_id, day)) or []


def _walk(
    info: Info,
    account_id: str,
    lines: list[Row],
    root_person_id: strawberry.ID | None,
    depth: int | None,
) -> _Walk:
    """The chart's shape from its reporting skeleton (rows with person_id and parent_id, by
    name): the roots, who is shown at which depth, and what each hides."""
    parent: dict[str, str | None] = {}
    children: dict[str | None, list[str]] = {}
    for line in lines:  # ordered by name: children lists are too
        parent[line["person_id"]] = line["parent_id"]
        children.setdefault(line["parent_id"], []).append(line["person_id"])
    if root_person_id is None:
        roots = list(children.get(None, []))
    else:
        root = own_id(info, "Person", str(root_person_id), "rootPersonId")
        if root not in parent:
            raise request_error(
                ErrorCode.NOT_FOUND,
                f"person {root_person_id!r} is not a current member of account {account_id!r}",
                "rootPersonId",
            )
        roots = [root]
    # Breadth-first; `seen` guards against a loop, which the write rules never let in.
    order = [(r, 0) for r in roots]
    seen = set(roots)
    size: dict[str, int] = {}
    at = 0
    while at < len(order):
        person, level = order[at]
        at += 1
        for child in children.get(person, []):
            if child not in seen:
                seen.add(child)
                order.append((child, level + 1))
    # Everyone below each person, shown or not: sizes of subtrees, leaves first.
    for person, _ in reversed(order):
        size[person] = sum(size[c] + 1 for c in children.get(person, []) if c in size)
    shown = [(p, lv) for p, lv in order if depth is None or lv <= depth]
    hidden: dict[str, int] = {}
    for person, level in reversed(shown):
        if depth is not None and level == depth:
            hidden[person] = size[person]
        else:
            hidden[person] = sum(hidden.get(c, 0) for c in children.get(person, []))
    return _Walk(roots=roots, order=shown, parent=parent, children=children, hidden=hidden)


def _edges(nodes: list[OrgChartNode], in_chart: set[str]) -> list[OrgChartEdge]:
    """The lines of these nodes to managers in the chart: the solid one, then dotted ones."""
    edges = []
    for n in nodes:
        if n.parent_id and n.parent_id in in_chart:
            edges.append(
                OrgChartEdge(source=n.person_id, target=n.parent_id, kind=ReportingLineKind.SOLID)
            )
        edges.extend(
            OrgChartEdge(source=n.person_id, target=d, kind=ReportingLineKind.DOTTED)
            for d in n.dotted_manager_ids
            if d in in_chart
        )
    return edges


async def resolve_org_chart(
    info: Info,
    account_id: str,
    root_person_id: strawberry.ID | None = None,
    depth: int | None = None,
    first: int | None = None,
    after: str | None = None,
    as_of: date | None = None,
) -> OrgChart:
    lean = asks_only_stored(info)
    day = as_of or info.context.today
    if root_person_id is None and depth is None and first is None and after is None:
        # The whole chart: one statement gives both the skeleton and every row.
        await _check_account(info, account_id)
        rows = await _rows(info, account_id, None, day, lean=lean)
        walk = _walk(info, account_id, rows, None, None)
        skip, total, resumed = 0, len(walk.order), False
        page = walk.order
    else:
        lines = await _lines(info, account_id, depth, day)
        walk = _walk(info, account_id, lines, root_person_id, depth)
        total = len(walk.order)
        if first is None and after is None:
            skip, limit = 0, total  # the whole chart below the root, as before paging existed
        else:
            key, limit = page_window(first, after, info.context.config, keyset.ORG_CHART)
            skip = 0 if key is None else _resume(walk, key[0])
        resumed = after is not None
        page = walk.order[skip : skip + limit]
        rows = await _rows(info, account_id, [p for p, _ in page], day, lean=lean)
    found = {m.person.id: m for m in _members(info, rows, day)}
    in_chart = {p for p, _ in walk.order}
    nodes = [
        OrgChartNode(
            person_id=strawberry.ID(person_id),
            parent_id=strawberry.ID(parent) if (parent := walk.parent[person_id]) else None,
            dotted_manager_ids=[strawberry.ID(d) for d in _dotted(m.row, walk)],
            depth=level,
            person=m.person,
            roles=m.roles,
            best_strength=m.best,
            owners=m.owners,
            hidden_descendants=walk.hidden[person_id],
        )
        for person_id, level in page
        if (m := found.get(person_id)) is not None  # left between the two reads: not shown
    ]
    return OrgChart(
        account_id=strawberry.ID(account_id),
        root_ids=[strawberry.ID(r) for r in walk.roots],
        nodes=nodes,
        edges=_edges(nodes, in_chart),
        total_count=total,
        page_info=relay.PageInfo(
            has_next_page=skip + len(page) < total,
            has_previous_page=resumed,
            start_cursor=_chart_cursor(page[0]) if page else None,
            end_cursor=_chart_cursor(page[-1]) if page else None,
        ),
    )


def _chart_cursor(shown: tuple[str, int]) -> str:
    return encode_cursor(keyset.ORG_CHART, [shown[0]])


def _resume(walk: _Walk, person_id: str) -> int:
    """Where a page after ``person_id`` starts in the walk. The walk is breadth-first over
    the reporting skeleton, which every page reads whole anyway, so the cursor names the last
    person shown (not an offset) and a deep page costs what the first does; a cursor whose
    person is no longer in the chart (they left, or moved out from under the root) cannot say
    where to go on."""
    for at, (shown, _) in enumerate(walk.order):
        if shown == person_id:
            return at + 1
    raise request_error(
        ErrorCode.INVALID_CURSOR,
        "`after` names a person no longer in this chart; start again from the first page",
        "after",
    )


async def resolve_org_tree(
    info: Info,
    account_id: str,
    root_person_id: strawberry.ID | None,
    depth: int,
    as_of: date | None = None,
) -> list[OrgTreeNode]:
    day = as_of or info.context.today
    lines = await _lines(info, account_id, depth, day)
    walk = _walk(info, account_id, lines, root_person_id, depth)
    asked = [p for p, _ in walk.order]
    rows = await _rows(info, account_id, asked, day, lean=asks_only_stored(info))
    found = {m.person.id: m for m in _members(info, rows, day)}
    shown = {p for p, _ in walk.order}

    def build(member: _Member) -> OrgTreeNode:
        below = [
            found[c] for c in walk.children.get(member.person.id, []) if c in shown and c in found
        ]
        return OrgTreeNode(
            person_id=strawberry.ID(member.person.id),
            person=member.person,
            roles=member.roles,
            best_strength=member.best,
            owners=member.owners,
            children=[build(child) for child in below],
            hidden_descendants=walk.hidden[member.person.id],
        )

    return [build(found[r]) for r in walk.roots if r in found]


async def resolve_stakeholder_map(
    info: Info, account_id: str, as_of: date | None = None
) -> list[StakeholderRow]:
    await _check_account(info, account_id)
    lean = asks_only_stored(info, frozenset({"lastTouchpoint"}))
    day = as_of or info.context.today
    chart = await _rows(info, account_id, None, day, lean=lean, target=True)
    members = _members(info, chart, day)
    window = info.context.scoring.active_window_days
    rows = []
    for m in members:
        active = any(
            o.strength in (Strength.STRONG, Strength.DEVELOPING)
            and o.last_contact is not None
            and (day - o.last_contact).days <= window
            for o in m.owners
        )
        person = m.person
        target = m.row.get("target")
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
                current_strength=m.best,
                target_strength=Strength(target["target"]) if target else None,
                target_set_at=target["set_at"] if target else None,
                strength_gap=strength_gap(target["target"] if target else None, m.best),
            )
        )
    return rows
