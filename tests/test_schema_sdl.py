"""schema.graphql is the committed contract; the code's schema must not drift from it."""

from __future__ import annotations

from scripts.export_schema import SDL_PATH, current_sdl


def test_committed_sdl_matches_the_code() -> None:
    committed = SDL_PATH.read_text()
    assert committed == current_sdl(), "schema drifted: run `make schema` and commit schema.graphql"
