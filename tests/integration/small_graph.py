"""A small, fully known graph for query tests (dates relative to a fixed day)."""

from __future__ import annotations

from datetime import date, timedelta

from graph.dataset import (
    AccountRecord,
    BuyingRoleRecord,
    Dataset,
    EmploymentRecord,
    ExternalIdRecord,
    InfluenceRecord,
    PersonRecord,
    RelationshipRecord,
    ReportsToRecord,
    TeamAssignmentRecord,
    TeamMemberRecord,
    TouchpointRecord,
)

TODAY = date.today()


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def small_graph() -> Dataset:
    """Contoso (tier 4): CEO ← CFO, CIO ← IT director ← 2 engineers; a contractor with no
    manager; a champion who left for Fabrikam. Fabrikam (tier 2) and Tailspin (tier 1)."""
    accounts = (
        AccountRecord(
            id="acc-contoso",
            name="Contoso",
            tier=4,
            domain="contoso.example",
            industry="Manufacturing",
            segment="Enterprise",
            is_key_account=True,
            annual_revenue=2_500_000.0,
            currency="EUR",
            client_since=ago(6 * 365),
            lifecycle_stage="STRATEGIC_ALLIANCE",
            renewal_date=TODAY + timedelta(days=120),
            expansion_potential=3,
            icp_fit=3,
            strategic_value=2,
            risk_cost_to_serve=1,
            external_ids=(ExternalIdRecord("salesforce", "001-CONTOSO"),),
        ),
        AccountRecord(
            id="acc-fabrikam",
            name="Fabrikam",
            tier=2,
            industry="Retail",
            annual_revenue=120_000.0,
            client_since=ago(2 * 365),
        ),
        AccountRecord(
            id="acc-tailspin",
            name="Tailspin Toys",
            tier=1,
            industry="Retail",
            annual_revenue=30_000.0,
        ),
    )
    people = (
        PersonRecord(
            id="p-ceo", name="Ada Ceo", title="CEO", department="Executive", seniority="C_LEVEL"
        ),
        PersonRecord(
            id="p-cfo",
            name="Ben Cfo",
            title="CFO",
            department="Finance",
            seniority="C_LEVEL",
            perception="POSITIVE",
            cares_about=("cost control",),
        ),
        PersonRecord(
            id="p-cio", name="Cleo Cio", title="CIO", department="IT", seniority="C_LEVEL"
        ),
        PersonRecord(
            id="p-itdir",
            name="Dan Director",
            title="IT Director",
            department="IT",
            seniority="DIRECTOR",
            perception="ADVOCATE",
        ),
        PersonRecord(
            id="p-eng1", name="Eve Engineer", department="IT", seniority="INDIVIDUAL_CONTRIBUTOR"
        ),
        PersonRecord(
            id="p-eng2", name="Finn Engineer", department="IT", seniority="INDIVIDUAL_CONTRIBUTOR"
        ),
        PersonRecord(
            id="p-contractor", name="Gil Contractor", department="Operations", seniority="MANAGER"
        ),
        PersonRecord(
            id="p-left",
            name="Hana Gone",
            title="Procurement Lead",
            department="Procurement",
            seniority="DIRECTOR",
        ),
        PersonRecord(id="p-fab", name="Ivo Fabrikam", department="IT", seniority="VP"),
    )
    employments = (
        *(
            EmploymentRecord(person_id=p, account_id="acc-contoso", since=ago(1000))
            for p in ("p-ceo", "p-cfo", "p-cio", "p-itdir", "p-eng1", "p-eng2", "p-contractor")
        ),
        EmploymentRecord(
            person_id="p-left", account_id="acc-contoso", since=ago(900), until=ago(60)
        ),
        EmploymentRecord(person_id="p-left", account_id="acc-fabrikam", since=ago(59)),
        EmploymentRecord(person_id="p-fab", account_id="acc-fabrikam", since=ago(400)),
    )
    reports = (
        ReportsToRecord(person_id="p-cfo", manager_id="p-ceo"),
        ReportsToRecord(person_id="p-cio", manager_id="p-ceo"),
        ReportsToRecord(person_id="p-itdir", manager_id="p-cio"),
        ReportsToRecord(person_id="p-eng1", manager_id="p-itdir"),
        ReportsToRecord(person_id="p-eng2", manager_id="p-itdir"),
    )
    roles = (
        BuyingRoleRecord(person_id="p-cfo", account_id="acc-contoso", role="DECISION_MAKER"),
        BuyingRoleRecord(person_id="p-itdir", account_id="acc-contoso", role="CHAMPION"),
        BuyingRoleRecord(person_id="p-eng1", account_id="acc-contoso", role="USER"),
        BuyingRoleRecord(person_id="p-left", account_id="acc-contoso", role="CHAMPION"),
    )
    team = (
        TeamMemberRecord(id="tm-sponsor", name="Sam Sponsor", title="Partner", seniority="C_LEVEL"),
        TeamMemberRecord(id="tm-lead", name="Lea Lead", title="Account Lead", seniority="DIRECTOR"),
        TeamMemberRecord(
            id="tm-dev", name="Dev Delivery", title="Delivery Lead", seniority="MANAGER"
        ),
    )
    seats = (
        TeamAssignmentRecord(
            team_member_id="tm-sponsor", account_id="acc-contoso", role="EXECUTIVE_SPONSOR"
        ),
        TeamAssignmentRecord(
            team_member_id="tm-lead", account_id="acc-contoso", role="ACCOUNT_LEAD"
        ),
        TeamAssignmentRecord(
            team_member_id="tm-dev", account_id="acc-contoso", role="DELIVERY_LEAD"
        ),
        TeamAssignmentRecord(
            team_member_id="tm-lead", account_id="acc-fabrikam", role="ACCOUNT_LEAD"
        ),
    )
    relationships = (
        RelationshipRecord(
            id="rel-1",
            team_member_id="tm-sponsor",
            person_id="p-cfo",
            since=ago(800),
            manual_strength="STRONG",
        ),
        RelationshipRecord(
            id="rel-2", team_member_id="tm-lead", person_id="p-itdir", since=ago(700)
        ),
        RelationshipRecord(id="rel-3", team_member_id="tm-dev", person_id="p-eng1", since=ago(300)),
        RelationshipRecord(
            id="rel-4", team_member_id="tm-lead", person_id="p-left", since=ago(600)
        ),
    )
    touchpoints = (
        *tuple(
            TouchpointRecord(
                id=f"tp-{i}",
                account_id="acc-contoso",
                date=ago(7 * i + 1),
                channel="IN_PERSON" if i % 3 == 0 else "VIDEO",
                kind="OPERATIONAL" if i % 4 else "STRATEGIC",
                summary=f"Weekly sync {i}",
                initiated_by_client=i % 2 == 0,
                initiator_id="p-itdir" if i % 2 == 0 else "tm-lead",
                team_member_ids=("tm-lead",),
                person_ids=("p-itdir",),
            )
            for i in range(10)
        ),
        TouchpointRecord(
            id="tp-qbr",
            account_id="acc-contoso",
            date=ago(30),
            channel="IN_PERSON",
            kind="EXECUTIVE",
            summary="QBR",
            team_member_ids=("tm-sponsor", "tm-lead"),
            person_ids=("p-cfo", "p-itdir"),
        ),
    )
    return Dataset(
        accounts=accounts,
        people=people,
        employments=employments,
        reports_to=reports,
        buying_roles=roles,
        influences=(InfluenceRecord(person_id="p-itdir", influenced_id="p-cfo"),),
        team_members=team,
        team_assignments=seats,
        relationships=relationships,
        touchpoints=touchpoints,
    )
