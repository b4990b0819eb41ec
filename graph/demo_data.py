"""The demo portfolio: hand-written accounts, people, our team and a year of touchpoints.

All dates are relative to ``today`` so the scores read as they would in real use. The anchor
account, Northwind Logistics, shows what Stakegraph is for: most of our access runs through one
champion (Priya Raman), a champion left two months ago for another client (Henrik Olsen, now
at Contoso: a lead), a senior blocker in Procurement, and no relationship at all in HR, Legal
or Marketing.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from graph.dataset import (
    AccountRecord,
    BuyingRoleRecord,
    Dataset,
    EmploymentRecord,
    ExternalIdRecord,
    InfluenceRecord,
    IntroductionRecord,
    PersonRecord,
    RelationshipRecord,
    ReportsToRecord,
    TeamAssignmentRecord,
    TeamMemberRecord,
    TouchpointRecord,
)

ANCHOR = "acc-northwind"

# (id, name, title, department, seniority, manager id, roles, perception, cares about)
NORTHWIND_PEOPLE: tuple[
    tuple[str, str, str, str, str, str | None, tuple[str, ...], str, tuple[str, ...]], ...
] = (
    (
        "p-lindqvist",
        "Margaret Lindqvist",
        "Chief Executive Officer",
        "Executive",
        "C_LEVEL",
        None,
        (),
        "POSITIVE",
        ("growth in the Nordics", "on-time delivery"),
    ),
    (
        "p-mehta",
        "Rahul Mehta",
        "Chief Financial Officer",
        "Finance",
        "C_LEVEL",
        "p-lindqvist",
        ("DECISION_MAKER",),
        "POSITIVE",
        ("cost per shipment", "multi-year pricing"),
    ),
    (
        "p-alvarez",
        "Sofia Alvarez",
        "Chief Information Officer",
        "IT",
        "C_LEVEL",
        "p-lindqvist",
        ("DECISION_MAKER",),
        "NEUTRAL",
        ("platform consolidation", "security posture"),
    ),
    (
        "p-becker",
        "Thomas Becker",
        "Chief Operating Officer",
        "Operations",
        "C_LEVEL",
        "p-lindqvist",
        ("INFLUENCER",),
        "NEUTRAL",
        ("warehouse throughput",),
    ),
    (
        "p-bello",
        "Aisha Bello",
        "Chief People Officer",
        "HR",
        "C_LEVEL",
        "p-lindqvist",
        (),
        "UNKNOWN",
        (),
    ),
    (
        "p-devries",
        "Pieter de Vries",
        "General Counsel",
        "Legal",
        "C_LEVEL",
        "p-lindqvist",
        (),
        "UNKNOWN",
        (),
    ),
    (
        "p-martin",
        "Chloé Martin",
        "Chief Marketing Officer",
        "Marketing",
        "C_LEVEL",
        "p-lindqvist",
        (),
        "UNKNOWN",
        (),
    ),
    (
        "p-raman",
        "Priya Raman",
        "VP Digital Transformation",
        "IT",
        "VP",
        "p-alvarez",
        ("CHAMPION", "INFLUENCER"),
        "ADVOCATE",
        ("visible wins for the board", "her team's growth"),
    ),
    (
        "p-kim",
        "Daniel Kim",
        "VP IT Infrastructure",
        "IT",
        "VP",
        "p-alvarez",
        ("INFLUENCER",),
        "NEUTRAL",
        ("uptime", "vendor consolidation"),
    ),
    (
        "p-nilsson",
        "Lars Nilsson",
        "VP Finance Operations",
        "Finance",
        "VP",
        "p-mehta",
        (),
        "NEUTRAL",
        ("closing the books faster",),
    ),
    (
        "p-rossi",
        "Elena Rossi",
        "VP Operations",
        "Operations",
        "VP",
        "p-becker",
        ("INFLUENCER",),
        "POSITIVE",
        ("fewer manual hand-offs",),
    ),
    (
        "p-zhang",
        "Wei Zhang",
        "Director of Applications",
        "IT",
        "DIRECTOR",
        "p-raman",
        ("CHAMPION", "USER"),
        "POSITIVE",
        ("release cadence",),
    ),
    (
        "p-kowalska",
        "Marta Kowalska",
        "Director of Data Platform",
        "IT",
        "DIRECTOR",
        "p-raman",
        ("USER",),
        "POSITIVE",
        ("data quality",),
    ),
    (
        "p-okafor",
        "Grace Okafor",
        "Director of Security",
        "IT",
        "DIRECTOR",
        "p-kim",
        ("TECHNICAL_BUYER",),
        "POSITIVE",
        ("zero-trust roadmap",),
    ),
    (
        "p-haddad",
        "Omar Haddad",
        "Financial Controller",
        "Finance",
        "DIRECTOR",
        "p-nilsson",
        ("INFLUENCER",),
        "NEUTRAL",
        ("audit findings",),
    ),
    (
        "p-hahn",
        "Gregor Hahn",
        "Director of Procurement",
        "Procurement",
        "DIRECTOR",
        "p-mehta",
        ("BLOCKER",),
        "NEGATIVE",
        ("price per day", "vendor count"),
    ),
    (
        "p-berg",
        "Jonas Berg",
        "Director of Warehousing",
        "Operations",
        "DIRECTOR",
        "p-rossi",
        ("USER",),
        "NEUTRAL",
        ("peak season",),
    ),
    (
        "p-zahra",
        "Fatima Zahra",
        "Director of Transport",
        "Operations",
        "DIRECTOR",
        "p-rossi",
        (),
        "UNKNOWN",
        (),
    ),
    (
        "p-grant",
        "Lucy Grant",
        "Director of Brand",
        "Marketing",
        "DIRECTOR",
        "p-martin",
        (),
        "UNKNOWN",
        (),
    ),
    (
        "p-watanabe",
        "Kenji Watanabe",
        "Director of HR Systems",
        "HR",
        "DIRECTOR",
        "p-bello",
        (),
        "UNKNOWN",
        (),
    ),
    (
        "p-costa",
        "Ana Costa",
        "Director of Contracts",
        "Legal",
        "DIRECTOR",
        "p-devries",
        (),
        "UNKNOWN",
        (),
    ),
    (
        "p-rivera",
        "Sam Rivera",
        "Interim Programme Manager (contractor)",
        "Operations",
        "MANAGER",
        None,
        (),
        "NEUTRAL",
        (),
    ),
)

# Managers and individual contributors under each director: (manager id, department, titles).
TEAMS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "p-zhang",
        "IT",
        (
            "Engineering Manager, Web",
            "Engineering Manager, Mobile",
            "Senior Developer",
            "Developer",
            "QA Lead",
        ),
    ),
    (
        "p-kowalska",
        "IT",
        ("Data Engineering Manager", "Data Engineer", "Analytics Engineer", "BI Analyst"),
    ),
    ("p-okafor", "IT", ("Security Operations Manager", "Security Analyst", "Identity Engineer")),
    (
        "p-kim",
        "IT",
        ("Infrastructure Manager", "Cloud Engineer", "Network Engineer", "Service Desk Lead"),
    ),
    (
        "p-haddad",
        "Finance",
        (
            "Accounting Manager",
            "Financial Analyst",
            "Treasury Analyst",
            "Accounts Payable Specialist",
        ),
    ),
    ("p-hahn", "Procurement", ("Category Manager, IT Services", "Buyer", "Contract Analyst")),
    (
        "p-berg",
        "Operations",
        (
            "Warehouse Operations Manager",
            "Shift Supervisor",
            "Inventory Planner",
            "Process Engineer",
        ),
    ),
    (
        "p-zahra",
        "Operations",
        ("Fleet Manager", "Route Planner", "Dispatch Coordinator", "Customs Specialist"),
    ),
    ("p-grant", "Marketing", ("Campaign Manager", "Content Strategist", "Events Coordinator")),
    ("p-watanabe", "HR", ("HRIS Manager", "Payroll Specialist")),
    (
        "p-costa",
        "Legal",
        ("Contract Manager", "Paralegal", "Compliance Analyst", "Privacy Officer"),
    ),
)
FIRST = (
    "Alex",
    "Birgit",
    "Carlos",
    "Dana",
    "Emil",
    "Farah",
    "Georg",
    "Hanna",
    "Ines",
    "Jakob",
    "Kaisa",
    "Luis",
    "Maja",
    "Nils",
    "Olga",
    "Paulo",
    "Rania",
    "Stefan",
    "Tuva",
    "Uwe",
    "Vera",
    "Wiktor",
    "Yusuf",
    "Zoe",
    "Anton",
    "Bea",
    "Cem",
    "Dora",
    "Erik",
    "Frida",
    "Goran",
    "Helga",
    "Ivan",
    "Jonna",
    "Karim",
    "Lotte",
    "Mads",
    "Nadia",
    "Oskar",
    "Petra",
)
LAST = (
    "Andersen",
    "Brandt",
    "Carvalho",
    "Dufour",
    "Eklund",
    "Ferreira",
    "Gunnarsson",
    "Hofmann",
    "Ivanova",
    "Johansson",
    "Keller",
    "Larsen",
    "Moreno",
    "Nowak",
    "Ortega",
    "Pettersson",
    "Quintana",
    "Richter",
    "Sandberg",
    "Toivonen",
    "Urban",
    "Vogel",
    "Winter",
    "Yilmaz",
    "Ziegler",
    "Aalto",
    "Blom",
    "Crespo",
    "Dahlberg",
    "Engel",
)

TEAM = (
    ("tm-hartmann", "Eva Hartmann", "Partner", "C_LEVEL"),
    ("tm-bianchi", "Marco Bianchi", "Account Director", "DIRECTOR"),
    ("tm-novak", "Julia Novak", "Delivery Lead", "MANAGER"),
    ("tm-shah", "Ravi Shah", "Cloud Architect", "MANAGER"),
    ("tm-fischer", "Lena Fischer", "Data Specialist", "INDIVIDUAL_CONTRIBUTOR"),
    ("tm-baker", "Tom Baker", "Security Specialist", "INDIVIDUAL_CONTRIBUTOR"),
    ("tm-lind", "Nora Lind", "Change Management Consultant", "INDIVIDUAL_CONTRIBUTOR"),
    ("tm-weber", "Felix Weber", "Account Manager", "MANAGER"),
)


def _email(name: str, domain: str) -> str:
    return name.lower().replace(" ", ".").replace("é", "e") + "@" + domain


def build_demo_dataset(today: date) -> Dataset:
    def ago(days: int) -> date:
        return today - timedelta(days=days)

    def set_at(days: int) -> datetime:
        return datetime.combine(ago(days), time(9, 0), tzinfo=UTC)

    accounts = (
        AccountRecord(
            ANCHOR,
            "Northwind Logistics",
            4,
            domain="northwind.example",
            industry="Logistics",
            segment="Enterprise",
            is_key_account=True,
            annual_revenue=2_400_000.0,
            currency="EUR",
            client_since=ago(7 * 365 + 40),
            lifecycle_stage="STRATEGIC_ALLIANCE",
            renewal_date=today + timedelta(days=150),
            expansion_potential=3,
            icp_fit=3,
            strategic_value=3,
            risk_cost_to_serve=1,
            external_ids=(ExternalIdRecord("salesforce", "0015g00000NWIND"),),
        ),
        AccountRecord(
            "acc-contoso",
            "Contoso Pharma",
            3,
            domain="contoso.example",
            industry="Healthcare",
            segment="Enterprise",
            is_key_account=True,
            annual_revenue=650_000.0,
            currency="EUR",
            client_since=ago(4 * 365),
            lifecycle_stage="ADVISOR_STATUS",
            renewal_date=today + timedelta(days=90),
            expansion_potential=3,
            icp_fit=2,
            strategic_value=2,
            risk_cost_to_serve=1,
            external_ids=(ExternalIdRecord("salesforce", "0015g00000CNTSO"),),
        ),
        AccountRecord(
            "acc-fabrikam",
            "Fabrikam Retail",
            3,
            domain="fabrikam.example",
            industry="Retail",
            segment="Enterprise",
            is_key_account=True,
            annual_revenue=420_000.0,
            currency="GBP",
            client_since=ago(3 * 365),
            lifecycle_stage="TRUST_DEVELOPMENT",
            renewal_date=today + timedelta(days=200),
            expansion_potential=2,
            icp_fit=2,
            strategic_value=1,
            risk_cost_to_serve=2,
            external_ids=(ExternalIdRecord("salesforce", "0015g00000FBRKM"),),
        ),
        AccountRecord(
            "acc-adatum",
            "Adatum Insurance",
            2,
            domain="adatum.example",
            industry="Finance",
            segment="Mid-market",
            annual_revenue=140_000.0,
            currency="EUR",
            client_since=ago(2 * 365),
            lifecycle_stage="TRUST_DEVELOPMENT",
            renewal_date=today + timedelta(days=45),
            expansion_potential=1,
            icp_fit=2,
            strategic_value=1,
            risk_cost_to_serve=2,
        ),
        AccountRecord(
            "acc-tailspin",
            "Tailspin Air",
            2,
            domain="tailspin.example",
            industry="Logistics",
            segment="Mid-market",
            annual_revenue=95_000.0,
            currency="USD",
            client_since=ago(500),
            lifecycle_stage="TRUST_DEVELOPMENT",
            expansion_potential=2,
            icp_fit=1,
            strategic_value=1,
            risk_cost_to_serve=1,
        ),
        AccountRecord(
            "acc-litware",
            "Litware Studio",
            1,
            domain="litware.example",
            industry="Media",
            segment="SMB",
            annual_revenue=32_000.0,
            currency="EUR",
            client_since=ago(200),
            lifecycle_stage="INITIATION",
            expansion_potential=1,
            icp_fit=1,
            strategic_value=0,
            risk_cost_to_serve=1,
        ),
        AccountRecord(
            "acc-woodgrove",
            "Woodgrove Credit Union",
            1,
            domain="woodgrove.example",
            industry="Finance",
            segment="SMB",
            annual_revenue=18_000.0,
            currency="USD",
            client_since=ago(900),
            lifecycle_stage="INITIATION",
        ),
    )

    people: list[PersonRecord] = []
    employments: list[EmploymentRecord] = []
    reports: list[ReportsToRecord] = []
    roles: list[BuyingRoleRecord] = []
    for pid, name, title, dept, level, manager, person_roles, perception, cares in NORTHWIND_PEOPLE:
        people.append(
            PersonRecord(
                pid,
                name,
                email=_email(name, "northwind.example"),
                title=title,
                department=dept,
                seniority=level,
                location="Hamburg",
                profile_url=f"https://profiles.example/{pid[2:]}",
                perception=perception,
                cares_about=cares,
            )
        )
        tenure = 400 + 37 * len(people)
        employments.append(EmploymentRecord(pid, ANCHOR, since=ago(tenure), title=title))
        if manager:
            reports.append(ReportsToRecord(pid, manager, since=ago(300)))
        # A role starts no earlier than the employment it is held in.
        roles.extend(
            BuyingRoleRecord(pid, ANCHOR, role, since=ago(min(500, tenure)))
            for role in person_roles
        )

    # Managers and individual contributors: names from fixed lists, so the set never changes.
    index = 0
    for manager, dept, titles in TEAMS:
        for title in titles:
            name = f"{FIRST[index % len(FIRST)]} {LAST[(index * 7) % len(LAST)]}"
            pid = f"p-nw-{index:02d}"
            level = "MANAGER" if "Manager" in title or "Lead" in title else "INDIVIDUAL_CONTRIBUTOR"
            people.append(
                PersonRecord(
                    pid,
                    name,
                    email=_email(name, "northwind.example"),
                    title=title,
                    department=dept,
                    seniority=level,
                    location="Hamburg",
                )
            )
            employments.append(
                EmploymentRecord(pid, ANCHOR, since=ago(200 + 11 * index), title=title)
            )
            reports.append(ReportsToRecord(pid, manager, since=ago(180)))
            index += 1
    roles.append(BuyingRoleRecord("p-nw-00", ANCHOR, "USER"))
    roles.append(BuyingRoleRecord("p-nw-05", ANCHOR, "USER"))

    # The champion who left two months ago for Contoso (a lead), and someone who came from
    # Adatum, where we already knew her (a warm path carried over).
    people.append(
        PersonRecord(
            "p-olsen",
            "Henrik Olsen",
            email="henrik.olsen@contoso.example",
            title="Head of Supply Chain Systems",
            department="Operations",
            seniority="DIRECTOR",
            perception="ADVOCATE",
            cares_about=("end-to-end visibility",),
        )
    )
    employments.append(
        EmploymentRecord(
            "p-olsen", ANCHOR, since=ago(2000), until=ago(62), title="Head of Supply Chain Systems"
        )
    )
    employments.append(
        EmploymentRecord("p-olsen", "acc-contoso", since=ago(61), title="VP Supply Chain")
    )
    roles.append(BuyingRoleRecord("p-olsen", ANCHOR, "CHAMPION", since=ago(1500)))
    employments[[e.person_id for e in employments].index("p-okafor")] = EmploymentRecord(
        "p-okafor", ANCHOR, since=ago(390), title="Director of Security"
    )
    roles = [
        BuyingRoleRecord(r.person_id, r.account_id, r.role, since=ago(390))
        if r.person_id == "p-okafor"
        else r
        for r in roles
    ]
    employments.append(
        EmploymentRecord(
            "p-okafor", "acc-adatum", since=ago(1400), until=ago(395), title="Head of IT Security"
        )
    )

    # Smaller accounts.
    small = (
        (
            "acc-contoso",
            "contoso.example",
            (
                ("p-c-ng", "Michelle Ng", "CEO", "Executive", "C_LEVEL", None, ("DECISION_MAKER",)),
                ("p-c-weiss", "Jan Weiss", "CIO", "IT", "C_LEVEL", "p-c-ng", ("DECISION_MAKER",)),
                (
                    "p-c-patel",
                    "Anika Patel",
                    "Director of Clinical Systems",
                    "IT",
                    "DIRECTOR",
                    "p-c-weiss",
                    ("CHAMPION",),
                ),
                (
                    "p-c-moreau",
                    "Luc Moreau",
                    "Procurement Manager",
                    "Procurement",
                    "MANAGER",
                    "p-c-ng",
                    ("INFLUENCER",),
                ),
                (
                    "p-c-silva",
                    "Rita Silva",
                    "Systems Analyst",
                    "IT",
                    "INDIVIDUAL_CONTRIBUTOR",
                    "p-c-patel",
                    ("USER",),
                ),
            ),
        ),
        (
            "acc-fabrikam",
            "fabrikam.example",
            (
                (
                    "p-f-brown",
                    "Oliver Brown",
                    "COO",
                    "Operations",
                    "C_LEVEL",
                    None,
                    ("DECISION_MAKER",),
                ),
                (
                    "p-f-evans",
                    "Sophie Evans",
                    "Head of E-commerce",
                    "Digital",
                    "DIRECTOR",
                    "p-f-brown",
                    ("CHAMPION",),
                ),
                (
                    "p-f-hughes",
                    "Liam Hughes",
                    "E-commerce Manager",
                    "Digital",
                    "MANAGER",
                    "p-f-evans",
                    ("USER",),
                ),
                (
                    "p-f-wright",
                    "Emma Wright",
                    "Finance Director",
                    "Finance",
                    "DIRECTOR",
                    "p-f-brown",
                    ("BLOCKER",),
                ),
            ),
        ),
        (
            "acc-adatum",
            "adatum.example",
            (
                ("p-a-fuchs", "Miriam Fuchs", "CIO", "IT", "C_LEVEL", None, ("DECISION_MAKER",)),
                (
                    "p-a-lange",
                    "Paul Lange",
                    "IT Manager",
                    "IT",
                    "MANAGER",
                    "p-a-fuchs",
                    ("CHAMPION",),
                ),
                (
                    "p-a-roth",
                    "Clara Roth",
                    "Business Analyst",
                    "Operations",
                    "INDIVIDUAL_CONTRIBUTOR",
                    "p-a-lange",
                    ("USER",),
                ),
            ),
        ),
        (
            "acc-tailspin",
            "tailspin.example",
            (
                (
                    "p-t-garcia",
                    "Diego Garcia",
                    "VP Operations",
                    "Operations",
                    "VP",
                    None,
                    ("DECISION_MAKER", "CHAMPION"),
                ),
                (
                    "p-t-lee",
                    "Hannah Lee",
                    "Ops Analyst",
                    "Operations",
                    "INDIVIDUAL_CONTRIBUTOR",
                    "p-t-garcia",
                    ("USER",),
                ),
            ),
        ),
        (
            "acc-litware",
            "litware.example",
            (
                (
                    "p-l-dubois",
                    "Camille Dubois",
                    "Founder",
                    "Executive",
                    "C_LEVEL",
                    None,
                    ("DECISION_MAKER",),
                ),
                (
                    "p-l-kaur",
                    "Simran Kaur",
                    "Producer",
                    "Production",
                    "INDIVIDUAL_CONTRIBUTOR",
                    "p-l-dubois",
                    ("USER",),
                ),
            ),
        ),
        (
            "acc-woodgrove",
            "woodgrove.example",
            (
                (
                    "p-w-mills",
                    "Harold Mills",
                    "IT Manager",
                    "IT",
                    "MANAGER",
                    None,
                    ("DECISION_MAKER",),
                ),
            ),
        ),
    )
    for account_id, domain, members in small:
        for pid, name, title, dept, level, manager, person_roles in members:
            people.append(
                PersonRecord(
                    pid,
                    name,
                    email=_email(name, domain),
                    title=title,
                    department=dept,
                    seniority=level,
                    perception="POSITIVE" if "CHAMPION" in person_roles else "NEUTRAL",
                )
            )
            employments.append(EmploymentRecord(pid, account_id, since=ago(700), title=title))
            if manager:
                reports.append(ReportsToRecord(pid, manager, since=ago(600)))
            roles.extend(BuyingRoleRecord(pid, account_id, role) for role in person_roles)

    team = tuple(
        TeamMemberRecord(
            tid,
            name,
            email=_email(name, "ourfirm.example"),
            title=title,
            seniority=level,
            external_ids=(ExternalIdRecord("workday", tid[3:].upper()),),
        )
        for tid, name, title, level in TEAM
    )
    seats = (
        TeamAssignmentRecord("tm-hartmann", ANCHOR, "EXECUTIVE_SPONSOR", since=ago(2000)),
        TeamAssignmentRecord("tm-bianchi", ANCHOR, "ACCOUNT_LEAD", since=ago(1500)),
        TeamAssignmentRecord("tm-novak", ANCHOR, "DELIVERY_LEAD", since=ago(700)),
        TeamAssignmentRecord("tm-shah", ANCHOR, "SPECIALIST", since=ago(400)),
        TeamAssignmentRecord("tm-fischer", ANCHOR, "SPECIALIST", since=ago(300)),
        TeamAssignmentRecord("tm-baker", ANCHOR, "SPECIALIST", since=ago(380)),
        TeamAssignmentRecord("tm-lind", ANCHOR, "SPECIALIST", since=ago(120)),
        TeamAssignmentRecord("tm-hartmann", "acc-contoso", "EXECUTIVE_SPONSOR", since=ago(900)),
        TeamAssignmentRecord("tm-weber", "acc-contoso", "ACCOUNT_LEAD", since=ago(900)),
        TeamAssignmentRecord("tm-weber", "acc-fabrikam", "ACCOUNT_LEAD", since=ago(800)),
        TeamAssignmentRecord("tm-shah", "acc-fabrikam", "SPECIALIST", since=ago(300)),
        TeamAssignmentRecord("tm-weber", "acc-adatum", "ACCOUNT_LEAD", since=ago(700)),
        TeamAssignmentRecord("tm-lind", "acc-tailspin", "ACCOUNT_LEAD", since=ago(400)),
        TeamAssignmentRecord("tm-fischer", "acc-litware", "ACCOUNT_LEAD", since=ago(200)),
        TeamAssignmentRecord("tm-weber", "acc-woodgrove", "ACCOUNT_LEAD", since=ago(900)),
    )

    # Our relationships. Access at Northwind runs through Priya Raman: two of us know her well;
    # the rest are one-offs, old, or weak. HR, Legal and Marketing: nobody.
    rel_specs = (
        ("tm-hartmann", "p-mehta", "STRONG", 60),
        ("tm-hartmann", "p-lindqvist", None, None),
        ("tm-bianchi", "p-raman", None, None),
        ("tm-bianchi", "p-zhang", None, None),
        ("tm-bianchi", "p-olsen", "STRONG", 300),
        ("tm-bianchi", "p-hahn", "AT_RISK", 90),
        ("tm-novak", "p-raman", None, None),
        ("tm-novak", "p-kowalska", None, None),
        ("tm-novak", "p-nw-00", None, None),
        ("tm-shah", "p-kim", "WEAK", 200),
        ("tm-shah", "p-nw-12", None, None),
        ("tm-fischer", "p-nw-05", None, None),
        ("tm-baker", "p-okafor", "DEVELOPING", 400),
        ("tm-lind", "p-rossi", None, None),
        # Other accounts.
        ("tm-hartmann", "p-c-ng", None, None),
        ("tm-weber", "p-c-patel", None, None),
        ("tm-weber", "p-c-weiss", None, None),
        ("tm-bianchi", "p-c-moreau", "WEAK", 100),
        ("tm-weber", "p-f-evans", None, None),
        ("tm-weber", "p-f-hughes", None, None),
        ("tm-shah", "p-f-hughes", None, None),
        ("tm-weber", "p-a-lange", None, None),
        ("tm-weber", "p-a-fuchs", "DEVELOPING", 150),
        ("tm-lind", "p-t-garcia", None, None),
        ("tm-lind", "p-t-lee", None, None),
        ("tm-fischer", "p-l-dubois", None, None),
        ("tm-weber", "p-w-mills", "WEAK", 500),
    )
    relationships = tuple(
        RelationshipRecord(
            f"rel-{i:03d}",
            tm,
            pid,
            since=ago(600 - 10 * i),
            manual_strength=manual,
            manual_strength_set_at=set_at(days) if days is not None else None,
        )
        for i, (tm, pid, manual, days) in enumerate(rel_specs)
    )

    touchpoints = _touchpoints(today)
    influences = (
        InfluenceRecord("p-raman", "p-mehta", "Briefs the CFO on digital spend"),
        InfluenceRecord("p-raman", "p-becker", "Runs the joint ops/IT steering group"),
        InfluenceRecord("p-becker", "p-hahn", "Procurement follows the COO's priorities"),
        InfluenceRecord("p-hahn", "p-nilsson"),
        InfluenceRecord(
            "p-nilsson", "p-becker"
        ),  # closes a cycle: Becker → Hahn → Nilsson → Becker
        InfluenceRecord("p-c-patel", "p-c-weiss"),
    )
    introductions = (
        IntroductionRecord("p-raman", "p-kowalska", date=ago(330), team_member_id="tm-novak"),
        IntroductionRecord("p-raman", "p-rossi", date=ago(150), team_member_id="tm-lind"),
        IntroductionRecord("p-olsen", "p-zahra", date=ago(700), team_member_id="tm-bianchi"),
    )
    return Dataset(
        accounts=accounts,
        people=tuple(people),
        employments=tuple(employments),
        reports_to=tuple(reports),
        buying_roles=tuple(roles),
        influences=influences,
        introductions=introductions,
        team_members=team,
        team_assignments=seats,
        relationships=relationships,
        touchpoints=touchpoints,
    )


def _touchpoints(today: date) -> tuple[TouchpointRecord, ...]:
    """A year of touchpoints on a fixed schedule with a fixed-seed jitter: the same every run."""
    rng = random.Random(7)
    out: list[TouchpointRecord] = []

    def add(
        account: str,
        days_ago: int,
        channel: str,
        kind: str,
        summary: str,
        team: tuple[str, ...],
        people: tuple[str, ...],
        client_first: bool = False,
    ) -> None:
        if days_ago < 0:
            return
        out.append(
            TouchpointRecord(
                id=f"tp-{len(out):04d}",
                account_id=account,
                date=today - timedelta(days=days_ago),
                channel=channel,
                kind=kind,
                summary=summary,
                initiated_by_client=client_first,
                initiator_id=people[0] if client_first else team[0],
                team_member_ids=team,
                person_ids=people,
            )
        )

    # Northwind: weekly delivery syncs with Priya (Marco and Julia), alternating channel.
    for week in range(52):
        day = 7 * week + rng.randint(0, 2)
        add(
            ANCHOR,
            day,
            "VIDEO" if week % 3 else "IN_PERSON",
            "OPERATIONAL",
            "Weekly delivery sync",
            ("tm-bianchi", "tm-novak"),
            ("p-raman",),
            client_first=week % 4 == 0,
        )
    # Strategic working sessions every three weeks with Priya and Wei.
    for i in range(17):
        add(
            ANCHOR,
            21 * i + 3 + rng.randint(0, 3),
            "IN_PERSON" if i % 2 else "VIDEO",
            "STRATEGIC",
            "Roadmap workshop",
            ("tm-bianchi",),
            ("p-raman", "p-zhang"),
            client_first=i % 3 == 0,
        )
    # Quarterly business reviews with the CEO and CFO; monthly CFO calls by the sponsor.
    for q in range(4):
        add(
            ANCHOR,
            91 * q + 12,
            "IN_PERSON",
            "EXECUTIVE",
            "Quarterly business review",
            ("tm-hartmann", "tm-bianchi"),
            ("p-mehta", "p-lindqvist", "p-raman"),
        )
    for m in range(12):
        add(
            ANCHOR,
            30 * m + 5 + rng.randint(0, 4),
            "CALL",
            "STRATEGIC",
            "Sponsor call with the CFO",
            ("tm-hartmann",),
            ("p-mehta",),
            client_first=m % 5 == 0,
        )
    add(
        ANCHOR,
        340,
        "IN_PERSON",
        "EXECUTIVE",
        "Annual strategy session",
        ("tm-hartmann", "tm-bianchi", "tm-novak"),
        ("p-lindqvist", "p-mehta", "p-alvarez", "p-raman"),
    )
    # Julia with the data platform team; Lena with an analyst; Ravi's infrastructure review (old).
    for i in range(10):
        add(
            ANCHOR,
            10 * i + 2,
            "VIDEO",
            "OPERATIONAL",
            "Data platform stand-up",
            ("tm-novak",),
            ("p-kowalska", "p-nw-00"),
        )
    for i in range(6):
        add(
            ANCHOR,
            14 * i + 4,
            "VIDEO",
            "OPERATIONAL",
            "Dashboard review",
            ("tm-fischer",),
            ("p-nw-05",),
        )
    add(
        ANCHOR,
        160,
        "VIDEO",
        "OPERATIONAL",
        "Infrastructure review",
        ("tm-shah",),
        ("p-kim", "p-nw-12"),
    )
    add(ANCHOR, 75, "CALL", "OPERATIONAL", "Security questionnaire", ("tm-baker",), ("p-okafor",))
    add(
        ANCHOR,
        40,
        "IN_PERSON",
        "STRATEGIC",
        "Operations process walk",
        ("tm-lind",),
        ("p-rossi",),
        client_first=True,
    )
    add(
        ANCHOR,
        20,
        "EMAIL",
        "MAINTENANCE",
        "Congratulations on the new warehouse",
        ("tm-lind",),
        ("p-rossi",),
    )
    # Henrik, the champion who left: close until he went.
    for i in range(12):
        add(
            ANCHOR,
            70 + 21 * i,
            "IN_PERSON" if i % 2 else "CALL",
            "STRATEGIC",
            "Supply chain roadmap",
            ("tm-bianchi",),
            ("p-olsen",),
            client_first=i % 2 == 0,
        )
    add(ANCHOR, 95, "EMAIL", "OPERATIONAL", "Rate card questions", ("tm-bianchi",), ("p-hahn",))
    # Contoso: healthy, sponsor engaged.
    for i in range(12):
        add(
            "acc-contoso",
            25 * i + 3,
            "VIDEO",
            "STRATEGIC" if i % 2 else "OPERATIONAL",
            "Clinical systems roadmap",
            ("tm-weber",),
            ("p-c-patel", "p-c-weiss"),
            client_first=i % 3 == 0,
        )
    for q in range(3):
        add(
            "acc-contoso",
            85 * q + 30,
            "IN_PERSON",
            "EXECUTIVE",
            "Executive review",
            ("tm-hartmann", "tm-weber"),
            ("p-c-ng",),
        )
    add(
        "acc-contoso",
        15,
        "CALL",
        "STRATEGIC",
        "Henrik's first month at Contoso",
        ("tm-bianchi",),
        ("p-olsen",),
        client_first=True,
    )
    # Fabrikam: operational only, no sponsor.
    for i in range(10):
        add(
            "acc-fabrikam",
            12 * i + 6,
            "VIDEO",
            "OPERATIONAL",
            "E-commerce sprint review",
            ("tm-weber", "tm-shah"),
            ("p-f-evans", "p-f-hughes"),
        )
    # Adatum: busy half a year ago, quiet since (declining engagement).
    for i in range(9):
        add(
            "acc-adatum",
            95 + 9 * i,
            "VIDEO",
            "OPERATIONAL",
            "Claims platform rollout",
            ("tm-weber",),
            ("p-a-lange", "p-a-roth"),
        )
    add("acc-adatum", 40, "EMAIL", "MAINTENANCE", "Check-in", ("tm-weber",), ("p-a-lange",))
    add(
        "acc-adatum",
        150,
        "IN_PERSON",
        "STRATEGIC",
        "Renewal planning",
        ("tm-weber",),
        ("p-a-fuchs",),
    )
    # Tailspin, Litware: small and steady; Woodgrove: nothing this year.
    for i in range(6):
        add(
            "acc-tailspin",
            30 * i + 8,
            "CALL",
            "STRATEGIC" if i % 3 == 0 else "OPERATIONAL",
            "Ops analytics check-in",
            ("tm-lind",),
            ("p-t-garcia", "p-t-lee"),
            client_first=i == 2,
        )
    add(
        "acc-tailspin",
        170,
        "EMAIL",
        "MAINTENANCE",
        "Season's greetings",
        ("tm-lind",),
        ("p-t-garcia",),
    )
    for i in range(5):
        add(
            "acc-litware",
            9 * i + 1,
            "VIDEO",
            "OPERATIONAL",
            "Production pipeline",
            ("tm-fischer",),
            ("p-l-dubois", "p-l-kaur"),
        )
    return tuple(out)
