"""What a request costs, before it runs (requested) and after (actual).

The requested cost is the number of objects the pages a request asks for may hold, as GitHub's
node limit counts them: each field of an object type counts one object per parent object, and
a connection's ``edges`` and ``nodes`` hold the ``first`` (or ``last``) it asks for, else
``DEFAULT_PAGE_SIZE``, at most ``MAX_PAGE_SIZE`` as the pages do; a list of its own counts its
``first`` when it takes one. Other lists (an org chart's nodes, a tree's children) are as long
as the data, not the request: they count one item here, and the actual cost, counted in the
result, charges the rest to the caller's rate limit. Scalars and introspection are free. The
count is linear in the document: each fragment is costed once per parent type.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)

PAGE_ARGUMENTS = ("first", "last")


@dataclass(frozen=True, slots=True)
class CostRules:
    default_page_size: int
    max_page_size: int


def _is_list(kind: GraphQLOutputType) -> bool:
    if isinstance(kind, GraphQLNonNull):
        kind = kind.of_type
    return isinstance(kind, GraphQLList)


class _Costing:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        rules: CostRules,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.rules = rules
        self.memo: dict[tuple[str, str, int | None], int] = {}

    def page_size(self, node: FieldNode) -> int:
        return self._first(node) or self.rules.default_page_size

    def list_size(self, node: FieldNode) -> int:
        return self._first(node) or 1

    def _first(self, node: FieldNode) -> int | None:
        for argument in node.arguments or ():
            if argument.name.value not in PAGE_ARGUMENTS:
                continue
            value: object = None
            if isinstance(argument.value, IntValueNode):
                value = int(argument.value.value)
            elif isinstance(argument.value, VariableNode):
                value = self.variables.get(argument.value.name.value)
            if isinstance(value, int) and value > 0:
                return min(value, self.rules.max_page_size)
        return None

    def of_selections(
        self,
        selection_set: SelectionSetNode | None,
        parent: GraphQLNamedType,
        page: int | None = None,
    ) -> int:
        """The objects below one object of type ``parent``; ``page`` is the size of its lists
        when ``parent`` is a connection."""
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.of_field(selection, parent, page)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                kind = self.schema.get_type(condition.name.value) if condition else parent
                total += self.of_selections(selection.selection_set, kind or parent, page)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.of_fragment(selection.name.value, page)
        return total

    def of_fragment(self, name: str, page: int | None) -> int:
        fragment = self.fragments.get(name)
        if fragment is None:
            return 0
        kind = self.schema.get_type(fragment.type_condition.name.value)
        if kind is None:
            return 0
        key = (name, kind.name, page)
        if key not in self.memo:
            self.memo[key] = 0  # a cycle (refused by validation anyway) counts nothing
            self.memo[key] = self.of_selections(fragment.selection_set, kind, page)
        return self.memo[key]

    def of_field(self, node: FieldNode, parent: GraphQLNamedType, page: int | None) -> int:
        name = node.name.value
        if name.startswith("__") or not isinstance(
            parent, GraphQLObjectType | GraphQLInterfaceType
        ):
            return 0
        field = parent.fields.get(name)
        if field is None or node.selection_set is None:
            return 0
        kind = get_named_type(field.type)
        if kind.name.endswith("Connection"):
            return 1 + self.of_selections(node.selection_set, kind, self.page_size(node))
        per_item = 1 + self.of_selections(node.selection_set, kind)
        if _is_list(field.type):
            return (page if page is not None else self.list_size(node)) * per_item
        return per_item


def requested_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    rules: CostRules,
) -> int:
    """The most objects the operation may return (at least 1: every request costs)."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [
        o
        for o in operations
        if operation_name is None or (o.name is not None and o.name.value == operation_name)
    ][:1]
    costing = _Costing(schema, fragments, variables or {}, rules)
    total = 0
    for operation in chosen:
        root = schema.get_root_type(operation.operation)
        if root is not None:
            total += costing.of_selections(operation.selection_set, root)
    return max(total, 1)


def actual_cost(data: object) -> int:
    """The objects a result holds (at least 1)."""
    count = 0
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            count += 1
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    # The result's own root object is not one the request asked for.
    return max(count - 1, 1)
