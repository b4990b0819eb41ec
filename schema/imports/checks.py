"""The checks of a bulk import (``importDataset``) and the :class:`Dataset` it becomes.

Every record is checked as the single mutation for it would check it (field rules, references,
reporting lines, external ids, touchpoint ownership) before anything is written, so one
response lists every problem and an import is written whole or not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from datetime import date
from typing import Any, Protocol, TypeVar

from graph import import_facts, reads, rules
from graph.client import GraphSession
from graph.dataset import (
    ACCOUNT_PROPS,
    OPPORTUNITY_PROPS,
    PERSON_PROPS,
    RELATIONSHIP_PROPS,
    TEAM_MEMBER_PROPS,
    AccountRecord,
    BuyingRoleRecord,
    Dataset,
    EmploymentRecord,
    ExternalIdRecord,
    InfluenceRecord,
    IntroductionRecord,
    OpportunityContactRoleRecord,
    OpportunityRecord,
    PersonRecord,
    PositionRecord,
    RelationshipRecord,
    ReportsToRecord,
    StrengthTargetRecord,
    TeamAssignmentRecord,
    TeamMemberRecord,
    TouchpointRecord,
    camel,
)
from graph.errors import WHOLE, ErrorCode
from schema.enums import ReportingLineKind
from schema.imports.inputs import DatasetInput
from schema.validation import (
    UNSET,
    Checks,
    account_fields,
    opportunity_fields,
    person_fields,
    plain,
    relationship_fields,
    strength_set_at,
    target_strength,
    team_member_fields,
    touchpoint_fields,
    utc,
)

MAX_IMPORT_RECORDS = 10_000
R = TypeVar("R")


class Against(Protocol):
    """What the checks read the graph through: a session, and the day they check as of (a
    request's context is one; so is the ``stakegraph import`` command's)."""

    @property
    def graph(self) -> GraphSession: ...

    @property
    def today(self) -> date: ...


#: The fields of the inputs that name another record: (attribute, GraphQL name, its kind).
REFERENCE_FIELDS = tuple(
    (attr, camel(attr), kind)
    for attr, kind in (
        ("account_id", "account"),
        ("person_id", "person"),
        ("manager_id", "person"),
        ("influenced_id", "person"),
        ("introducer_id", "person"),
        ("introduced_id", "person"),
        ("team_member_id", "team member"),
    )
)
#: The list fields of the inputs that name other records, as REFERENCE_FIELDS.
REFERENCE_LISTS = tuple(
    (attr, camel(attr), kind)
    for attr, kind in (("person_ids", "person"), ("team_member_ids", "team member"))
)

#: The fields of a relationship record that may be omitted (kept as stored): its plain fields
#: and the manual strength.
RELATIONSHIP_FIELDS = (*RELATIONSHIP_PROPS, "manual_strength")


def _optional(source: object, fields: Iterable[str]) -> tuple[dict[str, Any], frozenset[str]]:
    """The given optional fields as stored values, and the names of the omitted ones."""
    values: dict[str, Any] = {}
    omitted: set[str] = set()
    for name in fields:
        value = getattr(source, name)
        if value is UNSET:
            omitted.add(name)
        else:
            values[name] = tuple(plain(value)) if isinstance(value, list) else plain(value)
    return values, frozenset(omitted)


def _repeats(keys: Iterable[Hashable]) -> Iterator[tuple[int, int]]:
    """(index, index of its first occurrence) of every key seen before."""
    first: dict[Hashable, int] = {}
    for i, key in enumerate(keys):
        if key in first:
            yield i, first[key]
        else:
            first[key] = i


def _external_records(refs: Sequence[Any]) -> tuple[ExternalIdRecord, ...]:
    if not refs:
        return ()
    return tuple(ExternalIdRecord(x.system.strip(), x.value.strip()) for x in refs)


async def _check_external_ids(at: Against, checks: Checks, data: DatasetInput) -> None:
    """An external id names one record: once in the import, and the same node as in the graph."""
    labels = {
        "accounts": "Account",
        "people": "Person",
        "teamMembers": "TeamMember",
        "opportunities": "Opportunity",
    }
    records: dict[str, Sequence[Any]] = {
        "accounts": data.accounts,
        "people": data.people,
        "teamMembers": data.team_members,
        "opportunities": data.opportunities,
    }
    claimed: dict[str, tuple[str, str, list[str]]] = {}  # key -> (label, id, path)
    for name, items in records.items():
        for i, record in enumerate(items):
            for j, ref in enumerate(record.external_ids):
                path = ["input", name, str(i), "externalIds", str(j)]
                checks.external_id(path, ref.system, ref.value)
                key = rules.external_key(ref.system.strip(), ref.value.strip())
                if key in claimed:
                    checks.add(
                        path,
                        ErrorCode.DUPLICATE,
                        f"external id {key!r} is also given at {'.'.join(claimed[key][2][1:])}",
                    )
                    continue
                claimed[key] = (labels[name], str(record.id), path)
    if not claimed:
        return
    owners = await reads.external_id_owners(at.graph, sorted(claimed))
    for key, owner in owners.items():
        label, record_id, path = claimed[key]
        checks.reject(
            path,
            rules.external_id_owner(key, label, record_id, owner["label"], owner["id"], WHOLE),
        )


def _current_lines(data: DatasetInput) -> tuple[list[str], list[str]]:
    """The ends of an import's current reporting lines, and its new solid managers: what
    :func:`_check_reporting_lines` needs read from the graph (IMPORT_FACTS's ``ends`` and
    ``chains``)."""
    ends: set[str] = set()
    managers: set[str] = set()
    for r in data.reports_to:
        if r.until is None:
            ends.update((str(r.person_id), str(r.manager_id)))
            if r.kind is not ReportingLineKind.DOTTED:
                managers.add(str(r.manager_id))
    return sorted(ends), sorted(managers)


async def _check_reporting_lines(
    at: Against, checks: Checks, data: DatasetInput, people: dict[str, rules.AtWork]
) -> None:
    """The rules of setReportsTo (solid) and setDottedLine (dotted) for every current line of an
    import, against the graph as it will be: one solid manager per person, several dotted ones,
    no loop of either kind (with the lines already there), both at one account. A line with
    ``until`` is history: written as it is, so only its dates and ends are checked. ``people``:
    the lines' ends and the chains above their solid managers, as the graph has them."""
    today = at.today
    solid: list[tuple[int, str, str]] = []
    dotted: list[tuple[int, str, str]] = []
    for i, r in enumerate(data.reports_to):
        path = ["input", "reportsTo", str(i)]
        person, manager = str(r.person_id), str(r.manager_id)
        checks.order([*path, "until"], r.since, r.until, "until is before since")
        if r.until is not None:
            checks.reject(path, rules.self_report(person, manager))
        elif r.kind is ReportingLineKind.DOTTED:
            dotted.append((i, person, manager))
        else:
            solid.append((i, person, manager))
    for n, earlier in _repeats(person for _, person, _ in solid):
        checks.add(
            ["input", "reportsTo", str(solid[n][0]), "personId"],
            ErrorCode.DUPLICATE,
            f"{solid[n][1]!r} already has a manager at reportsTo.{solid[earlier][0]}",
        )
    for n, earlier in _repeats((person, manager) for _, person, manager in dotted):
        checks.add(
            ["input", "reportsTo", str(dotted[n][0]), "managerId"],
            ErrorCode.DUPLICATE,
            f"this dotted line is also at reportsTo.{dotted[earlier][0]}",
        )
    if not solid and not dotted:
        return
    managers = {p: a.manager_id for p, a in people.items() if a.manager_id is not None}
    managers.update({person: manager for _, person, manager in solid})
    looping = rules.loops(managers)
    accounts = {p: set(a.accounts) for p, a in people.items()}
    for e in data.employments:
        if e.until is not None and e.until <= today:
            accounts.setdefault(str(e.person_id), set()).discard(str(e.account_id))
    for e in data.employments:
        if e.until is None or e.until > today:
            accounts.setdefault(str(e.person_id), set()).add(str(e.account_id))
    at_work = {p: rules.AtWork(managers.get(p), frozenset(a)) for p, a in accounts.items()}
    for i, person, manager in solid:
        path = ["input", "reportsTo", str(i)]
        # A loop among the import's lines is the lines' fault, not one manager's.
        if person in looping:
            checks.add(path, ErrorCode.CYCLE, "these reporting lines form a loop")
        else:
            checks.reject(path, rules.reporting_line(person, manager, at_work, looping=()))
    if not dotted:
        return
    reach = await import_facts.dotted_reach(
        at.graph, sorted({x for _, p, m in dotted for x in (p, m)})
    )
    dotted_looping = rules.dotted_loops([(p, m) for _, p, m in dotted], reach)
    for n, (i, person, manager) in enumerate(dotted):
        path = ["input", "reportsTo", str(i)]
        if n in dotted_looping:
            checks.add(path, ErrorCode.CYCLE, "these dotted lines form a loop")
        else:
            checks.reject(path, rules.reporting_line(person, manager, at_work, looping=()))


