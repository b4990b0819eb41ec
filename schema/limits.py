"""Request limits that cost time linear in the document, whatever its fragments.

Strawberry's ``QueryDepthLimiter`` and ``MaxAliasesLimiter`` expand every fragment spread where
it stands, so a document whose fragments each spread the previous one twice (a "fragment bomb",
no cycle) takes 2^n steps on the event loop: 820 bytes froze the process for 16 s. Here each
fragment is measured once and the measure reused wherever it is spread, so a check is linear in
the size of the document while counting what the expanded document would hold.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
)
from graphql.language import SKIP


def depth_limit(max_depth: int) -> type[ValidationRule]:
    """A validation rule refusing operations nested deeper than ``max_depth`` fields.

    Depth is counted as Strawberry's limiter counts it: a field with a selection set is one
    level, a leaf none, introspection fields (``__schema``, ``__typename``) none, so documents
    it accepted are accepted here and the message is the same."""

    class DepthLimit(ValidationRule):
        def enter_document(self, node: DocumentNode, *_args: Any) -> Any:
            fragments = {
                d.name.value: d for d in node.definitions if isinstance(d, FragmentDefinitionNode)
            }
            known: dict[str, int] = {}

            def depth(selection_set: SelectionSetNode | None, visiting: frozenset[str]) -> int:
                deepest = 0
                for selection in selection_set.selections if selection_set else ():
                    if isinstance(selection, FieldNode):
                        if selection.name.value.startswith("__") or not selection.selection_set:
                            continue
                        below = 1 + depth(selection.selection_set, visiting)
                    elif isinstance(selection, InlineFragmentNode):
                        below = depth(selection.selection_set, visiting)
                    elif isinstance(selection, FragmentSpreadNode):
                        name = selection.name.value
                        # A cycle or an unknown fragment: other rules report those.
                        if name in visiting or name not in fragments:
                            continue
                        if name not in known:
                            known[name] = depth(fragments[name].selection_set, visiting | {name})
                        below = known[name]
                    else:  # pragma: no cover - the three kinds of selection
                        continue
                    deepest = max(deepest, below)
                return deepest

            for definition in node.definitions:
                if not isinstance(definition, OperationDefinitionNode):
                    continue
                try:
                    too_deep = depth(definition.selection_set, frozenset()) > max_depth
                except RecursionError:
                    too_deep = True
                if too_deep:
                    name = definition.name.value if definition.name else "anonymous"
                    self.report_error(
                        GraphQLError(
                            f"'{name}' exceeds maximum operation depth of {max_depth}",
                            [definition],
                        )
                    )
            return SKIP

    return DepthLimit


def alias_limit(max_aliases: int) -> type[ValidationRule]:
    """A validation rule refusing documents with more than ``max_aliases`` aliased fields,
    counted as Strawberry's limiter counts them: in the operations, each fragment as often as
    it is spread."""

    class AliasLimit(ValidationRule):
        def enter_document(self, node: DocumentNode, *_args: Any) -> Any:
            fragments = {
                d.name.value: d for d in node.definitions if isinstance(d, FragmentDefinitionNode)
            }
            known: dict[str, int] = {}

            def aliases(selection_set: SelectionSetNode | None, visiting: frozenset[str]) -> int:
                total = 0
                for selection in selection_set.selections if selection_set else ():
                    if isinstance(selection, FieldNode):
                        total += (selection.alias is not None) + aliases(
                            selection.selection_set, visiting
                        )
                    elif isinstance(selection, InlineFragmentNode):
                        total += aliases(selection.selection_set, visiting)
                    elif isinstance(selection, FragmentSpreadNode):
                        name = selection.name.value
                        if name in visiting or name not in fragments:
                            continue
                        if name not in known:
                            known[name] = aliases(fragments[name].selection_set, visiting | {name})
                        total += known[name]
                return total

            try:
                found = sum(
                    aliases(d.selection_set, frozenset())
                    for d in node.definitions
                    if isinstance(d, OperationDefinitionNode)
                )
            except RecursionError:
                found = max_aliases + 1
            if found > max_aliases:
                self.report_error(GraphQLError(f"{found} aliases found. Allowed: {max_aliases}"))
            return SKIP

    return AliasLimit
