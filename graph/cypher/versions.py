"""Graph versions: one :GraphVersion node per account, and 16 stripes of the portfolio's.

A version is a random UUID set by every write that touches the account (and one stripe of
the portfolio's by every write, graph/versions.py), in the write's own transaction; the
response cache compares them for equality only, so concurrent writes need no counter (no lost
increments) and a value never comes back (no ABA).
"""

from __future__ import annotations

#: The current versions of some keys, in one indexed lookup (absent keys: no row).
READ_VERSIONS = """
UNWIND $keys AS key
MATCH (v:GraphVersion {key: key})
RETURN v.key AS key, v.version AS version
"""

#: A new version for each key, in the given order (the callers sort the accounts and put the
#: portfolio last, so two writes take these locks in one order and cannot deadlock on them).
BUMP_VERSIONS = """
UNWIND $keys AS key
MERGE (v:GraphVersion {key: key})
SET v.version = randomUUID()
"""
