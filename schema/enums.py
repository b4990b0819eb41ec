"""GraphQL enums; their values are the strings stored in Neo4j (docs/model.md).

The vocabularies the scores produce are defined once, in ``scoring/vocabulary.py``, and exposed
here as they are: a GraphQL value is the Python member's name, which is also its value.
"""

from __future__ import annotations

from enum import Enum

import strawberry

from scoring.vocabulary import (
    AlertTransition,
    OpportunityStage,
    PathStepKind,
    RiskFlagCode,
    Severity,
    Side,
    Strength,
    StrengthSource,
    TouchpointKind,
    WhitespaceReason,
)

__all__ = [
    "AlertTransition",
    "BuyingRole",
    "Channel",
    "EmploymentStatus",
    "LifecycleStage",
    "OpportunityStage",
    "OrderDirection",
    "PathStepKind",
    "Perception",
    "RelationshipOrigin",
    "RiskFlagCode",
    "Seniority",
    "Severity",
    "Side",
    "Strength",
    "StrengthSource",
    "TeamRole",
    "TouchpointKind",
    "WhitespaceReason",
]

# The scoring enums, each made a GraphQL enum once (strawberry.enum marks the class itself).
strawberry.enum(Strength, description="Strength of a relationship between our side and theirs.")
strawberry.enum(StrengthSource, description="Which value of a relationship's strength is in force.")
strawberry.enum(TouchpointKind)
strawberry.enum(RiskFlagCode, description="What a risk flag warns of (docs/scoring.md).")
strawberry.enum(Severity, description="How serious a risk flag is.")
strawberry.enum(
    PathStepKind,
    description="A hop on a path: RELATIONSHIP (one of ours to a client person), TEAM (between "
    "two members of our account team), or an edge between client people (REPORTS_TO, "
    "INFLUENCES, INTRODUCED).",
)
strawberry.enum(
    OpportunityStage,
    description="Where a deal stands (Salesforce's default stages); CLOSED_WON and CLOSED_LOST "
    "close it, the others are open.",
)
strawberry.enum(Side, description="Which side of the relationship a person is on.")
strawberry.enum(
    WhitespaceReason,
    description="Why someone is listed as whitespace: UNMAPPED_ATTENDEE (attends touchpoints "
    "with us, holds no buying role, has no reporting line) or UNMET_EXECUTIVE (a C-level or VP "
    "who met none of us in 400 days, with no relationship on record).",
)
strawberry.enum(
    AlertTransition,
    description="What happened to a risk flag between two stored scorings of an account.",
)


@strawberry.enum(description="Where the relationship with the account stands.")
class LifecycleStage(Enum):
    INITIATION = "INITIATION"
    TRUST_DEVELOPMENT = "TRUST_DEVELOPMENT"
    ADVISOR_STATUS = "ADVISOR_STATUS"
    PARTNERSHIP_DEEPENING = "PARTNERSHIP_DEEPENING"
    STRATEGIC_ALLIANCE = "STRATEGIC_ALLIANCE"


@strawberry.enum(description="Seniority level, highest first.")
class Seniority(Enum):
    C_LEVEL = "C_LEVEL"
    VP = "VP"
    DIRECTOR = "DIRECTOR"
    MANAGER = "MANAGER"
    INDIVIDUAL_CONTRIBUTOR = "INDIVIDUAL_CONTRIBUTOR"


@strawberry.enum(description="A person's part in the client's buying decision.")
class BuyingRole(Enum):
    DECISION_MAKER = "DECISION_MAKER"
    CHAMPION = "CHAMPION"
    INFLUENCER = "INFLUENCER"
    USER = "USER"
    BLOCKER = "BLOCKER"
    COACH = "COACH"
    TECHNICAL_BUYER = "TECHNICAL_BUYER"


@strawberry.enum(description="How a client person sees our firm, as the account team records it.")
class Perception(Enum):
    ADVOCATE = "ADVOCATE"
    POSITIVE = "POSITIVE"
    NEUTRAL = "NEUTRAL"
    NEGATIVE = "NEGATIVE"
    UNKNOWN = "UNKNOWN"


@strawberry.enum(
    description="Where a relationship came from: MANUAL (recorded by someone: an account "
    "manager, an integration) or ACTIVITY (a touchpoint between the two, with none on record)."
)
class RelationshipOrigin(Enum):
    MANUAL = "MANUAL"
    ACTIVITY = "ACTIVITY"


@strawberry.enum(description="A seat on our account team.")
class TeamRole(Enum):
    EXECUTIVE_SPONSOR = "EXECUTIVE_SPONSOR"
    ACCOUNT_LEAD = "ACCOUNT_LEAD"
    DELIVERY_LEAD = "DELIVERY_LEAD"
    SPECIALIST = "SPECIALIST"


@strawberry.enum
class Channel(Enum):
    EMAIL = "EMAIL"
    CALL = "CALL"
    VIDEO = "VIDEO"
    IN_PERSON = "IN_PERSON"
    EVENT = "EVENT"
    SOCIAL = "SOCIAL"


@strawberry.enum(description="Which people of an account a list holds, as of today.")
class EmploymentStatus(Enum):
    CURRENT = "CURRENT"
    FORMER = "FORMER"
    ALL = "ALL"


@strawberry.enum(description="A reporting line's kind: the one solid manager, or a dotted line.")
class ReportingLineKind(Enum):
    SOLID = "SOLID"
    DOTTED = "DOTTED"


@strawberry.enum
class OrderDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"
