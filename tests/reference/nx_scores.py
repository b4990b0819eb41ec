"""An independent reference for the scores, written from docs/scoring.md with networkx.

Beside the three scores it recomputes whitespace, per-deal coverage and the risk flags of
SIGNAL_FLAGS (plain Python: they ask no graph question).

It reads the raw graph with its own simple Cypher (not graph/facts.py) and shares no code with
scoring/, so a mistake in either shows up as a disagreement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from graph.client import GraphSession

DUMP = """
MATCH (a:Account {id: $account})
RETURN
  a.renewalDate AS renewal,
  [(p:Person)-[e:EMPLOYED_AT]->(a) | {id: p.id, name: p.name, dept: p.department,
      level: p.seniority, perception: p.perception, since: e.since, until: e.until,
      title: e.title, shown_title: p.title, positions: [(p)-[h:HELD]->(a) | {since: h.since, until: h.until,
      title: h.title, dept: h.department, level: h.seniority}]}] AS stints,
  [(o:Opportunity)-[:FOR_ACCOUNT]->(a) | {id: o.id, name: o.name, stage: o.stage,
      close: o.closeDate, contacts: [(p:Person)-[c:CONTACT_ROLE]->(o) | {id: p.id,
      role: c.role}]}] AS deals,
  [(p:Person)-[r:HAS_ROLE]->(a) | {id: p.id, role: r.role, since: r.since}] AS roles,
  [(t:TeamMember)-[o:ON_TEAM]->(a) | {id: t.id, role: o.role, since: o.since}] AS seats,
  [(t:TeamMember)-[k:KNOWS]->(p:Person)-[:EMPLOYED_AT]->(a) | {t: t.id, p: p.id,
      manual: k.manualStrength, set_at: k.manualStrengthSetAt, last: k.lastContact,
      since: k.since}] AS knows,
  [(tp:Touchpoint)-[:AT_ACCOUNT]->(a) | {date: tp.date, channel: tp.channel, kind: tp.kind,
      client: coalesce(tp.initiatedByClient, false),
      team: [(x:TeamMember)-[:ATTENDED]->(tp) | x.id],
      people: [(y:Person)-[:ATTENDED]->(tp) | y.id]}] AS touchpoints,
  [(p:Person)-[:EMPLOYED_AT]->(a) | [(p)-[r:REPORTS_TO|INFLUENCES|INTRODUCED]->(q:Person) |
      {a: p.id, b: q.id, type: type(r), since: coalesce(r.since, r.date), until: r.until}]]
      AS edges,
  [(p:Person)-[t:STRENGTH_TARGET]->(a) | {id: p.id, target: t.target, set_at: t.targetSetAt}]
      AS targets
