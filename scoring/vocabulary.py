"""The closed vocabularies the scores produce, and the orders and level sets they go by.

Each member's value is its name: the upper-case string of ``docs/model.md`` and
``docs/scoring.md``, stored in Neo4j and shown by GraphQL, where ``schema/enums.py``
exposes these same classes. Members are ``str``, so they compare equal to (and hash like) the
plain strings the facts carry.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType


class Strength(StrEnum):
    """Strength of a relationship, strongest first."""

    STRONG = "STRONG"
    DEVELOPING = "DEVELOPING"
    WEAK = "WEAK"
    AT_RISK = "AT_RISK"


class StrengthSource(StrEnum):
    """Which value of a relationship's strength is in force."""

    MANUAL = "MANUAL"
    DERIVED = "DERIVED"


class RiskFlagCode(StrEnum):
    """The risk flags of docs/scoring.md."""

    NO_ACTIVE_RELATIONSHIPS = "NO_ACTIVE_RELATIONSHIPS"
    SINGLE_THREADED = "SINGLE_THREADED"
    CHAMPION_LEFT = "CHAMPION_LEFT"
    NO_CHAMPION = "NO_CHAMPION"
    NO_DECISION_MAKER_ACCESS = "NO_DECISION_MAKER_ACCESS"
    NO_EXECUTIVE_SPONSOR = "NO_EXECUTIVE_SPONSOR"
    DECLINING_ENGAGEMENT = "DECLINING_ENGAGEMENT"
    STRONG_BLOCKER = "STRONG_BLOCKER"
    CADENCE_OVERDUE = "CADENCE_OVERDUE"
    BREADTH_BELOW_THRESHOLD = "BREADTH_BELOW_THRESHOLD"
    DEPENDENCY_ABOVE_THRESHOLD = "DEPENDENCY_ABOVE_THRESHOLD"
    EXECUTIVE_ACCESS_BELOW_THRESHOLD = "EXECUTIVE_ACCESS_BELOW_THRESHOLD"
    FRAGILE_ACCESS = "FRAGILE_ACCESS"
    RENEWAL_AT_RISK = "RENEWAL_AT_RISK"
    NEW_EXECUTIVE_UNKNOWN = "NEW_EXECUTIVE_UNKNOWN"
    CHAMPION_ROLE_CHANGED = "CHAMPION_ROLE_CHANGED"
    DEAL_AT_RISK_NO_DECISION_MAKER = "DEAL_AT_RISK_NO_DECISION_MAKER"


class WhitespaceReason(StrEnum):
    """Why a person is listed as whitespace (a ghost stakeholder)."""

    #: attends touchpoints with us, holds no buying role, has no reporting line.
    UNMAPPED_ATTENDEE = "UNMAPPED_ATTENDEE"
    #: a C-level or VP who met none of us and whom no relationship on record covers.
    UNMET_EXECUTIVE = "UNMET_EXECUTIVE"


class OpportunityStage(StrEnum):
    """Where a deal stands, as Salesforce's default sales process names it; the last two
    close it."""

    PROSPECTING = "PROSPECTING"
    QUALIFICATION = "QUALIFICATION"
    PROPOSAL = "PROPOSAL"
    NEGOTIATION = "NEGOTIATION"
    CLOSED_WON = "CLOSED_WON"
    CLOSED_LOST = "CLOSED_LOST"


#: Stages of a deal still to be decided (the per-deal flags look at these only).
OPEN_STAGES = frozenset(
    {
        OpportunityStage.PROSPECTING,
        OpportunityStage.QUALIFICATION,
        OpportunityStage.PROPOSAL,
        OpportunityStage.NEGOTIATION,
    }
)


class Severity(StrEnum):
    """How serious a risk flag is."""

    HIGH = "HIGH"
    MEDIUM = "MEDIUM"
    LOW = "LOW"


class PathStepKind(StrEnum):
    """A hop on a path: our relationship, our team, or an internal edge at the client."""

    RELATIONSHIP = "RELATIONSHIP"
    TEAM = "TEAM"
    REPORTS_TO = "REPORTS_TO"
    INFLUENCES = "INFLUENCES"
    INTRODUCED = "INTRODUCED"


class TouchpointKind(StrEnum):
    """What a touchpoint was for; the tier plan of the cadence is kept per kind."""

    EXECUTIVE = "EXECUTIVE"
    OPERATIONAL = "OPERATIONAL"
    STRATEGIC = "STRATEGIC"
    MAINTENANCE = "MAINTENANCE"


class Side(StrEnum):
    """Which side of the relationship a person is on."""

    CLIENT = "CLIENT"
    OURS = "OURS"


#: Strength order, strongest first (lower ranks first, for "best strength" and path ties).
STRENGTH_RANK: Mapping[Strength, int] = MappingProxyType(
    {Strength.STRONG: 0, Strength.DEVELOPING: 1, Strength.WEAK: 2, Strength.AT_RISK: 3}
)

#: The strengths an account manager may set as a target (AT_RISK is a warning, not a goal).
TARGET_STRENGTHS = frozenset({Strength.STRONG, Strength.DEVELOPING, Strength.WEAK})

#: Strengths that make a relationship active (with recent contact and the person current).
ACTIVE_STRENGTHS = frozenset({Strength.STRONG, Strength.DEVELOPING})

#: Seniority levels counted as executive.
EXECUTIVE_LEVELS = frozenset({"C_LEVEL", "VP"})

#: Seniority levels that make a person a key stakeholder (director and above).
KEY_LEVELS = frozenset({"C_LEVEL", "VP", "DIRECTOR"})

#: Flags raised once per person they name (each champion who left is news of its own); the
#: others are one flag per account, whoever they name.
PER_PERSON_FLAGS = frozenset({RiskFlagCode.CHAMPION_LEFT, RiskFlagCode.CHAMPION_ROLE_CHANGED})


class AlertTransition(StrEnum):
    """What happened to a risk flag between two stored scorings of an account."""

    APPEARED = "APPEARED"
    CLEARED = "CLEARED"
