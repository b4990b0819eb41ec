"""The records of an import: their kinds, external-id references, and their typed inputs.

A record is a plain dict in ``importDataset``'s shape (GraphQL field names). Where it names
another record it may give our id (a string) or an external id (``{"system", "value"}``); a
record of its own may come with external ids only (a CRM export), and then takes the id of the
node that external id identifies, else an id minted from the external id (the same on every
run, so a re-import finds what the first one made). Typing goes through the schema's own input
types, so a file's value is accepted exactly when ``importDataset`` would accept it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeGuard

import strawberry
from graphql import (
    GraphQLBoolean,
    GraphQLError,
    GraphQLFloat,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
)
from graphql.pyutils import Undefined
from graphql.utilities import coerce_input_value
from graphql.utilities.validate_input_value import validate_input_value

from graph import reads, rules
from graph.client import GraphSession
from graph.dataset import camel
from schema.imports.inputs import DatasetInput

#: The order an import writes the kinds in: each finds the records it names already written.
ORDER = (
    "accounts",
    "team_members",
    "people",
    "employments",
    "positions",
    "reports_to",
    "buying_roles",
    "strength_targets",
    "team_assignments",
    "relationships",
    "touchpoints",
    "influences",
    "introductions",
    "opportunities",
    "opportunity_contact_roles",
)
#: Kinds whose records are nodes with ids and external ids of their own, and their labels.
NODE_LABELS = {
    "accounts": "Account",
    "people": "Person",
    "team_members": "TeamMember",
    "opportunities": "Opportunity",
}
#: Fields that name another record, and the label it has (None: a person or a team member).
REFERENCES: Mapping[str, str | None] = {
    "accountId": "Account",
    "personId": "Person",
    "managerId": "Person",
    "influencedId": "Person",
    "introducerId": "Person",
    "introducedId": "Person",
    "teamMemberId": "TeamMember",
    "initiatorId": None,
    "personIds": "Person",
    "teamMemberIds": "TeamMember",
    "opportunityId": "Opportunity",
}
#: Fields of a person record that stand for records of other kinds, as a CRM contact carries
#: its company and manager: each becomes a record of that kind about the person.
PERSON_EXTRAS = {
    "accountId": "employments",
    "managerId": "reports_to",
    "buyingRole": "buying_roles",
}
#: Ids minted from external ids: a fixed namespace, so a key always mints the same id.
MINTED = uuid.UUID("6f1c1f0e-3f7e-4c59-9a57-4f3b1f6b9d21")


@dataclass(frozen=True, slots=True)
class Kind:
    """One list of ``DatasetInput``: its Python name, its GraphQL name, its input type."""

    name: str
    field: str
    input_type: type


def _kinds() -> dict[str, Kind]:
    found: dict[str, Kind] = {}
    for f in DatasetInput.__strawberry_definition__.fields:  # type: ignore[attr-defined]
        of_type = getattr(f.type, "of_type", None)
        assert isinstance(of_type, type)
        found[f.python_name] = Kind(f.python_name, camel(f.python_name), of_type)
    assert set(found) == set(ORDER), "ORDER must name every list of DatasetInput"
    return {name: found[name] for name in ORDER}


KINDS = _kinds()


def _folded(text: str) -> str:
    return text.lower().replace("_", "").replace("-", "")


def kind_named(text: str) -> Kind | None:
    """The kind a file or record key names: ``people``, ``reportsTo``, ``reports_to``,
    ``reports-to`` ..."""
    folded = _folded(text)
    return next((k for k in KINDS.values() if _folded(k.name) == folded), None)


def is_ref(value: Any) -> TypeGuard[Mapping[str, Any]]:
    """Whether a reference is an external id (``{"system", "value"}``) rather than our id."""
    return isinstance(value, Mapping) and "system" in value and "value" in value


def ref_key(value: Mapping[str, Any]) -> str:
    return rules.external_key(str(value["system"]).strip(), str(value["value"]).strip())


def minted_id(key: str) -> str:
    """The id of a record known only by the external id ``key``, the same on every run."""
    return str(uuid.uuid5(MINTED, key))


def extras(values: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The records a person record stands for besides itself (see :data:`PERSON_EXTRAS`)."""
    person: Any = values.get("id")
    if person is None:
        refs = values.get("externalIds") or []
        person = refs[0] if refs else None
    account = values.get("accountId")
    found: list[tuple[str, dict[str, Any]]] = []
    if account is not None:
        found.append(("employments", {"personId": person, "accountId": account}))
    if values.get("managerId") is not None:
        found.append(("reports_to", {"personId": person, "managerId": values["managerId"]}))
    if values.get("buyingRole") is not None:
        role = {"personId": person, "accountId": account, "role": values["buyingRole"]}
        found.append(("buying_roles", role))
    return found


def own(values: Mapping[str, Any]) -> dict[str, Any]:
    """A person record without the fields that stand for other records."""
    return {k: v for k, v in values.items() if k not in PERSON_EXTRAS}


def keys_of(kind: str, values: Mapping[str, Any]) -> set[str]:
    """The external ids a record gives for itself or for the records it names."""
    keys: set[str] = set()
    if kind in NODE_LABELS and values.get("id") is None:
        keys.update(ref_key(r) for r in values.get("externalIds") or [] if is_ref(r))
    for name in REFERENCES:
        value = values.get(name)
        if value is None or isinstance(value, str):
            continue  # absent or our id (most references): nothing to look up, and cheap
        for item in value if isinstance(value, list) else [value]:
            if is_ref(item):
                keys.add(ref_key(item))
    return keys


