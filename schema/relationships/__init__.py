"""The relationships domain of the GraphQL schema."""
