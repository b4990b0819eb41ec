"""Write the schema's SDL to schema.graphql (``make schema``); a test fails when they differ."""

from __future__ import annotations

from pathlib import Path

from api.settings import Settings
from schema import build_schema

SDL_PATH = Path(__file__).resolve().parent.parent / "schema.graphql"


def current_sdl() -> str:
    return build_schema(Settings().schema_config()).as_str().rstrip() + "\n"


def main() -> None:
    SDL_PATH.write_text(current_sdl())
    print(f"wrote {SDL_PATH}")


if __name__ == "__main__":
    main()
