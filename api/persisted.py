"""Persisted operations: automatic persisted queries (APQ) and an allow-list of documents.

APQ, as Apollo's clients speak it: a request sends ``extensions.persistedQuery.sha256Hash``
alone; an unknown hash answers PERSISTED_QUERY_NOT_FOUND, and the client sends hash and query
once, which registers it (the hash must be the query's SHA-256). Registered documents come
from ``PERSISTED_OPERATIONS_FILE`` too (``{"<id>": "<document>"}``, the file relay-compiler's
``persistConfig`` and Apollo's manifest tools write), by id: ``documentId`` (the GraphQL over
HTTP draft), ``doc_id`` (Relay) or the APQ hash. With ``PERSISTED_OPERATIONS_ONLY`` only those
documents run: a production frontend's requests, nothing else.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.errors import ErrorCode

#: Documents APQ remembers (least recently used out), and the longest it registers.
APQ_DOCUMENTS = 1000
APQ_MAX_CHARS = 100_000
#: Where a request names a registered document besides the APQ extension.
DOCUMENT_ID_KEYS = ("documentId", "doc_id")


@dataclass(frozen=True, slots=True)
class PersistedRefusal:
    code: ErrorCode
    message: str


def sha256_of(document: str) -> str:
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


def load_manifest(path: Path) -> dict[str, str]:
    """A persisted-operations file: ``{id: document}``."""
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(manifest, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in manifest.items()
    ):
        raise ValueError(f"{path}: expected a JSON object of id -> GraphQL document")
    return manifest


class PersistedOperations:
    def __init__(self, registered: dict[str, str], *, only: bool, automatic: bool) -> None:
        self._registered = registered
        self._only = only
        self._automatic = automatic and not only
        self._apq: OrderedDict[str, str] = OrderedDict()

    @staticmethod
    def requested_id(extensions: dict[str, Any] | None) -> str | None:
        persisted = (extensions or {}).get("persistedQuery")
        if isinstance(persisted, dict) and isinstance(persisted.get("sha256Hash"), str):
            return str(persisted["sha256Hash"])
        return None

    def document(self, query: str | None, document_id: str | None) -> str | PersistedRefusal | None:
        """The document to run (None: the request has none), or why none runs."""
        if document_id is None:
            if self._only:
                return PersistedRefusal(
                    ErrorCode.PERSISTED_QUERY_REQUIRED,
                    "this server runs registered operations only: send a documentId",
                )
            return query
        known = self._registered.get(document_id) or self._apq.get(document_id)
        if known is not None:
            if document_id in self._apq:
                self._apq.move_to_end(document_id)
            return known
        if query is None or not self._automatic:
            # Apollo's clients look for this message (and code) to send the query again.
            return PersistedRefusal(ErrorCode.PERSISTED_QUERY_NOT_FOUND, "PersistedQueryNotFound")
        if sha256_of(query) != document_id:
            return PersistedRefusal(
                ErrorCode.INVALID, "the persisted query's sha256Hash is not the query's SHA-256"
            )
        if len(query) <= APQ_MAX_CHARS:
            self._apq[document_id] = query
            if len(self._apq) > APQ_DOCUMENTS:
                self._apq.popitem(last=False)
        return query
