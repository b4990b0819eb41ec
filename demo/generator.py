"""A deterministic synthetic portfolio generator for tests, benchmarks and ``stakegraph generate``.

The same seed gives the same :class:`~graph.dataset.Dataset`, byte for byte: every random draw
comes from one ``random.Random(seed)`` and no clock is read (``today`` is an argument). Its
portfolios are written with :func:`graph.importer.import_dataset` (large ones exceed the
``importDataset`` mutation's record limit).
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from graph.dataset import (
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
)

DEPARTMENTS = (
    "Executive",
    "Finance",
    "IT",
    "Operations",
    "Procurement",
    "Marketing",
    "HR",
    "Legal",
)
SENIORITY_BY_DEPTH = ("C_LEVEL", "VP", "DIRECTOR", "MANAGER", "INDIVIDUAL_CONTRIBUTOR")
TITLES = {
    "C_LEVEL": "Chief {d} Officer",
    "VP": "VP {d}",
    "DIRECTOR": "Director of {d}",
    "MANAGER": "{d} Manager",
    "INDIVIDUAL_CONTRIBUTOR": "{d} Specialist",
}
FIRST = (
    "Ada",
    "Ben",
    "Cleo",
    "Dan",
    "Eve",
    "Finn",
    "Gil",
    "Hana",
    "Ivo",
    "Jana",
    "Kai",
    "Lea",
    "Max",
    "Nia",
    "Oto",
    "Pia",
    "Quin",
    "Rae",
    "Sol",
    "Tom",
    "Uma",
    "Vic",
    "Wen",
    "Yara",
)
LAST = (
    "Berg",
    "Costa",
    "Dahl",
    "Ekman",
    "Fox",
    "Gray",
    "Holt",
    "Ito",
    "Jensen",
    "Kern",
    "Lund",
    "Moreau",
    "Novak",
    "Okafor",
    "Park",
    "Quist",
    "Rossi",
    "Sato",
    "Tanaka",
    "Ueda",
    "Vidal",
)
INDUSTRIES = ("Manufacturing", "Retail", "Finance", "Healthcare", "Energy", "Logistics", "Media")
TIER_REVENUE = {
    1: (10_000, 50_000),
    2: (50_000, 200_000),
    3: (200_000, 1_000_000),
    4: (1_000_000, 5_000_000),
}
STAGES = (
    "INITIATION",
    "TRUST_DEVELOPMENT",
    "ADVISOR_STATUS",
    "PARTNERSHIP_DEEPENING",
    "STRATEGIC_ALLIANCE",
)
SUFFIXES = ("Group", "AG", "Ltd", "Inc", "Holding")
CHANNELS = ("EMAIL", "CALL", "VIDEO", "IN_PERSON", "EVENT", "SOCIAL")
KINDS = ("OPERATIONAL", "OPERATIONAL", "STRATEGIC", "MAINTENANCE", "EXECUTIVE")
STRENGTHS = (None, None, None, "STRONG", "DEVELOPING", "WEAK", "AT_RISK")
TEAM_ROLES = ("ACCOUNT_LEAD", "DELIVERY_LEAD", "SPECIALIST", "SPECIALIST")
#: Deal stages, open ones more often (docs/model.md, OpportunityStage).
DEAL_STAGES = (
    "PROSPECTING",
    "QUALIFICATION",
    "PROPOSAL",
    "NEGOTIATION",
    "NEGOTIATION",
    "CLOSED_WON",
    "CLOSED_LOST",
)
DEAL_ROLES = ("CHAMPION", "INFLUENCER", "USER", "TECHNICAL_BUYER", "COACH", "DECISION_MAKER")


class _Builder:
    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today
        self.accounts: list[AccountRecord] = []
        self.people: list[PersonRecord] = []
        self.employments: list[EmploymentRecord] = []
        self.reports: list[ReportsToRecord] = []
        self.roles: list[BuyingRoleRecord] = []
        self.influences: list[InfluenceRecord] = []
        self.intros: list[IntroductionRecord] = []
        self.team: list[TeamMemberRecord] = []
        self.seats: list[TeamAssignmentRecord] = []
        self.relationships: list[RelationshipRecord] = []
        self.touchpoints: list[TouchpointRecord] = []
        self.opportunities: list[OpportunityRecord] = []
        self.contact_roles: list[OpportunityContactRoleRecord] = []
        #: people still employed at each account, for moves between accounts.
        self.current_people: dict[str, list[str]] = {}
        self.targets: list[StrengthTargetRecord] = []
        self.positions: list[PositionRecord] = []

    def ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def team_pool(self, size: int) -> list[str]:
        for i in range(size):
            seniority = SENIORITY_BY_DEPTH[min(i % 5, 4)]
            self.team.append(
                TeamMemberRecord(
                    id=f"tm-{i:04d}",
                    name=f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}",
                    email=f"team{i}@ourfirm.example",
                    title=TITLES[seniority].format(d="Consulting"),
                    seniority=seniority,
                )
            )
        return [t.id for t in self.team]

    def account(self, index: int, people: int, tier: int, pool: list[str]) -> None:
        rng = self.rng
        account_id = f"acc-{index:05d}"
        low, high = TIER_REVENUE[tier]
        self.accounts.append(
            AccountRecord(
                id=account_id,
                name=f"{rng.choice(LAST)} {rng.choice(SUFFIXES)} {index}",
                tier=tier,
                domain=f"client{index}.example",
                industry=rng.choice(INDUSTRIES),
                segment="Enterprise" if tier >= 3 else rng.choice(("Mid-market", "SMB")),
                is_key_account=tier >= 3,
                annual_revenue=float(rng.randint(low, high)),
                currency=rng.choice(("EUR", "USD", "GBP")),
                client_since=self.ago(200, 365 * (2 + 2 * tier)),
                lifecycle_stage=STAGES[min(tier, 4) - rng.randint(0, 1)],
                renewal_date=self.today + timedelta(days=rng.randint(10, 400)),
                expansion_potential=rng.randint(0, 3),
                icp_fit=rng.randint(0, 3),
                strategic_value=rng.randint(0, 3),
                risk_cost_to_serve=rng.randint(0, 3) if rng.random() < 0.9 else None,
                external_ids=(ExternalIdRecord("crm", f"C-{index:06d}"),),
            )
        )
        ids = [f"p-{index:05d}-{j:04d}" for j in range(people)]
        client_since = self.accounts[-1].client_since or self.today
        # Dates of roles, lines, influences and seats follow from dates already drawn (no
        # extra draws, so a seed gives the same portfolio as before they were dated).
        started: dict[str, date] = {}
        depth: dict[str, int] = {}
        current: list[str] = []
        for j, person_id in enumerate(ids):
            manager = None
            if j > 0 and rng.random() > 0.03:  # a few extra roots: contractors, new hires
                candidates = ids[max(0, j - 40) : j]
                manager = rng.choice(candidates)
            level = 0 if manager is None and j == 0 else (depth[manager] + 1 if manager else 3)
            depth[person_id] = min(level, 4)
            seniority = SENIORITY_BY_DEPTH[depth[person_id]]
            department = "Executive" if j == 0 else rng.choice(DEPARTMENTS[1:])
            self.people.append(
                PersonRecord(
                    id=person_id,
                    name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    email=f"{person_id}@client{index}.example",
                    title=TITLES[seniority].format(d=department),
                    department=department,
                    seniority=seniority,
                    perception=rng.choice(
                        ("ADVOCATE", "POSITIVE", "NEUTRAL", "NEGATIVE", "UNKNOWN")
                    ),
                )
            )
            left = j > 3 and rng.random() < 0.05
            started[person_id] = self.ago(400, 3000)
            self.employments.append(
                EmploymentRecord(
                    person_id=person_id,
                    account_id=account_id,
                    since=started[person_id],
                    until=self.ago(1, 300) if left else None,
                )
            )
            if not left:
                current.append(person_id)
                if manager is not None and manager in current:
                    line_since = max(started[person_id], started[manager])
                    self.reports.append(ReportsToRecord(person_id, manager, since=line_since))
        # Buying roles among current people: decision makers near the top, champions anywhere.
        senior = [p for p in current if depth[p] <= 2] or current
        for person_id in rng.sample(senior, min(len(senior), rng.randint(1, 2))):
            self.roles.append(
                BuyingRoleRecord(person_id, account_id, "DECISION_MAKER", since=started[person_id])
            )
        for role, count in (("CHAMPION", 2), ("INFLUENCER", 3), ("USER", 4), ("BLOCKER", 1)):
            if role == "BLOCKER" and rng.random() < 0.6:
                continue
            for person_id in rng.sample(current, min(len(current), rng.randint(0, count))):
                self.roles.append(
                    BuyingRoleRecord(person_id, account_id, role, since=started[person_id])
                )
        # Informal influence (cycles allowed) and introductions.
        for _ in range(max(1, people // 8)):
            a, b = rng.sample(current, 2) if len(current) >= 2 else (None, None)
            if a and b:
                self.influences.append(InfluenceRecord(a, b, since=max(started[a], started[b])))
        # Our team on the account.
        members = rng.sample(pool, min(len(pool), 2 + tier))
        if tier >= 3 and rng.random() < 0.85:
            self.seats.append(
                TeamAssignmentRecord(members[0], account_id, "EXECUTIVE_SPONSOR", client_since)
            )
        for member, role in zip(members[1:], TEAM_ROLES, strict=False):
            self.seats.append(TeamAssignmentRecord(member, account_id, role, client_since))
        # Relationships with a share of the people; touchpoints between those pairs.
        known = rng.sample(current, max(1, int(len(current) * rng.uniform(0.2, 0.4))))
        pairs = []
        for k, person_id in enumerate(known):
            member = rng.choice(members)
            pairs.append((member, person_id))
            self.relationships.append(
                RelationshipRecord(
                    id=f"rel-{index:05d}-{k:04d}",
                    team_member_id=member,
                    person_id=person_id,
                    since=self.ago(100, 1500),
                    manual_strength=rng.choice(STRENGTHS),
                )
            )
        # Engagement differs by account, as in a real portfolio: some relationships are tended
        # monthly, others hear from us once or twice a year.
        per_pair = rng.choice((1.5, 3.0, 6.0, 12.0))
        for k in range(max(2, int(len(pairs) * per_pair))):
            member, person_id = rng.choice(pairs)
            client_initiated = rng.random() < 0.3
            self.touchpoints.append(
                TouchpointRecord(
                    id=f"tp-{index:05d}-{k:05d}",
                    account_id=account_id,
                    date=self.ago(0, 365),
                    channel=rng.choice(CHANNELS),
                    kind=rng.choice(KINDS),
                    summary="Synthetic touchpoint",
                    initiated_by_client=client_initiated,
                    initiator_id=person_id if client_initiated else member,
                    team_member_ids=(member,),
                    person_ids=(person_id,),
                )
            )
        if len(known) >= 2:
            a, b = known[0], known[1]
            self.intros.append(
                IntroductionRecord(a, b, date=self.ago(30, 700), team_member_id=pairs[0][0])
            )
        self.current_people[account_id] = current

    def moves(self, count: int) -> None:
        """Move some current people to another account (their old employment ends)."""
        accounts = [a for a, people in self.current_people.items() if len(people) > 3]
        if len(accounts) < 2:
            return
        ends = {(e.person_id, e.account_id): i for i, e in enumerate(self.employments)}
        for _ in range(count):
            source, target = self.rng.sample(accounts, 2)
            person_id = self.rng.choice(self.current_people[source][1:])
            if any(r.person_id == person_id or r.manager_id == person_id for r in self.reports):
                continue  # keep the org charts simple: only people without reporting lines move
            left = self.ago(10, 200)
            index = ends[(person_id, source)]
            old = self.employments[index]
            self.employments[index] = EmploymentRecord(
                old.person_id, old.account_id, since=old.since, until=left
            )
            self.employments.append(EmploymentRecord(person_id, target, since=left))
            self.current_people[source].remove(person_id)
            self.current_people[target].append(person_id)

    def strength_targets(self, rng: random.Random) -> None:
        """Targets for about a third of each account's current people, set on a day of their
        current employment there within the last 240 days (so some postdate a past as-of day).
        ``rng`` is not the builder's: the rest of a portfolio stays the same with or without."""
        started = {
            (e.person_id, e.account_id): e.since for e in self.employments if e.until is None
        }
        for account_id, people in sorted(self.current_people.items()):
            for person_id in people:
                if rng.random() >= 0.35:
                    continue
                since = started.get((person_id, account_id)) or self.today
                set_at = max(since, self.today - timedelta(days=rng.randint(0, 240)))
                target = rng.choice(("STRONG", "STRONG", "DEVELOPING", "WEAK"))
                self.targets.append(StrengthTargetRecord(person_id, account_id, target, set_at))

    def signals(self, rng: random.Random) -> None:
        """Add the facts the newer figures read, drawn from ``rng`` (a stream of its own, so
        the rest of the portfolio is the one the same seed gives without them).

        Per account, each by chance: a renewal inside the window of today or of 120 days ago;
        a C-level or VP hired 0-240 days ago (some known to one of us); a champion's second
        stint at the account (an ended employment and a new one, the titles differing, or only
        in case and spaces, or the earlier without a title; now and then a third); hostile or
        senior blockers; people who attend touchpoints without a buying role or a place in the
        chart; and deals, open and closed, closing around the window, with contact roles, some
        without a decision maker on them or with one we do not reach."""
        today = self.today
        person = {p.id: i for i, p in enumerate(self.people)}
        stint = {
            (e.person_id, e.account_id): i
            for i, e in enumerate(self.employments)
            if e.until is None
        }
        for a_index, account in enumerate(self.accounts):
            number = int(account.id.split("-")[1])
            current = self.current_people[account.id]
            if not current:
                continue
            members = sorted({s.team_member_id for s in self.seats if s.account_id == account.id})
            known = sorted(
                {
                    r.person_id
                    for r in self.relationships
                    if r.id.startswith(f"rel-{number:05d}-") and r.person_id in current
                }
            )
            roles = {(r.person_id, r.role) for r in self.roles if r.account_id == account.id}

            def since(p: str, account_id: str = account.id) -> date | None:
                return self.employments[stint[(p, account_id)]].since

            roll = rng.random()
            renewal: date | None
            if roll < 0.35:
                renewal = today + timedelta(days=rng.randint(0, 90))
            elif roll < 0.6:
                renewal = today - timedelta(days=rng.randint(30, 120))
            else:
                renewal = account.renewal_date
            self.accounts[a_index] = replace(account, renewal_date=renewal)

            # A champion's second stint: the first ends, the next starts there the same day.
            champions = [
                p for p in current if (p, "CHAMPION") in roles and (p, account.id) in stint
            ]
            if champions and rng.random() < 0.6:
                champion = rng.choice(champions)
                index = stint[(champion, account.id)]
                old = self.employments[index]
                change = today - timedelta(days=rng.randint(5, 260))
                if old.since is not None and old.since < change:
                    title = self.people[person[champion]].title or "Specialist"
                    roll = rng.random()
                    earlier = (
                        f"Senior {title}"
                        if roll < 0.6
                        else f"  {title.upper()} "
                        if roll < 0.8
                        else None
                    )
                    self.employments[index] = replace(old, until=change, title=earlier)
                    middle = old.since + (change - old.since) / 2
                    if (change - old.since).days > 60 and rng.random() < 0.3:
                        # A third stint: the latest earlier one had today's title (no change
                        # to report), the first another.
                        self.employments[index] = replace(old, until=middle, title="Trainee")
                        self.employments.append(
                            EmploymentRecord(
                                champion,
                                account.id,
                                since=middle,
                                until=change,
                                title=f" {title.lower()}",
                            )
                        )
                    self.employments.append(
                        EmploymentRecord(champion, account.id, since=change, title=title)
                    )
                    stint[(champion, account.id)] = len(self.employments) - 1

            # Blockers: a hostile one we may know, or a senior one we may not.
            if known and rng.random() < 0.35:
                blocker = rng.choice(known)
                i = person[blocker]
                self.people[i] = replace(self.people[i], perception="NEGATIVE")
                if (blocker, "BLOCKER") not in roles:
                    self.roles.append(
                        BuyingRoleRecord(blocker, account.id, "BLOCKER", since=since(blocker))
                    )
                    roles.add((blocker, "BLOCKER"))
            senior = [
                p
                for p in current
                if self.people[person[p]].seniority in ("C_LEVEL", "VP", "DIRECTOR")
                and (p, "BLOCKER") not in roles
            ]
            if senior and rng.random() < 0.25:
                blocker = rng.choice(senior)
                self.roles.append(
                    BuyingRoleRecord(blocker, account.id, "BLOCKER", since=since(blocker))
                )
                roles.add((blocker, "BLOCKER"))

            added: list[str] = []
            # New executives, hired 0-240 days ago (the flag's window is 90): some known to us.
            for k in range(rng.choice((0, 0, 1, 1, 2))):
                person_id = f"p-{number:05d}-x{k}"
                seniority = rng.choice(("C_LEVEL", "VP"))
                department = rng.choice(DEPARTMENTS)
                hired = today - timedelta(days=rng.randint(0, 240))
                title = TITLES[seniority].format(d=department)
                self.people.append(
                    PersonRecord(
                        id=person_id,
                        name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                        title=title,
                        department=department,
                        seniority=seniority,
                    )
                )
                self.employments.append(
                    EmploymentRecord(person_id, account.id, since=hired, title=title)
                )
                if members and rng.random() < 0.3:
                    self.relationships.append(
                        RelationshipRecord(
                            id=f"rel-{number:05d}-x{k}",
                            team_member_id=rng.choice(members),
                            person_id=person_id,
                            since=min(today, hired + timedelta(days=rng.randint(0, 60))),
                        )
                    )
                added.append(person_id)

            # Ghosts: people we meet who hold no role and have no place in the chart (one in
            # four does get a role, so it is no ghost), some met too long ago to count.
            for k in range(rng.choice((0, 1, 1, 2)) if members else 0):
                person_id = f"p-{number:05d}-g{k}"
                hired = today - timedelta(days=rng.randint(200, 2000))
                department = rng.choice(DEPARTMENTS[1:])
                self.people.append(
                    PersonRecord(
                        id=person_id,
                        name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                        department=department,
                        seniority=rng.choice(("MANAGER", "INDIVIDUAL_CONTRIBUTOR")),
                    )
                )
                self.employments.append(EmploymentRecord(person_id, account.id, since=hired))
                if rng.random() < 0.25:
                    self.roles.append(BuyingRoleRecord(person_id, account.id, "USER", since=hired))
                for n in range(rng.randint(1, 2)):
                    member = rng.choice(members)
                    self.touchpoints.append(
                        TouchpointRecord(
                            id=f"tp-{number:05d}-g{k}{n}",
                            account_id=account.id,
                            date=today - timedelta(days=rng.randint(0, 450)),
                            channel=rng.choice(CHANNELS),
                            kind=rng.choice(KINDS),
                            summary="Synthetic touchpoint",
                            initiator_id=member,
                            team_member_ids=(member,),
                            person_ids=(person_id,),
                        )
                    )
                added.append(person_id)

            # Deals with their contact roles (people employed at the account today).
            people = current + added
            for k in range(rng.choice((0, 1, 1, 2, 3))):
                deal_id = f"opp-{number:05d}-{k}"
                self.opportunities.append(
                    OpportunityRecord(
                        id=deal_id,
                        account_id=account.id,
                        name=f"{rng.choice(INDUSTRIES)} deal {number}-{k}",
                        stage=rng.choice(DEAL_STAGES),
                        amount=float(rng.randint(5, 500) * 1000),
                        currency=account.currency,
                        close_date=(
                            today + timedelta(days=rng.randint(-180, 200))
                            if rng.random() < 0.9
                            else None
                        ),
                    )
                )
                on_deal = rng.sample(people, min(len(people), rng.randint(1, 4)))
                if known and rng.random() < 0.5:
                    on_deal[0] = rng.choice(known)  # a deal led by someone we know
                coach = rng.choice(known) if known and rng.random() < 0.4 else None
                if coach is not None and coach not in on_deal:
                    on_deal.append(coach)  # a champion on the deal we may reach
                for n, person_id in enumerate(dict.fromkeys(on_deal)):
                    role = (
                        "DECISION_MAKER"
                        if n == 0 and rng.random() < 0.75
                        else "CHAMPION"
                        if person_id == coach
                        else rng.choice(DEAL_ROLES)
                    )
                    self.contact_roles.append(
                        OpportunityContactRoleRecord(deal_id, person_id, role, is_primary=n == 0)
                    )
            current.extend(added)

    def promotions(self, rng: random.Random) -> None:
        """Dated position histories (``HELD``, docs/model.md "Positions") for some current
        people, drawn from ``rng`` (a stream of its own: the rest of the portfolio stays the one
        the same seed gives without them). Today's fields are untouched: the open position holds
        them, and the one before it, ending 10-200 days ago inside the current employment, is a
        level lower (a promotion: MANAGER -> DIRECTOR, VP -> C_LEVEL) or in another department.
        Champions more often, some 5-260 days ago (inside and outside the role-change window),
        the earlier title differing, or only in case and spaces, or missing. Now and then a third,
        older position, or a history that starts after the employment did (on its first days no
        position holds: today's fields stand)."""
        today = self.today
        people = {p.id: p for p in self.people}
        started = {
            (e.person_id, e.account_id): e.since for e in self.employments if e.until is None
        }
        champions = {(r.person_id, r.account_id) for r in self.roles if r.role == "CHAMPION"}
        for account_id, current in sorted(self.current_people.items()):
            for person_id in current:
                since = started.get((person_id, account_id))
                champion = (person_id, account_id) in champions
                if since is None or rng.random() >= (0.6 if champion else 0.2):
                    continue
                person = people[person_id]
                span = (today - since).days
                if span < 30:
                    continue
                high = min(260 if champion else 200, span - 20)
                change = today - timedelta(days=rng.randint(5 if champion else 10, high))
                level = SENIORITY_BY_DEPTH.index(person.seniority) if person.seniority else 4
                department = person.department or "Operations"
                title = person.title
                roll = rng.random()
                if champion and roll < 0.7:
                    earlier = (person.department, person.seniority)
                    title = (
                        None
                        if roll < 0.1
                        else f"  {(title or 'Specialist').upper()} "
                        if roll < 0.25
                        else f"Senior {title or 'Specialist'}"
                    )
                elif level < 4 and roll < 0.85:
                    lower = SENIORITY_BY_DEPTH[level + 1]
                    earlier = (department, lower)
                    title = TITLES[lower].format(d=department)
                else:
                    moved = rng.choice([d for d in DEPARTMENTS[1:] if d != department])
                    earlier = (moved, person.seniority)
                    title = TITLES[person.seniority or "MANAGER"].format(d=moved)
                first = since
                if rng.random() < 0.2:  # recorded from later on: a gap after the start
                    first = since + timedelta(days=(change - since).days // 3)
                if (change - first).days > 60 and rng.random() < 0.25:
                    middle = first + timedelta(days=(change - first).days // 2)
                    oldest = SENIORITY_BY_DEPTH[min(4, level + 2)]
                    self.positions.append(
                        PositionRecord(
                            person_id,
                            account_id,
                            since=first,
                            until=middle,
                            title=TITLES[oldest].format(d=earlier[0] or department),
                            department=earlier[0],
                            seniority=oldest,
                        )
                    )
                    first = middle
                self.positions.append(
                    PositionRecord(
                        person_id,
                        account_id,
                        since=first,
                        until=change,
                        title=title,
                        department=earlier[0],
                        seniority=earlier[1],
                    )
                )
                self.positions.append(
                    PositionRecord(
                        person_id,
                        account_id,
                        since=change,
                        title=person.title,
                        department=person.department,
                        seniority=person.seniority,
                    )
                )

    def dataset(self) -> Dataset:
        return Dataset(
            positions=tuple(self.positions),
            strength_targets=tuple(self.targets),
            accounts=tuple(self.accounts),
            people=tuple(self.people),
            employments=tuple(self.employments),
            reports_to=tuple(self.reports),
            buying_roles=tuple(self.roles),
            influences=tuple(self.influences),
            introductions=tuple(self.intros),
            team_members=tuple(self.team),
            team_assignments=tuple(self.seats),
            relationships=tuple(self.relationships),
            touchpoints=tuple(self.touchpoints),
            opportunities=tuple(self.opportunities),
            opportunity_contact_roles=tuple(self.contact_roles),
        )


def _tier(rng: random.Random) -> int:
    roll = rng.random()
    return 1 if roll < 0.4 else 2 if roll < 0.7 else 3 if roll < 0.9 else 4


def generate_portfolio(
    seed: int,
    accounts: int,
    *,
    people_per_account: tuple[int, int] = (8, 40),
    today: date,
    team_size: int = 30,
    first_index: int = 0,
    targets: bool = False,
    signals: bool = False,
    promotions: bool = False,
) -> Dataset:
    """``accounts`` accounts with org charts, roles, our team, relationships and touchpoints.

    Account ``i`` gets the id ``acc-{first_index + i:05d}`` (its people, relationships and
    touchpoints are named after it), so portfolios with disjoint index ranges can be imported
    side by side; they share our team (ids ``tm-0000`` on). ``signals`` adds deals, renewals,
    new executives, second stints, blockers and ghost attendees (``_Builder.signals``) from a
    random stream of their own: without it the portfolio is what it always was. ``targets``:
    also target strengths (their draws come from another generator of their own, too).
    ``promotions``: dated position histories of some current people (``_Builder.promotions``,
    a stream of its own as well).
    """
    rng = random.Random(seed)
    builder = _Builder(rng, today)
    pool = builder.team_pool(team_size)
    for index in range(first_index, first_index + accounts):
        builder.account(index, rng.randint(*people_per_account), _tier(rng), pool)
    builder.moves(max(0, accounts // 10))
    if signals:
        builder.signals(random.Random(f"signals-{seed}"))
    if targets:
        builder.strength_targets(random.Random(f"{seed}/targets"))
    if promotions:
        builder.promotions(random.Random(f"promotions-{seed}"))
    return builder.dataset()


def generate_account(seed: int, people: int, *, today: date, index: int = 0) -> Dataset:
    """One tier-4 account with exactly ``people`` people (all current), its team and touchpoints.

    Its id is ``acc-{index:05d}``: accounts of distinct indexes can be imported side by side.
    """
    rng = random.Random(seed)
    builder = _Builder(rng, today)
    pool = builder.team_pool(8)
    builder.account(index, people, 4, pool)
    # The account's people all stay current, so the chart holds exactly ``people`` nodes.
    builder.employments = [
        EmploymentRecord(e.person_id, e.account_id, since=e.since) for e in builder.employments
    ]
    data = builder.dataset()
    return data
