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
    "CREATE CONSTRAINT api_key_prefix IF NOT EXISTS FOR (n:ApiKey) REQUIRE n.prefix IS UNIQUE",
    "CREATE CONSTRAINT alert_event_id IF NOT EXISTS FOR (n:AlertEvent) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT webhook_id IF NOT EXISTS FOR (n:Webhook) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT webhook_delivery_id IF NOT EXISTS"
    " FOR (n:WebhookDelivery) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT opportunity_id IF NOT EXISTS FOR (n:Opportunity) REQUIRE n.id IS UNIQUE",
    # The response cache's versions (graph/cypher/versions.py): unique, hence indexed.
    "CREATE CONSTRAINT graph_version_key IF NOT EXISTS"
    " FOR (n:GraphVersion) REQUIRE n.key IS UNIQUE",
)

INDEXES: tuple[str, ...] = (
    "CREATE INDEX account_name IF NOT EXISTS FOR (n:Account) ON (n.name)",
    # (value, id): the index alone gives the ranking order, ties included.
    "CREATE INDEX account_tier_rank IF NOT EXISTS FOR (n:Account) ON (n.tier, n.id)",
    "CREATE INDEX account_revenue_rank IF NOT EXISTS FOR (n:Account) ON (n.annualRevenue, n.id)",
    "CREATE INDEX account_client_since_rank IF NOT EXISTS FOR (n:Account) ON (n.clientSince, n.id)",
    "CREATE INDEX account_renewal_rank IF NOT EXISTS FOR (n:Account) ON (n.renewalDate, n.id)",
    "CREATE INDEX account_breadth_rank IF NOT EXISTS FOR (n:Account) ON (n.breadthScore, n.id)",
    "CREATE INDEX account_dependency_rank IF NOT EXISTS"
    " FOR (n:Account) ON (n.dependencyScore, n.id)",
    "CREATE INDEX account_executive_rank IF NOT EXISTS FOR (n:Account) ON (n.executiveScore, n.id)",
    "CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name)",
    "CREATE INDEX person_email IF NOT EXISTS FOR (n:Person) ON (n.email)",
    "CREATE INDEX opportunity_close_date IF NOT EXISTS FOR (n:Opportunity) ON (n.closeDate)",
    "CREATE INDEX touchpoint_date IF NOT EXISTS FOR (n:Touchpoint) ON (n.date)",
    "CREATE INDEX snapshot_account IF NOT EXISTS FOR (n:ScoreSnapshot) ON (n.accountId, n.takenAt)",
    "CREATE INDEX knows_id IF NOT EXISTS FOR ()-[r:KNOWS]-() ON (r.id)",
    "CREATE INDEX alert_event_at IF NOT EXISTS FOR (n:AlertEvent) ON (n.at)",
    "CREATE INDEX alert_event_account IF NOT EXISTS FOR (n:AlertEvent) ON (n.accountId, n.at)",
    # The worker's poll: pending deliveries by when they are due.
    "CREATE INDEX webhook_delivery_due IF NOT EXISTS"
    " FOR (n:WebhookDelivery) ON (n.status, n.nextAttemptAt)",
    "CREATE INDEX webhook_delivery_webhook IF NOT EXISTS"
    " FOR (n:WebhookDelivery) ON (n.webhookId, n.createdAt)",
)

#: Indexes of earlier versions that the ones above replace.
OBSOLETE_INDEXES: tuple[str, ...] = (
    "DROP INDEX account_tier IF EXISTS",
    "DROP INDEX account_breadth IF EXISTS",
    "DROP INDEX account_dependency IF EXISTS",
    "DROP INDEX account_executive IF EXISTS",
)

#: Data no release reads any more, deleted at start-up: the single portfolio version, read
#: before it was split into stripes (graph/versions.py).
OBSOLETE_DATA: tuple[str, ...] = ("MATCH (v:GraphVersion {key: 'portfolio'}) DELETE v",)

AWAIT_INDEXES = "CALL db.awaitIndexes(60)"