async def _check_employment_rules(
    at: Against, checks: Checks, data: DatasetInput, known: dict[str, set[str]]
) -> None:
    """logTouchpoint's and assignBuyingRole's rules, against the graph as the import leaves it:
    one record per touchpoint id, which stays at its account, client participants who have
    worked at the account, and buying roles only for people employed there: today (as
    assignBuyingRole) or, for a role with a start date, on that date (the role of someone who
    has since left is history, and kept)."""
    today = at.today
    for i, tp in enumerate(data.touchpoints):
        touchpoint_fields(checks, tp, ["input", "touchpoints", str(i)], today)
    touchpoint_ids = [str(tp.id) for tp in data.touchpoints]
    for i, earlier in _repeats(touchpoint_ids):
        checks.add(
            ["input", "touchpoints", str(i), "id"],
            ErrorCode.DUPLICATE,
            f"{touchpoint_ids[i]!r} also appears at touchpoints.{earlier}",
        )
    for i, target in enumerate(data.strength_targets):
        path = ["input", "strengthTargets", str(i)]
        checks.not_future([*path, "targetSetAt"], target.target_set_at, today)
        checks.text([*path, "targetSetBy"], target.target_set_by)
        target_strength(checks, [*path, "target"], target.target)
    target_pairs = [(str(t.person_id), str(t.account_id)) for t in data.strength_targets]
    for i, earlier in _repeats(target_pairs):
        checks.add(
            ["input", "strengthTargets", str(i)],
            ErrorCode.DUPLICATE,
            f"the same person and account as strengthTargets.{earlier}",
        )
    if not data.touchpoints and not data.buying_roles and not data.strength_targets:
        return

    def known_pair(person: Any, account: Any) -> bool:
        return str(person) in known["person"] and str(account) in known["account"]

    participants = {(str(p), str(tp.account_id)) for tp in data.touchpoints for p in tp.person_ids}
    role_pairs = {(str(r.person_id), str(r.account_id)) for r in data.buying_roles}
    role_pairs |= set(target_pairs)
    graph = await import_facts.employment_facts(
        at.graph,
        sorted(set(touchpoint_ids)),
        sorted(p for p in participants if known_pair(*p)),
        sorted(p for p in role_pairs if known_pair(*p)),
    )
    rows: dict[tuple[str, str], list[rules.Stint]] = {}
    for e in data.employments:
        rows.setdefault((str(e.person_id), str(e.account_id)), []).append((e.since, e.until))
    ever = graph.ever_employed | set(rows)
    for i, tp in enumerate(data.touchpoints):
        path = ["input", "touchpoints", str(i)]
        owner = graph.touchpoint_accounts.get(str(tp.id))
        checks.reject(path, rules.touchpoint_account(str(tp.id), str(tp.account_id), owner))
        for j, person in enumerate(tp.person_ids):
            pair = (str(person), str(tp.account_id))
            if known_pair(*pair):
                checks.reject(path, rules.participant(*pair, j, pair in ever))
    for i, role in enumerate(data.buying_roles):
        pair = (str(role.person_id), str(role.account_id))
        if known_pair(*pair):
            stints = rules.stints_after_import(
                graph.stints.get(pair, []), rows.get(pair, []), today
            )
            checks.reject(
                ["input", "buyingRoles", str(i)],
                rules.buying_role(*pair, role.since, stints, today),
            )
    # A target follows assignBuyingRole's rule for the day it is set (setTargetStrength's).
    for i, target in enumerate(data.strength_targets):
        pair = (str(target.person_id), str(target.account_id))
        if known_pair(*pair):
            stints = rules.stints_after_import(
                graph.stints.get(pair, []), rows.get(pair, []), today
            )
            checks.reject(
                ["input", "strengthTargets", str(i)],
                rules.buying_role(
                    *pair, target.target_set_at, stints, today, field="target_set_at"
                ),
            )


