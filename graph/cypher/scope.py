"""The accounts an account-scoped caller may see."""

from __future__ import annotations

#: The given accounts, and those where the team member holds a seat.
VISIBLE_ACCOUNTS = """
CALL () {
    MATCH (a:Account) WHERE a.id IN $account_ids RETURN a.id AS id
    UNION
    MATCH (:TeamMember {id: $seat_holder})-[:ON_TEAM]->(a:Account)
    RETURN a.id AS id
}
RETURN collect(DISTINCT id) AS ids
"""
