"""docs/benchmarks.md holds two sections: bench/run.py's (the in-process ratios) at the top, and
bench/peer.py's (Stakegraph against @neo4j/graphql) from :data:`PEER_MARKER` on. Each script
rewrites its own section and keeps the other's."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "benchmarks.md"

#: The line that opens bench/peer.py's section; everything from it to the end is that section.
PEER_MARKER = "<!-- bench/peer.py writes from here to the end (make bench-peer) -->"


def _existing() -> str:
    return REPORT.read_text() if REPORT.exists() else ""


def write_main(text: str) -> None:
    """Write bench/run.py's section, keeping the peer section after it."""
    old = _existing()
    at = old.find(PEER_MARKER)
    tail = old[at:] if at >= 0 else ""
    REPORT.write_text(text.rstrip("\n") + "\n" + ("\n" + tail if tail else ""))


def write_peer(text: str) -> None:
    """Write bench/peer.py's section, keeping what comes before it."""
    old = _existing()
    at = old.find(PEER_MARKER)
    head = (old[:at] if at >= 0 else old).rstrip("\n")
    REPORT.write_text(
        (head + "\n\n" if head else "") + PEER_MARKER + "\n\n" + text.rstrip("\n") + "\n"
    )