async def _check_opportunities(
    at: Against, checks: Checks, data: DatasetInput, known: dict[str, set[str]]
) -> None:
    """upsertOpportunity's and setOpportunityContactRole's rules: a stored deal stays at its
    account; a contact role names a deal of the import or the graph, once per (deal, person),
    one primary per deal, and a person working at the deal's account today (as the import
    leaves the employments)."""
    if not data.opportunities and not data.opportunity_contact_roles:
        return
    today = at.today
    for i, o in enumerate(data.opportunities):
        checks.own_id(["input", "opportunities", str(i), "id"], o.id)
        opportunity_fields(checks, o, ["input", "opportunities", str(i)])
    deal_ids = [str(o.id) for o in data.opportunities]
    for i, earlier in _repeats(deal_ids):
        checks.add(
            ["input", "opportunities", str(i), "id"],
            ErrorCode.DUPLICATE,
            f"{deal_ids[i]!r} also appears at opportunities.{earlier}",
        )
    roles = data.opportunity_contact_roles
    wanted = set(deal_ids) | {str(c.opportunity_id) for c in roles}
    stored = await import_facts.opportunity_accounts(at.graph, sorted(wanted))
    for i, o in enumerate(data.opportunities):
        checks.reject(
            ["input", "opportunities", str(i)],
            rules.opportunity_account(str(o.id), stored.get(str(o.id)), str(o.account_id)),
        )
    account_of = {**stored, **{str(o.id): str(o.account_id) for o in data.opportunities}}
    pairs = [(str(c.opportunity_id), str(c.person_id)) for c in roles]
    for i, earlier in _repeats(pairs):
        checks.add(
            ["input", "opportunityContactRoles", str(i), "personId"],
            ErrorCode.DUPLICATE,
            f"this person is also on the deal at opportunityContactRoles.{earlier}",
        )
    primaries = [(i, str(c.opportunity_id)) for i, c in enumerate(roles) if c.is_primary]
    for j, _ in _repeats(deal for _, deal in primaries):
        checks.add(
            ["input", "opportunityContactRoles", str(primaries[j][0]), "isPrimary"],
            ErrorCode.DUPLICATE,
            "a deal has one primary contact",
        )
    checked: list[tuple[int, str, str]] = []  # row, person, account
    for i, c in enumerate(roles):
        deal = str(c.opportunity_id)
        if deal not in account_of:
            checks.add(
                ["input", "opportunityContactRoles", str(i), "opportunityId"],
                ErrorCode.NOT_FOUND,
                f"opportunity {deal!r} does not exist",
            )
        elif str(c.person_id) in known["person"]:
            checked.append((i, str(c.person_id), account_of[deal]))
    if not checked:
        return
    stints = await import_facts.role_stints(at.graph, sorted({(p, a) for _, p, a in checked}))
    rows: dict[tuple[str, str], list[rules.Stint]] = {}
    for e in data.employments:
        rows.setdefault((str(e.person_id), str(e.account_id)), []).append((e.since, e.until))
    for i, person, account in checked:
        after = rules.stints_after_import(
            stints.get((person, account), []), rows.get((person, account), []), today
        )
        employed = any(rules.employed_on(since, until, today) for since, until in after)
        checks.reject(
            ["input", "opportunityContactRoles", str(i)],
            rules.contact_role(person, account, employed),
        )


