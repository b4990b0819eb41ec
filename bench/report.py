"""docs/benchmarks.md holds three sections, each written by its own script, which rewrites its
section and keeps the others': bench/run.py's (the in-process ratios) at the top, then
bench/import_bench.py's from :data:`IMPORT_MARKER`, then bench/peer.py's (Stakegraph against
@neo4j/graphql) from :data:`PEER_MARKER` to the end."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "benchmarks.md"

#: The lines that open the import's and the peer's sections (the main one opens the file).
IMPORT_MARKER = (
    "<!-- bench/import_bench.py writes from here to the next marker (make bench-import) -->"
)
PEER_MARKER = "<!-- bench/peer.py writes from here to the end (make bench-peer) -->"
MARKERS = ("", IMPORT_MARKER, PEER_MARKER)


def _sections() -> list[str]:
    """The file's three sections' texts (markers left out; empty where missing)."""
    text = REPORT.read_text() if REPORT.exists() else ""
    sections = []
    for i, marker in enumerate(MARKERS):
        start = 0 if not marker else text.find(marker)
        if marker and start < 0:
            sections.append("")
            continue
        start += len(marker)
        ends = [text.find(m) for m in MARKERS[i + 1 :] if text.find(m) > start]
        sections.append(text[start : min(ends) if ends else len(text)].strip("\n"))
    return sections


def _write(index: int, text: str) -> None:
    sections = _sections()
    sections[index] = text.strip("\n")
    parts = []
    for marker, section in zip(MARKERS, sections, strict=True):
        if not section:
            continue
        parts.append((marker + "\n\n" if marker else "") + section + "\n")
    REPORT.write_text("\n".join(parts))


def write_main(text: str) -> None:
    """Write bench/run.py's section, keeping the others."""
    _write(0, text)


def write_import(text: str) -> None:
    """Write bench/import_bench.py's section, keeping the others."""
    _write(1, text)


def write_peer(text: str) -> None:
    """Write bench/peer.py's section, keeping the others."""
    _write(2, text)
