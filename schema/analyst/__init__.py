"""The analyst domain of the GraphQL schema."""
