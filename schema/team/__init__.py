"""The team domain of the GraphQL schema."""
