"""The closed vocabularies of the scores have one home, scoring/vocabulary.py: GraphQL exposes
those same classes, the org chart and the scores share one strength order and one set of key
seniority levels, and scoring itself imports nothing but the standard library and itself."""

from __future__ import annotations

import ast
import sys
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path

import pytest
from graphql import GraphQLEnumType

import scoring
import scoring.executive
import scoring.vocabulary as vocabulary
from api.settings import Settings
from schema import build_schema, enums
from schema.people import orgchart
from scoring.config import CadenceConfig
from scoring.facts import (
    AccountFacts,
    InternalEdge,
    PersonFact,
    RelationshipFact,
    TeamMemberFact,
    TouchpointFact,
)

#: GraphQL enum name → the scoring enum behind it.
SCORING_ENUMS: dict[str, type[StrEnum]] = {
    "RiskFlagCode": vocabulary.RiskFlagCode,
    "Severity": vocabulary.Severity,
    "PathStepKind": vocabulary.PathStepKind,
    "Strength": vocabulary.Strength,
    "StrengthSource": vocabulary.StrengthSource,
    "TouchpointKind": vocabulary.TouchpointKind,
    "Side": vocabulary.Side,
}

SCORING_DIR = Path(vocabulary.__file__).resolve().parent


@pytest.mark.parametrize("name", sorted(SCORING_ENUMS))
def test_graphql_enum_values_are_the_scoring_values(name: str) -> None:
    python_enum = SCORING_ENUMS[name]
    graphql_type = build_schema(Settings().schema_config())._schema.get_type(name)
    assert isinstance(graphql_type, GraphQLEnumType)
    assert list(graphql_type.values) == [m.value for m in python_enum]
    # The GraphQL enum is the scoring class itself, not a copy of its values.
    assert getattr(enums, name) is python_enum
    assert python_enum.__strawberry_definition__.wrapped_cls is python_enum
    # A value is its name, so clients read and send the very strings Neo4j stores.
    assert all(m.name == m.value for m in python_enum)


def test_one_strength_order_and_one_set_of_key_levels() -> None:
    # The modules that read them hold the very objects (imported, not redefined).
    assert vars(scoring.executive)["STRENGTH_RANK"] is vocabulary.STRENGTH_RANK
    assert vars(orgchart)["STRENGTH_RANK"] is vocabulary.STRENGTH_RANK
    assert vars(orgchart)["KEY_LEVELS"] is vocabulary.KEY_LEVELS
    assert not hasattr(enums, "STRENGTH_RANK")
    assert not hasattr(orgchart, "KEY_SENIORITY")
    assert sorted(vocabulary.Strength, key=vocabulary.STRENGTH_RANK.__getitem__) == [
        "STRONG",
        "DEVELOPING",
        "WEAK",
        "AT_RISK",
    ]
    assert {"C_LEVEL", "VP", "DIRECTOR"} == vocabulary.KEY_LEVELS


def test_scoring_imports_only_the_standard_library_and_itself() -> None:
    for path in sorted(SCORING_DIR.glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                roots = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                roots = [node.module.split(".")[0]]
            else:
                continue
            for root in roots:
                assert root == "scoring" or root in sys.stdlib_module_names, (path.name, root)


def test_the_scores_produce_enum_members() -> None:
    today = date(2026, 6, 1)
    touchpoints = tuple(
        TouchpointFact(
            id=f"tp{i}",
            date=today - timedelta(days=3 + i),
            channel="IN_PERSON",
            kind="STRATEGIC",
            initiated_by_client=False,
            team_member_ids=frozenset({"t"}),
            person_ids=frozenset({"dm"}),
        )
        for i in range(4)
    )
    facts = AccountFacts(
        account_id="a",
        name="Acme",
        tier=3,
        people=(
            PersonFact("dm", "Dana", "Finance", "VP", frozenset({"DECISION_MAKER"}), True),
            PersonFact("ic", "Ivo", "Finance", "MANAGER", frozenset(), True),
        ),
        team_members=(
            TeamMemberFact("s", "Sam", frozenset({"EXECUTIVE_SPONSOR"})),
            TeamMemberFact("t", "Tess", frozenset({"ACCOUNT_LEAD"})),
        ),
        relationships=(
            RelationshipFact("t", "dm", last_contact=today),
            RelationshipFact("s", "ic", manual_strength="WEAK"),
        ),
        touchpoints=touchpoints,
        edges=(InternalEdge("REPORTS_TO", "ic", "dm"),),
    )
    result = scoring.score_account(facts, today)
    assert result.risk_flags
    for flag in result.risk_flags:
        assert isinstance(flag.code, vocabulary.RiskFlagCode)
        assert isinstance(flag.severity, vocabulary.Severity)
    assert result.cadence.items
    assert all(isinstance(i.kind, vocabulary.TouchpointKind) for i in result.cadence.items)
    assert all(isinstance(k, vocabulary.TouchpointKind) for k in result.cadence.overdue_kinds)
    for s in result.strengths:
        assert isinstance(s.derived, vocabulary.Strength)
        assert isinstance(s.effective, vocabulary.Strength)
        assert isinstance(s.source, vocabulary.StrengthSource)
        assert s.manual is None or isinstance(s.manual, vocabulary.Strength)
    assert {s.manual for s in result.strengths} == {None, vocabulary.Strength.WEAK}
    for item in result.champion_dependency.ranking:
        assert isinstance(item.side, vocabulary.Side)
    steps = [st for p in result.executive_access.sponsor_paths for st in p.steps]
    steps += [
        st
        for p in scoring.introduction_paths(facts, "ic", today, scoring.DEFAULT_CONFIG)
        for st in p.steps
    ]
    assert {st.kind for st in steps} >= {"TEAM", "RELATIONSHIP", "REPORTS_TO"}
    for st in steps:
        assert isinstance(st.kind, vocabulary.PathStepKind)
        assert st.strength is None or isinstance(st.strength, vocabulary.Strength)


def test_a_cadence_plan_names_touchpoint_kinds_only() -> None:
    with pytest.raises(ValueError, match="not touchpoint kinds: WEEKLY"):
        CadenceConfig(plan={2: {"STRATEGIC": 30, "WEEKLY": 7}})
    with pytest.raises(ValueError, match="not touchpoint kinds: WEEKLY"):
        Settings(scoring='{"cadence": {"plan": {"4": {"WEEKLY": 7}}}}')
    plan = Settings(scoring='{"cadence": {"plan": {"4": {"STRATEGIC": 14}}}}')
    assert plan.scoring_config().cadence.plan[4] == {"STRATEGIC": 14, "EXECUTIVE": 92}
