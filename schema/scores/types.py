"""GraphQL types of the scores, risk flags, key-account matrix, intro paths and history.

Scores are computed by ``scoring`` (pure Python) from the facts ``graph`` reads in one round
trip; this module only maps the results to GraphQL objects with plain fields.
"""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry import relay

import scoring
from graph.errors import ErrorCode
from schema.context import Info
from schema.enums import (
    PathStepKind,
    RiskFlagCode,
    Severity,
    Side,
    Strength,
    StrengthSource,
    TouchpointKind,
    WhitespaceReason,
)
from schema.errors import listing, request_error
from scoring.facts import AccountFacts


@strawberry.type(
    description="A person or team member, by id and name. It has no `id` field: the same person "
    "appears as a PersonRef in many places, and a Relay store keys records by `id`."
)
class PersonRef:
    own_id: strawberry.ID = strawberry.field(
        description="The person's or team member's own id (they share one id space): what "
        "`scores(without:)` and `introductionPaths(personId:)` take."
    )
    node_id: strawberry.ID = strawberry.field(
        description="The Relay global id of the Person or TeamMember, for `node(id:)`."
    )
    name: str


@strawberry.type(description="One weighted part of a score; value is 0-1.")
class ScoreComponent:
    name: str
    value: float
    weight: float
    detail: str


@strawberry.type(description="How widely we are connected (0-100, higher is better).")
class BreadthScore:
    value: float
    components: list[ScoreComponent]
    explanation: str
    uncovered_departments: list[str]
    uncovered_levels: list[str]
    uncovered_roles: list[str]
    uncovered_key_stakeholders: list[PersonRef]
    active_team_members: list[PersonRef]
    target_gaps: list[TargetGap] = strawberry.field(
        description="Current people below the target strength set for them, largest gap first "
        "(then by name and id); the explanation names the first few (`breadth.gaps_named`)."
    )


@strawberry.type(description="A client person whose strength with us is below their target.")
class TargetGap:
    person: PersonRef
    title: str | None = strawberry.field(
        description="Their title: the current employment's, else the person's."
    )
    target: Strength
    current: Strength | None = strawberry.field(
        description="Best effective strength of our relationships with them; null: none."
    )
    gap: int = strawberry.field(
        description="Steps from current up to target (STRONG 4, DEVELOPING 3, WEAK 2, "
        "AT_RISK 1, none 0), above 0."
    )


@strawberry.type(description="What we lose if this one person leaves.")
class DependencyItem:
    person: PersonRef
    side: Side
    dependency: float = strawberry.field(description="Share of reached value lost, 0-1.")
    value_lost: float
    value_total: float


@strawberry.type(description="How much access hangs on one person (0-100, higher is worse).")
class DependencyScore:
    value: float
    explanation: str
    top: DependencyItem | None
    client_top: DependencyItem | None
    ours_top: DependencyItem | None
    ranking: list[DependencyItem]
    no_active_relationships: bool
    reached_value: float


@strawberry.type(description="A hop on a path between our side and theirs.")
class PathStep:
    source: PersonRef
    target: PersonRef
    kind: PathStepKind
    strength: Strength | None = strawberry.field(
        description="The relationship's strength, on a RELATIONSHIP hop only."
    )


@strawberry.type(description="The best path from our executive sponsor to a decision maker.")
class SponsorPath:
    decision_maker: PersonRef
    sponsor: PersonRef | None
    reachable: bool
    steps: list[PathStep]


@strawberry.type(description="Our reach into C-level, VP and decision makers (0-100).")
class ExecutiveAccessScore:
    value: float
    components: list[ScoreComponent]
    explanation: str
    sponsor_paths: list[SponsorPath]


@strawberry.type(description="A warning with the evidence behind it.")
class RiskFlag:
    code: RiskFlagCode
    severity: Severity
    message: str
    people: list[PersonRef]
    evidence: list[str]


@strawberry.type
class CadenceItem:
    kind: TouchpointKind
    expected_every_days: int
    last_seen: date | None = strawberry.field(
        description="The latest touchpoint of this kind; null when there is none in the last "
        "400 days (the window scores read)."
    )
    overdue: bool


@strawberry.type(description="Touchpoint rhythm against the plan for the account's tier.")
class Cadence:
    tier: int
    items: list[CadenceItem]
    overdue_kinds: list[TouchpointKind]


@strawberry.type(description="A relationship's strength: set by hand, derived, and in force.")
class StrengthView:
    team_member: PersonRef
    person: PersonRef
    manual: Strength | None
    derived: Strength
    effective: Strength
    source: StrengthSource
    points: float
    last_touchpoint: date | None


@strawberry.type(description="One person of a minimum cut, on our side or theirs.")
class CutMember:
    person: PersonRef
    side: Side


