"""The restart phases script (scripts/recovery.py): which of Neo4j's log lines it reads as
the restart's, and at what time after the kill; and how it takes medians."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from scripts import neo4jctl, recovery

KILLED = datetime(2026, 12, 1, 22, 0, 0, tzinfo=UTC).timestamp()

DEBUG_LOG = """\
2026-12-01 21:59:59.000+0000 INFO  [o.n.k.i.t.l.c.CheckPointerImpl] [neo4j/1] Checkpoint triggered by "Scheduled" checkpoint started...
2026-12-01 22:00:05.250+0000 INFO  [o.n.k.d.Database] [neo4j/1] Recovery required from position LogPosition{logVersion=0, byteOffset=3238}
2026-12-01 22:00:05.300+0000 INFO  [o.n.k.i.s.f.RecordFormatSelector] [neo4j/1] Selected RecordFormat
                                                                [neo4j/1]  - continuation lines have no time
2026-12-01 22:00:06.000+0000 INFO  [o.n.k.i.a.i.IndexPopulationJob] [neo4j/1] Index population started: [Index( id=3 )]
2026-12-01 23:00:07.500+0100 INFO  [o.n.k.i.t.l.c.CheckPointerImpl] [neo4j/1] Checkpoint triggered by "Recovery completed." checkpoint started...
"""
NEO4J_LOG = "2026-12-01 22:00:09.000+0000 INFO  Bolt enabled on localhost:7687.\n"


def test_the_restart_lines_come_with_their_seconds_after_the_kill(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(neo4jctl, "CACHE", tmp_path)
    logs = neo4jctl.instance("phases").log_dir
    logs.mkdir(parents=True)
    (logs / "debug.log").write_text(DEBUG_LOG)
    (logs / "neo4j.log").write_text(NEO4J_LOG)
    found = recovery._log_lines("phases", KILLED)
    # Before the kill, lines that say nothing of the restart, and continuations are left out;
    # a time in another zone is read as the same instant.
    assert [
        (round(at, 2), line.split("] ")[-1].split("INFO  ")[-1][:30]) for at, line in found
    ] == [
        (5.25, "Recovery required from positio"),
        (6.0, "Index population started: [Ind"),
        (7.5, 'Checkpoint triggered by "Recov'),
        (9.0, "Bolt enabled on localhost:7687"),
    ]
    assert found[-1][1].startswith("[neo4j.log]")


def test_medians_say_how_many_kills_had_no_time() -> None:
    assert recovery._median([3.0, None, 1.0, 2.0]) == "2.0 s (1 not within 120 s)"
    assert recovery._median([None]) == "-"
    assert recovery._after(5.0, 2.0) == 3.0
    assert recovery._after(None, 2.0) is None