async def _check_relationship_ids(at: Against, checks: Checks, data: DatasetInput) -> None:
    """A relationship id names one (team member, person) pair, in the import and the graph."""
    if not data.relationships:
        return
    ids = [str(r.id) for r in data.relationships]
    repeated_ids = dict(_repeats(ids))
    repeated_pairs = dict(
        _repeats((str(r.team_member_id), str(r.person_id)) for r in data.relationships)
    )
    for i in sorted(repeated_ids.keys() | repeated_pairs.keys()):
        path = ["input", "relationships", str(i)]
        if i in repeated_ids:
            checks.add(
                [*path, "id"],
                ErrorCode.DUPLICATE,
                f"{ids[i]!r} also appears at relationships.{repeated_ids[i]}",
            )
        else:
            checks.add(
                [*path, "personId"],
                ErrorCode.DUPLICATE,
                f"this pair is also at relationships.{repeated_pairs[i]}",
            )
    owners = await import_facts.relationship_pairs(at.graph, sorted(set(ids)))
    for i, r in enumerate(data.relationships):
        owner = owners.get(str(r.id))
        if owner is not None and owner != (str(r.team_member_id), str(r.person_id)):
            checks.add(
                ["input", "relationships", str(i), "id"],
                ErrorCode.CONFLICT,
                f"relationship {str(r.id)!r} is between {owner[0]!r} and {owner[1]!r}",
            )


