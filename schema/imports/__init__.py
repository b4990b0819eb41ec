"""The imports domain of the GraphQL schema."""