async def owners_of(session: GraphSession, keys: Iterable[str]) -> dict[str, tuple[str, str]]:
    """For each external id that identifies a node already: its (label, id)."""
    found = await reads.external_id_owners(session, sorted(set(keys)))
    return {key: (str(row["label"]), str(row["id"])) for key, row in found.items()}


def resolved(
    kind: str, values: Mapping[str, Any], owners: Mapping[str, tuple[str, str]]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The record with our ids in place of external ones, and for each field that was given
    by external id, that key (for messages)."""
    out = dict(values)
    given: dict[str, str] = {}

    def our_id(ref: Mapping[str, Any], label: str | None) -> str:
        key = ref_key(ref)
        owner = owners.get(key)
        if owner is not None and (label is None or owner[0] == label):
            return owner[1]
        return minted_id(key)

    label = NODE_LABELS.get(kind)
    if label is not None and values.get("id") is None:
        refs = [r for r in values.get("externalIds") or [] if is_ref(r)]
        if refs:
            owned = [owners[ref_key(r)] for r in refs if ref_key(r) in owners]
            mine = [o[1] for o in owned if o[0] == label]
            out["id"] = mine[0] if mine else minted_id(ref_key(refs[0]))
            given["id"] = ref_key(refs[0])
    for name, target in REFERENCES.items():
        value = values.get(name)
        if isinstance(value, list):
            out[name] = [our_id(v, target) if is_ref(v) else v for v in value]
            for i, v in enumerate(value):
                if is_ref(v):
                    given[f"{name}.{i}"] = ref_key(v)
        elif is_ref(value):
            out[name] = our_id(value, target)
            given[name] = ref_key(value)
    return out, given


# ---- typed inputs --------------------------------------------------------------------------

#: A problem with one record before the checks: the path of the field at fault (GraphQL names,
#: as in a userError) and what is wrong.
Problem = tuple[list[str], str]


def _unwrapped(t: GraphQLInputType) -> GraphQLInputType:
    return t.of_type if isinstance(t, GraphQLNonNull) else t


def _scalar(text: str, t: GraphQLInputType) -> Any:
    """A string (a CSV cell) as the JSON value the GraphQL type takes; left as it is when it is
    not one, so the schema's coercion reports it."""
    base = _unwrapped(t)
    try:
        if base is GraphQLInt:
            return int(text)
        if base is GraphQLFloat:
            return float(text)
    except ValueError:
        return text
    if base is GraphQLBoolean:
        folded = text.strip().lower()
        if folded in {"true", "yes", "1"}:
            return True
        if folded in {"false", "no", "0"}:
            return False
    return text


def _from_text(value: Any, t: GraphQLInputType) -> Any:
    base = _unwrapped(t)
    if isinstance(base, GraphQLList):
        if isinstance(value, str):
            # A list in one cell: items separated by semicolons.
            value = [item.strip() for item in value.split(";") if item.strip()]
        if isinstance(value, list):
            return [_from_text(item, base.of_type) for item in value]
        return value
    if isinstance(base, GraphQLInputObjectType) and isinstance(value, Mapping):
        return {
            k: _from_text(v, base.fields[k].type) if k in base.fields else v
            for k, v in value.items()
        }
    if isinstance(value, str):
        return _scalar(value, t)
    return value


@dataclass(frozen=True, slots=True)
class _Builder:
    """Makes an input object from a coerced GraphQL value (faster than Strawberry's
    general conversion, which a bulk import would spend most of its time in)."""

    cls: type
    fields: Mapping[str, tuple[str, _Builder | None]]  # GraphQL name -> python name, nested

    def build(self, value: Mapping[str, Any]) -> Any:
        kwargs: dict[str, Any] = {}
        for name, item in value.items():
            python_name, nested = self.fields[name]
            if nested is not None and item is not None:
                item = (
                    [nested.build(x) for x in item]
                    if isinstance(item, list)
                    else nested.build(item)
                )
            kwargs[python_name] = item
        return self.cls(**kwargs)


def _builder(cls: type) -> _Builder:
    fields: dict[str, tuple[str, _Builder | None]] = {}
    for f in cls.__strawberry_definition__.fields:  # type: ignore[attr-defined]
        inner: Any = f.type
        while hasattr(inner, "of_type"):
            inner = inner.of_type
        nested = _builder(inner) if hasattr(inner, "__strawberry_definition__") else None
        fields[camel(f.python_name)] = (f.python_name, nested)
    return _Builder(cls, fields)


class Typing:
    """Turns records into ``importDataset``'s typed inputs, with the schema's coercion."""

    def __init__(self, schema: strawberry.Schema) -> None:
        self._types: dict[str, GraphQLInputObjectType] = {}
        self._builders: dict[str, _Builder] = {}
        for kind in KINDS.values():
            graphql_type = schema._schema.get_type(kind.input_type.__name__)
            assert isinstance(graphql_type, GraphQLInputObjectType)
            self._types[kind.name] = graphql_type
            self._builders[kind.name] = _builder(kind.input_type)

    def typed(self, kind: str, values: Mapping[str, Any]) -> tuple[Any, list[Problem]]:
        """The input object of a record, or None and what is wrong with it."""
        graphql_type = self._types[kind]
        value = _from_text(values, graphql_type)
        coerced = coerce_input_value(value, graphql_type)
        if coerced is not Undefined:
            return self._builders[kind].build(coerced), []
        problems: list[Problem] = []

        def on_error(error: GraphQLError, path: Sequence[str | int]) -> None:
            problems.append(([str(p) for p in path], error.message))

        validate_input_value(value, graphql_type, on_error, hide_suggestions=False)
        return None, problems or [([], "not a valid record")]
