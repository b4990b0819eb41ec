"""Constraints and indexes, applied idempotently at start-up."""

from __future__ import annotations

CONSTRAINTS: tuple[str, ...] = (
    "CREATE CONSTRAINT account_id IF NOT EXISTS FOR (n:Account) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT team_member_id IF NOT EXISTS FOR (n:TeamMember) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT touchpoint_id IF NOT EXISTS FOR (n:Touchpoint) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT external_ref_key IF NOT EXISTS FOR (n:ExternalRef) REQUIRE n.key IS UNIQUE",
    "CREATE CONSTRAINT score_snapshot_id IF NOT EXISTS"
    " FOR (n:ScoreSnapshot) REQUIRE n.id IS UNIQUE",
)

INDEXES: tuple[str, ...] = (
    "CREATE INDEX account_name IF NOT EXISTS FOR (n:Account) ON (n.name)",
    "CREATE INDEX account_tier IF NOT EXISTS FOR (n:Account) ON (n.tier)",
    "CREATE INDEX account_revenue IF NOT EXISTS FOR (n:Account) ON (n.annualRevenue)",
    "CREATE INDEX account_client_since IF NOT EXISTS FOR (n:Account) ON (n.clientSince)",
    "CREATE INDEX account_renewal IF NOT EXISTS FOR (n:Account) ON (n.renewalDate)",
    "CREATE INDEX account_breadth IF NOT EXISTS FOR (n:Account) ON (n.breadthScore)",
    "CREATE INDEX account_dependency IF NOT EXISTS FOR (n:Account) ON (n.dependencyScore)",
    "CREATE INDEX account_executive IF NOT EXISTS FOR (n:Account) ON (n.executiveScore)",
    "CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name)",
    "CREATE INDEX person_email IF NOT EXISTS FOR (n:Person) ON (n.email)",
    "CREATE INDEX touchpoint_date IF NOT EXISTS FOR (n:Touchpoint) ON (n.date)",
    "CREATE INDEX snapshot_account IF NOT EXISTS FOR (n:ScoreSnapshot) ON (n.accountId, n.takenAt)",
    "CREATE INDEX knows_id IF NOT EXISTS FOR ()-[r:KNOWS]-() ON (r.id)",
)

AWAIT_INDEXES = "CALL db.awaitIndexes(60)"
