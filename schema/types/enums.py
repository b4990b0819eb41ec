"""GraphQL enums; their values are the strings stored in Neo4j (docs/model.md)."""

from __future__ import annotations

from enum import Enum

import strawberry


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


@strawberry.enum(description="A seat on our account team.")
class TeamRole(Enum):
    EXECUTIVE_SPONSOR = "EXECUTIVE_SPONSOR"
    ACCOUNT_LEAD = "ACCOUNT_LEAD"
    DELIVERY_LEAD = "DELIVERY_LEAD"
    SPECIALIST = "SPECIALIST"


@strawberry.enum(description="Strength of a relationship between our side and theirs.")
class Strength(Enum):
    STRONG = "STRONG"
    DEVELOPING = "DEVELOPING"
    WEAK = "WEAK"
    AT_RISK = "AT_RISK"


@strawberry.enum(description="Which value of a relationship's strength is in force.")
class StrengthSource(Enum):
    MANUAL = "MANUAL"
    DERIVED = "DERIVED"


@strawberry.enum
class Channel(Enum):
    EMAIL = "EMAIL"
    CALL = "CALL"
    VIDEO = "VIDEO"
    IN_PERSON = "IN_PERSON"
    EVENT = "EVENT"
    SOCIAL = "SOCIAL"


@strawberry.enum
class TouchpointKind(Enum):
    EXECUTIVE = "EXECUTIVE"
    OPERATIONAL = "OPERATIONAL"
    STRATEGIC = "STRATEGIC"
    MAINTENANCE = "MAINTENANCE"


@strawberry.enum(description="Which people of an account a list holds, as of today.")
class EmploymentStatus(Enum):
    CURRENT = "CURRENT"
    FORMER = "FORMER"
    ALL = "ALL"


@strawberry.enum
class OrderDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


#: Strength order, strongest first, for "best strength" views.
STRENGTH_RANK = {"STRONG": 0, "DEVELOPING": 1, "WEAK": 2, "AT_RISK": 3}
