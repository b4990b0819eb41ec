"""The parse and validation caches keep small documents and pass large ones by."""

from __future__ import annotations

import functools
from typing import Any, cast

from api.settings import Settings
from schema import build_schema
from schema.caches import MAX_CACHED_QUERY_CHARS, DocumentParseCache, DocumentValidationCache


async def test_small_documents_are_cached_and_large_ones_are_not() -> None:
    schema = build_schema(Settings().schema_config())
    # Strawberry's caches are functools.lru_cache wrappers (one per maxsize, module-wide).
    parsed = cast("functools._lru_cache_wrapper[Any]", DocumentParseCache().cached_parse_document)
    validated = cast(
        "functools._lru_cache_wrapper[Any]", DocumentValidationCache().cached_validate_document
    )
    parsed.cache_clear()
    validated.cache_clear()

    for _ in range(3):
        result = await schema.execute("{ __typename }")
        assert result.errors is None
    assert (parsed.cache_info().hits, parsed.cache_info().currsize) == (2, 1)
    assert (validated.cache_info().hits, validated.cache_info().currsize) == (2, 1)

    large = "# " + "x" * MAX_CACHED_QUERY_CHARS + "\n{ __typename }"
    for _ in range(2):
        result = await schema.execute(large)
        assert result.errors is None
    assert parsed.cache_info().currsize == 1
    assert validated.cache_info().currsize == 1
    # A refused document is cached as refused: the limits still hold on a cache hit.
    deep = "{ accounts { edges { node { people { edges { node { name } } } } } } }"
    strict = build_schema(Settings(max_query_depth=3).schema_config())
    for _ in range(2):
        refused = await strict.execute(deep)
        assert refused.errors and "maximum operation depth of 3" in refused.errors[0].message
