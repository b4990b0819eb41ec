"""Each entity's field list is defined once (graph.dataset's records); the Cypher projections,
the row types, the import and the GraphQL inputs agree with it."""

from __future__ import annotations

import dataclasses
import re
from typing import get_type_hints

import pytest

from graph import rows
from graph.cypher.accounts import ACCOUNT_MAP
from graph.cypher.opportunities import OPPORTUNITY_MAP
from graph.cypher.reads import PERSON_MAP, RELATIONSHIP_MAP, TEAM_MEMBER_MAP, TOUCHPOINT_MAP
from graph.dataset import (
    ACCOUNT_PROPS,
    OPPORTUNITY_PROPS,
    PERSON_PROPS,
    RELATIONSHIP_PROPS,
    TEAM_MEMBER_PROPS,
    AccountRecord,
    camel,
)
from schema import fields


def top_level_keys(projection: str) -> list[str]:
    """The keys of a Cypher map projection ``{k: ..., k2: ...}``, nested maps left out."""
    body = projection.strip()[1:-1]
    keys, depth, token = [], 0, ""
    for char in body:
        if char in "{[(":
            depth += 1
        elif char in "}])":
            depth -= 1
        if depth == 0 and char == ",":
            keys.append(token)
            token = ""
        else:
            token += char
    keys.append(token)
    return [key.split(":", 1)[0].strip() for key in keys]


@pytest.mark.parametrize(
    ("projection", "row_type", "props"),
    [
        (ACCOUNT_MAP, rows.AccountRow, ACCOUNT_PROPS),
        (PERSON_MAP, rows.PersonRow, PERSON_PROPS),
        (TEAM_MEMBER_MAP, rows.TeamMemberRow, TEAM_MEMBER_PROPS),
        (RELATIONSHIP_MAP, rows.RelationshipRow, RELATIONSHIP_PROPS),
        (TOUCHPOINT_MAP, rows.TouchpointRow, {}),
        (OPPORTUNITY_MAP, rows.OpportunityRow, OPPORTUNITY_PROPS),
    ],
)
def test_each_projection_returns_its_row_type_with_every_stored_field(
    projection: str, row_type: type, props: dict[str, str]
) -> None:
    keys = top_level_keys(projection)
    assert len(keys) == len(set(keys)), keys
    assert set(keys) == set(get_type_hints(row_type)), row_type.__name__
    assert set(props) <= set(keys)
    for name, prop in props.items():
        # Read from the property the import and the upserts write.
        assert re.search(rf"\b{name}: (coalesce\()?\w+\.{prop}\b", projection), name


@pytest.mark.parametrize(
    ("inputs", "props", "extra"),
    [
        (fields.AccountFields, ACCOUNT_PROPS, set()),
        (fields.PersonFields, PERSON_PROPS, set()),
        (fields.TeamMemberFields, TEAM_MEMBER_PROPS, set()),
        (fields.RelationshipFields, RELATIONSHIP_PROPS, {"manual_strength"}),
        (fields.OpportunityFields, OPPORTUNITY_PROPS, set()),
    ],
)
def test_the_graphql_input_fields_are_the_stored_fields(
    inputs: type, props: dict[str, str], extra: set[str]
) -> None:
    assert {f.name for f in dataclasses.fields(inputs)} == set(props) | extra


def test_graph_properties_are_the_camel_case_field_names() -> None:
    assert camel("risk_cost_to_serve") == "riskCostToServe"
    assert ACCOUNT_PROPS["is_key_account"] == "isKeyAccount"
    stored = {f.name for f in dataclasses.fields(AccountRecord)} - {"id", "external_ids", "omitted"}
    assert set(ACCOUNT_PROPS) == stored


def test_the_graphql_account_filter_is_the_graph_filter() -> None:
    from graph.accounts import AccountFilter as GraphFilter
    from schema.accounts.inputs import AccountFilter

    assert [f.name for f in dataclasses.fields(AccountFilter)] == [
        f.name for f in dataclasses.fields(GraphFilter)
    ]