"""

#: docs/scoring.md, Perception: the share of coverage an active relationship gives.
PERCEPTION = {"NEGATIVE": 0.5}
CHANNEL = {"IN_PERSON": 3, "CALL": 2, "VIDEO": 2, "EVENT": 2, "EMAIL": 1, "SOCIAL": 0.5}
#: docs/scoring.md, Risk flags: the flags recomputed here, with the defaults of their settings.
SIGNAL_FLAGS = (
    "STRONG_BLOCKER",
    "CHAMPION_ROLE_CHANGED",
    "RENEWAL_AT_RISK",
    "NEW_EXECUTIVE_UNKNOWN",
    "DEAL_AT_RISK_NO_DECISION_MAKER",
)
OPEN_STAGES = ("PROSPECTING", "QUALIFICATION", "PROPOSAL", "NEGOTIATION")
DEAL_CLOSE_WINDOW_DAYS = 60
RENEWAL_WINDOW_DAYS = 90
NEW_EXECUTIVE_DAYS = 90
ROLE_CHANGE_DAYS = 180


@dataclass
class DealReference:
    """docs/scoring.md, Deal coverage, of one deal."""

    name: str
    stage: str
    close: date | None
    decision_makers: list[str]
    decision_maker_reached: bool
    champion_reached: bool
    contacts: int
    active_contacts: list[str]
    at_risk: bool


@dataclass
class FlagReference:
    """One risk flag: whom it names, and what its evidence must mention."""

    code: str
    people: list[str]
    mentions: list[str]
    #: CHAMPION_ROLE_CHANGED: ``position`` (a new position inside the current employment) or
    #: ``employment`` (a new employment), the two records docs/scoring.md "Role changes" reads.
    via: str = ""


@dataclass
class Reference:
    breadth: float
    dependency: float
    dependency_person: str | None
    executive: float
    #: the account as the day saw it, for the figures built on the same graph (resilience).
    current: dict[str, dict[str, Any]]
    roles: dict[str, set[str]]
    active: set[tuple[str, str]]
    internal: nx.Graph
    #: (person id, reason) of docs/scoring.md, Whitespace, sorted.
    whitespace: list[tuple[str, str]]
    #: (person id, target, current, gap) of docs/scoring.md, Target strength, in its order.
    target_gaps: list[tuple[str, str, str | None, int]]
    #: deal id -> its coverage as of the day.
    deals: dict[str, DealReference]
    #: the SIGNAL_FLAGS raised, by code then people.
    flags: list[FlagReference]


def _points(tps: list[dict[str, Any]], day: date) -> float:
    total = 0.0
    for tp in tps:
        age = (day - tp["date"]).days
        if 0 <= age < 180:
            total += CHANNEL[tp["channel"]] * (1.25 if tp["client"] else 1) * 0.5 ** (age / 45)
    return total


def _level(points: float) -> str:
    return "STRONG" if points >= 6 else "DEVELOPING" if points >= 2 else "WEAK"


def _started(item: dict[str, Any], day: date) -> bool:
    return item["since"] is None or item["since"] <= day


def _holds(item: dict[str, Any], day: date) -> bool:
    return _started(item, day) and (item["until"] is None or item["until"] > day)


async def reference_scores(session: GraphSession, account: str, day: date) -> Reference:
    raw = (await session.read(DUMP, {"account": account}))[0]
    current: dict[str, dict[str, Any]] = {}
    for s in raw["stints"]:
        if _holds(s, day):
            # Seniority and department of the position held on the day (docs/scoring.md, "As
            # of"); with none covering it, today's (the person's, as the stint carries them).
            held = [h for h in s["positions"] if _holds(h, day)]
            position = max(held, key=lambda h: h["since"] or date.min, default=None)
            current[s["id"]] = dict(s, position=position)
            if position is not None:
                current[s["id"]].update(
                    dept=position["dept"], level=position["level"], shown_title=position["title"]
                )
    roles: dict[str, set[str]] = {p: set() for p in current}
    for r in raw["roles"]:
        if r["id"] in roles and _started(r, day):
            roles[r["id"]].add(r["role"])
    seats = [s for s in raw["seats"] if _started(s, day)]
    # Edges as they stood on the day: started, and (reporting lines) not yet ended.
    edges = [
        e
        for group in raw["edges"]
        for e in group
        if _started(e, day)
        and (e["type"] != "REPORTS_TO" or e["until"] is None or e["until"] > day)
    ]
    touchpoints = [tp for tp in raw["touchpoints"] if tp["date"] <= day]

    # Active relationships, from the definitions of derived and effective strength.
    strength: dict[tuple[str, str], str] = {}
    active: set[tuple[str, str]] = set()
    for k in raw["knows"]:
        pair = (k["t"], k["p"])
        if pair in strength or not _started(k, day):
            continue  # several employments list the same relationship more than once
        shared = [tp for tp in touchpoints if k["t"] in tp["team"] and k["p"] in tp["people"]]
        derived = _level(_points(shared, day))
        last_tp = max((tp["date"] for tp in shared), default=None)
        recorded = k["last"] if k["last"] and k["last"] <= day else None
        last = max([d for d in (recorded, last_tp) if d is not None], default=None)
        if last is None or (day - last).days > 90:
            earlier = date.fromordinal(day.toordinal() - 90)
            if _level(_points(shared, earlier)) == "STRONG":
                derived = "AT_RISK"
        manual = k["manual"]
        set_on = k["set_at"].date() if k["set_at"] else None
        if manual and (
            set_on is None or (set_on <= day and (last_tp is None or last_tp <= set_on))
        ):
            effective = manual
        else:
            effective = derived
        strength[pair] = effective
        if (
            effective in ("STRONG", "DEVELOPING")
            and k["p"] in current
            and last is not None
            and (day - last).days <= 90
        ):
            active.add(pair)
    covered = {p for _, p in active}

    internal = nx.Graph()
    internal.add_nodes_from(current)
    for e in edges:
        if e["a"] in current and e["b"] in current and e["a"] != e["b"]:
            internal.add_edge(e["a"], e["b"])

    # Breadth.
    key = {p for p, s in current.items() if roles[p] or s["level"] in ("C_LEVEL", "VP", "DIRECTOR")}
    depts = {s["dept"] for s in current.values() if s["dept"]}
    levels = {s["level"] for s in current.values() if s["level"]}
    present_roles = {r for p in current for r in roles[p]} & {
        "DECISION_MAKER",
        "CHAMPION",
        "INFLUENCER",
        "USER",
    }
    members = {t for t, _ in active}

    def share(part: float, whole: int) -> float:
        return part / whole if whole else 0.0

    def perceived(p: str) -> float:
        return PERCEPTION.get(current[p]["perception"], 1.0)

    breadth = (
        100
        * (
            share(sum(perceived(p) for p in key & covered), len(key))
            + share(len(depts & {current[p]["dept"] for p in covered}), len(depts))
            + share(len(levels & {current[p]["level"] for p in covered}), len(levels))
            + share(
                len({r for r in present_roles if any(r in roles[p] for p in covered)}),
                len(present_roles),
            )
            + min(1.0, len(members) / 3)
        )
        / 5
    )

    # Champion dependency, by removing each node from the access graph.
    def value(p: str) -> float:
        if "DECISION_MAKER" in roles[p]:
            return 3
        if current[p]["level"] in ("C_LEVEL", "VP"):
            return 2
        return 1.5 if roles[p] else 1

    def reached_value(pairs: set[tuple[str, str]], graph: nx.Graph) -> float:
        sources = {p for _, p in pairs if p in graph}
        if not sources:
            return 0.0
        reach = nx.multi_source_dijkstra_path_length(graph, sources, cutoff=2)
        return sum(value(p) for p in reach)

    total = reached_value(active, internal)
    if total == 0:
        dependency, top = 100.0, None
    else:
        candidates: list[tuple[float, str]] = []
        for member in sorted(members):
            left = reached_value({x for x in active if x[0] != member}, internal)
            candidates.append((1 - left / total, member))
        reach = nx.multi_source_dijkstra_path_length(internal, covered, cutoff=2)
        for person in sorted(reach):
            graph = internal.copy()
            graph.remove_node(person)
            left = reached_value({x for x in active if x[1] != person}, graph)
            candidates.append((1 - left / total, person))
        best = max(c[0] for c in candidates)
        dependency = 100 * best
        top = min(c[1] for c in candidates if c[0] == best) if best > 0 else None

    # Executive access.
    execs = {p for p, s in current.items() if s["level"] in ("C_LEVEL", "VP")}
    if not execs:
        lines = [
            (e["a"], e["b"])
            for e in edges
            if e["type"] == "REPORTS_TO"
            and e["a"] in current
            and e["b"] in current
            and e["a"] != e["b"]
        ]
        roots = set(current) - {a for a, _ in lines}
        execs = (roots & {b for _, b in lines}) or roots
    coverage = share(len(execs & covered), len(execs))
    dms = sorted(p for p in current if "DECISION_MAKER" in roles[p])
    strong_sources = {p for t, p in active if strength[(t, p)] == "STRONG"}
    near = (
        nx.multi_source_dijkstra_path_length(internal, strong_sources, cutoff=2)
        if strong_sources
        else {}
    )
    reach_scores = []
    for dm in dms:
        direct = {strength[x] for x in active if x[1] == dm}
        reach_scores.append(
            perceived(dm)
            * (
                1.0
                if "STRONG" in direct
                else 0.75
                if "DEVELOPING" in direct
                else 0.5
                if dm in near
                else 0.0
            )
        )
    dm_reach = sum(reach_scores) / len(reach_scores) if reach_scores else 0.0
    targets = {p for p in current if current[p]["level"] in ("C_LEVEL", "VP")} | set(dms)
    sponsors = {s["id"] for s in seats if s["role"] == "EXECUTIVE_SPONSOR"}
    team = {s["id"] for s in seats}
    if any(t in sponsors and p in targets for t, p in active):
        alignment = 1.0
    elif sponsors and any(t in team and p in targets for t, p in active):
        alignment = 0.5
    else:
        alignment = 0.0
    execs_seen = [
        tp["date"]
        for tp in touchpoints
        if tp["kind"] == "EXECUTIVE" and set(tp["people"]) & targets
    ]
    if execs_seen:
        age = (day - max(execs_seen)).days
        recency = 1.0 if age <= 90 else 0.0 if age >= 180 else (180 - age) / 90
    else:
        recency = 0.0
    executive = 100 * (0.3 * coverage + 0.3 * dm_reach + 0.2 * alignment + 0.2 * recency)
    # Whitespace: met in the 400 days read, no role and no current reporting line; executives
    # neither met nor known.
    met = {
        p
        for tp in touchpoints
        if tp["team"] and (day - tp["date"]).days < 400
        for p in tp["people"]
    }
    placed = {
        x
        for e in edges
        if e["type"] == "REPORTS_TO" and e["a"] in current and e["b"] in current
        for x in (e["a"], e["b"])
    }
    known = {k["p"] for k in raw["knows"] if _started(k, day)}
    whitespace = sorted(
        [(p, "UNMAPPED_ATTENDEE") for p in current if p in met and not roles[p] and p not in placed]
        + [
            (p, "UNMET_EXECUTIVE")
            for p in current
            if current[p]["level"] in ("C_LEVEL", "VP") and p not in met and p not in known
        ]
    )
    # Target gaps: ordinal steps from the best strength we hold up to a target set by the day.
    order = {"STRONG": 4, "DEVELOPING": 3, "WEAK": 2, "AT_RISK": 1, None: 0}
    gaps: list[tuple[str, str, str | None, int]] = []
    for t in raw["targets"]:
        if t["id"] not in current or (t["set_at"] is not None and t["set_at"] > day):
            continue
        held = [s for (_, p), s in strength.items() if p == t["id"]]
        now: str | None = max(held, key=lambda s: order[s], default=None)
        if order[t["target"]] > order[now]:
            gaps.append((t["id"], t["target"], now, order[t["target"]] - order[now]))
    names = {p: s["name"] for p, s in current.items()}
    gaps.sort(key=lambda g: (-g[3], names[g[0]], g[0]))
    deals = _deals(raw["deals"], covered, day)
    flags = _flags(raw, day, current, roles, covered, known, round(breadth, 1), round(executive, 1))
    flags += [
        FlagReference(
            "DEAL_AT_RISK_NO_DECISION_MAKER",
            sorted({p for d in at_risk for p in d.decision_makers}),
            [x for d in at_risk for x in (d.name, d.stage, str(d.close))],
        )
        for at_risk in [[d for d in deals.values() if d.at_risk]]
        if at_risk
    ]
    return Reference(
        target_gaps=gaps,
        deals=deals,
        flags=sorted(flags, key=lambda f: (f.code, f.people)),
        whitespace=whitespace,
        breadth=breadth,
        dependency=dependency,
        dependency_person=top,
        executive=executive,
        current=current,
        roles=roles,
        active=active,
        internal=internal,
    )


def _deals(raw: list[dict[str, Any]], covered: set[str], day: date) -> dict[str, DealReference]:
    """Deal coverage: the deal's own contact roles, reached = covered on the day."""
    deals = {}
    for d in raw:
        people = {c["id"] for c in d["contacts"]}
        makers = sorted({c["id"] for c in d["contacts"] if c["role"] == "DECISION_MAKER"})
        champions = {c["id"] for c in d["contacts"] if c["role"] == "CHAMPION"}
        reached = bool(set(makers) & covered)
        closing = d["close"] is not None and (d["close"] - day).days <= DEAL_CLOSE_WINDOW_DAYS
        deals[d["id"]] = DealReference(
            name=d["name"],
            stage=d["stage"],
            close=d["close"],
            decision_makers=makers,
            decision_maker_reached=reached,
            champion_reached=bool(champions & covered),
            contacts=len(people),
            active_contacts=sorted(people & covered),
            at_risk=d["stage"] in OPEN_STAGES and closing and not reached,
        )
    return deals