@strawberry.type(
    description="How many people (on either side) must leave before every path from our team "
    "to this decision maker or executive is gone: the vertex connectivity of the access graph "
    "(docs/scoring.md, Resilience)."
)
class Resilience:
    person: PersonRef
    connectivity: int = strawberry.field(
        description="Fewest departures that leave no path; 0 when there is no path today."
    )
    cut: list[CutMember] = strawberry.field(
        description="Those departures: the minimum cut nearest our team (empty when there is "
        "no path)."
    )
    fragile: bool = strawberry.field(
        description="Reachable, but through at most `fragile_at_most` people (1 by default): "
        "the FRAGILE_ACCESS flag."
    )
    explanation: str


@strawberry.type(description="One person's part of the account's active relationships.")
class ContactShare:
    person: PersonRef
    side: Side
    relationships: int = strawberry.field(description="Active relationships they are part of.")
    share: float = strawberry.field(description="Those over all active relationships, 0-1.")


@strawberry.type(
    description="How concentrated our active contact is on one person per side, beside champion "
    "dependency (docs/scoring.md, Concentration)."
)
class Concentration:
    active_relationships: int
    client_top: ContactShare | None = strawberry.field(
        description="The client person with the largest share (ties: smallest id); null "
        "without active relationships."
    )
    ours_top: ContactShare | None = strawberry.field(
        description="Our team member with the largest share, likewise."
    )
    client_herfindahl: float = strawberry.field(
        description="Sum of the client people's shares squared, 0-1 (1: all on one person)."
    )
    ours_herfindahl: float = strawberry.field(
        description="Sum of our team members' shares squared, 0-1."
    )
    client: list[ContactShare] = strawberry.field(description="Every client share, largest first.")
    ours: list[ContactShare] = strawberry.field(description="Every share on our side.")
    explanation: str


@strawberry.type(
    description="A ghost stakeholder: someone in a gap of the stakeholder map, with the reason "
    "(docs/scoring.md, Whitespace)."
)
class Whitespace:
    person: PersonRef
    reason: WhitespaceReason
    explanation: str


@strawberry.type
class AccountScores:
    as_of: date
    removed_ids: list[strawberry.ID]
    breadth: BreadthScore
    champion_dependency: DependencyScore
    executive_access: ExecutiveAccessScore
    risk_flags: list[RiskFlag]
    cadence: Cadence
    strengths: list[StrengthView]
    resilience: list[Resilience] = strawberry.field(
        description="Each current decision maker and executive (C-level, VP), by person id."
    )
    concentration: Concentration
    whitespace: list[Whitespace] = strawberry.field(
        description="People we meet but have not mapped, and executives nobody on our side has "
        "met: by person id, then reason."
    )


@strawberry.type
class MatrixCriterion:
    name: str
    score: int | None
    weight: float
    inverted: bool
    contribution: float


@strawberry.type(description="The key-account selection matrix (weighted 0-3 criteria).")
class KeyAccountAssessment:
    criteria: list[MatrixCriterion]
    total: float
    max_total: float
    threshold: float
    qualifies: bool
    complete: bool


@strawberry.type(description="A warm path from our team to a person, strongest first.")
class IntroductionPath:
    target: PersonRef
    steps: list[PathStep]
    strength: float
    via_moved_people: list[PersonRef]


@strawberry.type(description="Stored scores of an account at one moment.")
class ScoreSnapshot:
    snapshot_id: strawberry.ID = strawberry.field(description="The snapshot's own id.")
    taken_at: datetime
    as_of: date
    breadth: float
    dependency: float
    executive: float
    risk_flag_codes: list[RiskFlagCode]


# ---- mapping -------------------------------------------------------------------------------


class _Names:
    def __init__(self, facts: AccountFacts) -> None:
        self.names = {p.id: p.name for p in facts.people}
        self.names.update({t.id: t.name for t in facts.team_members})
        self.team_member_ids = {t.id for t in facts.team_members}

        self.person_names = {p.id: p.name for p in facts.people}
        self.member_names = {t.id: t.name for t in facts.team_members}

    def ref(self, own_id: str) -> PersonRef:
        kind = "TeamMember" if own_id in self.team_member_ids else "Person"
        return PersonRef(
            own_id=strawberry.ID(own_id),
            node_id=strawberry.ID(relay.to_base64(kind, own_id)),
            name=self.names.get(own_id, own_id),
        )

    def ref_on(self, side: Side, own_id: str) -> PersonRef:
        """A ref on a known side: ids are unique per side only."""
        ours = side == Side.OURS
        names = self.member_names if ours else self.person_names
        return PersonRef(
            own_id=strawberry.ID(own_id),
            node_id=strawberry.ID(relay.to_base64("TeamMember" if ours else "Person", own_id)),
            name=names.get(own_id, own_id),
        )

    def step(self, s: scoring.PathStep) -> PathStep:
        return PathStep(
            source=self.ref(s.from_id), target=self.ref(s.to_id), kind=s.kind, strength=s.strength
        )