async def check_dataset(at: Against, checks: Checks, data: DatasetInput) -> Dataset | None:
    """Every problem of the import in ``checks``; the dataset to write when there is none."""
    lists: dict[str, Sequence[Any]] = {
        "accounts": data.accounts,
        "people": data.people,
        "employments": data.employments,
        "positions": data.positions,
        "reportsTo": data.reports_to,
        "buyingRoles": data.buying_roles,
        "strengthTargets": data.strength_targets,
        "teamMembers": data.team_members,
        "teamAssignments": data.team_assignments,
        "relationships": data.relationships,
        "touchpoints": data.touchpoints,
        "influences": data.influences,
        "introductions": data.introductions,
        "opportunities": data.opportunities,
        "opportunityContactRoles": data.opportunity_contact_roles,
    }
    if sum(len(v) for v in lists.values()) > MAX_IMPORT_RECORDS:
        checks.add(["input"], ErrorCode.TOO_LONG, f"more than {MAX_IMPORT_RECORDS} records")
        return None
    today = at.today
    for i, a in enumerate(data.accounts):
        checks.own_id(["input", "accounts", str(i), "id"], a.id)
        account_fields(checks, a, ["input", "accounts", str(i)])
    for i, p in enumerate(data.people):
        checks.own_id(["input", "people", str(i), "id"], p.id)
        person_fields(checks, p, ["input", "people", str(i)])
    for i, t in enumerate(data.team_members):
        checks.own_id(["input", "teamMembers", str(i), "id"], t.id)
        team_member_fields(checks, t, ["input", "teamMembers", str(i)])
    current_at: dict[str, int] = {}
    for i, e in enumerate(data.employments):
        path = ["input", "employments", str(i)]
        checks.text([*path, "title"], e.title)
        checks.order([*path, "until"], e.since, e.until, "until is before since")
        # A new current employment is a move, so two at once would end each other: which
        # one is the person's job is for the import to say (or mark one concurrent).
        if (e.until is None or e.until > today) and not e.concurrent:
            earlier = current_at.setdefault(str(e.person_id), i)
            if earlier != i and str(data.employments[earlier].account_id) != str(e.account_id):
                checks.add(
                    [*path, "accountId"],
                    ErrorCode.DUPLICATE,
                    f"{str(e.person_id)!r} already starts a current employment at "
                    f"employments.{earlier}; mark one concurrent or give it an end",
                )
    for i, h in enumerate(data.positions):
        path = ["input", "positions", str(i)]
        checks.text([*path, "title"], h.title)
        checks.text([*path, "department"], h.department)
        checks.order([*path, "until"], h.since, h.until, "until is before since")
    for i, r in enumerate(data.relationships):
        checks.own_id(["input", "relationships", str(i), "id"], r.id)
        relationship_fields(checks, r, ["input", "relationships", str(i)], today)
        strength_set_at(checks, r, ["input", "relationships", str(i)], today)
    for i, f in enumerate(data.influences):
        checks.text(["input", "influences", str(i), "note"], f.note)
        checks.reject(
            ["input", "influences", str(i)], rules.influence(str(f.person_id), str(f.influenced_id))
        )
    for i, n in enumerate(data.introductions):
        checks.not_future(["input", "introductions", str(i), "date"], n.date, today)
        checks.reject(
            ["input", "introductions", str(i)],
            rules.introduction(str(n.introducer_id), str(n.introduced_id)),
        )
    named: tuple[tuple[str, Sequence[Any]], ...] = (
        ("accounts", data.accounts),
        ("people", data.people),
        ("teamMembers", data.team_members),
    )
    for name, records in named:
        for i, _ in _repeats(str(record.id) for record in records):
            checks.add(
                ["input", name, str(i), "id"],
                ErrorCode.DUPLICATE,
                f"{records[i].id!r} appears twice",
            )
    # Every reference must name a record of this import or a node already in the graph.
    refs: list[tuple[str, str, list[str]]] = []  # kind, id, path
    for name, records in lists.items():
        for i, record in enumerate(records):
            for attr, field_name, kind in REFERENCE_FIELDS:
                value = getattr(record, attr, None)
                if value is not None:
                    refs.append((kind, str(value), ["input", name, str(i), field_name]))
            for attr, field_name, kind in REFERENCE_LISTS:
                for j, value in enumerate(getattr(record, attr, None) or []):
                    refs.append((kind, str(value), ["input", name, str(i), field_name, str(j)]))
    person_ids = [str(p.id) for p in data.people]
    member_ids = [str(t.id) for t in data.team_members]
    in_import = {
        "account": {str(a.id) for a in data.accounts},
        "person": set(person_ids),
        "team member": set(member_ids),
    }
    wanted = {k: {i for kind, i, _ in refs if kind == k} - in_import[k] for k in in_import}
    # One round trip: the references, and the import's people and team members looked up as
    # the other side (client people and our team members share one id space).
    # ... and the reporting lines' context, in the same round trip.
    ends, chains = _current_lines(data)
    facts = await import_facts.batch_facts(
        at.graph,
        sorted(wanted["account"]),
        sorted(wanted["person"] | set(member_ids)),
        sorted(wanted["team member"] | set(person_ids)),
        ends=ends,
        chains=chains,
        today=today,
    )
    found_accounts, found_people, found_members = facts.accounts, facts.people, facts.team_members
    for i, pid in enumerate(person_ids):
        if pid in found_members or pid in in_import["team member"]:
            checks.add(
                ["input", "people", str(i), "id"],
                ErrorCode.CONFLICT,
                f"id {pid!r} is taken by a team member",
            )
    for i, tid in enumerate(member_ids):
        if tid in found_people:
            checks.add(
                ["input", "teamMembers", str(i), "id"],
                ErrorCode.CONFLICT,
                f"id {tid!r} is taken by a person",
            )
    known = {
        "account": in_import["account"] | found_accounts,
        "person": in_import["person"] | found_people,
        "team member": in_import["team member"] | found_members,
    }
    for kind, ref, path in refs:
        if ref not in known[kind]:
            checks.add(path, ErrorCode.NOT_FOUND, f"{kind} {ref!r} does not exist")
    await _check_external_ids(at, checks, data)
    if data.reports_to:
        await _check_reporting_lines(at, checks, data, facts.at_work)
    await _check_employment_rules(at, checks, data, known)
    await _check_relationship_ids(at, checks, data)
    await _check_opportunities(at, checks, data, known)
    if checks.errors:
        return None
    return _dataset(data)


