"""All Cypher of Stakegraph, as named and parameterised constants.

User input only ever reaches Cypher as parameters; no module builds a query by formatting user
input into its text.
"""