def _flags(
    raw: dict[str, Any],
    day: date,
    current: dict[str, dict[str, Any]],
    roles: dict[str, set[str]],
    covered: set[str],
    known: set[str],
    breadth: float,
    executive: float,
) -> list[FlagReference]:
    """STRONG_BLOCKER, CHAMPION_ROLE_CHANGED, RENEWAL_AT_RISK and NEW_EXECUTIVE_UNKNOWN."""
    flags = []
    blockers = sorted(
        p
        for p in current
        if "BLOCKER" in roles[p]
        and (
            (current[p]["level"] in ("C_LEVEL", "VP", "DIRECTOR") and p not in covered)
            or current[p]["perception"] == "NEGATIVE"
        )
    )
    if blockers:
        flags.append(FlagReference("STRONG_BLOCKER", blockers, []))
    for p in sorted(current):
        now = current[p]
        if "CHAMPION" not in roles[p] or now["since"] is None:
            continue
        # docs/scoring.md, Role changes: a position begun after the current employment did
        # and the latest position there ended by the day; else the employment and the latest
        # employment there ended by the day.
        position = now["position"]
        ended: list[dict[str, Any]]
        if (
            position is not None
            and position["since"] is not None
            and position["since"] > now["since"]
        ):
            role, via = position, "position"
            ended = [h for h in now["positions"] if h["until"] is not None and h["until"] <= day]
        else:
            role, via = now, "employment"
            ended = [
                s
                for s in raw["stints"]
                if s["id"] == p
                and s["until"] is not None
                and s["until"] <= day
                and (s["since"] is None or s["since"] < now["since"])
            ]
        if not ended or not 0 <= (day - role["since"]).days <= ROLE_CHANGE_DAYS:
            continue
        before = max(ended, key=lambda s: s["until"])  # the role this one followed
        if before["title"] is None or role["title"] is None:
            continue
        if before["title"].strip().casefold() != role["title"].strip().casefold():
            mentions = [before["title"], role["title"], str(before["until"]), str(role["since"])]
            flags.append(FlagReference("CHAMPION_ROLE_CHANGED", [p], mentions, via))
    renewal = raw["renewal"]
    if (
        renewal is not None
        and 0 <= (renewal - day).days <= RENEWAL_WINDOW_DAYS
        and (breadth < 50 or executive < 50)
    ):
        unreached = sorted(p for p in current if "DECISION_MAKER" in roles[p] and p not in covered)
        flags.append(FlagReference("RENEWAL_AT_RISK", unreached, [str(renewal)]))
    new = sorted(
        p
        for p, s in current.items()
        if s["level"] in ("C_LEVEL", "VP")
        and s["since"] is not None
        and 0 <= (day - s["since"]).days <= NEW_EXECUTIVE_DAYS
        and p not in known
    )
    if new:
        flags.append(
            FlagReference("NEW_EXECUTIVE_UNKNOWN", new, [str(current[p]["since"]) for p in new])
        )
    return flags
