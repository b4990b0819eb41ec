"""GraphQL documents that the tests of more than one domain send."""

from __future__ import annotations

from tests.helpers import ERRORS

LOG = (
    """mutation($input: TouchpointInput!) { logTouchpoint(input: $input) {
  touchpoint { touchpointId date kind initiatedByClient personIds teamMemberIds } %s } }"""
    % ERRORS
)


IMPORT = (
    """mutation($input: DatasetInput!) { importDataset(input: $input) {
  accounts people teamMembers relationships touchpoints %s } }"""
    % ERRORS
)