def _node(make: Callable[..., R], source: Any, fields: Iterable[str]) -> R:
    """An account, person or team member record: id, external ids, the fields given."""
    values, omitted = _optional(source, fields)
    return make(
        id=str(source.id),
        external_ids=_external_records(source.external_ids),
        omitted=omitted,
        **values,
    )


def _opportunity(source: Any, values: dict[str, Any], omitted: frozenset[str]) -> OpportunityRecord:
    return OpportunityRecord(
        id=str(source.id),
        account_id=str(source.account_id),
        external_ids=_external_records(source.external_ids),
        omitted=omitted,
        **values,
    )


def _dataset(data: DatasetInput) -> Dataset:
    accounts = [_node(AccountRecord, a, ACCOUNT_PROPS) for a in data.accounts]
    people = [_node(PersonRecord, p, PERSON_PROPS) for p in data.people]
    team_members = [_node(TeamMemberRecord, t, TEAM_MEMBER_PROPS) for t in data.team_members]
    relationships = []
    for r in data.relationships:
        values, omitted = _optional(r, RELATIONSHIP_FIELDS)
        relationships.append(
            RelationshipRecord(
                id=str(r.id),
                team_member_id=str(r.team_member_id),
                person_id=str(r.person_id),
                manual_strength_set_at=utc(r.manual_strength_set_at),
                omitted=omitted,
                **values,
            )
        )
    return Dataset(
        opportunities=tuple(
            _opportunity(o, *_optional(o, OPPORTUNITY_PROPS)) for o in data.opportunities
        ),
        opportunity_contact_roles=tuple(
            OpportunityContactRoleRecord(
                str(c.opportunity_id), str(c.person_id), c.role.value, c.is_primary
            )
            for c in data.opportunity_contact_roles
        ),
        accounts=tuple(accounts),
        people=tuple(people),
        team_members=tuple(team_members),
        relationships=tuple(relationships),
        employments=tuple(
            EmploymentRecord(
                str(e.person_id), str(e.account_id), e.since, e.until, plain(e.title), e.concurrent
            )
            for e in data.employments
        ),
        positions=tuple(
            PositionRecord(
                str(h.person_id),
                str(h.account_id),
                h.since,
                h.until,
                plain(h.title),
                plain(h.department),
                h.seniority.value if h.seniority else None,
            )
            for h in data.positions
        ),
        reports_to=tuple(
            ReportsToRecord(str(r.person_id), str(r.manager_id), r.since, r.until, r.kind.value)
            for r in data.reports_to
        ),
        buying_roles=tuple(
            BuyingRoleRecord(str(r.person_id), str(r.account_id), r.role.value, r.since)
            for r in data.buying_roles
        ),
        strength_targets=tuple(
            StrengthTargetRecord(
                str(t.person_id),
                str(t.account_id),
                t.target.value,
                t.target_set_at,
                plain(t.target_set_by),
            )
            for t in data.strength_targets
        ),
        team_assignments=tuple(
            TeamAssignmentRecord(str(s.team_member_id), str(s.account_id), s.role.value, s.since)
            for s in data.team_assignments
        ),
        influences=tuple(
            InfluenceRecord(str(f.person_id), str(f.influenced_id), plain(f.note), f.since)
            for f in data.influences
        ),
        introductions=tuple(
            IntroductionRecord(
                str(n.introducer_id),
                str(n.introduced_id),
                n.date,
                str(n.team_member_id) if n.team_member_id else None,
            )
            for n in data.introductions
        ),
        touchpoints=tuple(
            TouchpointRecord(
                id=str(t.id),
                account_id=str(t.account_id),
                date=t.date,
                channel=t.channel.value,
                kind=t.kind.value,
                summary=plain(t.summary),
                initiator_id=str(t.initiator_id) if t.initiator_id else None,
                initiated_by_client=rules.initiated_by_client(
                    str(t.initiator_id) if t.initiator_id else None,
                    {str(p) for p in t.person_ids},
                    t.initiated_by_client,
                ),
                team_member_ids=tuple(dict.fromkeys(str(i) for i in t.team_member_ids)),
                person_ids=tuple(dict.fromkeys(str(i) for i in t.person_ids)),
            )
            for t in data.touchpoints
        ),
    )