def _components(items: tuple[scoring.ScoreComponent, ...]) -> list[ScoreComponent]:
    return [
        ScoreComponent(name=c.name, value=c.value, weight=c.weight, detail=c.detail) for c in items
    ]


def _item(names: _Names, item: scoring.DependencyItem | None) -> DependencyItem | None:
    if item is None:
        return None
    return DependencyItem(
        person=names.ref(item.person_id),
        side=item.side,
        dependency=item.dependency,
        value_lost=item.value_lost,
        value_total=item.value_total,
    )


def to_graphql(facts: AccountFacts, result: scoring.AccountScores) -> AccountScores:
    names = _Names(facts)
    b = result.breadth
    d = result.champion_dependency
    e = result.executive_access
    return AccountScores(
        as_of=result.as_of,
        removed_ids=[strawberry.ID(i) for i in sorted(result.removed_ids)],
        breadth=BreadthScore(
            value=b.value,
            components=_components(b.components),
            explanation=b.explanation,
            uncovered_departments=list(b.uncovered_departments),
            uncovered_levels=list(b.uncovered_levels),
            uncovered_roles=list(b.uncovered_roles),
            uncovered_key_stakeholders=[names.ref(i) for i in b.uncovered_key_stakeholder_ids],
            active_team_members=[names.ref(i) for i in b.active_team_member_ids],
            target_gaps=[
                TargetGap(
                    person=names.ref_on(Side.CLIENT, g.person_id),
                    title=g.title,
                    target=g.target,
                    current=g.current,
                    gap=g.gap,
                )
                for g in b.target_gaps
            ],
        ),
        champion_dependency=DependencyScore(
            value=d.value,
            explanation=d.explanation,
            top=_item(names, d.top),
            client_top=_item(names, d.client_top),
            ours_top=_item(names, d.ours_top),
            ranking=[i for i in (_item(names, r) for r in d.ranking) if i is not None],
            no_active_relationships=d.no_active_relationships,
            reached_value=d.reached_value,
        ),
        executive_access=ExecutiveAccessScore(
            value=e.value,
            components=_components(e.components),
            explanation=e.explanation,
            sponsor_paths=[
                SponsorPath(
                    decision_maker=names.ref(p.decision_maker_id),
                    sponsor=names.ref(p.sponsor_id) if p.sponsor_id else None,
                    reachable=p.reachable,
                    steps=[names.step(s) for s in p.steps],
                )
                for p in e.sponsor_paths
            ],
        ),
        risk_flags=[
            RiskFlag(
                code=RiskFlagCode(f.code),
                severity=f.severity,
                message=f.message,
                people=[names.ref(i) for i in f.person_ids],
                evidence=list(f.evidence),
            )
            for f in result.risk_flags
        ],
        cadence=Cadence(
            tier=result.cadence.tier,
            items=[
                CadenceItem(
                    kind=i.kind,
                    expected_every_days=i.expected_every_days,
                    last_seen=i.last_seen,
                    overdue=i.overdue,
                )
                for i in result.cadence.items
            ],
            overdue_kinds=list(result.cadence.overdue_kinds),
        ),
        strengths=[
            StrengthView(
                team_member=names.ref(s.team_member_id),
                person=names.ref(s.person_id),
                manual=s.manual,
                derived=s.derived,
                effective=s.effective,
                source=s.source,
                points=s.points,
                last_touchpoint=s.last_touchpoint,
            )
            for s in result.strengths
        ],
        resilience=[
            Resilience(
                person=names.ref_on(Side.CLIENT, r.person_id),
                connectivity=r.connectivity,
                cut=[
                    CutMember(person=names.ref_on(c.side, c.person_id), side=c.side) for c in r.cut
                ],
                fragile=r.fragile,
                explanation=r.explanation,
            )
            for r in result.resilience
        ],
        concentration=_concentration(names, result.concentration),
        whitespace=[
            Whitespace(
                person=names.ref_on(Side.CLIENT, w.person_id),
                reason=w.reason,
                explanation=w.explanation,
            )
            for w in result.whitespace
        ],
    )


def _share(names: _Names, share: scoring.ContactShare | None) -> ContactShare | None:
    if share is None:
        return None
    return ContactShare(
        person=names.ref_on(share.side, share.person_id),
        side=share.side,
        relationships=share.relationships,
        share=share.share,
    )


