"""schema.graphql is the committed contract; the code's schema must not drift from it."""

from __future__ import annotations

from graphql import GraphQLInterfaceType, GraphQLObjectType, build_schema

from scripts.export_schema import SDL_PATH, current_sdl


def test_committed_sdl_matches_the_code() -> None:
    committed = SDL_PATH.read_text()
    assert committed == current_sdl(), "schema drifted: run `make schema` and commit schema.graphql"


def test_every_id_field_is_a_relay_global_id() -> None:
    """A Relay store keys every record by its ``id``: an object type whose ``id`` is not the
    global id of a Node (a person's own id on an org-chart node, say) merges records of two
    types and fails to normalise. Such a type has no ``id`` field; it names its ids otherwise."""
    schema = build_schema(SDL_PATH.read_text())
    offenders = [
        name
        for name, kind in schema.type_map.items()
        if isinstance(kind, GraphQLObjectType)
        and "id" in kind.fields
        and not any(i.name == "Node" for i in kind.interfaces)
    ]
    assert offenders == []
    node = schema.type_map["Node"]
    assert isinstance(node, GraphQLInterfaceType)
    assert str(node.fields["id"].type) == "ID!"
