"""Parse and validation caches for the documents clients send again and again.

Parsing and validating took 38 % of the time of a one-account request (py-spy, issue 11):
the same few documents arrive over and over. Strawberry's caches keep them, keyed by the query
text; here only documents up to :data:`MAX_CACHED_QUERY_CHARS` are kept, so that a stream of
large distinct documents cannot fill memory through the cache.
"""

from __future__ import annotations

from collections.abc import Iterator

from strawberry.extensions import ParserCache, ValidationCache

#: Documents longer than this are parsed and validated afresh each time.
MAX_CACHED_QUERY_CHARS = 10_000
#: Distinct documents kept (each query text once, least recently used out).
CACHED_DOCUMENTS = 128


def _cacheable(query: str | None) -> bool:
    return query is not None and len(query) <= MAX_CACHED_QUERY_CHARS


class DocumentParseCache(ParserCache):
    def __init__(self) -> None:
        super().__init__(maxsize=CACHED_DOCUMENTS)

    def on_parse(self) -> Iterator[None]:
        if _cacheable(self.execution_context.query):
            yield from super().on_parse()
        else:
            yield  # Strawberry parses it


class DocumentValidationCache(ValidationCache):
    def __init__(self) -> None:
        super().__init__(maxsize=CACHED_DOCUMENTS)

    def on_validate(self) -> Iterator[None]:
        if _cacheable(self.execution_context.query):
            yield from super().on_validate()
        else:
            yield  # Strawberry validates it