def _concentration(names: _Names, c: scoring.ConcentrationScore) -> Concentration:
    def shares(items: tuple[scoring.ContactShare, ...]) -> list[ContactShare]:
        return [s for s in (_share(names, i) for i in items) if s is not None]

    return Concentration(
        active_relationships=c.active_relationships,
        client_top=_share(names, c.client_top),
        ours_top=_share(names, c.ours_top),
        client_herfindahl=c.client_herfindahl,
        ours_herfindahl=c.ours_herfindahl,
        client=shares(c.client),
        ours=shares(c.ours),
        explanation=c.explanation,
    )


# ---- resolvers -----------------------------------------------------------------------------


async def _facts(info: Info, account_id: str, as_of: date) -> AccountFacts:
    ctx = info.context
    if as_of == ctx.today:
        facts = await ctx.loaders.facts_by_account_id.load(account_id)
    else:
        facts = await ctx.loaders.facts_by_account_id_and_date.load((account_id, as_of))
    if facts is None:
        raise request_error(ErrorCode.NOT_FOUND, f"account {account_id!r} does not exist")
    return facts


async def resolve_scores(
    info: Info, account_id: str, as_of: date | None, without: list[strawberry.ID]
) -> AccountScores:
    ctx = info.context
    day = as_of or ctx.today
    # A what-if removes a few people; the cap keeps one request from recomputing for thousands.
    cap = ctx.config.max_page_size
    if len(without) > cap:
        raise request_error(
            ErrorCode.OUT_OF_RANGE, f"`without` holds {len(without)} ids; at most {cap}", "without"
        )
    removed = frozenset(str(i) for i in without)
    key = (account_id, day, removed)
    cached: AccountScores | None = ctx.score_cache.get(key)
    if cached is None:
        facts = await _facts(info, account_id, day)
        known = {p.id for p in facts.people} | {t.id for t in facts.team_members}
        unknown = sorted(removed - known)
        if unknown:
            raise request_error(
                ErrorCode.NOT_FOUND,
                f"not people or team members of this account: {listing(unknown)}",
                "without",
            )
        result = scoring.score_account(facts, day, ctx.scoring, removed_ids=removed)
        cached = to_graphql(facts, result)
        ctx.score_cache[key] = cached
    return cached


async def resolve_key_account_assessment(info: Info, account_id: str) -> KeyAccountAssessment:
    facts = await _facts(info, account_id, info.context.today)
    a = scoring.assess_key_account(facts, info.context.scoring)
    return KeyAccountAssessment(
        criteria=[
            MatrixCriterion(
                name=c.name,
                score=c.score,
                weight=c.weight,
                inverted=c.inverted,
                contribution=c.contribution,
            )
            for c in a.criteria
        ],
        total=a.total,
        max_total=a.max_total,
        threshold=a.threshold,
        qualifies=a.qualifies,
        complete=a.complete,
    )


async def resolve_introduction_paths(
    info: Info, account_id: str, person_id: str, max_hops: int, limit: int
) -> list[IntroductionPath]:
    if not 1 <= max_hops <= 5:
        raise request_error(ErrorCode.OUT_OF_RANGE, "`maxHops` must be between 1 and 5", "maxHops")
    if not 1 <= limit <= 50:
        raise request_error(ErrorCode.OUT_OF_RANGE, "`limit` must be between 1 and 50", "limit")
    facts = await _facts(info, account_id, info.context.today)
    if not any(p.id == person_id and p.current for p in facts.people):
        raise request_error(
            ErrorCode.NOT_FOUND,
            f"person {person_id!r} is not a current member of account {account_id!r}",
            "personId",
        )
    names = _Names(facts)
    paths = scoring.introduction_paths(
        facts, person_id, info.context.today, info.context.scoring, max_hops=max_hops, limit=limit
    )
    return [
        IntroductionPath(
            target=names.ref(p.target_id),
            steps=[names.step(s) for s in p.steps],
            strength=p.strength,
            via_moved_people=[names.ref(i) for i in p.via_moved_person_ids],
        )
        for p in paths
    ]


async def resolve_score_history(
    info: Info, account_id: str, start: date | None, end: date | None
) -> list[ScoreSnapshot]:
    rows = await info.context.loaders.score_history_by_account_id.load((account_id, (start, end)))
    rows = rows or []
    return [
        ScoreSnapshot(
            snapshot_id=strawberry.ID(r["id"]),
            taken_at=r["takenAt"],
            as_of=r["asOf"],
            breadth=r["breadth"],
            dependency=r["dependency"],
            executive=r["executive"],
            risk_flag_codes=[RiskFlagCode(c) for c in r["riskFlagCodes"] or []],
        )
        for r in rows
    ]
