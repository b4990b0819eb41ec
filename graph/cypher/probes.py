"""The statements of the restart checks (graph/bare.py): each as small as its phase allows."""

from __future__ import annotations

RETURN_1 = "RETURN 1 AS ok"

DATABASES = "SHOW DATABASES YIELD name, currentStatus"

#: A one-node write: what a write costs a restarted server without any of the API's statements.
MARK = "MERGE (m:RecoveryMark {id: $id}) SET m.at = timestamp()"
